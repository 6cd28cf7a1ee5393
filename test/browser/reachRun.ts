// Chromium checks of issue 10 items 3, 5, 7 and issue 15's Inspect part, on a build served under a sub-path
// (/courses/kafka/, as a course site would host it):
// - offline: after one visit the app, its workers, every lesson and scenario come from the service worker with the
//   network gone (context.setOffline), a lesson opens, an embed opens; a new deployment is offered with a notice
//   (English and Chinese) and Reload brings it in;
// - Inspect decodes in a worker: a 1.5 MB .log whose gzip batch inflates to 1.5 GB is refused with "decompresses to
//   more than 8388608 bytes" while the page keeps painting frames (no long task);
// - free play: "Until something happens" after crashing the leader shows the failover;
// - keyboard: every control of the left panel is reached with Tab and shows a focus ring; the broker actions work
//   from the keyboard.
// Prints "N passed, M failed" last and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { serve } from './server';
import { launchChromium } from './chromium';
import { concat, gzipBatchWith, gzipZeros } from '../storage/gzipBomb';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';

const results: { name: string; ok: boolean }[] = [];
const consoleErrors: string[] = [];
const T = 30000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function check(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${e instanceof Error ? e.message.split('\n').slice(0, 6).join('\n     ') : String(e)}`);
  }
}

async function until(page: Page, pred: () => Promise<boolean>, what: string, ms = T): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await pred().catch(() => false)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Tabs through the focusable elements inside `container` (a CSS selector), from its first one; returns how
 * many there are, how many Tab reached, and those that showed no focus ring (outline of 2px or a box shadow).
 */
async function tabThrough(page: Page, container: string): Promise<{ all: number; reached: number; noRing: string[] }> {
  const focusable = 'button:not([disabled]), input:not([type="hidden"]):not([hidden]), select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
  const all = await page
    .locator(container)
    .evaluate((el, sel) => [...el.querySelectorAll<HTMLElement>(sel)].filter((x) => x.offsetParent !== null).length, focusable);
  // reach the first element by keyboard (Shift+Tab away and Tab back), as :focus-visible follows the last input
  await page.locator(container).locator(focusable).first().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const seen = new Set<string>();
  const noRing: string[] = [];
  for (let i = 0; i < all + 5; i++) {
    const info = await page.evaluate((c) => {
      const el = document.activeElement as HTMLElement | null;
      const box = document.querySelector(c);
      if (!el || !box || !box.contains(el)) return null;
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '');
      return {
        name: `${el.tagName.toLowerCase()}[${el.getAttribute('name') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 24)}]#${[...box.querySelectorAll('*')].indexOf(el)}`,
        ring,
      };
    }, container);
    if (!info || seen.has(info.name)) break;
    seen.add(info.name);
    if (!info.ring) noRing.push(info.name);
    await page.keyboard.press('Tab');
  }
  return { all, reached: seen.size, noRing };
}

/** Waits until the page is controlled by an activated service worker whose precache is complete. */
async function waitOfflineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await until(
    page,
    async () =>
      page.evaluate(async () => {
        const keys = await caches.keys();
        const cache = keys.find((k) => k.includes('precache'));
        return cache ? (await (await caches.open(cache)).keys()).length > 30 : false;
      }),
    'the precache',
  );
}

