// Predictions without spoilers. A step labelled "predict" asks; the first later step labelled "reveal" (else the
// next step) answers. Until the learner answers, forward moves stop where the stage shows the situation, not the
// answer: the end of the step before the prediction (freeze "before", the default) or of the prediction itself
// (freeze "after"). Reveal records the answer, tells a course page (kafka-anatomy:answer), and goes to the end
// of the answering step, where the narration of everything in between is shown.
import type { Step } from '../../scenario/types';
import type { Choice, Freeze } from '../../scenario/stepFields';
import { seek } from '../actions';
import { postAnswer } from '../embed';
import { stepAtCursor } from '../selectors';
import { type Answer, type UiState, useStore } from '../store';

export const isPredict = (st: Step | undefined): boolean => st?.label === 'predict';
export const freezeOf = (st: Step | undefined): Freeze => (st?.freeze === 'after' ? 'after' : 'before');
export const choicesOf = (st: Step | undefined): Choice[] => (Array.isArray(st?.choices) ? (st.choices as Choice[]) : []);

/** The step that answers prediction `p`: the first later step labelled "reveal", else the next one. */
export function answerStep(steps: Step[], p: number): number {
  for (let k = p + 1; k < steps.length; k++) if (steps[k].label === 'reveal') return k;
  return Math.min(p + 1, steps.length - 1);
}

type Timeline = Pick<UiState, 'events' | 'cursor' | 'minCursor' | 'stepEnds'>;

/** Where the stage stands while prediction `p` is open. */
export function freezeCursor(steps: Step[], stepEnds: number[], minCursor: number, p: number): number {
  if (freezeOf(steps[p]) === 'after') return stepEnds[p] ?? minCursor;
  return p > 0 ? Math.max(minCursor, stepEnds[p - 1] ?? minCursor) : minCursor;
}

/**
 * Where a forward move from `from` to `to` has to stop instead: at the first unanswered prediction whose frozen
 * position it would pass. Null when the move may go on.
 */
export function gate(
  steps: Step[],
  stepEnds: number[],
  minCursor: number,
  from: number,
  to: number,
  answered: (p: number) => boolean,
): { to: number; asking: number } | null {
  if (to <= from) return null;
  for (let p = 0; p < steps.length; p++) {
    if (!isPredict(steps[p]) || answered(p)) continue;
    const f = freezeCursor(steps, stepEnds, minCursor, p);
    if (from <= f && to > f) return { to: f, asking: p };
  }
  return null;
}

/** The steps that end at the cursor (several when some have no events); in the middle of a step, that step. */
export function stepsAtCursor({ events, cursor, minCursor, stepEnds }: Timeline): number[] {
  const here: number[] = [];
  stepEnds.forEach((end, k) => {
    if (end === cursor) here.push(k);
  });
  if (here.length) return here;
  if (cursor <= minCursor) return [];
  const s = stepAtCursor(events, cursor);
  return s >= 0 ? [s] : [];
}

type Narrated = Pick<UiState, 'events' | 'cursor' | 'minCursor' | 'stepEnds' | 'predict'> & { scenario: { steps: Step[] } | null };

/**
 * The steps whose narration is shown at the cursor, and the prediction open there (null when none):
 * - a prediction asked at this position: that step alone;
 * - where a Reveal landed: every step from the one after the prediction to the answering step;
 * - else the steps at the cursor, up to the first unanswered prediction, which is open when the picture shows
 *   its situation (at its end with freeze "after", or when it has no events of its own).
 */
export function narrated(s: Narrated): { shown: number[]; asking: number | null } {
  const steps = s.scenario?.steps ?? [];
  const { asking, revealed, answers } = s.predict;
  if (asking && asking.cursor === s.cursor && asking.step < steps.length) return { shown: [asking.step], asking: asking.step };
  let at = stepsAtCursor(s);
  if (revealed && revealed.cursor === s.cursor && at.length) {
    const last = Math.max(...at);
    at = [];
    for (let k = revealed.step + 1; k <= last; k++) at.push(k);
  }
  for (let i = 0; i < at.length; i++) {
    const p = at[i];
    if (!isPredict(steps[p]) || answers[p]) continue;
    const situation = s.stepEnds[p] === s.cursor && (freezeOf(steps[p]) === 'after' || p === 0 || s.stepEnds[p - 1] === s.stepEnds[p]);
    if (situation) return { shown: at.slice(0, i + 1), asking: p };
  }
  return { shown: at, asking: null };
}

/** The step whose narration is last on screen (the one focus follows), or -1. */
export function narratedStep(s: Narrated): number {
  const { shown } = narrated(s);
  return shown.length ? shown[shown.length - 1] : -1;
}

/**
 * A forward move the learner makes (step, play): stops at an unanswered prediction, and pauses there. `ahead`: the
 * moves after it (Play's), for the worker to prepare.
 */
export function forwardTo(to: number, ahead?: number[]): void {
  const st = useStore.getState();
  const steps = st.scenario?.steps ?? [];
  const g = gate(steps, st.stepEnds, st.minCursor, st.cursor, to, (p) => st.predict.answers[p] !== undefined);
  if (!g) {
    seek(to, ahead);
    return;
  }
  st.setPlaying(false);
  if (g.to !== st.cursor) seek(g.to);
  st.setPredict({ asking: { step: g.asking, cursor: g.to } });
}

/** The learner's answer to prediction `p` (a choice's index or free text): record, report, go to the answer. */
export function reveal(p: number, answer: number | string): void {
  const st = useStore.getState();
  const steps = st.scenario?.steps ?? [];
  const choices = choicesOf(steps[p]);
  const a: Answer = typeof answer === 'number' && choices.length ? { answer, correct: answer === steps[p].answer } : { answer };
  postAnswer(p, a.answer, a.correct);
  const target = Math.max(st.minCursor, st.stepEnds[answerStep(steps, p)] ?? st.cursor);
  st.setPlaying(false);
  st.setPredict({
    answers: { ...st.predict.answers, [p]: a },
    revealed: { step: p, cursor: target },
    // the open question stays until the picture has moved (no flash of the step before it)
    asking: target === st.cursor ? null : st.predict.asking,
  });
  if (target !== st.cursor) seek(target);
}
