// The narration panel: the narration on screen, the lesson and the learner's progress, the seed article's link
// where the narration names it, and the predict-then-reveal checkpoints (predict.ts): a multiple choice or free
// text while the stage holds the situation; after Reveal, what happened in between and the feedback.
import { useEffect, useId, useState } from 'react';
import type { Lang, Scenario } from '../../scenario/types';
import { text, useLang } from '../i18n';
import { type Answer, useStore } from '../store';
import { ARTICLE, mentionsArticle } from './article';
import { openLesson } from './LessonPicker';
import { useLessonDialog } from './pickerState';
import { choicesOf, narrated, reveal, stepsAtCursor } from './predict';
import { useProgress } from './progress';
import { type LT, useLT } from './strings';
import './lessons.css';
import { useIndex } from './useLessons';

/** Records how far the learner got in the open lesson. */
function useLessonTracking(lessonId: string | null): void {
  useEffect(() => {
    const track = (s: ReturnType<typeof useStore.getState>) => {
      if (!lessonId || !s.scenario || s.scenario.id !== lessonId || s.events.length === 0 || s.preview) return;
      const at = stepsAtCursor(s);
      const atEnd = s.cursor >= s.events.length - 1;
      const step = atEnd ? s.scenario.steps.length - 1 : at.length ? Math.max(...at) : -1;
      useProgress.getState().record(lessonId, step, s.scenario.steps.length, atEnd);
    };
    track(useStore.getState());
    return useStore.subscribe((s, prev) => {
      if (s.cursor === prev.cursor && s.scenario === prev.scenario && s.events === prev.events && s.preview === prev.preview) return;
      track(s);
    });
  }, [lessonId]);
}

/** What the learner is told after revealing: right or not, the chosen answer's feedback, or their own words. */
function Feedback({ scenario, step, a, lang, lt }: { scenario: Scenario; step: number; a: Answer; lang: Lang; lt: LT }) {
  const choices = choicesOf(scenario.steps[step]);
  if (choices.length && typeof a.answer === 'number') {
    const chosen = choices[a.answer];
    const right = choices[scenario.steps[step].answer as number];
    return (
      <div className={`lesson-feedback ${a.correct ? 'right' : 'wrong'}`} data-testid="lesson-feedback" data-correct={a.correct ? 'true' : 'false'}>
        <strong>{a.correct ? lt('feedbackRight') : lt('feedbackWrong')}</strong>{' '}
        {!a.correct && right && <span>{lt('feedbackAnswer', { answer: text(right.text, lang) })} </span>}
        {chosen && <span>{text(chosen.feedback, lang)}</span>}
      </div>
    );
  }
  const guess = typeof a.answer === 'string' ? a.answer.trim() : '';
  return guess ? (
    <p className="lesson-guess" data-testid="lesson-guess">
      {lt('yourGuess', { guess })}
    </p>
  ) : null;
}

/** The question of an open prediction: choices (one to pick) or free text, and Reveal. */
function Predict({ scenario, step, lang, lt }: { scenario: Scenario; step: number; lang: Lang; lt: LT }) {
  const choices = choicesOf(scenario.steps[step]);
  const [picked, setPicked] = useState<{ step: number; j: number } | null>(null);
  const [typed, setTyped] = useState<{ step: number; text: string } | null>(null);
  const id = useId();
  const j = picked?.step === step ? picked.j : null;
  const submit = () => {
    if (choices.length) {
      if (j !== null) reveal(step, j);
    } else reveal(step, typed?.step === step ? typed.text : '');
  };
  return (
    <form
      className="predict"
      aria-label={lt('predictHeading')}
      data-testid="predict"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <strong>{lt('predictHeading')}</strong>
      <span className="hint">{lt(choices.length ? 'predictHelpChoices' : 'predictHelp')}</span>
      {choices.length > 0 ? (
        <div className="choices" role="radiogroup" aria-label={lt('choicesLabel')} data-testid="choices">
          {choices.map((c, k) => (
            <label key={k} className={j === k ? 'chosen' : ''}>
              <input type="radio" name={`${id}-choice`} value={k} checked={j === k} onChange={() => setPicked({ step, j: k })} /> {text(c.text, lang)}
            </label>
          ))}
        </div>
      ) : (
        <>
          <label htmlFor={`${id}-guess`}>{lt('guessLabel')}</label>
          <input
            id={`${id}-guess`}
            type="text"
            value={typed?.step === step ? typed.text : ''}
            maxLength={300}
            onChange={(e) => setTyped({ step, text: e.target.value })}
          />
        </>
      )}
      <button type="submit" className="reveal" title={lt('revealTitle')} data-testid="reveal" disabled={choices.length > 0 && j === null}>
        {lt('reveal')} →
      </button>
      <span className="hint frozen" data-testid="frozen">
        {lt('frozenNote')}
      </span>
    </form>
  );
}

