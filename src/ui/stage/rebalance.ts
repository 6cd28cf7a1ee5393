// A consumer-group rebalance as beats (design/stage.md, "Rebalance"), classic protocol as GroupCoordinator and
// ConsumerCoordinator run it: the group leaves Stable for PreparingRebalance, members revoke (eager: all they
// own; cooperative: nothing yet) and send JoinGroup, the coordinator moves to CompletingRebalance with
// generation n+1, the leader member computes the assignment, SyncGroup hands it out, owners change.
import { eventsBy, indexAtOrBefore, lastAtOrBefore } from '../eventIndex';
import type { SimEvent } from '../../scenario/types';
import type { BeatBody } from './types';
import { applyOwnership } from './trace';
import { applyModern, modernState, type ModernGroup } from './consumerGroup';
import { byCodePoint } from '../order';

export interface RebalanceCtx {
  /** what every consumer owns as of the event being read */
  owned: Map<string, string[]>;
  /** the consumer-protocol groups (KIP-848) as of the event being read */
  modern: Map<string, ModernGroup>;
}

/**
 * A consumer-protocol group's coordinator events (KIP-848): no JoinGroup/SyncGroup and no leader member. The group
 * epoch moves on a membership change, the coordinator computes the target itself, and each member reconciles on its
 * own heartbeats (revoke first at its old epoch, then the new epoch), while the state chip reads ConsumerGroup's
 * states (Assigning, Reconciling, Stable).
 */
function modernBeats(e: SimEvent, ctx: RebalanceCtx): BeatBody[] {
  const group = String(e.group ?? '');
  const before = ctx.modern.get(group);
  const stateFrom = before ? modernState(before) : 'Empty',
    epochFrom = before?.groupEpoch ?? 0;
  const member = String(e.member);
  const m0 = before?.members.get(member);
  if (!applyModern(ctx.modern, e)) return [];
  const g = ctx.modern.get(group)!;
  const out: BeatBody[] = [];
  if (e.type === 'TargetAssignmentComputed')
    out.push({ kind: 'target', group, epoch: g.assignmentEpoch, assignor: String(e.assignor), assignment: { ...g.target } });
  if (e.type === 'MemberReconciled') {
    const m = g.members.get(member)!;
    out.push({
      kind: 'reconcile',
      group,
      member,
      epochFrom: m0?.epoch ?? 0,
      epochTo: m.epoch,
      stateFrom: m0?.state ?? 'STABLE',
      state: m.state,
      assignment: m.assignment,
      revoking: m.revoking,
      target: g.target[member] ?? [],
    });
  }
  const to = modernState(g);
  if (to !== stateFrom || g.groupEpoch !== epochFrom)
    out.push({ kind: 'groupState', group, from: stateFrom, to, generationFrom: epochFrom, generation: g.groupEpoch, consumer: true });
  return out;
}

export function rebalanceBeats(e: SimEvent, ctx: RebalanceCtx): BeatBody[] {
  const group = String(e.group ?? '');
  const modern = modernBeats(e, ctx);
  if (modern.length) return modern;
  switch (e.type) {
    case 'ConsumerStarted':
      return [{ kind: 'memberIn', group, member: String(e.consumer) }];
    case 'ConsumerClosed':
    case 'ConsumerCrashed': {
      applyOwnership(ctx.owned, e);
      return [{ kind: 'memberOut', group, member: String(e.consumer) }];
    }
    case 'GroupStateChanged':
      return [{ kind: 'groupState', group, from: String(e.from), to: String(e.to), generationFrom: generationBefore(e), generation: Number(e.generation) }];
    case 'PartitionsRevoked':
    case 'PartitionsAssigned': {
      const member = String(e.member);
      const before = ctx.owned.get(member) ?? [];
      applyOwnership(ctx.owned, e);
      const after = ctx.owned.get(member) ?? [];
      if (before.join() === after.join()) return [];
      const partitions = ((e.partitions as string[] | undefined) ?? []).slice();
      return [
        e.type === 'PartitionsRevoked'
          ? { kind: 'revoke', group, member, partitions, before, after }
          : { kind: 'owners', group, member, partitions: after.filter((tp) => !before.includes(tp)), before, after },
      ];
    }
    case 'AssignmentComputed':
      return [
        {
          kind: 'assign',
          group,
          leader: String(e.member),
          generation: Number(e.generation),
          protocol: String(e.protocol),
          assignment: (e.assignment as Record<string, string[]> | undefined) ?? {},
        },
      ];
    default:
      return [];
  }
}

/** The generation a state change leaves: it moves to n+1 when the group enters CompletingRebalance. */
function generationBefore(e: SimEvent): number {
  return e.to === 'CompletingRebalance' ? Math.max(0, Number(e.generation) - 1) : Number(e.generation);
}

/** The events that start a group's rebalance, by group. */
function rebalanceStartKey(e: SimEvent): string | null {
  if (typeof e.group !== 'string') return null;
  // KIP-848: a change of membership bumps the group epoch; each member then reconciles on its own
  if (e.type === 'GroupEpochBumped') return e.group;
  // a cooperative rebalance runs two rounds: the second starts when a member gave partitions up
  if (e.type === 'GroupRebalanceStarted' && e.reason !== 'leaderRejoined' && e.reason !== 'revokedPartitions') return e.group;
  return null;
}

/** The events readerGaps reads, by group: revocations, assignments and the starts of rebalances. */
function groupMoveKey(e: SimEvent): string | null {
  if (typeof e.group !== 'string') return null;
  return e.type === 'PartitionsRevoked' || e.type === 'PartitionsAssigned' || e.type === 'GroupEpochBumped' || e.type === 'GroupRebalanceStarted'
    ? e.group
    : null;
}

/**
 * How long each partition had no reader in the group's last rebalance (up to event `idx`): from the member's
 * revocation to the next assignment of that partition. Eager revokes everything; cooperative only what moves;
 * the consumer protocol (KIP-848) only what moves too, with no barrier: each partition waits for its new owner's
 * next heartbeat.
 */
export function readerGaps(events: SimEvent[], idx: number, group: string): { tp: string; ms: number; open: boolean }[] {
  const last = Math.min(idx, events.length - 1);
  const startAt = lastAtOrBefore(eventsBy(events, rebalanceStartKey).get(group), last);
  if (startAt < 0) return [];
  const moves = eventsBy(events, groupMoveKey).get(group) ?? [];
  let j = indexAtOrBefore(moves, startAt);
  // a leaving member gives its partitions up before it tells the coordinator: those count from the revocation
  while (j > 0 && events[moves[j - 1]].type === 'PartitionsRevoked') j--;
  const revokedAt = new Map<string, number>();
  const out = new Map<string, number>();
  for (; j < moves.length && moves[j] <= last; j++) {
    const e = events[moves[j]];
    if (e.type === 'PartitionsRevoked') for (const tp of (e.partitions as string[]) ?? []) revokedAt.set(tp, e.time);
    else if (e.type === 'PartitionsAssigned') {
      for (const tp of (e.assignment as string[]) ?? []) {
        const at = revokedAt.get(tp);
        if (at !== undefined) {
          out.set(tp, e.time - at);
          revokedAt.delete(tp);
        }
      }
    }
  }
  // still without a reader at idx: counted until now
  const now = events[Math.min(idx, events.length - 1)]?.time ?? 0;
  const gaps = [...out].map(([tp, ms]) => ({ tp, ms, open: false }));
  for (const [tp, at] of revokedAt) gaps.push({ tp, ms: now - at, open: true });
  return gaps.sort((a, b) => byCodePoint(a.tp, b.tp));
}
