// Fetches the entry chunk starts before the app's code has even loaded: the lesson index and a built-in
// scenario named by ?scenario=, both lessons/ and scenarios/ guessed (params.ts picks the right one from the index).
// The app reads them through earlyFetch, which hands each prefetched answer out once, then fetches as usual.
const early = new Map<string, Promise<Response>>();

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/; // params.ts's built-in id

/** Starts the fetches the start-up will make (never throws; a failed prefetch is fetched again when asked). */
export function prefetchStartup(search: string, base: string): void {
  if (typeof fetch !== 'function') return;
  const get = (path: string) => {
    const url = new URL(path, base).href;
    const p = fetch(url);
    p.catch(() => early.delete(url));
    early.set(url, p);
  };
  try {
    get('lessons/index.json');
    const id = new URLSearchParams(search).get('scenario');
    if (id && ID.test(id)) get(`lessons/${id}.json`);
  } catch {
    /* only a head start */
  }
}

/** fetch, answered from a prefetch of the same URL when there is one (once; a request with options other than a signal is never prefetched). */
export const earlyFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const p = early.get(url);
  if (!p || (init && Object.keys(init).some((k) => k !== 'signal'))) return fetch(input, init);
  early.delete(url);
  return p.catch(() => fetch(input, init));
};

/** earlyFetch while prefetched answers wait, else fetch itself (a test's stub is read at each call). */
export const startupFetch = (): typeof fetch => (early.size > 0 ? earlyFetch : fetch);
