// The measured width of an element, for the views drawn 1:1 in CSS pixels at their width (the cluster stage, the
// placement grids). A ResizeObserver measures it: its first report comes with the browser's own layout of the frame.
// Measured in a layout effect instead, it forced that layout inside React's commit, and the new width re-rendered the
// view there, synchronously, with every effect of the page flushed first: one main-thread task of 130-540 ms when a
// lesson opens on a cold start (issue 13). Until the first report the view is drawn at `fallback` and is not
// `measured` (the view hides itself meanwhile, so that no frame shows it at the wrong width). jsdom has no
// ResizeObserver: measured at once, at the fallback.
import { useLayoutEffect, useRef, useState } from 'react';

const observing = typeof ResizeObserver !== 'undefined';

export function useWidth(fallback: number): { ref: React.RefObject<HTMLElement | null>; width: number; measured: boolean } {
  const ref = useRef<HTMLElement | null>(null);
  const [size, setSize] = useState({ width: fallback, measured: !observing });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !observing) return;
    const ro = new ResizeObserver(() => {
      const cw = el.clientWidth; // laid out already: the observer reports after the frame's layout
      if (cw > 0) setSize((old) => (old.measured && Math.abs(old.width - cw) < 1 ? old : { width: cw, measured: true }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, ...size };
}
