// Every event in words with the Kafka code that handles it; click one to move the timeline there. Network
// requests and the runner's bookkeeping ("a step begins") are listed only when asked for; while a prediction is
// open, nothing after the cursor is listed (it would give the answer away).
import { memo, useEffect, useMemo, useRef } from 'react';
import type { Lang, SimEvent } from '../../scenario/types';
import type { Flag } from '../invariants';
import { seek } from '../actions';
import { makeT, useLang, useT } from '../i18n';
import { codePath } from '../i18n/codepaths';
import { describeEvent } from '../i18n/events';
import { invariantFlags } from '../invariants';
import { narrated } from '../lessons/predict';
import { visibleEvent } from '../pacing';
import { afterFrame } from '../afterFrame';
import { type RowWindow, WIDE, useFutureHeld, useListWindow } from './listWindow';
import { useRowKeys } from './rowKeys';
import { useStore } from '../store';

const SCAN = 5000;

/** The events listed around the cursor: up to `most.before` before and `most.after` after (none while `noFuture`),
 *  the hidden kinds only if asked. */
export function shownEvents(events: SimEvent[], cursor: number, showNet: boolean, showRunner = false, noFuture = false, most: RowWindow = WIDE): SimEvent[] {
  const keep = (e: SimEvent) => visibleEvent(e, showNet, showRunner) || (e.seq === cursor && e.type !== 'StepStarted');
  const before: SimEvent[] = [];
  for (let i = Math.min(cursor, events.length - 1); i >= 0 && i > cursor - SCAN && before.length < most.before; i--)
    if (keep(events[i])) before.push(events[i]);
  const after: SimEvent[] = [];
  for (let i = cursor + 1; !noFuture && i < events.length && i < cursor + SCAN && after.length < most.after; i++) if (keep(events[i])) after.push(events[i]);
  return before.reverse().concat(after);
}

/** An event about a partition opens that partition in the partition log (and the broker, if it names one). */
function showIn(e: SimEvent): void {
  if (typeof e.topic !== 'string' || typeof e.partition !== 'number' || e.topic.startsWith('__')) return;
  useStore.getState().select({ topic: e.topic, partition: e.partition, ...(typeof e.broker === 'number' ? { broker: String(e.broker) } : {}) });
}

/** Rows scrolled out of the list are neither laid out nor painted until they come near its visible part. */
const ROW_STYLE = { contentVisibility: 'auto', containIntrinsicSize: 'auto 46px' } as const;

/** One entry; it re-renders only when its own status (current, past, future) or the language changes. */
const Row = memo(function Row({
  e,
  current,
  future,
  flags,
  lang,
  mode,
}: {
  e: SimEvent;
  current: boolean;
  future: boolean;
  flags: Flag[] | undefined;
  lang: Lang;
  mode: 'zookeeper' | 'kraft' | undefined;
}) {
  const t = makeT(lang);
  const cp = codePath(e, mode);
  return (
    <li style={ROW_STYLE} aria-current={current ? 'true' : undefined} className={`${future ? 'future' : ''} ev-${e.type}${flags ? ' flagged' : ''}`}>
      <button
        type="button"
        onClick={() => {
          seek(e.seq);
          showIn(e);
        }}
        data-seq={e.seq}
        title={future ? t('futureEvents') : undefined}
      >
        {/* one text node each: a far seek rewrites every row's words (ui.seekP95Ms), three nodes a line tripled it */}
        <span className="ev-meta">{`#${e.seq} · ${e.time} ms · ${e.step < 0 ? t('stepStartUp') : t('stepLabel', { n: e.step + 1 })}`}</span>
        <span className="ev-text">{describeEvent(e, lang)}</span>
        {cp && (
          <span className="ev-code">
            <abbr title={t('codePath')}>⟨/⟩</abbr>
            {` ${cp}`}
          </span>
        )}
        {flags?.map((f, i) => (
          <span key={i} className="ev-flag" role="note">
            ⚠ {t(f.code, f.params)}
          </span>
        ))}
      </button>
    </li>
  );
});

