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
    scenario: q.get('scenario'),
    lang: detectLang(navLang),
    step: null,
    autoplay: false,
    speed: 1,
    controls: defaultControls,
    views: ALL_VIEWS,
    theme: 'system',
    errors,
  };
  const lang = q.get('lang');
  if (lang !== null) {
    if (lang === 'en' || lang === 'zh') out.lang = lang;
    else errors.push(bad('lang', lang, 'en, zh'));
  }
  const step = q.get('step');
  if (step !== null) {
    const n = Number(step);
    if (step.trim() !== '' && Number.isInteger(n) && n >= 0) out.step = n;
    else errors.push({ kind: 'param', name: 'step', code: 'paramBadNumber', value: step });
  }
  const autoplay = q.get('autoplay');
  if (autoplay !== null) {
    if (autoplay === '1' || autoplay === '0') out.autoplay = autoplay === '1';
    else errors.push(bad('autoplay', autoplay, '0, 1'));
  }
  const speed = q.get('speed');
  if (speed !== null) {
    const n = Number(speed);
    if (speed.trim() !== '' && Number.isFinite(n) && n >= 0.25 && n <= 16) out.speed = n;
    else errors.push(bad('speed', speed, '0.25 … 16'));
  }
  const controls = q.get('controls');
  if (controls !== null) {
    if (controls === 'full' || controls === 'player' || controls === 'none') out.controls = controls;
    else errors.push(bad('controls', controls, 'full, player, none'));
  }
  const views = q.get('views');
  if (views !== null) {
    const list = views
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const unknown = list.filter((v) => !(ALL_VIEWS as string[]).includes(v));
    if (unknown.length || list.length === 0) errors.push(bad('views', unknown.join(',') || views, ALL_VIEWS.join(', ')));
    // the offset lookup was part of the partition log: `log` still brings it
    else out.views = (list.includes('log') && !list.includes('lookup') ? [...list, 'lookup'] : list) as ViewName[];
  }
  const theme = q.get('theme');
  if (theme !== null) {
    if (theme === 'light' || theme === 'dark') out.theme = theme;
    else errors.push(bad('theme', theme, 'light, dark'));
  }
  return out;
}

/** A short digest of a text (FNV-1a): long share links make short space keys. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36) + s.length.toString(36);
}

/**
 * Where a page's saved clusters live (embed contract v1.1): '' for the app opened on its own; a link (a
 * `scenario` parameter or a share link) or a frame has a space of its own, keyed by its page and parameters,
 * so it never replaces the learner's cluster, and two frames never restore each other's.
 */
export function spaceOf(search: string, framed: boolean, page: string, share: string | null): string {
  const q = new URLSearchParams(search);
  if (!framed && !q.has('scenario') && !share) return '';
  const params = new URLSearchParams([...q].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))).toString();
  return `${framed ? 'frame' : 'link'} ${page}?${params}${share ? `#s${shortHash(share)}` : ''}`;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A scenario URL that does not answer within this time is an error (issue 15: no endless "Starting…"). */
export const SCENARIO_TIMEOUT_MS = 10_000;
/** The largest scenario file read from a URL (the biggest lesson is ~12 KB). */
export const SCENARIO_MAX_BYTES = 4 * 1024 * 1024;

type Fetched = { ok: true; body: string } | { ok: false; error: UiError };

/** Reads a response's text, stopping (and failing) past `max` bytes. */
async function readCapped(res: Response, max: number): Promise<string | null> {
  const declared = Number(res.headers?.get?.('content-length') ?? NaN);
  if (declared > max) return null;
  const reader = res.body?.getReader?.();
  if (!reader) {
    const t = await res.text();
    return t.length > max ? null : t;
  }
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      void reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const all = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(all);
}

/** Fetches a scenario's text with a time limit and a size cap; the error names the HTTP status or the reason. */
async function fetchCapped(url: string, value: string, builtin: boolean, fetchFn: typeof fetch, timeoutMs: number): Promise<Fetched> {
  const ctl = typeof AbortController !== 'undefined' ? new AbortController() : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Fetched>((resolve) => {
    timer = setTimeout(() => {
      ctl?.abort();
      resolve({ ok: false, error: { kind: 'text', key: 'scenarioTimeout', params: { value, seconds: Math.ceil(timeoutMs / 1000) } } });
    }, timeoutMs);
  });
  const read = (async (): Promise<Fetched> => {
    try {
      const res = await fetchFn(url, ctl ? { signal: ctl.signal } : undefined);
      if (!res.ok) {
        if (builtin && (res.status === 404 || res.status === undefined))
          return { ok: false, error: { kind: 'param', name: 'scenario', code: 'paramUnknownScenario', value } };
        return {
          ok: false,
          error: { kind: 'text', key: 'scenarioHttp', params: { value, status: `${res.status ?? '?'}${res.statusText ? ` ${res.statusText}` : ''}` } },
        };
      }
      const body = await readCapped(res, SCENARIO_MAX_BYTES);
      if (body === null) return { ok: false, error: { kind: 'text', key: 'scenarioTooLarge', params: { value, max: SCENARIO_MAX_BYTES / 1024 / 1024 } } };
      return { ok: true, body };
    } catch (e) {
      if (builtin) return { ok: false, error: { kind: 'param', name: 'scenario', code: 'paramUnknownScenario', value } };
      return { ok: false, error: { kind: 'text', key: 'scenarioNetwork', params: { value, reason: e instanceof Error ? e.message : String(e) } } };
    }
  })();
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fetches the scenario a `scenario` parameter names: a built-in id or a URL (within 10 s and 4 MB). */
export async function fetchScenario(
  value: string,
  base: string,
  fetchFn: typeof fetch = fetch,
  timeoutMs = SCENARIO_TIMEOUT_MS,
): Promise<{ ok: true; json: unknown } | { ok: false; error: UiError }> {
  const builtin = ID.test(value);
  let url: string;
  // a built-in id names a guided lesson (lessons/) when lessons/index.json lists it, else a scenario (scenarios/)
  try {
    url = builtin ? new URL(`${await builtinDir(value, base, fetchFn)}/${value}.json`, base).href : new URL(value, base).href;
  } catch {
    return { ok: false, error: { kind: 'param', name: 'scenario', code: 'paramFetchFailed', value } };
  }
  const got = await fetchCapped(url, value, builtin, fetchFn, timeoutMs);
  if (!got.ok) return got;
  const body = got.body;
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch {
    // vite's dev server answers unknown paths with index.html
    return {
      ok: false,
      error: { kind: 'param', name: 'scenario', code: builtin && body.trimStart().startsWith('<') ? 'paramUnknownScenario' : 'paramBadJson', value },
    };
  }
}
