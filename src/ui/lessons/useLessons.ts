// Hooks shared by the picker, the lesson panel and the embed dialog.
import { useEffect, useState } from 'react';
import type { UiState } from '../store';
import { type LessonEntry, loadIndex, LESSONS_DIR } from './catalog';
import { stepsAtCursor } from './predict';

export type IndexState = { status: 'loading' } | { status: 'ok'; entries: LessonEntry[] } | { status: 'error'; detail: string };

/** The entries of `<dir>/index.json`, fetched once per page (cached in catalog.ts). */
export function useIndex(dir: string = LESSONS_DIR): IndexState {
  const [state, setState] = useState<IndexState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadIndex(dir).then(
      (entries) => {
        if (live) setState({ status: 'ok', entries });
      },
      (e: unknown) => {
        if (live) setState({ status: 'error', detail: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [dir]);
  return state;
}

type Timeline = Pick<UiState, 'events' | 'cursor' | 'minCursor' | 'stepEnds'>;

export { stepsAtCursor };

/** The `step` URL parameter that reopens the timeline where it is now (load opens after steps [0, step)). */
export function embedStep(t: Timeline): number {
  const at = stepsAtCursor(t);
  return at.length ? Math.max(...at) + 1 : 0;
}
