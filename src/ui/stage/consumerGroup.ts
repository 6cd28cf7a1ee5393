// A consumer-protocol group (KIP-848) read from the trace: the group epoch, the target assignment and its epoch,
// and each member's epoch, reconciliation state, assignment and partitions pending revocation, as the coordinator's
// events (GroupEpochBumped, TargetAssignmentComputed, MemberReconciled, MemberJoined, MemberLeft) left them.
// The group state follows Kafka's ConsumerGroup.maybeUpdateGroupState (as the engine's ConsumerGroup.state).
import type { SimEvent } from '../../scenario/types';
import { traceFold } from './traceFold';

export interface ModernMember {
  epoch: number;
  /** CurrentAssignmentBuilder's state: STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS */
  state: string;
  assignment: string[];
  revoking: string[];
}
export interface ModernGroup {
  groupEpoch: number;
  assignmentEpoch: number;
  target: Record<string, string[]>;
  members: Map<string, ModernMember>;
}

const MODERN = new Set(['GroupEpochBumped', 'TargetAssignmentComputed', 'MemberReconciled', 'MemberJoined', 'MemberLeft']);

export const emptyModern = (): ModernGroup => ({ groupEpoch: 0, assignmentEpoch: 0, target: {}, members: new Map() });

export function cloneModern(g: ModernGroup): ModernGroup {
  return { ...g, target: { ...g.target }, members: new Map(g.members) };
}

/** One event's effect on the group it names (events of other types, or of classic groups, change nothing). */
export function applyModern(groups: Map<string, ModernGroup>, e: SimEvent): boolean {
  if (!MODERN.has(e.type)) return false;
  const id = String(e.group);
  // MemberJoined/MemberLeft also come from classic groups: only a group that bumped an epoch is a modern one
  if (!groups.has(id) && e.type !== 'GroupEpochBumped') return false;
  const g = groups.get(id) ?? emptyModern();
  groups.set(id, g);
  const member = String(e.member);
  switch (e.type) {
    case 'GroupEpochBumped':
      g.groupEpoch = Number(e.groupEpoch);
      break;
    case 'TargetAssignmentComputed':
      g.assignmentEpoch = Number(e.assignmentEpoch);
      g.target = { ...((e.assignment as Record<string, string[]>) ?? {}) };
      break;
    case 'MemberJoined':
      // the joining heartbeat reconciles the member at once (MemberReconciled follows): it counts from then
      break;
    case 'MemberReconciled':
      g.members.set(member, {
        epoch: Number(e.memberEpoch),
        state: String(e.state),
        assignment: ((e.assignment as string[]) ?? []).slice(),
        revoking: ((e.revoking as string[]) ?? []).slice(),
      });
      break;
    case 'MemberLeft':
      g.members.delete(member);
      delete g.target[member];
      break;
  }
  return true;
}

/** Empty, Assigning (the target lags the group epoch), Reconciling (a member is not yet at the target), Stable. */
export function modernState(g: ModernGroup): string {
  if (g.members.size === 0) return 'Empty';
  if (g.groupEpoch > g.assignmentEpoch) return 'Assigning';
  for (const m of g.members.values()) if (m.epoch !== g.assignmentEpoch || m.state !== 'STABLE') return 'Reconciling';
  return 'Stable';
}

/** Every consumer-protocol group right after event `i` (traceFold.ts: snapshots, cheap forward and back). */
export const modernGroupsAt = traceFold<Map<string, ModernGroup>>(
  () => new Map(),
  applyModern,
  (groups) => new Map([...groups].map(([k, g]) => [k, cloneModern(g)])),
);
