// The app watching npm run cluster in Debian's Chromium: ?live=ws://… shows the live cluster with its badge, the
// app's controls act on it, and the saved session replays in the app's worker to the state the live cluster reached.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Kafka, logLevel } from 'kafkajs';
import { serve } from '../browser/server';
import { launchChromium } from '../browser/chromium';
import { startCluster } from './cluster';

const T = 30000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function waitText(page: Page, sel: string, re: RegExp): Promise<string> {
  const loc = page.locator(sel).first();
  const deadline = Date.now() + T;
  let last = '';
  while (Date.now() < deadline) {
    last = (await loc.textContent({ timeout: T }).catch(() => '')) ?? '';
    if (re.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${sel}: expected ${re}, got "${last}"`);
}

export async function appChecks(dist: string, dir: string, check: (name: string, fn: () => Promise<void>) => Promise<boolean>): Promise<void> {
  const c = await startCluster([]);
  const host = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title>
<iframe id="f" src="./index.html?controls=player&lang=en" width="960" height="600"></iframe>
<script>window.__msgs = []; addEventListener('message', (e) => { if (e.source === document.getElementById('f').contentWindow) window.__msgs.push(e.data); });
window.send = (m) => document.getElementById('f').contentWindow.postMessage(m, '*');</script>`;
  const server = await serve(dist, { '/__host.html': host });
  let ctx: BrowserContext | null = null;
  const kafka = new Kafka({ clientId: 'app-check', brokers: c.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    ctx = await launchChromium(join(dir, 'chromium'), { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await check('app: ?live= shows the Node cluster with a live badge, and what a kafkajs producer wrote', async () => {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'shown', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'shown', acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `s${i}` })) });
      await producer.disconnect();
      await page.goto(`${server.url}?live=${encodeURIComponent(c.ws)}&lang=en`);
      await waitText(page, '[data-testid="live-badge"]', /Live · \d+ client connections/);
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      await page.locator('[data-replica="shown-0"]').first().waitFor({ timeout: T });
      await waitText(page, '[data-testid="partition-hw"]', /^30$/);
      assert(errors.length === 0, `page errors: ${errors}`);
    });

    await check('app: its controls act on the live cluster (crash a broker, pause the clock)', async () => {
      const group = page.getByRole('group', { name: 'Break a broker' });
      await group.locator('[name="broker"]').selectOption('2');
      await group.getByRole('button', { name: 'Crash', exact: true }).click();
      await waitText(page, '[data-testid="broker-2"]', /crashed/);
      assert(/ 2:crashed /.test((await c.send('status')) + ' '), 'npm run cluster reports broker 2 crashed');
      await page.getByTestId('live-pause').click();
      await waitText(page, '[data-testid="live-badge"]', /paused/);
      assert(/paused/.test(await c.send('status')), 'npm run cluster reports the clock paused');
    });

    await check('app: the saved live session replays in the app (its worker) to the state the live cluster reached', async () => {
      assert(/^ok saved/.test(await c.send(`save ${join(dir, 'app.json')}`)), 'save');
      assert(/^ok wrote/.test(await c.send(`dump ${join(dir, 'app-dump.json')}`)), 'dump');
      const scenario = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
      const live = readFileSync(join(dir, 'app-dump.json'), 'utf8').trim();
      await page.goto(server.url + '__host.html');
      type Msg = { type: string; total?: number; state?: { time?: number } };
      const msgs = () => page.evaluate(() => (window as unknown as { __msgs: Msg[] }).__msgs);
      const send = (m: unknown) => page.evaluate((x) => (window as unknown as { send: (m: unknown) => void }).send(x), m);
      const deadline = Date.now() + 2 * T;
      while (!(await msgs()).some((m) => m.type === 'kafka-anatomy:ready')) await page.waitForTimeout(100);
      await send({ type: 'kafka-anatomy:load', scenario });
      let state: unknown = null;
      while (Date.now() < deadline) {
        await send({ type: 'kafka-anatomy:run' });
        await page.waitForTimeout(300);
        await send({ type: 'kafka-anatomy:get-state' });
        await page.waitForTimeout(200);
        const s = (await msgs()).filter((m) => m.type === 'kafka-anatomy:state').pop();
        if (s?.state?.time === JSON.parse(live).time && (await msgs()).some((m) => m.type === 'kafka-anatomy:step' && m.total === scenario.steps.length)) {
          state = s?.state;
          break;
        }
      }
      assert(state, 'the app never reached the end of the saved session');
      assert(JSON.stringify(state) === live, 'the app and the live cluster end in different states');
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
    await ctx?.close();
    await server.close();
    await c.stop();
  }
}
