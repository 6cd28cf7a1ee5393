// Figures measured in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createServer } from 'vite';
import { launchChromium } from '../test/browser/chromium';

const ROOT = join(import.meta.dirname, '..');

export async function launch(): Promise<BrowserContext> {
  return launchChromium(mkdtempSync(join(tmpdir(), 'ka-bench-')));
}

/** storage.idbAppendVsRawPut: our persisted append throughput / raw IndexedDB puts of the same bytes. */
export async function idbAppendVsRawPut(): Promise<number> {
  const server = await createServer({ root: ROOT, server: { port: 0 }, logLevel: 'error' });
  await server.listen();
  const ctx = await launch();
  try {
    const addr = server.httpServer!.address() as { port: number };
    const page = await ctx.newPage();
    await page.goto(`http://localhost:${addr.port}/bench/browser/idb.html`);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 120000 });
    const r = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as { ratio?: number; error?: string };
    if (r.error) throw new Error(r.error);
    return Math.round(r.ratio! * 100) / 100;
  } finally {
    await ctx.close();
    await server.close();
  }
}
