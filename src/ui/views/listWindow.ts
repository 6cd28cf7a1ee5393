// The event log's window of rows (issue 13): a far move (a scrub, a seek far away) lists a screenful around the
// cursor, and the wider window follows once the list is left still a moment or the learner reaches into it (scrolls
// it, touches it, focuses it). A far move rewrites every row listed: 70 of them were a third of the page's work per
// seek (ui.seekP95Ms). A near move (a step, an event clicked) keeps the window as it was.
// The rows after the cursor of a newly drawn trace come a frame after the others (useFutureHeld).
import { type RefObject, useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';

export interface RowWindow {
  before: number;
  after: number;
}
/** The rows listed at rest: up to 50 events up to the cursor and 20 after it. */
export const WIDE: RowWindow = { before: 50, after: 20 };
/** The rows listed right after a far move: a screenful or so. */
export const NEAR: RowWindow = { before: 12, after: 6 };
/** A move of more events than this is far. */
export const FAR = 100;
/** Still this long after a far move, the list widens. */
export const REST_MS = 400;

/** The window to list at `cursor`, and `widen` for the list's scroll, touch, key and focus handlers. */
export function useListWindow(cursor: number, listRef: RefObject<HTMLOListElement | null>): { most: RowWindow; widen: () => void } {
  const [at, setAt] = useState({ cursor, near: false });
  let near = at.near;
  if (at.cursor !== cursor) {
    // (React's pattern for state that follows a prop: set during render, drawn once)
    near = near || Math.abs(cursor - at.cursor) > FAR;
    setAt({ cursor, near });
  }
  // the row at the top of the list when it widens, and where it was: it stays there as rows come in above it
  const anchor = useRef<{ seq: string; top: number } | null>(null);
  const widen = useCallback(() => {
    if (!near) return;
    const list = listRef.current;
    const top = list?.getBoundingClientRect().top ?? 0;
    const row = [...(list?.querySelectorAll<HTMLElement>('li > button') ?? [])].find((b) => b.getBoundingClientRect().bottom > top);
    anchor.current = row ? { seq: row.dataset.seq ?? '', top: row.getBoundingClientRect().top } : null;
    setAt((s) => ({ ...s, near: false }));
  }, [near, listRef]);
  useLayoutEffect(() => {
    const a = anchor.current,
      list = listRef.current;
    anchor.current = null;
    const row = a && list?.querySelector<HTMLElement>(`button[data-seq="${a.seq}"]`);
    if (row && list) list.scrollTop += row.getBoundingClientRect().top - a.top;
  }, [near, listRef]);
  useEffect(() => {
    if (!near) return;
    const id = setTimeout(widen, REST_MS);
    return () => clearTimeout(id);
  }, [near, cursor, widen]);
  return { most: near ? NEAR : WIDE, widen };
}

/** Calls `fn` in a task after the next frame (its style, layout and paint done); returns the cancel. */
function afterFrame(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (typeof requestAnimationFrame !== 'function') {
    timer = setTimeout(fn, 0);
    return () => clearTimeout(timer);
  }
  const frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * Whether the rows after the cursor wait for the next frame: when a new trace (the page's first, a heavy lesson's whole
 * trace after its preview) would list some where the list had none. Drawn in the frame that draws the rest of the
 * trace, their style and layout (twice: content-visibility lays a row out again once it is found near the view) made
 * that frame a long task (issue 13: 3 of 4 opens of the 737k-record lesson had one there, 0 of 4 without these rows);
 * a frame later they are a short one. A move in the same trace lists them at once.
 */
export function useFutureHeld(events: readonly unknown[], future: boolean): boolean {
  const drawn = useRef<{ events: readonly unknown[] | null; future: boolean }>({ events: null, future: false });
  const [, release] = useReducer((n: number) => n + 1, 0);
  const held = future && drawn.current.events !== events && !drawn.current.future;
  useEffect(() => {
    drawn.current = { events, future: future && !held };
  });
  useEffect(() => (held ? afterFrame(release) : undefined), [held]);
  return held;
}
