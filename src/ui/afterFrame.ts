/**
 * Runs `f` in a task after the next frame, its style, layout and paint done, or never once the returned function is
 * called; `f` may return the cancel of what it starts in turn (another afterFrame). Why not in the frame's callbacks:
 * a read of the layout there (a scroll into view) lays the page out before the other callbacks (the stage's
 * transitions) change it, and the frame lays it out again: 74 ms, a long task, as the heavy lesson opened. After
 * the frame the layout is clean and the read costs nothing; the scroll shows a frame later.
 */
export function afterFrame(f: () => (() => void) | void): () => void {
  let cancelled = false;
  let then: (() => void) | void;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      if (!cancelled) then = f();
    }, 0);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    then?.();
  };
}
