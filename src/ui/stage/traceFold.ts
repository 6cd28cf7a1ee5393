// A fold over the event trace ("the groups right after event i"), cheap at any position of a long history, forward
// or back: snapshots every EVERY events, kept when the store hands over a new trace that begins the same. The store
// appends (a new array holding the same event objects, then new ones) or branches (the same objects up to the branch
// point): the snapshots of the shared beginning stay good, and a step back starts from the snapshot below it rather
// than from event 0.
import type { SimEvent } from '../../scenario/types';
import { sharedPrefix } from '../sharedTrace';

const EVERY = 256;

export interface TraceFold<T> {
  /** The folded value right after event `i` (-1: before the first), a copy the caller may change. */
  (events: SimEvent[], i: number): T;
}

/**
 * `apply` folds one event into the value in place; `copy` copies a value deeply enough that applying events to the
 * copy leaves the original as it was.
 */
export function traceFold<T>(empty: () => T, apply: (acc: T, e: SimEvent) => unknown, copy: (t: T) => T): TraceFold<T> {
  let seen: SimEvent[] | null = null;
  // marks[m]: the value after events [0, m * EVERY)
  const marks: T[] = [empty()];
  return (events, i) => {
    if (events !== seen) {
      const keep = seen ? sharedPrefix(seen, events) : 0;
      marks.length = Math.min(marks.length, Math.floor(keep / EVERY) + 1);
      seen = events;
    }
    const want = Math.floor(Math.max(0, Math.min(i + 1, events.length)) / EVERY);
    while (marks.length <= want) {
      const k0 = (marks.length - 1) * EVERY;
      const m = copy(marks[marks.length - 1]);
      for (let k = k0; k < k0 + EVERY; k++) apply(m, events[k]);
      marks.push(m);
    }
    const out = copy(marks[want]);
    for (let k = want * EVERY; k <= i && k < events.length; k++) apply(out, events[k]);
    return out;
  };
}