async function main(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'kafka-anatomy-reach-'));
  const dist = join(root, 'courses', 'kafka');
  mkdirSync(dist, { recursive: true });
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('0 passed, 1 failed');
    return 1;
  }
  const server = await serve(root);
  const base = server.url + 'courses/kafka/';
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  let ctx: BrowserContext | null = null;
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));

    await check('first visit under a sub-path: the service worker installs and says the app works offline', async () => {
      await page.goto(base + 'index.html?lang=en');
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      await waitOfflineReady(page);
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert(scope === base, `scoped to the sub-path: ${scope}`);
      await page.getByTestId('offline-notice').filter({ hasText: 'works offline' }).waitFor({ timeout: T });
    });

    const index = JSON.parse(readFileSync(join(dist, 'lessons', 'index.json'), 'utf8')) as { id: string }[];

    await check('offline: the page reloads, every lesson and scenario is there, a lesson opens from the picker', async () => {
      await ctx!.setOffline(true);
      try {
        await page.reload();
        await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
        const missing = await page.evaluate(
          async (ids) => {
            const out: string[] = [];
            for (const p of [...ids.map((id) => `lessons/${id}.json`), 'lessons/index.json', 'scenarios/index.json', 'scenarios/acks-all-failover.json']) {
              const r = await fetch(p).catch(() => null);
              if (!r || !r.ok) out.push(p);
            }
            return out;
          },
          index.map((e) => e.id),
        );
        assert(missing.length === 0, `not available offline: ${missing.join(', ')}`);
        await page.getByTestId('open-lessons').click();
        const dlg = page.getByRole('dialog', { name: 'Guided lessons' });
        await dlg.locator('.lesson-item').first().waitFor({ timeout: T });
        await dlg
          .getByTestId('lesson-high-watermark')
          .getByRole('button', { name: /^(Start|Restart)/ })
          .click();
        await page.locator('[data-testid="lesson-panel"][data-lesson="high-watermark"]').waitFor({ timeout: 120_000 });
        await until(page, async () => ((await page.getByTestId('lesson-say').textContent()) ?? '').trim().length > 20, 'the lesson narrates');
      } finally {
        await ctx!.setOffline(false);
      }
    });

    await check('offline: a lesson by URL in Chinese, and an embed, open too', async () => {
      await ctx!.setOffline(true);
      try {
        await page.goto(base + `index.html?scenario=${index[0].id}&lang=zh`);
        await page.locator(`[data-testid="lesson-panel"][data-lesson="${index[0].id}"]`).waitFor({ timeout: 120_000 });
        await page.getByRole('button', { name: '新集群' }).waitFor({ timeout: T });
        await page.goto(base + 'embed.html?scenario=acks-all-failover&step=2&lang=en');
        await until(page, async () => /^5$/.test((await page.getByTestId('partition-hw').textContent()) ?? ''), 'the embed shows HW 5');
      } finally {
        await ctx!.setOffline(false);
      }
    });

    await check('a new deployment: the notice offers it (English, then Chinese), Reload brings the new files', async () => {
      await page.goto(base + 'index.html?lang=en');
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      await waitOfflineReady(page);
      // "deploy" a new version: a lesson changes, so does its revision in the service worker's precache list
      const lessonPath = join(dist, 'lessons', 'acks.json');
      const lesson = JSON.parse(readFileSync(lessonPath, 'utf8')) as { title: { en: string } };
      lesson.title.en = 'New version of the acks lesson';
      writeFileSync(lessonPath, JSON.stringify(lesson));
      const swPath = join(dist, 'sw.js');
      const sw = readFileSync(swPath, 'utf8');
      const next = sw.replace(/("revision":")[0-9a-f]+(","url":"lessons\/acks\.json")/, '$1feedface$2');
      assert(next !== sw, 'the precache list names lessons/acks.json with a revision');
      writeFileSync(swPath, next);
      await page.reload();
      const notice = page.getByTestId('offline-notice').and(page.locator('[data-kind="updateReady"]'));
      await notice.waitFor({ timeout: T });
      assert(/new version/.test((await notice.textContent()) ?? ''), 'the English notice');
      await page.getByTestId('lang').selectOption('zh');
      assert(/新版本/.test((await notice.textContent()) ?? ''), 'the Chinese notice');
      const before = await page.evaluate(async () => ((await (await fetch('lessons/acks.json')).json()) as { title: { en: string } }).title.en);
      assert(before !== 'New version of the acks lesson', 'the old version is served until the learner says so');
      await Promise.all([page.waitForEvent('load', { timeout: T }), notice.getByRole('button', { name: '重新加载' }).click()]);
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      const after = await page.evaluate(async () => ((await (await fetch('lessons/acks.json')).json()) as { title: { en: string } }).title.en);
      assert(after === 'New version of the acks lesson', `after Reload the new file is served: ${after}`);
      await page.getByTestId('lang').selectOption('en');
    });

    const files = mkdtempSync(join(tmpdir(), 'kafka-anatomy-bomb-'));
    await check('Inspect: a 1.5 MB .log inflating to 1.5 GB is refused in a worker; the page keeps painting', async () => {
      const good = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: new TextEncoder().encode('before the bomb'), timestamp: 1 }] });
      const bomb = concat([good, gzipBatchWith(gzipZeros(1536 * 1024 * 1024), 1)]);
      assert(bomb.length < 1.6e6, `${bomb.length} bytes`);
      const path = join(files, '00000000000000000000.log');
      writeFileSync(path, bomb);
      await page.goto(base + 'index.html?lang=en');
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      await page.getByRole('button', { name: 'Inspect files' }).click();
      await page.getByTestId('inspect-dialog').waitFor({ timeout: T });
      // watch the page's main thread while the file is decoded: long tasks, and frames painted while "Reading"
      await page.evaluate(`(() => {
        const w = window;
        w.__long = []; w.__framesWhileReading = 0; w.__stop = false;
        new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
        const tick = () => {
          if (/Reading/.test(document.querySelector('[data-testid="inspect-status"]')?.textContent ?? '')) w.__framesWhileReading++;
          if (!w.__stop) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      })()`);
      await page.getByTestId('inspect-input').setInputFiles(path);
      const err = page.getByTestId('inspect-error');
      await err.waitFor({ timeout: T });
      const text = (await err.textContent()) ?? '';
      assert(
        text ===
          `00000000000000000000.log at byte ${good.length + 61}: the gzip batch decompresses to more than 8388608 bytes (8 MiB), the most Inspect inflates for one batch (a gzip bomb?)`,
        text,
      );
      const { long, frames } = await page.evaluate(() => {
        const w = window as unknown as { __long: number[]; __framesWhileReading: number; __stop: boolean };
        w.__stop = true;
        return { long: w.__long, frames: w.__framesWhileReading };
      });
      assert(frames >= 2, `frames painted while the worker decoded: ${frames}`);
      assert(Math.max(0, ...long) < 250, `no long task on the page: ${long.map(Math.round).join(', ')} ms`);
      assert((await page.getByTestId('inspect-batch').count()) === 1, 'the batch before the bomb is shown');
      // the dialog by keyboard: every control and the tables' scroll boxes take the focus, visibly
      const r = await tabThrough(page, '[data-testid="inspect-dialog"]');
      assert(r.reached === r.all, `Tab reached ${r.reached} of ${r.all} in the dialog`);
      assert(r.noRing.length === 0, `no visible focus on: ${r.noRing.join(', ')}`);
      await page
        .getByTestId('lang')
        .selectOption('zh')
        .catch(async () => {
          await page.keyboard.press('Escape');
          await page.getByTestId('lang').selectOption('zh');
          await page.getByRole('button', { name: '查看文件' }).click();
          await page.getByTestId('inspect-input').setInputFiles(path);
        });
      const zh = await page.getByTestId('inspect-error').textContent({ timeout: T });
      assert(/解压后超过 8388608 字节（8 MiB）/.test(zh ?? ''), `Chinese: ${zh}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('lang').selectOption('en');
    });
    rmSync(files, { recursive: true, force: true });

    await check('free play: crash the leader, "Until something happens": the failover is on screen', async () => {
      await page.goto(base + 'index.html?lang=en');
      await page.getByRole('button', { name: 'New cluster' }).click();
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      const form = page.getByRole('form', { name: 'Create topic' });
      await form.getByRole('button', { name: 'Create' }).click();
      await page
        .getByText(/Topic orders created/)
        .first()
        .waitFor({ timeout: T });
      await page.getByRole('form', { name: 'Produce' }).getByRole('button', { name: 'Produce' }).click();
      // the partition log opens where the sticky partitioner wrote
      // the partition log opens where the sticky partitioner wrote: its high watermark is 5
      const sel = page.getByRole('region', { name: 'Partition log' }).locator('select').first();
      await until(
        page,
        async () => /^5$/.test((await page.getByTestId('partition-hw').textContent()) ?? ''),
        `HW 5 on the partition shown (${await sel.inputValue().catch(() => '?')})`,
      );
      const leaderOf = async () =>
        page.evaluate(
          () => document.querySelector('[data-replica="orders-0"][data-role="leader"]')?.closest('[data-broker]')?.getAttribute('data-broker') ?? null,
        );
      const old = await leaderOf();
      assert(old, 'a leader of orders-0 is drawn');
      const brokers = page.getByRole('group', { name: 'Break a broker' });
      await brokers.locator('[name="broker"]').selectOption(old);
      await brokers.getByRole('button', { name: 'Crash', exact: true }).click();
      // each press stops at the next thing that happens: first, maybe, the followers learning the high watermark of
      // the records just produced (test/engine/advanceUntil.test.ts), then the whole failover
      const moved = async () => {
        const l = await leaderOf();
        return l !== null && l !== old;
      };
      for (let press = 0; press < 3 && !(await moved()); press++) {
        await page.getByTestId('advance-until').click();
        await page.waitForTimeout(2500);
      }
      await until(page, moved, 'a new leader drawn');
    });

    await check('keyboard: every control of the left panel takes focus with Tab and shows a focus ring; crash a broker with the keyboard', async () => {
      await page.goto(base + 'index.html?lang=en');
      await page.locator('[data-testid="broker-3"]').waitFor({ timeout: T });
      const r = await tabThrough(page, 'aside.controls');
      assert(r.all > 20 && r.reached === r.all, `Tab reached ${r.reached} of ${r.all} controls`);
      assert(r.noRing.length === 0, `no visible focus on: ${r.noRing.join(', ')}`);
      // the broker actions from the keyboard: choose broker 2 in the select, Tab to Crash, press Enter
      const brokers = page.getByRole('group', { name: 'Break a broker' });
      await brokers.locator('[name="broker"]').focus();
      await page.keyboard.press('ArrowDown');
      assert((await brokers.locator('[name="broker"]').inputValue()) === '2', 'ArrowDown chose broker 2');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert((await page.evaluate(() => document.activeElement?.textContent)) === 'Crash', 'Tab reached Crash');
      await page.keyboard.press('Enter');
      await until(page, async () => /crashed/.test((await page.getByTestId('broker-2').textContent()) ?? ''), 'broker 2 crashed');
    });

    await check('no console errors', async () => {
      const real = consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));
      assert(real.length === 0, real.join('\n'));
    });
  } catch (e) {
    results.push({ name: 'browser session', ok: false });
    console.log('FAIL browser session', e);
  } finally {
    await ctx?.close().catch(() => undefined);
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
