// Storage checks in real Chromium: a log written through UnifiedLog + saveDisks into IndexedDB comes back byte
// for byte after a page reload (with the same lookup and the same power-loss outcome); a save over the quota
// is a clear QUOTA_EXCEEDED with nothing half-written; damaged saved data is refused naming the key.
// baseUrl must be a Vite dev server rooted at the project (the page imports TypeScript sources).
import { isDeepStrictEqual } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const CLUSTER = 'browser-check';
type Api = Record<'write' | 'read' | 'overQuota' | 'invalid', (cluster: string) => Promise<any>>;

async function open(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  if (!res?.ok()) throw new Error(`${url}: HTTP ${res?.status()}; the checks need a Vite dev server rooted at the project (it compiles storagePage.ts)`);
  await page.waitForFunction(() => (window as unknown as { __storage?: unknown }).__storage !== undefined, undefined, { timeout: 30000 });
}

function call(page: Page, step: keyof Api): Promise<any> {
  return page.evaluate(([s, c]) => (window as unknown as { __storage: Api }).__storage[s as keyof Api](c), [step, CLUSTER] as const);
}

/** Where two JSON-like values first differ (a short path), for a failure's detail. */
function firstDiff(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
}

export async function storageBrowserChecks(baseUrl: string, ctx: BrowserContext): Promise<Check[]> {
  const results: Check[] = [];
  const check = async (name: string, fn: () => Promise<string | null>) => {
    try {
      const problem = await fn();
      results.push(problem ? { name, ok: false, detail: problem } : { name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: e instanceof Error ? e.message.split('\n').slice(0, 4).join(' ') : String(e) });
    }
  };
  const url = new URL('test/browser/storage.html', baseUrl).href;
  const page = await ctx.newPage();
  // A 2 MiB quota for the origin (the log written below is far smaller); Chromium applies an override only
  // before the origin first uses IndexedDB in this browser, so it is set before the page opens.
  const origin = new URL(baseUrl).origin;
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2 * 1024 * 1024 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    let written: any = null;
    let read: any = null;
    await check('storage: a log saved to IndexedDB comes back byte for byte after a page reload', async () => {
      await open(page, url);
      written = await call(page, 'write');
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __storage?: unknown }).__storage !== undefined, undefined, { timeout: 30000 });
      read = await call(page, 'read');
      if (read.error) return read.error;
      const files = Object.keys(written.state.files);
      if (files.length < 6) return `expected several segments, got files ${files.join(', ')}`;
      return firstDiff(written.state, read.state) || null;
    });
    await check('storage: after the reload the records and an offset lookup are the same', async () => {
      if (!read?.log) return 'nothing was read back';
      if (read.log.values.length !== 300 || read.log.values[123] !== 'value-123') return `read ${read.log.values.length} records`;
      if (read.log.lookup.position === null) return `lookup of offset 123 failed: ${JSON.stringify(read.log.lookup)}`;
      return firstDiff(written.log, read.log) || null;
    });
    await check('storage: a power loss after the reload loses exactly what it would have lost before it', async () => {
      if (!read?.lost) return 'nothing was read back';
      const end = read.lost.log.end;
      if (!(end >= 201 && end < 300)) return `after the power loss the log ends at ${end}; expected the flushed 201 records and not all 300`;
      return firstDiff(written.lost, read.lost) || null;
    });
    await check('storage: a save over the quota is QUOTA_EXCEEDED and leaves the saved cluster as it was', async () => {
      const q = await call(page, 'overQuota');
      if (q.err?.code !== 'QUOTA_EXCEEDED') return `expected QUOTA_EXCEEDED, got ${JSON.stringify(q.err)}`;
      if (!/quota/i.test(q.err.message)) return `unclear message: ${q.err.message}`;
      return q.unchanged ? null : `the store changed (${q.keys} keys)`;
    });
    await check('storage: damaged saved data is refused with an error naming the key', async () => {
      const r = await call(page, 'invalid');
      if (!r.error) return 'loadDisks accepted a damaged metadata record';
      return r.error.includes(r.meta) ? null : `error does not name ${r.meta}: ${r.error}`;
    });
    if (errors.length) results.push({ name: 'storage: no page errors', ok: false, detail: errors.join('; ') });
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
  return results;
}
