// The lesson picker: the lessons of lessons/index.json grouped by topic, each with its title, summary,
// time to complete and the learner's progress; Start / Resume loads lessons/<id>.json as the scenario.
import { useState } from 'react';
import type { Lang } from '../../scenario/types';
import { loadScenario } from '../actions';
import { text, useLang } from '../i18n';
import { useStore } from '../store';
import { fetchLesson, groupLessons, type LessonEntry } from './catalog';
import { Dialog } from './Dialog';
import { type LessonProgress, useProgress } from './progress';
import { groupName, type LT, useLT } from './strings';
import { useIndex } from './useLessons';

/** Opens a lesson: fetches lessons/<id>.json, loads it at `step`, and points the URL's `scenario` at it. */
export async function openLesson(id: string, step = 0): Promise<{ ok: true } | { ok: false; reason: 'fetch' | 'invalid'; detail: string }> {
  let json: unknown;
  try {
    json = await fetchLesson(id);
  } catch (e) {
    return { ok: false, reason: 'fetch', detail: e instanceof Error ? e.message : String(e) };
  }
  const ok = await loadScenario(json, step);
  if (!ok) return { ok: false, reason: 'invalid', detail: '' };
  try {
    const url = new URL(location.href);
    url.searchParams.set('scenario', id);
    url.searchParams.delete('step');
    history.replaceState(history.state, '', url.pathname + url.search);
  } catch {
    /* a sandboxed frame may refuse: the lesson is open anyway */
  }
  return { ok: true };
}

function status(p: LessonProgress | undefined, lt: LT): { label: string; cls: string } {
  if (p?.done) return { label: lt('completedMark'), cls: 'done' };
  if (p && p.step >= 0) return { label: lt('inProgress', { n: p.step + 1, total: p.steps }), cls: 'started' };
  return { label: lt('notStarted'), cls: 'new' };
}

function LessonItem({
  e,
  lang,
  p,
  current,
  busy,
  first,
  onOpen,
}: {
  e: LessonEntry;
  lang: Lang;
  p: LessonProgress | undefined;
  current: boolean;
  busy: boolean;
  first: boolean;
  onOpen: (id: string, step: number) => void;
}) {
  const lt = useLT();
  const st = status(p, lt);
  const title = text(e.title, lang);
  const canResume = p !== undefined && !p.done && p.step >= 0 && p.step + 1 < p.steps;
  return (
    <li className={`lesson-item ${st.cls}${current ? ' current' : ''}`} data-testid={`lesson-${e.id}`} data-progress={st.cls}>
      <div className="lesson-item-head">
        <h4>{title}</h4>
        {e.minutes > 0 && <span className="minutes">{lt('minutes', { n: e.minutes })}</span>}
        {current && <span className="badge">{lt('current')}</span>}
      </div>
      <p className="summary">{text(e.summary, lang)}</p>
      <div className="lesson-item-foot">
        <span className={`progress ${st.cls}`} data-testid="lesson-progress">
          {st.label}
        </span>
        <span className="buttons">
          {canResume && p && (
            <button
              type="button"
              disabled={busy}
              onClick={() => onOpen(e.id, p.step + 1)}
              aria-label={lt('actionOn', { action: lt('resume', { n: p.step + 1 }), title })}
            >
              {lt('resume', { n: p.step + 1 })}
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={() => onOpen(e.id, 0)}
            data-autofocus={first ? '' : undefined}
            aria-label={lt('actionOn', { action: p?.done || canResume ? lt('restart') : lt('open'), title })}
          >
            {p?.done || canResume ? lt('restart') : lt('open')}
          </button>
        </span>
      </div>
    </li>
  );
}

export function LessonPicker({ onClose }: { onClose: () => void }) {
  const lt = useLT();
  const lang = useLang();
  const index = useIndex();
  const progress = useProgress((s) => s.progress);
  const currentId = useStore((s) => s.scenario?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async (id: string, step: number) => {
    setBusy(true);
    setError(null);
    const r = await openLesson(id, step);
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.reason === 'fetch' ? lt('lessonFailed', { id, detail: r.detail }) : lt('lessonInvalid', { id }));
  };
  const entries = index.status === 'ok' ? index.entries : [];
  const done = entries.filter((e) => progress[e.id]?.done).length;
  const firstId = entries.find((e) => e.id === currentId)?.id ?? entries[0]?.id;
  return (
    <Dialog title={lt('lessonsHeading')} onClose={onClose} className="lesson-picker" testId="lesson-picker">
      <p className="hint">{lt('lessonsIntro')}</p>
      {index.status === 'loading' && <p role="status">{lt('loadingLessons')}</p>}
      {index.status === 'error' && (
        <p role="alert" className="error" data-testid="lessons-error">
          {lt('indexFailed', { detail: index.detail })}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="lesson-error">
          {error}
        </p>
      )}
      {index.status === 'ok' && (
        <p className="overall" data-testid="lessons-overall">
          {lt('progressOf', { done, total: entries.length })}
        </p>
      )}
      {groupLessons(entries).map(({ group, lessons }) => (
        <section key={group} className="lesson-group" aria-label={groupName(group, lang)}>
          <h3>{groupName(group, lang)}</h3>
          <ul>
            {lessons.map((e) => (
              <LessonItem
                key={e.id}
                e={e}
                lang={lang}
                p={progress[e.id]}
                current={e.id === currentId}
                busy={busy}
                first={e.id === firstId}
                onOpen={(id, s) => void open(id, s)}
              />
            ))}
          </ul>
        </section>
      ))}
    </Dialog>
  );
}
