// Every event in words with the Kafka code that handles it; click one to move the timeline there.
import { useEffect, useRef } from 'react';
import { seek } from '../actions';
import { text, useLang, useT } from '../i18n';
import { codePath } from '../i18n/codepaths';
import { describeEvent } from '../i18n/events';
import { invariantFlags } from '../invariants';
import { useStore } from '../store';

const WINDOW_BEFORE = 200;
const WINDOW_AFTER = 60;

export function EventLog() {
  const t = useT();
  const lang = useLang();
  const events = useStore((s) => s.events);
  const cursor = useStore((s) => s.cursor);
  const scenario = useStore((s) => s.scenario);
  const showNet = useStore((s) => s.prefs.showNet);
  const setPrefs = useStore((s) => s.setPrefs);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = listRef.current?.querySelector('[aria-current="true"]') as HTMLElement | null;
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [cursor, showNet]);
  const flags = invariantFlags(events);
  const firstFlag = flags.size ? Math.min(...flags.keys()) : -1;
  const current = cursor >= 0 ? events[cursor] : undefined;
  const say = current && scenario ? text(scenario.steps[current.step]?.say, lang) : '';
  const lo = Math.max(0, cursor - WINDOW_BEFORE), hi = Math.min(events.length, cursor + 1 + WINDOW_AFTER);
  const shown = events.slice(lo, hi).filter((e) => showNet || e.type !== 'MessageSent' || e.seq === cursor);
  return (
    <section className="view event-log" aria-label={t('viewEvents')}>
      <div className="row">
        <span className="hint">{t('eventLogHelp')}</span>
        <label className="inline"><input type="checkbox" checked={showNet} onChange={(e) => setPrefs({ showNet: e.target.checked })} /> {t('filterMessages')}</label>
      </div>
      {flags.size > 0 && (
        <p className="flags" data-testid="flags">{t('flagsCount', { n: flags.size })}{' '}
          <button type="button" onClick={() => seek(firstFlag)}>{t('firstFlag')}</button></p>
      )}
      {say && <p className="say" data-testid="say">{say}</p>}
      <div className="sr-only" role="status" aria-live="polite" data-testid="narration">{current ? describeEvent(current, lang) : ''}</div>
      {events.length === 0 && <p className="muted">{t('eventsEmpty')}</p>}
      <ol ref={listRef} className="events">
        {shown.map((e) => {
          const cp = codePath(e);
          const fl = flags.get(e.seq);
          return (
            <li key={e.seq} aria-current={e.seq === cursor ? 'true' : undefined} className={`${e.seq > cursor ? 'future' : ''} ev-${e.type}${fl ? ' flagged' : ''}`}>
              <button type="button" onClick={() => seek(e.seq)} data-seq={e.seq} title={e.seq > cursor ? t('futureEvents') : undefined}>
                <span className="ev-meta">#{e.seq} · {e.time} ms · {t('stepLabel', { n: e.step })}</span>
                <span className="ev-text">{describeEvent(e, lang)}</span>
                {cp && <span className="ev-code"><abbr title={t('codePath')}>⟨/⟩</abbr> {cp}</span>}
                {fl?.map((f, i) => <span key={i} className="ev-flag" role="note">⚠ {t(f.code, f.params)}</span>)}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
