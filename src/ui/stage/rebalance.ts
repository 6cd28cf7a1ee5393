// A consumer-group rebalance as beats (design/stage.md, "Rebalance"), classic protocol as GroupCoordinator and
// ConsumerCoordinator run it: the group leaves Stable for PreparingRebalance, members revoke (eager: all they
// own; cooperative: nothing yet) and send JoinGroup, the coordinator moves to CompletingRebalance with
// generation n+1, the leader member computes the assignment, SyncGroup hands it out, owners change.
import type { SimEvent } from '../../scenario/types';
import type { BeatBody } from './types';
import { applyOwnership } from './trace';

export interface RebalanceCtx {
  /** what every consumer owns as of the event being read */
  owned: Map<string, string[]>;
}

export function rebalanceBeats(e: SimEvent, ctx: RebalanceCtx): BeatBody[] {
  const group = String(e.group ?? '');
  switch (e.type) {
    case 'ConsumerStarted':
      return [{ kind: 'memberIn', group, member: String(e.consumer) }];
    case 'ConsumerClosed': case 'ConsumerCrashed': {
      applyOwnership(ctx.owned, e);
      return [{ kind: 'memberOut', group, member: String(e.consumer) }];
    }
    case 'GroupStateChanged':
      return [{ kind: 'groupState', group, from: String(e.from), to: String(e.to), generationFrom: generationBefore(e), generation: Number(e.generation) }];
    case 'PartitionsRevoked': case 'PartitionsAssigned': {
      const member = String(e.member);
      const before = ctx.owned.get(member) ?? [];
      applyOwnership(ctx.owned, e);
      const after = ctx.owned.get(member) ?? [];
      if (before.join() === after.join()) return [];
      const partitions = ((e.partitions as string[] | undefined) ?? []).slice();
      return [e.type === 'PartitionsRevoked'
        ? { kind: 'revoke', group, member, partitions, before, after }
        : { kind: 'owners', group, member, partitions: after.filter((tp) => !before.includes(tp)), before, after }];
    }
    case 'AssignmentComputed':
      return [{ kind: 'assign', group, leader: String(e.member), generation: Number(e.generation), protocol: String(e.protocol), assignment: (e.assignment as Record<string, string[]> | undefined) ?? {} }];
    default:
      return [];
  }
}

/** The generation a state change leaves: it moves to n+1 when the group enters CompletingRebalance. */
function generationBefore(e: SimEvent): number {
  return e.to === 'CompletingRebalance' ? Math.max(0, Number(e.generation) - 1) : Number(e.generation);
}
