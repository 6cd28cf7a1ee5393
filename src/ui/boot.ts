// Start-up: URL parameters and saved preferences into the store, the worker, the first scenario.
import { emptyCluster } from '../scenario/json';
import { scenarioName, seekStep } from './actions';
import type { EngineClient } from './client';
import { fetchScenario, parseParams, spaceOf } from './params';
import { useStore, type Prefs } from './store';

const PREFS_KEY = 'kafka-anatomy-prefs';

function savedPrefs(): Partial<Prefs> {
  try {
    return JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Partial<Prefs>;
  } catch {
    return {};
  }
}

/** The `step` parameter when the scenario has that many steps; past the end, an error naming the count and 0. */
function stepWithin(step: number | null, scenario: unknown): number {
  const steps = (scenario as { steps?: unknown } | null)?.steps;
  const total = Array.isArray(steps) ? steps.length : 0;
  if (step === null) return 0;
  if (step <= total) return step;
  useStore.getState().addError({ kind: 'text', key: 'stepParamPastEnd', params: { step, steps: total } });
  return 0;
}

const nameOf = (json: unknown): { name?: string } => {
  const name = scenarioName(json);
  return name ? { name } : {};
};

export async function boot(client: EngineClient, search: string, base: string, defaultControls: 'full' | 'player' = 'full'): Promise<void> {
  const q = new URLSearchParams(search);
  const p = parseParams(search, navigator.language, defaultControls);
  const st = useStore.getState();
  const saved = savedPrefs();
  const motion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const reduced = motion?.matches ?? false;
  motion?.addEventListener?.('change', (e) => useStore.getState().setPrefs({ reducedMotion: e.matches }));
  st.setPrefs({
    lang: q.has('lang') && p.lang ? p.lang : (saved.lang ?? p.lang),
    theme: q.has('theme') ? p.theme : (saved.theme ?? p.theme),
    speed: q.has('speed') ? p.speed : (saved.speed ?? p.speed),
    reducedMotion: reduced,
    showNet: saved.showNet ?? false,
    showRunner: saved.showRunner ?? false,
  });
  st.setLayout(p.controls, p.views);
  p.errors.forEach((e) => st.addError(e));
  useStore.subscribe((s, prev) => {
    if (s.prefs === prev.prefs) return;
    const { lang, theme, speed, showNet, showRunner } = s.prefs;
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify({ lang, theme, speed, showNet, showRunner }));
    } catch {
      /* storage unavailable */
    }
  });

  // where this page's clusters are saved: the app's own space, or a link's or a frame's (embed contract v1.1)
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const framed = typeof window !== 'undefined' && window.parent !== window;
  const from = hash.get('from') ?? (framed ? document.referrer : '');
  if (hash.has('from')) {
    hash.delete('from');
    history.replaceState(null, '', location.pathname + location.search + (hash.size ? `#${hash}` : ''));
  }
  const shareText = hash.get('s');
  const space = spaceOf(search, framed, framed ? from : location.pathname, shareText);
  const fallback = emptyCluster();
  let opened = false;
  const shared = shareText ? (await import('./share')).decodeShare(`#s=${shareText}&at=${hash.get('at') ?? ''}`) : null;
  if (shared instanceof Error) st.addError({ kind: 'param', name: '#s', code: 'paramBadJson', value: '#s' });
  else if (shared) {
    const r = await client.request({
      type: 'restore',
      space,
      fallback,
      scenario: shared.scenario,
      ...(shared.cursor !== null ? { cursor: shared.cursor } : {}),
      ...nameOf(shared.scenario),
    });
    opened = r.type === 'state';
    history.replaceState(null, '', location.pathname + location.search);
  }
  if (!opened && p.scenario) {
    const res = await fetchScenario(p.scenario, base);
    if (res.ok) {
      const r = await client.request({ type: 'restore', space, fallback, scenario: res.json, step: stepWithin(p.step, res.json), ...nameOf(res.json) });
      opened = r.type === 'state';
    } else st.addError(res.error);
  }
  if (!opened) {
    // no scenario, or a bad one: this space's own cluster, else the empty one (never another space's)
    const r = await client.request({ type: 'restore', space, fallback });
    if (p.step !== null && !p.scenario && r.type === 'state') seekStep(stepWithin(p.step, r.scenario));
  }
  if (p.autoplay) useStore.getState().setPlaying(true);
}