export function LessonPanel() {
  const lt = useLT();
  const lang = useLang();
  const scenario = useStore((s) => s.scenario);
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const minCursor = useStore((s) => s.minCursor);
  const stepEnds = useStore((s) => s.stepEnds);
  const predict = useStore((s) => s.predict);
  const failures = useStore((s) => s.failures.length);
  const preview = useStore((s) => s.preview);
  const controls = useStore((s) => s.controls);
  const openDialog = useLessonDialog((s) => s.setOpen);
  const index = useIndex();
  const lesson = index.status === 'ok' && scenario ? (index.entries.find((e) => e.id === scenario.id) ?? null) : null;
  // the first-run path: the first lesson of the index ("Kafka in one picture")
  const first = index.status === 'ok' ? index.entries[0] : undefined;
  const progress = useProgress((s) => (lesson ? s.progress[lesson.id] : undefined));
  useLessonTracking(lesson?.id ?? null);
  if (!scenario) return null;
  const steps = scenario.steps;
  const hasSay = steps.some((s) => s.say !== undefined);
  if (!lesson && !hasSay) {
    // the home page (an empty cluster, nothing done yet, the full app) invites to the lessons
    if (controls !== 'full' || steps.length > 0) return null;
    return (
      <section className="lesson-panel lesson-invite" aria-label={lt('lessons')} data-testid="lesson-invite">
        <p>{lt('invite')}</p>
        <span className="buttons">
          {first && (
            <button type="button" className="start-first" data-testid="start-first" onClick={() => void openLesson(first.id)}>
              {lt('inviteFirst', { title: text(first.title, lang), n: first.minutes })}
            </button>
          )}
          <button type="button" onClick={() => openDialog('lessons')}>
            {lt('inviteButton')}
          </button>
        </span>
      </section>
    );
  }

  const { shown, asking } = narrated({ scenario, events, cursor, minCursor, stepEnds, predict });
  const atEnd = events.length > 0 && cursor >= events.length - 1 && asking === null && !preview;
  const last = shown.length ? shown[shown.length - 1] : -1;
  const says = shown.map((k) => ({ k, say: text(steps[k]?.say, lang) })).filter((x) => x.say !== '');
  const revealed = predict.revealed && predict.revealed.cursor === cursor ? predict.revealed.step : null;
  const answer = revealed !== null ? predict.answers[revealed] : undefined;
  const article = says.some((x) => mentionsArticle(x.say, lang));

  return (
    <section
      className="lesson-panel"
      aria-labelledby={`lesson-h-${scenario.id}`}
      data-testid="lesson-panel"
      data-lesson={lesson?.id ?? ''}
      data-step={last}
      data-total={steps.length}
      data-at-end={atEnd ? 'true' : 'false'}
      data-failures={failures}
      data-predict={asking ?? ''}
    >
      <div className="lesson-head">
        <h2 id={`lesson-h-${scenario.id}`} className="lesson-name">
          {lesson ? lt('lessonLabel', { title: text(lesson.title, lang) }) : lt('narration')}
        </h2>
        <span className="lesson-step" data-testid="lesson-step">
          {last >= 0 ? lt('stepOf', { n: last + 1, total: steps.length }) : ''}
        </span>
        {progress?.done && (
          <span className="lesson-done" data-testid="lesson-done">
            {lt('completedMark')}
          </span>
        )}
      </div>
      <div className="lesson-say" data-testid="lesson-say" aria-live="polite">
        {says.length === 0 && last < 0 && <p className="muted">{lt('atStart')}</p>}
        {says.map(({ k, say }) => (
          <p key={k} data-step={k}>
            {say}
          </p>
        ))}
        {atEnd && (
          <p className="lesson-end" data-testid="lesson-end">
            {lt('atEnd')}
          </p>
        )}
      </div>
      {revealed !== null && answer && <Feedback scenario={scenario} step={revealed} a={answer} lang={lang} lt={lt} />}
      {article && (
        <p className="lesson-article" data-testid="lesson-article">
          {lt('articleLabel')}{' '}
          <a href={ARTICLE.url} target="_blank" rel="noopener noreferrer">
            {lt('articleLink', { title: ARTICLE.title })}
          </a>
        </p>
      )}
      {asking !== null && <Predict key={asking} scenario={scenario} step={asking} lang={lang} lt={lt} />}
    </section>
  );
}
