// Positions of the events of a kind in a trace, by a key (a replica, a group), built once per trace and extended as it
// grows (a trace only grows at its end; a new one is a new array): a view then reads the few events it needs at a
// move instead of scanning the whole history (a seek in a 100k-event history, issue 13). A new trace that begins as
// the last one indexed (the store keeps the beginning's event objects: a command's answer) keeps the positions of
// that beginning, so a command at the end of a long history indexes its new events only.
import type { SimEvent } from '../scenario/types';
import { positionsBefore, sharedPrefix } from './sharedTrace';

type KeyOf = (e: SimEvent) => string | null;
interface Index {
  byKey: Map<string, number[]>;
  upTo: number;
}

const indexes = new WeakMap<SimEvent[], Map<KeyOf, Index>>();
/** per key function, the trace it indexed last */
const latest = new Map<KeyOf, { events: SimEvent[]; index: Index }>();

/** The positions (ascending) of the events `keyOf` names a key for, by key. `keyOf` must be one stable function. */
export function eventsBy(events: SimEvent[], keyOf: KeyOf): Map<string, number[]> {
  let perTrace = indexes.get(events);
  if (!perTrace) indexes.set(events, (perTrace = new Map()));
  let index = perTrace.get(keyOf);
  if (!index) {
    const last = latest.get(keyOf);
    const shared = last ? sharedPrefix(last.events, events) : 0;
    index = { byKey: last && shared > 0 ? positionsBefore(last.index.byKey, shared) : new Map(), upTo: Math.min(shared, last?.index.upTo ?? 0) };
    perTrace.set(keyOf, index);
  }
  latest.set(keyOf, { events, index });
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
