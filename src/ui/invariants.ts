// Flags for the event log. The engine's own monitor emits InvariantViolated (committed records lost,
// two leaders in one epoch); on top of it the UI flags what producers were promised and lost with
// acks=1 (acknowledged records missing from a new leader) and unclean elections.
import type { SimEvent } from '../scenario/types';
import { sharedPrefix } from './sharedTrace';

export type FlagCode = 'committedLost' | 'ackedLost' | 'epochShared' | 'unclean' | 'violated';
export interface Flag {
  code: FlagCode;
  params: Record<string, unknown>;
}

const memo = new WeakMap<SimEvent[], Map<number, Flag[]>>();

interface Fold {
  out: Map<number, Flag[]>;
  /** highest HW seen: offsets below it were committed */
  committed: Map<string, number>;
  /** end of the highest acknowledged offset range */
  acked: Map<string, number>;
}
/** The fold at the end of the last trace folded: a new trace that begins with all of it (a command's answer at the
 *  end: the store keeps the beginning's event objects) goes on from there instead of folding the history again. */
let last: { events: SimEvent[]; fold: Fold } | null = null;

const tpOf = (e: SimEvent) => `${String(e.topic)}-${String(e.partition)}`;

export function invariantFlags(events: SimEvent[]): Map<number, Flag[]> {
  const hit = memo.get(events);
  if (hit) return hit;
  const from = last && sharedPrefix(last.events, events) === last.events.length ? last.events.length : 0;
  // copies: the flags handed out before stay as they were (a flag list is only ever added to at its own event)
  const fold: Fold =
    from > 0 && last
      ? { out: new Map(last.fold.out), committed: new Map(last.fold.committed), acked: new Map(last.fold.acked) }
      : { out: new Map(), committed: new Map(), acked: new Map() };
  for (let i = from; i < events.length; i++) step(fold, events[i]);
  last = { events, fold };
  memo.set(events, fold.out);
  return fold.out;
}

function step({ out, committed, acked }: Fold, e: SimEvent): void {
  const add = (e: SimEvent, f: Flag) => {
    const l = out.get(e.seq) ?? [];
    l.push(f);
    out.set(e.seq, l);
  };
  switch (e.type) {
    case 'HighWatermarkAdvanced': {
      const k = tpOf(e),
        hw = Number(e.hw);
      if (hw > (committed.get(k) ?? 0)) committed.set(k, hw);
      break;
    }
    case 'ProduceAcked': {
      const k = tpOf(e),
        end = Number(e.baseOffset) + Number(e.count);
      if (Number(e.baseOffset) >= 0 && end > (acked.get(k) ?? 0)) acked.set(k, end);
      break;
    }
    case 'BecameLeader': {
      const k = tpOf(e);
      if (typeof e.leo !== 'number') break;
      const leo = e.leo;
      const c = committed.get(k) ?? 0,
        a = acked.get(k) ?? 0;
      // committed records lost are the engine's InvariantViolated; acknowledged-only ones are flagged here
      if (leo >= c && leo < a) add(e, { code: 'ackedLost', params: { tp: k, broker: e.broker, from: leo, to: a - 1 } });
      // the new leader's log is the partition's history from now on
      if (leo < c) committed.set(k, leo);
      if (leo < a) acked.set(k, leo);
      break;
    }
    case 'InvariantViolated': {
      const tp = e.topic !== undefined ? tpOf(e) : '?';
      if (e.kind === 'CommittedRecordsLost') add(e, { code: 'committedLost', params: { tp, broker: e.broker, from: e.from, to: Number(e.to) - 1 } });
      else if (e.kind === 'TwoLeadersSameEpoch') {
        const b = Array.isArray(e.brokers) ? e.brokers : [];
        add(e, { code: 'epochShared', params: { tp, epoch: e.leaderEpoch, a: b[0], b: b[1] } });
      } else add(e, { code: 'violated', params: { kind: e.kind } });
      break;
    }
    case 'LeaderElected':
      if (e.reason === 'unclean') add(e, { code: 'unclean', params: { tp: tpOf(e), broker: e.leader } });
      break;
  }
}
