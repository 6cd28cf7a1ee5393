// Start-up: URL parameters and saved preferences into the store, the worker, the first scenario.
import { emptyCluster } from '../worker/host';
import { type FramePlace, frameScope } from '../worker/scope';
import { loadScenario, seek, seekStep } from './actions';
import type { EngineClient } from './client';
import { fetchScenario, parseParams } from './params';
import { useStore, type Prefs } from './store';

const PREFS_KEY = 'kafka-anatomy-prefs';

function savedPrefs(): Partial<Prefs> {
  try { return JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Partial<Prefs>; } catch { return {}; }
}

/** Where this page runs: in a frame, as embed.html, and the page that embeds it. */
function framePlace(): FramePlace {
  let framed: boolean;
  try { framed = window.self !== window.top; } catch { framed = true; }
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  return {
    framed, embedPage: document.body?.dataset.page === 'embed',
    host: document.referrer || (ancestors && ancestors.length ? ancestors[0] : ''),
    pathname: location.pathname, search: location.search,
  };
}

export async function boot(client: EngineClient, search: string, base: string, defaultControls: 'full' | 'player' = 'full'): Promise<void> {
  const q = new URLSearchParams(search);
  const p = parseParams(search, navigator.language, defaultControls);
  const st = useStore.getState();
  const saved = savedPrefs();
  const motion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const reduced = motion?.matches ?? false;
  motion?.addEventListener?.('change', (e) => useStore.getState().setPrefs({ reducedMotion: e.matches }));
  st.setPrefs({
    lang: q.has('lang') && p.lang ? p.lang : saved.lang ?? p.lang,
    theme: q.has('theme') ? p.theme : saved.theme ?? p.theme,
    speed: q.has('speed') ? p.speed : saved.speed ?? p.speed,
    reducedMotion: reduced,
    showNet: saved.showNet ?? false,
    showRunner: saved.showRunner ?? false,
  });
  st.setLayout(p.controls, p.views);
  p.errors.forEach((e) => st.addError(e));
  useStore.subscribe((s, prev) => {
    if (s.prefs === prev.prefs) return;
    const { lang, theme, speed, showNet, showRunner } = s.prefs;
    try { localStorage.setItem(PREFS_KEY, JSON.stringify({ lang, theme, speed, showNet, showRunner })); } catch { /* storage unavailable */ }
  });

  let loaded = false;
  const shared = /[#&]s=/.test(location.hash) ? (await import('./share')).decodeShare(location.hash) : null;
  if (shared instanceof Error) st.addError({ kind: 'param', name: '#s', code: 'paramBadJson', value: '#s' });
  else if (shared) {
    loaded = await loadScenario(shared.scenario, 0, true, false);
    if (loaded && shared.cursor !== null) seek(shared.cursor);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const scope = frameScope(framePlace());
  if (!loaded && scope) {
    // a frame keeps to itself (embed contract v1.1): its own saved session, or its scenario, or the empty cluster
    const res = p.scenario ? await fetchScenario(p.scenario, base) : null;
    if (res && !res.ok) st.addError(res.error);
    if (res?.ok) loaded = (await client.request({ type: 'restore', scope, fallback: res.json, step: p.step ?? 0 })).type === 'state';
    if (!loaded) await client.request({ type: 'restore', scope, fallback: emptyCluster() });
    loaded = true;
  }
  if (!loaded && p.scenario) {
    const res = await fetchScenario(p.scenario, base);
    if (res.ok) loaded = await loadScenario(res.json, p.step ?? 0, true, false);
    else st.addError(res.error);
  }
  if (!loaded) {
    await client.request({ type: 'restore', fallback: emptyCluster() });
    if (p.step !== null && !p.scenario) seekStep(p.step);
  }
  if (p.autoplay) useStore.getState().setPlaying(true);
}
