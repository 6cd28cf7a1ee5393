// Title, session actions (new cluster, reset, export, import), language and theme.
import { useEffect, useRef, useState } from 'react';
import type { Lang } from '../scenario/types';
import { exportText, loadScenario, newCluster, reset } from './actions';
import { text, useT } from './i18n';
import { fetchScenario } from './params';
import type { Text } from '../scenario/types';
import { type Theme, useStore } from './store';
import { LessonButtons } from './lessons/LessonButtons';
import { InspectButton } from './inspect/InspectButton';
import { SessionsButton } from './sessions/SessionsButton';
import { LiveBadge } from './LiveBadge';
import { useNarrow } from './Drawers';

function NewClusterForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [brokers, setBrokers] = useState(3);
  const [mode, setMode] = useState<'zookeeper' | 'kraft'>('zookeeper');
  return (
    <form
      className="popover"
      aria-label={t('newCluster')}
      onSubmit={(e) => {
        e.preventDefault();
        newCluster(brokers, mode);
        onDone();
      }}
    >
      <label>
        {t('brokersCount')} <input type="number" name="brokers" min={1} max={9} value={brokers} onChange={(e) => setBrokers(Number(e.target.value))} />
      </label>
      <label>
        {t('mode')}{' '}
        <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as 'zookeeper' | 'kraft')}>
          <option value="zookeeper">{t('modeZk')}</option>
          <option value="kraft">{t('modeKraft')}</option>
        </select>
      </label>
      <button type="submit">{t('create')}</button>
      <button type="button" onClick={onDone}>
        {t('cancel')}
      </button>
    </form>
  );
}

/** The built-in scenarios (public/scenarios/index.json), to open one from a menu. */
function Examples() {
  const t = useT();
  const lang = useStore((s) => s.prefs.lang);
  const addError = useStore((s) => s.addError);
  const [list, setList] = useState<{ id: string; title: Text }[]>([]);
  useEffect(() => {
    if (typeof fetch !== 'function') return;
    fetch(new URL('scenarios/index.json', location.href).href)
      .then((r) => (r.ok ? r.json() : []))
      .then((l: unknown) => {
        if (Array.isArray(l)) setList(l as { id: string; title: Text }[]);
      })
      .catch(() => undefined);
  }, []);
  if (!list.length) return null;
  return (
    <select
      aria-label={t('examples')}
      value=""
      data-testid="examples"
      onChange={async (e) => {
        const id = e.target.value;
        if (!id) return;
        const r = await fetchScenario(id, location.href);
        if (r.ok) await loadScenario(r.json);
        else addError(r.error);
      }}
    >
      <option value="">{t('examples')}…</option>
      {list.map((x) => (
        <option key={x.id} value={x.id}>
          {text(x.title, lang) || x.id}
        </option>
      ))}
    </select>
  );
}

export function Header() {
  const t = useT();
  const prefs = useStore((s) => s.prefs);
  const setPrefs = useStore((s) => s.setPrefs);
  const scenario = useStore((s) => s.scenario);
  const controls = useStore((s) => s.controls);
  const addError = useStore((s) => s.addError);
  const [newOpen, setNewOpen] = useState(false);
  // on a phone the session actions and the theme fold behind one button, so the header keeps to one row
  const narrow = useNarrow();
  const [moreOpen, setMoreOpen] = useState(false);
  const folded = narrow && !moreOpen;
  const [share, setShare] = useState<string | null>(null);
  const doShare = async () => {
    const { shareUrl } = await import('./share');
    const url = shareUrl(location.href, exportText(), useStore.getState().cursor);
    setShare(url);
    void navigator.clipboard?.writeText(url).catch(() => undefined);
  };
  const file = useRef<HTMLInputElement>(null);
  const doExport = () => {
    const blob = new Blob([exportText()], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${scenario?.id ?? 'scenario'}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const doImport = async (f: File | undefined) => {
    if (!f) return;
    const body = await f.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      addError({ kind: 'import', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    await loadScenario(json);
    if (file.current) file.current.value = '';
  };
  const title = text(scenario?.title, prefs.lang);
  return (
    <header className={`header${folded ? ' folded' : ''}`}>
      <h1>{t('appTitle')}</h1>
      <LiveBadge />
      <span className="scenario-title" title={text(scenario?.description, prefs.lang) || scenario?.id}>
        {title || t('tagline')}
      </span>
      {controls === 'full' && (
        <span className="buttons session-buttons" id="header-more">
          <Examples />
          <button type="button" title={t('newClusterTitle')} onClick={() => setNewOpen(!newOpen)} aria-expanded={newOpen}>
            {t('newCluster')}
          </button>
          <button type="button" title={t('resetTitle')} onClick={reset}>
            {t('reset')}
          </button>
          <button type="button" title={t('exportTitle')} onClick={doExport} disabled={!scenario}>
            {t('exportJson')}
          </button>
          <button type="button" title={t('importTitle')} onClick={() => file.current?.click()}>
            {t('importJson')}
          </button>
          <button type="button" title={t('shareTitle')} onClick={() => void doShare()} disabled={!scenario}>
            {t('share')}
          </button>
          <InspectButton />
          <SessionsButton />
          <input ref={file} type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={(e) => void doImport(e.target.files?.[0])} />
        </span>
      )}
      {controls === 'full' && <LessonButtons />}
      {narrow && (
        <button
          type="button"
          className="more-toggle"
          aria-expanded={moreOpen}
          aria-controls="header-more"
          onClick={() => setMoreOpen(!moreOpen)}
          data-testid="header-more"
        >
          {moreOpen ? '✕' : '☰'} {t('headerMore')}
        </button>
      )}
      <span className="prefs">
        <label>
          {t('language')}{' '}
          <select value={prefs.lang} onChange={(e) => setPrefs({ lang: e.target.value as Lang })} data-testid="lang">
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        <label className="theme-pref">
          {t('theme')}{' '}
          <select value={prefs.theme} onChange={(e) => setPrefs({ theme: e.target.value as Theme })}>
            <option value="system">{t('themeSystem')}</option>
            <option value="light">{t('themeLight')}</option>
            <option value="dark">{t('themeDark')}</option>
          </select>
        </label>
      </span>
      {newOpen && <NewClusterForm onDone={() => setNewOpen(false)} />}
      {share && (
        <div className="popover share" role="dialog" aria-label={t('share')}>
          <label>
            {t('shareLink')} <input readOnly value={share} data-testid="share-url" onFocus={(e) => e.target.select()} size={40} />
          </label>
          <button type="button" onClick={() => setShare(null)}>
            {t('errorDismiss')}
          </button>
        </div>
      )}
    </header>
  );
}
