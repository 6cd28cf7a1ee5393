// Keys for a list whose items come and go as the timeline moves (the event log's rows, a replica's batch chips).
import { useEffect, useMemo, useRef } from 'react';

/**
 * Keys for the listed items (by their `seq`): an item staying listed keeps its key, and an item that comes in takes the
 * key of one that left, in list order. A far seek (every item new) then changes the items' text in place instead of
 * making and removing every element (ui.seekP95Ms: the event log was 40% of the page's work per seek); a step keeps
 * all items but one or two.
 */
export function rowKeys(shown: readonly { seq: number }[], before: ReadonlyMap<number, number>): Map<number, number> {
  const taken = new Set<number>();
  for (const e of shown) {
    const k = before.get(e.seq);
    if (k !== undefined) taken.add(k);
  }
  // the keys that left, in the order their items were listed (the map is in list order)
  const free = [...before.values()].filter((k) => !taken.has(k));
  let next = Math.max(-1, ...before.values()) + 1;
  let f = 0;
  const keys = new Map<number, number>();
  for (const e of shown) keys.set(e.seq, before.get(e.seq) ?? (f < free.length ? free[f++] : next++));
  return keys;
}

/** rowKeys against the keys of the list as last drawn (a ref: they only decide which elements are reused). */
export function useRowKeys(shown: readonly { seq: number }[]): Map<number, number> {
  const last = useRef<Map<number, number>>(new Map());
  const keys = useMemo(() => rowKeys(shown, last.current), [shown]);
  useEffect(() => {
    last.current = keys;
  }, [keys]);
  return keys;
}
