// The page: header, controls, the views, the event log, the timeline.
import { useEffect, useState } from 'react';
import { Controls } from './Controls';
import { ErrorBoundary, Errors } from './Errors';
import { Notices } from './sessions/Notices';
import { Header } from './Header';
import { LessonPanel } from './lessons/LessonPanel';
import { useT } from './i18n';
import { useStore, type ViewName } from './store';
import { Timeline, usePlayer, useTimelineKeys } from './Timeline';
import { ClusterView } from './views/ClusterView';
import { EventLog } from './views/EventLog';
import { PartitionLog } from './views/PartitionLog';
import { Compare } from './views/Compare';
import { Groups } from './views/Groups';
import { Placement } from './views/Placement';

function useDocumentPrefs(): void {
  const theme = useStore((s) => s.prefs.theme);
  const lang = useStore((s) => s.prefs.lang);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', theme);
    root.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [theme, lang]);
}

function Tabs({ views }: { views: ViewName[] }) {
  const t = useT();
  type Tab = 'log' | 'placement' | 'groups' | 'compare';
  const tabs = views.filter((v): v is Tab => v === 'log' || v === 'placement' || v === 'groups' || v === 'compare');
  const [active, setActive] = useState<Tab>(tabs[0] ?? 'log');
  if (tabs.length === 0) return null;
  const cur = tabs.includes(active) ? active : tabs[0];
  const label = (v: ViewName) => (v === 'log' ? t('viewLog') : v === 'groups' ? t('viewGroups') : v === 'compare' ? t('viewCompare') : t('viewPlacement'));
  return (
    <div className="tabs">
      <div role="tablist" aria-label={t('views')}>
        {tabs.map((v) => (
          <button key={v} type="button" role="tab" id={`tab-${v}`} aria-selected={v === cur} aria-controls={`panel-${v}`} onClick={() => setActive(v)}>{label(v)}</button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${cur}`} aria-labelledby={`tab-${cur}`} className="tabpanel">
        <ErrorBoundary>{cur === 'log' ? <PartitionLog /> : cur === 'groups' ? <Groups /> : cur === 'compare' ? <Compare /> : <Placement />}</ErrorBoundary>
      </div>
    </div>
  );
}

/** The player's clock lives in its own component, so a cursor move does not re-render the whole page. */
function Player() {
  usePlayer();
  return null;
}

export function App() {
  const t = useT();
  const ready = useStore((s) => s.ready);
  const controls = useStore((s) => s.controls);
  const views = useStore((s) => s.views);
  useTimelineKeys();
  useDocumentPrefs();
  return (
    <div className={`app controls-${controls}`}>
      <Player />
      <Header />
      <Errors />
      {!ready ? <p className="loading" role="status">{t('loading')}</p> : (
        <main className="main">
          {controls === 'full' && <ErrorBoundary><Controls /></ErrorBoundary>}
          <div className="center">
            <ErrorBoundary><LessonPanel /></ErrorBoundary>
            {views.includes('cluster') && <ErrorBoundary><ClusterView /></ErrorBoundary>}
            <Tabs views={views} />
          </div>
          {views.includes('events') && <ErrorBoundary><EventLog /></ErrorBoundary>}
        </main>
      )}
      {controls !== 'none' && <Timeline />}
      <Notices />
    </div>
  );
}
