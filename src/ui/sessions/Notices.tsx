// What the learner is told about their saved work, in a corner of the page until dismissed: a long request at work
// (with Cancel), a saved cluster kept aside (Export / Delete), a cluster open in another tab, a copy made, a
// future kept after a command in the past (Restore the other future). English and Chinese.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AsideInfo } from '../../worker/protocol';
import { BUSY_AFTER_MS, type Busy, busyState, getClient, isMove, onBusy } from '../client';
import { describeProblem } from '../i18n';
import { useStore } from '../store';
import { useAboveTimeline } from '../timelineHeight';
import { dismissNotice, onSessionNote, sessionNote, type UiNotice } from './logs';
import { sessionsText, type SessionsKey, useSessionsT } from './strings';
import './sessions.css';

const useST = useSessionsT;

/** Why a record was kept aside, in words. */
export function asideReason(a: AsideInfo, t: (k: SessionsKey) => string, lang: 'en' | 'zh'): string {
  if (a.reason.problem) return describeProblem(a.reason.problem, lang);
  if (a.reason.cancelled) return t('asideCancelled');
  return a.reason.message ?? '?';
}

/** Downloads a record kept aside as it is stored, as JSON. */
export async function exportAside(a: { id: string; name: string }): Promise<void> {
  const res = await getClient()?.request({ type: 'asideRecord', session: a.id });
  if (res?.type !== 'record') return;
  const blob = new Blob([JSON.stringify(res.record, null, 2) + '\n'], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `kafka-anatomy-${a.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || a.id}.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Export and delete buttons of a record kept aside (delete asks first). */
export function AsideActions({ record, onDeleted }: { record: AsideInfo; onDeleted?: () => void }) {
  const t = useST();
  const [confirm, setConfirm] = useState(false);
  return (
    <span className="aside-actions">
      {record.reason.cancelled && (
        <button
          type="button"
          onClick={() => {
            onDeleted?.();
            void getClient()?.request({ type: 'reopenAside', session: record.id });
          }}
          data-testid="aside-retry"
        >
          {t('asideRetry')}
        </button>
      )}
      <button type="button" onClick={() => void exportAside(record)} data-testid="aside-export">
        {t('asideExport')}
      </button>
      {!confirm && (
        <button type="button" onClick={() => setConfirm(true)} data-testid="aside-delete">
          {t('asideDelete')}
        </button>
      )}
      {confirm && (
        <span role="alert">
          {t('asideDeleteConfirm', { name: record.name })}{' '}
          <button
            type="button"
            data-testid="aside-delete-yes"
            onClick={() => {
              setConfirm(false);
              void getClient()?.request({ type: 'deleteAside', session: record.id }).then(onDeleted);
            }}
          >
            {t('asideDelete')}
          </button>
          <button type="button" onClick={() => setConfirm(false)}>
            {sessionsText(useStore.getState().prefs.lang, 'sessionsCancel')}
          </button>
        </span>
      )}
    </span>
  );
}

function NoticeText({ x }: { x: UiNotice & { n: number } }) {
  const t = useST();
  const lang = useStore((s) => s.prefs.lang);
  switch (x.kind) {
    case 'aside':
      return (
        <>
          <span className="notice-text">{t('noticeAside', { name: x.record.name, reason: asideReason(x.record, t, lang) })}</span>{' '}
          <AsideActions record={x.record} onDeleted={() => dismissNotice(x.n)} />
        </>
      );
    case 'ownSpace':
      return <span className="notice-text">{t('noticeOwnSpace')}</span>;
    case 'otherTab':
      return <span className="notice-text">{t('noticeOtherTab', { name: x.name })}</span>;
    case 'copied':
      return <span className="notice-text">{t('noticeCopied', { name: x.name, from: x.from })}</span>;
    case 'branch':
      return (
        <>
          <span className="notice-text">
            {t(x.dropped === 1 ? 'noticeBranchOne' : 'noticeBranch', { n: x.dropped, name: t('branchOf', { name: x.of, step: x.step + 1 }) })}
          </span>{' '}
          <button
            type="button"
            data-testid="branch-restore"
            onClick={() => {
              dismissNotice(x.n);
              useStore.getState().setPlaying(false);
              void getClient()?.request({ type: 'switchSession', session: x.branch.id });
            }}
          >
            {t('branchRestore')}
          </button>
        </>
      );
    case 'cancelled':
      return <span className="notice-text">{t(x.what === 'restore' ? 'noticeCancelledOpen' : 'noticeCancelled')}</span>;
  }
}

/**
 * A number as toLocaleString gives it in en-GB and zh-CN (both group thousands with "," and write "." for the
 * decimals), written by hand: the first Intl.NumberFormat of a page costs a hundred milliseconds or more (it loads
 * the locale's data), and the busy bar shows during start-up. toFixed rounds the exact value as Intl does.
 */
export function formatNumber(n: number, _lang: 'en' | 'zh', maximumFractionDigits = 3): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return n.toLocaleString(_lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits });
  const fixed = Math.abs(n).toFixed(maximumFractionDigits);
  const [int, frac = ''] = fixed.split('.');
  const decimals = frac.replace(/0+$/, '');
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
  const text = decimals ? `${grouped}.${decimals}` : grouped;
  return n < 0 || Object.is(n, -0) ? `-${text}` : text; // Intl keeps the sign of a negative that rounds to 0
}

/** Simulated time in words: ms, s, min, h, days. */
function simTime(ms: number, lang: 'en' | 'zh'): string {
  const units: [number, string, string][] = [
    [86_400_000, ' days', ' 天'],
    [3_600_000, ' h', ' 小时'],
    [60_000, ' min', ' 分钟'],
    [1000, ' s', ' 秒'],
  ];
  for (const [u, en, zh] of units) if (ms >= u) return `${formatNumber(ms / u, lang, 1)}${lang === 'zh' ? zh : en}`;
  return `${Math.round(ms)} ms`;
}

/**
 * The busy state as the bar shows it. While a preview shows, the bar does not show the worker's counts: its progress
 * reports (four a second) then change nothing here, and re-render nothing (a render at each would restart the
 * page's first one, which React renders in slices, and hold the preview's picture back until the lesson is ready).
 */
let lastShown: Busy | null = null;
function shownBusy(): Busy | null {
  const b = busyState(),
    l = lastShown;
  const same = b && l && l.id === b.id && l.what === b.what && l.since === b.since && l.cancelling === b.cancelling;
  if (!(same && useStore.getState().preview)) lastShown = b;
  return lastShown;
}

/** The progress of a long request, shown after a moment, with Cancel; a move still running, without. */
function BusyBar() {
  const t = useST();
  const lang = useStore((s) => s.prefs.lang);
  const preview = useStore((s) => s.preview);
  const busy = useSyncExternalStore(onBusy, shownBusy);
  // the clock is read in the timers, not while rendering (a render must not depend on when it happens); what is
  // kept is what shows (whole seconds), so that the ticks between re-render nothing (a render at every tick would
  // interrupt a longer one under way, the page's first, which React renders in slices)
  const [shown, setShown] = useState<{ since: number; s: number } | null>(null);
  useEffect(() => {
    if (!busy) return;
    const tick = () => {
      const ms = Date.now() - busy.since;
      const s = Math.floor(ms / 1000);
      setShown((old) => (ms < BUSY_AFTER_MS ? null : old?.since === busy.since && old.s === s ? old : { since: busy.since, s }));
    };
    const first = setTimeout(tick, Math.max(0, busy.since + BUSY_AFTER_MS - Date.now()));
    const h = setInterval(tick, 250);
    return () => {
      clearTimeout(first);
      clearInterval(h);
    };
  }, [busy]);
  if (!busy || shown?.since !== busy.since) return null;
  const s = shown.s;
  const fmt = (n: number) => formatNumber(n, lang);
  if (isMove(busy)) {
    return (
      <div className="notice busy busy-move" role="status" data-testid="busy">
        <span className="spinner" aria-hidden="true" />
        <span className="notice-text">
          {t('busyMoving')}
          {s > 0 && <small>{t('busyMovingFor', { events: fmt(busy.events), s })}</small>}
        </span>
      </div>
    );
  }
  return (
    <div className="notice busy" role="status" data-testid="busy">
      <span className="spinner" aria-hidden="true" />
      <span className="notice-text">
        {preview
          ? t('busyPreview', { s })
          : busy.what === 'restore' || busy.what === 'switchSession'
            ? t('busyOpening', { events: fmt(busy.events), s })
            : t('busyWorking', { events: fmt(busy.events), sim: simTime(busy.simMs, lang), s })}
        {preview ? <small>{t('busyPreviewHint')}</small> : busy.what !== 'restore' && <small>{t('busyHint')}</small>}
      </span>
      <button type="button" disabled={busy.cancelling} onClick={() => getClient()?.cancel()} data-testid="busy-cancel">
        {t(busy.cancelling ? 'busyCancelling' : 'busyCancel')}
      </button>
    </div>
  );
}

export function Notices() {
  const t = useST();
  const note = useSyncExternalStore(onSessionNote, sessionNote);
  const above = useAboveTimeline();
  // a frame is its own world by design (embed contract v1.1): only a link in the app is told so
  const framed = typeof window !== 'undefined' && window.parent !== window;
  return (
    <div className="notices" aria-live="polite" style={above}>
      <BusyBar />
      {note.notices
        .filter((x) => !(framed && x.kind === 'ownSpace'))
        .map((x) => (
          <div key={x.n} className={`notice notice-${x.kind}`} role={x.kind === 'aside' ? 'alert' : 'status'} data-testid={`notice-${x.kind}`}>
            <NoticeText x={x} />
            <button type="button" className="notice-close" onClick={() => dismissNotice(x.n)} aria-label={t('dismiss')} title={t('dismiss')}>
              ×
            </button>
          </div>
        ))}
    </div>
  );
}
