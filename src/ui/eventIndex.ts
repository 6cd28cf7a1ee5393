// Positions of the events of a kind in a trace, by a key (a replica, a group), built once per trace and extended as it
// grows (a trace only grows at its end; a new one is a new array): a view then reads the few events it needs at a
// move instead of scanning the whole history (a seek in a 100k-event history, issue 13).
import type { SimEvent } from '../scenario/types';

type KeyOf = (e: SimEvent) => string | null;

const indexes = new WeakMap<SimEvent[], Map<KeyOf, { byKey: Map<string, number[]>; upTo: number }>>();

/** The positions (ascending) of the events `keyOf` names a key for, by key. `keyOf` must be one stable function. */
export function eventsBy(events: SimEvent[], keyOf: KeyOf): Map<string, number[]> {
  let perTrace = indexes.get(events);
  if (!perTrace) indexes.set(events, (perTrace = new Map()));
  let index = perTrace.get(keyOf);
  if (!index) perTrace.set(keyOf, (index = { byKey: new Map(), upTo: 0 }));
  for (let i = index.upTo; i < events.length; i++) {
    const key = keyOf(events[i]);
    if (key === null) continue;
    const list = index.byKey.get(key);
    if (list) list.push(i);
    else index.byKey.set(key, [i]);
  }
  index.upTo = events.length;
  return index.byKey;
}

/** The index in `positions` (ascending) of the last one at or before `idx`, or -1. */
export function indexAtOrBefore(positions: readonly number[], idx: number): number {
  let lo = 0,
    hi = positions.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] <= idx) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The last of the ascending positions at or before `idx`, or -1. */
export function lastAtOrBefore(positions: readonly number[] | undefined, idx: number): number {
  const i = positions ? indexAtOrBefore(positions, idx) : -1;
  return i < 0 ? -1 : positions![i];
}
