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

/**
 * How long each partition had no reader in the group's last rebalance (up to event `idx`): from the member's
 * revocation to the next assignment of that partition. Eager revokes everything; cooperative only what moves.
 */
export function readerGaps(events: SimEvent[], idx: number, group: string): { tp: string; ms: number; open: boolean }[] {
  let start = -1;
  for (let k = Math.min(idx, events.length - 1); k >= 0; k--) {
    const e = events[k];
    if (e.group === group && e.type === 'GroupRebalanceStarted') {
      // a cooperative rebalance runs two rounds: the second starts when a member gave partitions up
      if (e.reason === 'leaderRejoined' || e.reason === 'revokedPartitions') continue;
      start = k;
      break;
    }
  }
  if (start < 0) return [];
  const revokedAt = new Map<string, number>();
  const out = new Map<string, number>();
  for (let k = start; k <= idx && k < events.length; k++) {
    const e = events[k];
    if (e.group !== group) continue;
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
  return gaps.sort((a, b) => a.tp.localeCompare(b.tp));
}
