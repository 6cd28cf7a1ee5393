// Hooks shared by the picker, the lesson panel and the embed dialog.
import { useEffect, useState } from 'react';
import type { Step } from '../../scenario/types';
import { stepAtCursor } from '../selectors';
import type { UiState } from '../store';
import { type LessonEntry, loadIndex, LESSONS_DIR } from './catalog';

export type IndexState = { status: 'loading' } | { status: 'ok'; entries: LessonEntry[] } | { status: 'error'; detail: string };

/** The entries of `<dir>/index.json`, fetched once per page (cached in catalog.ts). */
export function useIndex(dir: string = LESSONS_DIR): IndexState {
  const [state, setState] = useState<IndexState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadIndex(dir).then(
      (entries) => { if (live) setState({ status: 'ok', entries }); },
      (e: unknown) => { if (live) setState({ status: 'error', detail: e instanceof Error ? e.message : String(e) }); },
    );
    return () => { live = false; };
  }, [dir]);
  return state;
}

type Timeline = Pick<UiState, 'events' | 'cursor' | 'minCursor' | 'stepEnds'>;

/**
 * The scenario steps whose narration belongs at the cursor. Steps that produce no events (an `expect`,
 * a `waitFor` already true) end at the same position as the step before them, so at a step's end every
 * step ending there is listed, in order; in the middle of a step, that step; at the start, none.
 */
export function stepsAtCursor({ events, cursor, minCursor, stepEnds }: Timeline): number[] {
  const here: number[] = [];
  stepEnds.forEach((end, k) => { if (end === cursor) here.push(k); });
  if (here.length) return here;
  if (cursor <= minCursor) return [];
  const s = stepAtCursor(events, cursor);
  return s >= 0 ? [s] : [];
}

/** The steps to narrate now, cut after the first unrevealed "predict" checkpoint. */
export function narration(steps: Step[], at: number[], revealed: boolean): { shown: number[]; predict: number | null; hidden: number[] } {
  const p = at.findIndex((k) => steps[k]?.label === 'predict');
  if (p < 0 || revealed) return { shown: at, predict: null, hidden: [] };
  return { shown: at.slice(0, p + 1), predict: at[p], hidden: at.slice(p + 1) };
}

/** The `step` URL parameter that reopens the timeline where it is now (load opens after steps [0, step)). */
export function embedStep(t: Timeline): number {
  const at = stepsAtCursor(t);
  return at.length ? Math.max(...at) + 1 : 0;
}
