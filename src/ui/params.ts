// URL parameters of embed-api.md: scenario, lang, step, autoplay, speed, controls, views, theme.
import type { Lang } from '../scenario/types';
import { detectLang } from './i18n';
import { builtinDir } from './lessons/catalog';
import { ALL_VIEWS, type ControlsMode, type Theme, type UiError, type ViewName } from './store';

export interface Params {
  scenario: string | null;
  lang: Lang;
  step: number | null;
  autoplay: boolean;
  speed: number;
  controls: ControlsMode;
  views: ViewName[];
  theme: Theme;
  errors: UiError[];
}

const bad = (name: string, value: string, allowed: string): UiError => ({ kind: 'param', name, code: 'paramBadValue', value, allowed });

export function parseParams(search: string, navLang?: string, defaultControls: ControlsMode = 'full'): Params {
  const q = new URLSearchParams(search);
  const errors: UiError[] = [];
  const out: Params = {
    scenario: q.get('scenario'), lang: detectLang(navLang), step: null, autoplay: false, speed: 1,
    controls: defaultControls, views: ALL_VIEWS, theme: 'system', errors,
  };
  const lang = q.get('lang');
  if (lang !== null) { if (lang === 'en' || lang === 'zh') out.lang = lang; else errors.push(bad('lang', lang, 'en, zh')); }
  const step = q.get('step');
  if (step !== null) {
    const n = Number(step);
    if (step.trim() !== '' && Number.isInteger(n) && n >= 0) out.step = n;
    else errors.push({ kind: 'param', name: 'step', code: 'paramBadNumber', value: step });
  }
  const autoplay = q.get('autoplay');
  if (autoplay !== null) { if (autoplay === '1' || autoplay === '0') out.autoplay = autoplay === '1'; else errors.push(bad('autoplay', autoplay, '0, 1')); }
  const speed = q.get('speed');
  if (speed !== null) {
    const n = Number(speed);
    if (speed.trim() !== '' && Number.isFinite(n) && n >= 0.25 && n <= 16) out.speed = n;
    else errors.push(bad('speed', speed, '0.25 … 16'));
  }
  const controls = q.get('controls');
  if (controls !== null) { if (controls === 'full' || controls === 'player' || controls === 'none') out.controls = controls; else errors.push(bad('controls', controls, 'full, player, none')); }
  const views = q.get('views');
  if (views !== null) {
    const list = views.split(',').map((v) => v.trim()).filter(Boolean);
    const unknown = list.filter((v) => !(ALL_VIEWS as string[]).includes(v));
    if (unknown.length || list.length === 0) errors.push(bad('views', unknown.join(',') || views, ALL_VIEWS.join(', ')));
    // the offset lookup was part of the partition log: `log` still brings it
    else out.views = (list.includes('log') && !list.includes('lookup') ? [...list, 'lookup'] : list) as ViewName[];
  }
  const theme = q.get('theme');
  if (theme !== null) { if (theme === 'light' || theme === 'dark') out.theme = theme; else errors.push(bad('theme', theme, 'light, dark')); }
  return out;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Fetches the scenario a `scenario` parameter names: a built-in id or a URL. */
export async function fetchScenario(value: string, base: string, fetchFn: typeof fetch = fetch): Promise<{ ok: true; json: unknown } | { ok: false; error: UiError }> {
  const builtin = ID.test(value);
  let url: string;
  // a built-in id names a guided lesson (lessons/) when lessons/index.json lists it, else a scenario (scenarios/)
  try { url = builtin ? new URL(`${await builtinDir(value, base, fetchFn)}/${value}.json`, base).href : new URL(value, base).href; } catch {
    return { ok: false, error: { kind: 'param', name: 'scenario', code: 'paramFetchFailed', value } };
  }
  let body: string;
  try {
    const res = await fetchFn(url);
    if (!res.ok) return { ok: false, error: { kind: 'param', name: 'scenario', code: builtin ? 'paramUnknownScenario' : 'paramFetchFailed', value } };
    body = await res.text();
  } catch {
    return { ok: false, error: { kind: 'param', name: 'scenario', code: builtin ? 'paramUnknownScenario' : 'paramFetchFailed', value } };
  }
  try { return { ok: true, json: JSON.parse(body) }; } catch {
    // vite's dev server answers unknown paths with index.html
    return { ok: false, error: { kind: 'param', name: 'scenario', code: builtin && body.trimStart().startsWith('<') ? 'paramUnknownScenario' : 'paramBadJson', value } };
  }
}
