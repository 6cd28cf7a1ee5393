// The narration panel: the current step's `say`, the lesson and the learner's progress, and the
// predict-then-reveal checkpoints (a step labelled "predict" asks for a guess; Reveal steps forward).
// It also records progress per lesson (progress.ts) and pauses playback at a checkpoint.
import { useEffect, useId, useState } from 'react';
import { seek, stepByStep } from '../actions';
import { text, useLang } from '../i18n';
import { useStore } from '../store';
import { useLessonDialog } from './pickerState';
import { useProgress } from './progress';
import { useLT } from './strings';
import './lessons.css';
import { narration, stepsAtCursor, useIndex } from './useLessons';

/** Records how far the learner got in the open lesson, and pauses playback at each predict checkpoint. */
function useLessonTracking(lessonId: string | null): void {
  useEffect(() => {
    const track = (s: ReturnType<typeof useStore.getState>) => {
      if (!lessonId || !s.scenario || s.scenario.id !== lessonId || s.events.length === 0) return;
      const at = stepsAtCursor(s);
      const atEnd = s.cursor >= s.events.length - 1;
      const step = atEnd ? s.scenario.steps.length - 1 : at.length ? Math.max(...at) : -1;
      useProgress.getState().record(lessonId, step, s.scenario.steps.length, atEnd);
    };
    track(useStore.getState());
    return useStore.subscribe((s, prev) => {
      if (s.cursor === prev.cursor && s.scenario === prev.scenario && s.events === prev.events) return;
      track(s);
      // playing into (or, skipping network requests, past) a checkpoint stops at its end, so the learner can
      // guess before seeing the answer
      if (s.playing && s.scenario && s.traceVersion === prev.traceVersion && s.cursor > prev.cursor) {
        const k = s.scenario.steps.findIndex((st, i) => st.label === 'predict' && s.stepEnds[i] > prev.cursor && s.stepEnds[i] <= s.cursor);
        if (k >= 0) {
          s.setPlaying(false);
          if (s.stepEnds[k] !== s.cursor) seek(s.stepEnds[k]);
        }
      }
    });
  }, [lessonId]);
}

export function LessonPanel() {
  const lt = useLT();
  const lang = useLang();
  const scenario = useStore((s) => s.scenario);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const minCursor = useStore((s) => s.minCursor);
  const stepEnds = useStore((s) => s.stepEnds);
  const failures = useStore((s) => s.failures.length);
  const controls = useStore((s) => s.controls);
  const openDialog = useLessonDialog((s) => s.setOpen);
  const index = useIndex();
  const lesson = index.status === 'ok' && scenario ? index.entries.find((e) => e.id === scenario.id) ?? null : null;
  const progress = useProgress((s) => (lesson ? s.progress[lesson.id] : undefined));
  useLessonTracking(lesson?.id ?? null);
  // a checkpoint is revealed per position: moving away and back asks again
  const [revealedAt, setRevealedAt] = useState<string | null>(null);
  const [guess, setGuess] = useState<{ step: number; text: string } | null>(null);
  const ids = { heading: useId(), guess: useId() };
  const posKey = `${scenario?.id ?? ''}@${cursor}`;
  useEffect(() => { setRevealedAt((r) => (r === posKey ? r : null)); }, [posKey]); // moving away asks again on return
  if (!scenario) return null;
  const steps = scenario.steps;
  const hasSay = steps.some((s) => s.say !== undefined);
  if (!lesson && !hasSay) {
    // the home page (an empty cluster, nothing done yet, the full app) invites to the lessons
    if (controls !== 'full' || steps.length > 0) return null;
    return (
      <section className="lesson-panel lesson-invite" aria-label={lt('lessons')} data-testid="lesson-invite">
        <span>{lt('invite')}</span>{' '}
        <button type="button" onClick={() => openDialog('lessons')}>{lt('inviteButton')}</button>
      </section>
    );
  }

  const at = stepsAtCursor({ events, cursor, minCursor, stepEnds });
  // the checkpoint asks once its step has run to its end (the picture then shows the situation to reason about)
  const { shown, predict, hidden } = narration(steps, at, revealedAt === posKey || !stepEnds.includes(cursor));
  const atEnd = events.length > 0 && cursor >= events.length - 1;
  const last = shown.length ? shown[shown.length - 1] : -1;
  const says = shown.map((k) => ({ k, say: text(steps[k]?.say, lang) })).filter((x) => x.say !== '');
  const firstRevealAfter = guess ? steps.findIndex((s, k) => k > guess.step && s.label === 'reveal') : -1;
  const showGuess = guess !== null && guess.text.trim() !== '' && predict === null && shown.some((k) => k > guess.step && (firstRevealAfter < 0 || k <= firstRevealAfter));

  const reveal = () => {
    if (predict === null) return;
    if (guess === null || guess.step !== predict) setGuess({ step: predict, text: '' });
    if (hidden.length) setRevealedAt(posKey); // the answer is at this same position (steps without events)
    else stepByStep(1);
  };

  return (
    <section className="lesson-panel" aria-labelledby={ids.heading} data-testid="lesson-panel"
      data-lesson={lesson?.id ?? ''} data-step={last} data-total={steps.length} data-at-end={atEnd ? 'true' : 'false'}
      data-failures={failures} data-predict={predict ?? ''}>
      <div className="lesson-head">
        <h2 id={ids.heading} className="lesson-name">
          {lesson ? lt('lessonLabel', { title: text(lesson.title, lang) }) : lt('narration')}
        </h2>
        <span className="lesson-step" data-testid="lesson-step">{last >= 0 ? lt('stepOf', { n: last + 1, total: steps.length }) : ''}</span>
        {progress?.done && <span className="lesson-done" data-testid="lesson-done">{lt('completedMark')}</span>}
      </div>
      <div className="lesson-say" data-testid="lesson-say" aria-live="polite">
        {says.length === 0 && last < 0 && <p className="muted">{lt('atStart')}</p>}
        {says.map(({ k, say }) => <p key={k} data-step={k}>{say}</p>)}
        {atEnd && <p className="lesson-end" data-testid="lesson-end">{lt('atEnd')}</p>}
      </div>
      {showGuess && guess && <p className="lesson-guess" data-testid="lesson-guess">{lt('yourGuess', { guess: guess.text })}</p>}
      {predict !== null && (
        <form className="predict" aria-label={lt('predictHeading')} data-testid="predict"
          onSubmit={(e) => { e.preventDefault(); reveal(); }}>
          <strong>{lt('predictHeading')}</strong>
          <span className="hint">{lt('predictHelp')}</span>
          <label htmlFor={ids.guess}>{lt('guessLabel')}</label>
          <input id={ids.guess} type="text" value={guess?.step === predict ? guess.text : ''} maxLength={300}
            onChange={(e) => setGuess({ step: predict, text: e.target.value })} />
          <button type="submit" className="reveal" title={lt('revealTitle')} data-testid="reveal"
            disabled={hidden.length === 0 && atEnd}>{lt('reveal')} →</button>
        </form>
      )}
    </section>
  );
}
