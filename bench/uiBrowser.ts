// Figures measured in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createServer } from 'vite';

const ROOT = join(import.meta.dirname, '..');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ka-bench-')), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
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

interface Served { url: string; close: () => Promise<void> }

async function serveDist(dist: string): Promise<Served> {
  const { serve } = await import('../test/browser/server');
  return serve(dist);
}

function writeBenchScenarios(dist: string): void {
  mkdirSync(join(dist, 'bench'), { recursive: true });
  // A long history: enough produce and idle fetching to pass 10,000 events.
  const steps: unknown[] = [{ do: 'createTopic', topic: 't', partitions: 3, replicationFactor: 3 }];
  for (let i = 0; i < 260; i++) steps.push({ do: 'produce', topic: 't', count: 5, acks: 'all' }, { do: 'advance', ms: 1000 });
  writeFileSync(join(dist, 'bench/history.json'), JSON.stringify({ version: 1, id: 'bench-history', brokers: 3, steps }));
  // 9 brokers, 100 partitions at RF 3, a 20-member group, then a broker fails over.
  const big: unknown[] = [{ do: 'createTopic', topic: 'orders', partitions: 100, replicationFactor: 3 }];
  for (let i = 1; i <= 20; i++) big.push({ do: 'joinGroup', group: 'g', consumer: `c${String(i).padStart(2, '0')}`, topics: ['orders'] });
  big.push({ do: 'advance', ms: 5000 }, { do: 'crashBroker', broker: 1 }, { do: 'advance', ms: 20000 });
  writeFileSync(join(dist, 'bench/rebalance.json'), JSON.stringify({ version: 1, id: 'bench-rebalance', brokers: 9, config: { 'zookeeper.session.timeout.ms': 6000 }, steps: big }));
}

/** ui.firstPaintMs, ui.stepBackMs and ui.frameP95Ms on the production build. */
export async function browserBench(dist: string): Promise<Record<string, number>> {
  writeBenchScenarios(dist);
  const server = await serveDist(dist);
  const ctx = await launch();
  const out: Record<string, number> = {};
  try {
    // First paint: from navigation start to the first broker drawn in the cluster view.
    const page = await ctx.newPage();
    // tsx compiles this file with keepNames: functions sent to the page call a __name helper.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.addInitScript(() => {
      const w = window as unknown as { __drawnAt?: number };
      new MutationObserver((_, obs) => {
        if (document.querySelector('[data-testid="broker-1"]')) {
          w.__drawnAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}?fresh=${i}`);
      await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt !== undefined, undefined, { timeout: 60000 });
      samples.push(await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt));
    }
    out['ui.firstPaintMs'] = Math.round(samples.sort((a, b) => a - b)[1]);

    // Step back one event at the end of a long history.
    await page.goto(`${server.url}?scenario=bench/history.json`);
    await page.waitForSelector('[data-testid="broker-1"]');
    await page.keyboard.press('End');
    await page.waitForFunction(() => !document.querySelector('[data-testid="step-forward"]:not([disabled])'), undefined, { timeout: 120000 });
    const events = await page.evaluate(() => Number((document.querySelector('[data-testid="scrub"]') as HTMLInputElement).max));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(await page.evaluate(async () => {
        const pos = document.querySelector('[data-testid="position"]')!;
        const before = pos.textContent;
        const t0 = performance.now();
        (document.querySelector('[data-testid="step-back"]') as HTMLButtonElement).click();
        await new Promise<void>((ok) => {
          const check = () => (pos.textContent !== before ? ok() : requestAnimationFrame(check));
          check();
        });
        return performance.now() - t0;
      }));
    }
    out['ui.stepBackMs'] = Math.round(times.sort((a, b) => a - b)[2] * 10) / 10;
    out['ui.stepBackHistoryEvents'] = events;

    // Frame times while a 9-broker cluster rebalances a 20-member group and fails over a broker.
    await page.goto(`${server.url}?scenario=bench/rebalance.json&autoplay=1&speed=16`);
    await page.waitForSelector('[data-testid="broker-9"]', { timeout: 120000 });
    const frames = await page.evaluate(async () => {
      const deltas: number[] = [];
      let last = performance.now();
      const end = last + 6000;
      await new Promise<void>((ok) => {
        const tick = (t: number) => {
          deltas.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else ok();
        };
        requestAnimationFrame(tick);
      });
      return deltas.slice(1);
    });
    frames.sort((a, b) => a - b);
    out['ui.frameP95Ms'] = Math.round(frames[Math.floor(frames.length * 0.95)] * 10) / 10;
  } finally {
    await ctx.close();
    await server.close();
  }
  return out;
}