export function EventLog() {
  const t = useT();
  const lang = useLang();
  const events = useStore((s) => s.events);
  const mode = useStore((s) => s.dump?.mode);
  const cursor = useStore((s) => s.cursor);
  const showNet = useStore((s) => s.prefs.showNet);
  const showRunner = useStore((s) => s.prefs.showRunner);
  const asking = useStore((s) => narrated(s).asking !== null);
  const setPrefs = useStore((s) => s.setPrefs);
  const listRef = useRef<HTMLOListElement>(null);
  const { most, widen } = useListWindow(cursor, listRef);
  useEffect(() => {
    // the current event, or (when it is not listed, e.g. a step's bookkeeping) the last one before it
    const el = (listRef.current?.querySelector('[aria-current="true"]') ??
      listRef.current?.querySelector('li:not(.future):last-of-type, li:has(+ li.future)')) as HTMLElement | null;
    if (!el || typeof el.scrollIntoView !== 'function') return;
    // after the next frame (afterFrame: an immediate call forced a layout of its own at every move); a hidden log (a
    // closed drawer) has nothing to scroll. Rows skipped by content-visibility get their real height once in view,
    // which moves the row: once more a frame later.
    const scroll = () => {
      if (el.isConnected && el.getClientRects().length > 0) el.scrollIntoView({ block: 'nearest' });
    };
    return afterFrame(() => {
      scroll();
      return afterFrame(scroll);
    });
  }, [cursor, showNet, showRunner]);
  const flags = invariantFlags(events);
  const firstFlag = flags.size ? Math.min(...flags.keys()) : -1;
  const listed = useMemo(() => shownEvents(events, cursor, showNet, showRunner, asking, most), [events, cursor, showNet, showRunner, asking, most]);
  const held = useFutureHeld(events, listed.length > 0 && listed[listed.length - 1].seq > cursor);
  const shown = useMemo(() => (held ? listed.filter((e) => e.seq <= cursor) : listed), [held, listed, cursor]);
  const keys = useRowKeys(shown);
  return (
    <section className="view event-log" aria-label={t('viewEvents')}>
      <div className="row">
        <span className="hint">{t('eventLogHelp')}</span>
        <label className="inline">
          <input type="checkbox" checked={showNet} onChange={(e) => setPrefs({ showNet: e.target.checked })} /> {t('filterMessages')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={showRunner} onChange={(e) => setPrefs({ showRunner: e.target.checked })} data-testid="show-runner" />{' '}
          {t('filterRunner')}
        </label>
      </div>
      {flags.size > 0 && (
        <p className="flags" data-testid="flags">
          {t('flagsCount', { n: flags.size })}{' '}
          <button type="button" onClick={() => seek(firstFlag)}>
            {t('firstFlag')}
          </button>
        </p>
      )}
      {events.length === 0 && <p className="muted">{t('eventsEmpty')}</p>}
      <ol
        ref={listRef}
        className="events"
        onWheel={widen}
        onTouchStart={widen}
        onKeyDown={widen}
        onFocus={widen}
        // the list's own scroll bar (a press on a row moves the timeline there, which lists a screenful again)
        onPointerDown={(e) => e.target === e.currentTarget && widen()}
      >
        {shown.map((e) => (
          <Row key={keys.get(e.seq)} e={e} current={e.seq === cursor} future={e.seq > cursor} flags={flags.get(e.seq)} lang={lang} mode={mode} />
        ))}
      </ol>
    </section>
  );
}

/**
 * The stage's changes in words for screen readers: the last event a learner would step to (not a step's
 * bookkeeping), in a polite live region. Mounted by the page whatever views are shown (the event log may be
 * hidden, or in a closed drawer).
 */
export function Announcer() {
  const lang = useLang();
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const showNet = useStore((s) => s.prefs.showNet);
  const showRunner = useStore((s) => s.prefs.showRunner);
  let current: SimEvent | undefined;
  for (let i = Math.min(cursor, events.length - 1); i >= 0 && i > cursor - SCAN && !current; i--)
    if (visibleEvent(events[i], showNet, showRunner)) current = events[i];
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="narration">
      {current ? describeEvent(current, lang) : ''}
    </div>
  );
}
