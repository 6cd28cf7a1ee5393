// The lesson catalogue: public/lessons/index.json, fetched by a relative URL so the app works under any
// sub-path, checked entry by entry (a bad entry is skipped, never rendered as HTML), and cached.
import type { Text } from '../../scenario/types';

export interface LessonEntry {
  id: string;
  group: string;
  minutes: number;
  title: Text;
  summary: Text;
}

export const LESSONS_DIR = 'lessons';
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const isText = (v: unknown): v is Text =>
  typeof v === 'string' || (typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string'));

/** The well-formed entries of an index.json body; anything else is dropped. */
export function parseIndex(json: unknown): LessonEntry[] {
  if (!Array.isArray(json)) return [];
  const out: LessonEntry[] = [];
  const seen = new Set<string>();
  for (const e of json as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const o = e as Record<string, unknown>;
    if (typeof o.id !== 'string' || !ID.test(o.id) || seen.has(o.id)) continue;
    seen.add(o.id);
    out.push({
      id: o.id,
      group: typeof o.group === 'string' ? o.group : 'other',
      minutes: typeof o.minutes === 'number' && Number.isFinite(o.minutes) && o.minutes > 0 ? Math.round(o.minutes) : 0,
      title: isText(o.title) ? o.title : o.id,
      summary: isText(o.summary) ? o.summary : '',
    });
  }
  return out;
}

/** Groups in the order they first appear in the index, lessons in index order. */
export function groupLessons(entries: LessonEntry[]): { group: string; lessons: LessonEntry[] }[] {
  const groups = new Map<string, LessonEntry[]>();
  for (const e of entries) {
    const g = groups.get(e.group) ?? [];
    g.push(e);
    groups.set(e.group, g);
  }
  return [...groups].map(([group, lessons]) => ({ group, lessons }));
}

type Fetch = typeof fetch;
const cache = new WeakMap<Fetch, Map<string, Promise<LessonEntry[]>>>();

/** The lessons listed in `lessons/index.json` next to `base` (the page's URL); cached per URL. Rejects on failure. */
export function loadLessonIndex(base: string = location.href, fetchFn: Fetch = fetch): Promise<LessonEntry[]> {
  return loadIndex(LESSONS_DIR, base, fetchFn);
}

/** The entries of `<dir>/index.json` (lessons or scenarios) next to `base`; cached per URL. Rejects on failure. */
export function loadIndex(dir: string, base: string = location.href, fetchFn: Fetch = fetch): Promise<LessonEntry[]> {
  const url = new URL(`${dir}/index.json`, base).href;
  let byUrl = cache.get(fetchFn);
  if (!byUrl) {
    byUrl = new Map();
    cache.set(fetchFn, byUrl);
  }
  const hit = byUrl.get(url);
  if (hit) return hit;
  const p = (async () => {
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return parseIndex(JSON.parse(await res.text()) as unknown);
  })();
  byUrl.set(url, p);
  p.catch(() => byUrl.delete(url)); // a failure is retried next time
  return p;
}

/** For params.ts: the folder a built-in id is read from: `lessons` when index.json lists it, else `scenarios`. Never throws. */
export async function builtinDir(id: string, base: string, fetchFn: Fetch = fetch): Promise<string> {
  try {
    const list = await loadLessonIndex(base, fetchFn);
    return list.some((e) => e.id === id) ? LESSONS_DIR : 'scenarios';
  } catch {
    return 'scenarios';
  }
}

/** Fetches `lessons/<id>.json` and parses it (the worker validates it as a scenario). */
export async function fetchLesson(id: string, base: string = location.href, fetchFn: Fetch = fetch): Promise<unknown> {
  if (!ID.test(id)) throw new Error(`bad id ${id}`);
  const res = await fetchFn(new URL(`${LESSONS_DIR}/${id}.json`, base).href);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return JSON.parse(await res.text()) as unknown;
}
