// The page: header, controls, the lesson panel, the views (laid out from views/registry.ts), the timeline.
// The stage (<main>) carries data-view: the view in focus (focus.ts).
import { startTransition, Suspense, useCallback, useDeferredValue, useEffect, useState } from 'react';
import { Controls } from './Controls';
import { Drawer, DrawerButtons, type DrawerName, useNarrow } from './Drawers';
import { ErrorBoundary, Errors } from './Errors';
import { Notices } from './sessions/Notices';
import { useFocusSync } from './focus';
import { Header } from './Header';
import { StageHints } from './Hints';
import { LessonPanel } from './lessons/LessonPanel';
import { narrated } from './lessons/predict';
import { useT } from './i18n';
import { useStore, type ViewName } from './store';
import { Timeline, usePlayer, useTimelineKeys } from './Timeline';
import { preloadViews, type ViewDef, viewsIn } from './views/registry';
import { Announcer } from './views/EventLog';
import './layout.css';

function useDocumentPrefs(): void {
  const theme = useStore((s) => s.prefs.theme);
  const lang = useStore((s) => s.prefs.lang);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    root.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [theme, lang]);
}

/** One view where it sits; `data-view-root` is what focus scrolls into sight. */
function Slot({ def, focused }: { def: ViewDef; focused: boolean }) {
  const t = useT();
  const C = def.Component;
  return (
    <div className={`view-slot slot-${def.slot}`} data-view-root={def.name} data-focused={focused || undefined}>
      <ErrorBoundary>
        {/* a view outside the start-up code shows this while its code loads */}
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('loading')}
            </p>
          }
        >
          <C />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

function Tabs({ views }: { views: ViewName[] }) {
  const t = useT();
  const tab = useStore((s) => s.tab);
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const tabs = viewsIn('tabs', views);
  if (tabs.length === 0) return null;
  const cur = tabs.find((d) => d.name === tab) ?? tabs[0];
  return (
    <div className="tabs">
      <div role="tablist" aria-label={t('views')}>
        {tabs.map((d) => (
          <button
            key={d.name}
            type="button"
            role="tab"
            id={`tab-${d.name}`}
            aria-selected={d === cur}
            aria-controls={`panel-${d.name}`}
            onClick={() => setView(d.name, true)}
          >
            {t(d.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${cur.name}`} aria-labelledby={`tab-${cur.name}`} className="tabpanel" tabIndex={0}>
        {/* keyed: a view whose code still loads shows its own fallback, never the previous tab hidden */}
        <Slot key={cur.name} def={cur} focused={view === cur.name} />
      </div>
    </div>
  );
}

/** The player's clock lives in its own component, so a cursor move does not re-render the whole page. */
function Player() {
  usePlayer();
  return null;
}

/** Keeps the stage on what the narration points at. */
function Focus() {
  useFocusSync();
  return null;
}

/**
 * False until the frame after the page's first: the panels around the stage (the controls, the event log) are
 * mounted then, so that the first state's commit, style and layout are two frames of about half the page each (in
 * one, a lesson's opening made a 50-90 ms task on a 2-core machine with another process busy).
 */
function useAfterFirstFrame(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setAfter(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}

export function App() {
  const t = useT();
  // the first state mounts the whole page: deferred, React renders that in slices between which the page stays
  // responsive (a store update is otherwise rendered in one piece)
  const ready = useDeferredValue(useStore((s) => s.ready));
  const controls = useStore((s) => s.controls);
  const views = useStore((s) => s.views);
  const view = useStore((s) => s.view);
  const asking = useStore((s) => narrated(s).asking !== null);
  const narrow = useNarrow();
  const panels = useAfterFirstFrame(ready);
  const [drawer, setDrawer] = useState<DrawerName | null>(null);
  const close = useCallback(() => setDrawer(null), []);
  useTimelineKeys();
  useDocumentPrefs();
  useEffect(() => {
    // the other views' code, once the first state is drawn (a failure shows when the view is opened)
    if (ready) preloadViews().catch(() => undefined);
  }, [ready]);
  const side = viewsIn('side', views);
  const stage = (
    <div className="center">
      <StageHints />
      {viewsIn('stage', views).map((d) => (
        <Slot key={d.name} def={d} focused={view === d.name} />
      ))}
      <Tabs views={views} />
    </div>
  );
  const drawers: DrawerName[] = [...(controls === 'full' ? ['controls' as const] : []), ...(side.length ? ['events' as const] : [])];
  return (
    <div className={`app controls-${controls}${narrow ? ' narrow' : ''}`}>
      <a
        className="skip-link"
        href="#stage"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('stage')?.focus();
        }}
      >
        {t('skipToStage')}
      </a>
      <Player />
      <Focus />
      <Header />
      <Errors />
      <Announcer />
      {!ready ? (
        <p className="loading" role="status">
          {t('loading')}
        </p>
      ) : narrow ? (
        // one column: the narration stays on top near the stage; the controls and the event log are drawers
        <main className="main" id="stage" tabIndex={-1} data-testid="stage" data-view={view} data-asking={asking || undefined}>
          <div className="narrow-top">
            <DrawerButtons names={drawers} open={drawer} onOpen={setDrawer} />
            <ErrorBoundary>
              <LessonPanel />
            </ErrorBoundary>
          </div>
          {stage}
          {panels && controls === 'full' && (
            <Drawer name="controls" open={drawer === 'controls'} onClose={close}>
              <ErrorBoundary>
                <Controls />
              </ErrorBoundary>
            </Drawer>
          )}
          {panels && side.length > 0 && (
            <Drawer name="events" open={drawer === 'events'} onClose={close}>
              {side.map((d) => (
                <Slot key={d.name} def={d} focused={view === d.name} />
              ))}
            </Drawer>
          )}
        </main>
      ) : (
        <main className="main" id="stage" tabIndex={-1} data-testid="stage" data-view={view} data-asking={asking || undefined}>
          {/* before the controls come, an empty box holds their column */}
          {controls === 'full' &&
            (panels ? (
              <ErrorBoundary>
                <Controls />
              </ErrorBoundary>
            ) : (
              <div className="controls" />
            ))}
          {stage}
          {/* the narration beside the picture, so that the stage keeps the whole height */}
          <aside className="side">
            <ErrorBoundary>
              <LessonPanel />
            </ErrorBoundary>
            {/* an empty box meanwhile, so that the column is there (the side is hidden when empty) */}
            {panels ? side.map((d) => <Slot key={d.name} def={d} focused={view === d.name} />) : side.length > 0 && <div className="view-slot slot-side" />}
          </aside>
        </main>
      )}
      {controls !== 'none' && <Timeline />}
      <Notices />
    </div>
  );
}
