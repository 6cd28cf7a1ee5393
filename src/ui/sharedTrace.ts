// What a new trace shares with the last one. The worker sends a trace from where it changed (WorkerState.eventsFrom)
// and the store keeps the beginning's event objects, so what the page derives from the trace (indexes, folds) goes
// on from that beginning instead of reading the whole history again.
import type { SimEvent } from '../scenario/types';

/** The length of the beginning two traces share (the same event objects): the store only appends and branches. */
export function sharedPrefix(a: readonly SimEvent[], b: readonly SimEvent[]): number {
  let lo = 0,
    hi = Math.min(a.length, b.length); // the first index where they differ is in [lo, hi]
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] === b[m]) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The positions before `upTo` of an index by key (ascending lists; copies: lists handed out before stay as they were). */
export function positionsBefore(byKey: ReadonlyMap<string, readonly number[]>, upTo: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [k, l] of byKey) {
    let n = l.length;
    while (n > 0 && l[n - 1] >= upTo) n--;
    if (n > 0) out.set(k, l.slice(0, n));
  }
  return out;
}
