// The timeline: one event back / forward, play / pause, speed, scrub, and where we are.
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { seek, stepBy, stepByStep, stepTarget, targetBy, togglePlay, whenTraced } from './actions';
import { text, useT } from './i18n';
import { forwardTo, narrated, narratedStep } from './lessons/predict';
import { movesAhead, nextBeat } from './pacing';
import { SPEEDS, useStore } from './store';
import { stageRemainingMs } from './stage/director';
import { publishTimelineHeight } from './timelineHeight';

/** The narration on screen, as one text (what Play gives time to read). */
function caption(s: ReturnType<typeof useStore.getState>): string {
  const steps = s.scenario?.steps ?? [];
  return narrated(s)
    .shown.map((k) => text(steps[k]?.say, s.prefs.lang))
    .join(' ');
}

/**
 * Advances the cursor while playing, paced by pacing.ts: it dwells on each caption, then plays the next step's
 * events in bounded time; it stops at the end, at an unanswered prediction, and when the tab is hidden.
 */
export function usePlayer(): void {
  const playing = useStore((s) => s.playing);
  const speed = useStore((s) => s.prefs.speed);
  const cursor = useStore((s) => s.cursor);
  const last = useStore((s) => s.events.length - 1);
  const lang = useStore((s) => s.prefs.lang);
  useEffect(() => {
    if (!playing) return;
    const s = useStore.getState();
    const pace = { ...s, lang, speed, showNet: s.prefs.showNet, showRunner: s.prefs.showRunner };
    const beat = nextBeat({ ...pace, caption: caption(s) });
    if (!beat) {
      s.setPlaying(false);
      return;
    }
    // the stage's beats play out first
    const id = setTimeout(() => forwardTo(beat.to, movesAhead(pace, beat.to)), Math.max(beat.delayMs, stageRemainingMs()));
    return () => clearTimeout(id);
  }, [playing, speed, cursor, last, lang]);
  useEffect(() => {
    const onVis = () => {
      if (document.hidden) useStore.getState().setPlaying(false);
    };
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);
}

/** Space, arrows, Home and End drive the timeline unless a form field has the focus. */
export function useTimelineKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target instanceof Element ? e.target : null;
      if (el && (el.closest('input, select, textarea, [contenteditable="true"]') || (e.key === ' ' && el.closest('button')))) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === ' ') togglePlay();
      else if (e.key === 'ArrowLeft') {
        if (e.shiftKey) stepByStep(-1);
        else stepBy(-1);
      } else if (e.key === 'ArrowRight') whenTraced(() => forwardTo(e.shiftKey ? stepTarget(1) : targetBy(1)));
      else if (e.key === 'Home') seek(-1);
      else if (e.key === 'End') seek(Number.MAX_SAFE_INTEGER);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The timeline's height, for the notices above it (timelineHeight.ts). */
function usePublishedHeight(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let timer = 0;
    // the observer reports after the frame's layout: reading the height then forces none. The notices take it a
    // task later: rendered inside the observer, they first ran the effects of the page's first commit in its frame
    const ro = new ResizeObserver(() => {
      const h = el.offsetHeight;
      clearTimeout(timer);
      timer = window.setTimeout(() => publishTimelineHeight(h));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      clearTimeout(timer);
      publishTimelineHeight(null);
    };
  }, [ref]);
}

/** Beyond this many steps, their tick marks on the scrub bar would merge into one band, and Chromium repaints every
 *  one at each move (about 50 ms per seek with 1,550 steps): none then. */
export const MAX_STEP_MARKS = 200;

/** The positions the scrub bar marks: the ends of the steps, when there are few enough to tell apart. */
export function stepMarks(stepEnds: number[], min: number): number[] {
  const marks = [...new Set(stepEnds)].filter((c) => c > min);
  return marks.length <= MAX_STEP_MARKS ? marks : [];
}

export function Timeline() {
  const t = useT();
  const cursor = useStore((s) => s.cursor);
  const min = useStore((s) => s.minCursor);
  const events = useStore((s) => s.events);
  const playing = useStore((s) => s.playing);
  const speed = useStore((s) => s.prefs.speed);
  const steps = useStore((s) => s.scenario?.steps.length ?? 0);
  const time = useStore((s) => s.dump?.time ?? 0);
  const setPrefs = useStore((s) => s.setPrefs);
  const last = events.length - 1;
  const step = useStore(narratedStep);
  const stepEnds = useStore((s) => s.stepEnds);
  const marks = useMemo(() => stepMarks(stepEnds, min), [stepEnds, min]);
  const preview = useStore((s) => s.preview);
  const ref = useRef<HTMLElement>(null);
  usePublishedHeight(ref);
  return (
    <footer className="timeline" aria-label={t('timeline')} ref={ref}>
      <div className="buttons">
        <button type="button" onClick={() => stepByStep(-1)} disabled={cursor <= min} aria-label={t('prevStep')} title={t('prevStep')} data-testid="prev-step">
          «
        </button>
        <button type="button" onClick={() => stepBy(-1)} disabled={cursor <= min} aria-label={t('stepBack')} title={t('stepBack')} data-testid="step-back">
          ‹
        </button>
        <button
          type="button"
          onClick={togglePlay}
          disabled={last < 0 || preview}
          aria-label={playing ? t('pause') : t('play')}
          title={playing ? t('pause') : t('play')}
          className="play"
          data-testid="play"
        >
          {playing ? `❚❚ ${t('pause')}` : `▶ ${t('play')}`}
        </button>
        <button
          type="button"
          onClick={() => forwardTo(targetBy(1))}
          disabled={cursor >= last}
          aria-label={t('stepForward')}
          title={t('stepForward')}
          data-testid="step-forward"
        >
          ›
        </button>
        <button
          type="button"
          onClick={() => forwardTo(stepTarget(1))}
          disabled={cursor >= last}
          aria-label={t('nextStep')}
          title={t('nextStep')}
          data-testid="next-step"
        >
          »
        </button>
      </div>
      <input
        type="range"
        className="scrub"
        min={min}
        max={Math.max(0, last)}
        value={cursor}
        aria-label={t('scrub')}
        onChange={(e) => seek(Number(e.target.value))}
        data-testid="scrub"
        list={marks.length ? 'step-marks' : undefined}
      />
      {marks.length > 0 && (
        <datalist id="step-marks">
          {marks.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
      <span className="position" data-testid="position" data-preview={preview ? 'true' : undefined}>
        {cursor <= min ? t('positionStart') : t('position', { n: cursor + 1, total: events.length })}
        {' · '}
        {step >= 0 ? t('stepOf', { n: step + 1, total: Math.max(steps, 1) }) : t('stepNone')}
        {' · '}
        {t('simTime', { ms: time })}
      </span>
      <label className="speed">
        {t('speed')}{' '}
        <select value={speed} onChange={(e) => setPrefs({ speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="hint keys">{t('shortcuts')}</span>
    </footer>
  );
}
