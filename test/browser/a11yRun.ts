// Accessibility in Chromium (issue 10 item 3): axe-core finds no critical and no serious violation on the home
// page, a lesson (English and Chinese), the lesson picker open, an embed, the dark theme, and a phone with a drawer
// open; the skip link is the first Tab stop and lands on the stage; every broker action is reached and done with the
// keyboard alone, with a visible focus ring; the event sentences are announced in a live region.
// Prints "N passed, M failed" last and exits non-zero on a failure.
//   node --import tsx test/browser/a11yRun.ts [--dist=DIR] [--only=text]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { serve } from './server';

const T = 60000;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const results: { name: string; ok: boolean }[] = [];

async function check(name: string, fn: () => Promise<string | void>): Promise<void> {
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? `\n     ${detail}` : ''}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${e instanceof Error ? e.message.split('\n').slice(0, 40).join('\n     ') : String(e)}`);
  }
}

interface AxeNode {
  target: string[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe-core on the page as it is; returns the critical and serious violations, described. */
async function axe(page: Page): Promise<{ bad: string[]; counts: Record<string, number>; rules: number }> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ content: AXE });
  const r = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: AxeViolation[]; passes: unknown[] };
  const counts: Record<string, number> = {};
  for (const v of r.violations) counts[v.impact ?? 'none'] = (counts[v.impact ?? 'none'] ?? 0) + v.nodes.length;
  const bad = r.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`)
          .join(' | ')}`,
    );
  return { bad, counts, rules: r.passes.length };
}

async function open(page: Page, url: string, ready = '[data-testid="stage"]'): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: T });
  await page.waitForTimeout(600); // the first state, fonts, the stage's layout
}

async function expectClean(page: Page): Promise<string> {
  const r = await axe(page);
  if (r.bad.length) throw new Error(r.bad.join('\n'));
  return `critical 0, serious 0; minor ${r.counts.minor ?? 0}, moderate ${r.counts.moderate ?? 0}`;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  let dist = process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? '';
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '';
  const own = !dist;
  if (own) {
    dist = mkdtempSync(join(tmpdir(), 'kafka-anatomy-a11y-dist-'));
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const server = await serve(dist);
  const base = server.url;
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  let ctx: BrowserContext | null = null;
  const run = (name: string, fn: () => Promise<string | void>) => (!only || name.includes(only) ? check(name, fn) : Promise.resolve());
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const pages: [string, string, (() => Promise<void>)?][] = [
      ['the home page', 'index.html?lang=en'],
      ['a lesson in English, a few steps in', 'index.html?lang=en&scenario=acks-1-data-loss&step=6'],
      ['a lesson in Chinese, a few steps in', 'index.html?lang=zh&scenario=acks-1-data-loss&step=6'],
      [
        'the lesson picker open',
        'index.html?lang=en',
        async () => {
          await page.getByTestId('open-lessons').click();
          await page.waitForSelector('[data-testid="lesson-picker"]');
        },
      ],
      ['an embed', 'embed.html?scenario=consumer-groups&lang=en&step=4'],
      ['the dark theme, a lesson with a partition log', 'index.html?lang=en&theme=dark&scenario=high-watermark&step=5'],
      ['the dark theme in Chinese, the placement view', 'index.html?lang=zh&theme=dark&scenario=replica-placement&step=8'],
    ];
    for (const [name, url, then] of pages) {
      await run(`axe-core: ${name} (${url}) has no critical or serious violation`, async () => {
        await open(page, base + url);
        if (then) await then();
        return expectClean(page);
      });
    }
    await run('axe-core: a phone (390×844) with the controls drawer open, and with the event log drawer open', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, base + 'index.html?lang=zh&scenario=acks-1-data-loss&step=3');
      await page.getByTestId('open-controls').click();
      const a = await expectClean(page);
      await page.keyboard.press('Escape');
      await page.getByTestId('open-events').click();
      const b = await expectClean(page);
      await page.setViewportSize({ width: 1440, height: 900 });
      return `${a} / ${b}`;
    });

    await run('keyboard: the skip link is the first Tab stop and moves focus to the stage', async () => {
      await open(page, base + 'index.html?lang=en');
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return { cls: a.className, text: a.textContent, top: a.getBoundingClientRect().top };
      });
      if (!first.cls.includes('skip-link')) throw new Error(`first Tab stop: ${JSON.stringify(first)}`);
      if (first.top < 0) throw new Error('the focused skip link is off screen');
      await page.keyboard.press('Enter');
      const id = await page.evaluate(() => document.activeElement?.id);
      if (id !== 'stage') throw new Error(`after Enter, focus on #${id}`);
      // the next Tab goes into the stage, not back to the header
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => !!document.activeElement?.closest('#stage'));
      if (!inside) throw new Error('Tab after the skip link left the stage');
      return first.text ?? '';
    });

    await run('keyboard: a broker is reached with Tab, its menu opens with Enter, and Crash works from the keyboard', async () => {
      await open(page, base + 'index.html?lang=en&scenario=acks-1-data-loss&step=2');
      const broker = page.locator('[data-testid="cluster-stage"] [data-broker="2"] [role="button"][tabindex="0"].broker-box');
      if ((await broker.count()) === 0) throw new Error('no keyboard-focusable element for broker 2 on the stage');
      // reached by Tab from the skip link (not only by .focus())
      await page.locator('#stage').focus();
      let reached = false;
      for (let i = 0; i < 120 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await broker.evaluate((el) => el === document.activeElement);
      }
      if (!reached) throw new Error('Tab from the stage did not reach broker 2 in 120 presses');
      const ring = await broker.evaluate((el) => {
        const s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || parseFloat(s.strokeWidth) >= 3;
      });
      if (!ring) throw new Error('the focused broker shows no focus ring');
      await page.keyboard.press('Enter');
      const menu = page.locator('.broker-menu');
      await menu.waitFor({ timeout: 5000 });
      const inMenu = await page.evaluate(() => !!document.activeElement?.closest('.broker-menu'));
      if (!inMenu) throw new Error('focus did not move into the broker menu');
      let crash = false;
      for (let i = 0; i < 10 && !crash; i++) {
        crash = await page.evaluate(() => /crash/i.test(document.activeElement?.textContent ?? ''));
        if (!crash) await page.keyboard.press('Tab');
      }
      if (!crash) throw new Error('Crash not reached in the menu by Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => /crashed/i.test(document.querySelector('[data-testid="cluster-stage"] [data-broker="2"]')?.textContent ?? ''),
        undefined,
        { timeout: T },
      );
      return 'broker 2 crashed from the keyboard';
    });

    await run('a live region announces the event sentences as the timeline moves', async () => {
      await open(page, base + 'index.html?lang=en&scenario=acks-1-data-loss&step=2&views=cluster');
      const live = page.locator('[aria-live="polite"][role="status"][data-testid="narration"]');
      if ((await live.count()) !== 1) throw new Error(`${await live.count()} narration live regions with the event log hidden (views=cluster)`);
      const before = await live.textContent();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((b) => document.querySelector('[data-testid="narration"]')?.textContent !== b, before, { timeout: T });
      const after = await live.textContent();
      if (!after || after.length < 8) throw new Error(`announced "${after}"`);
      return `"${before}" → "${after}"`;
    });

    await run('no page errors', async () => {
      if (errors.length) throw new Error(errors.join('\n'));
    });
  } catch (e) {
    results.push({ name: 'browser session', ok: false });
    console.log('FAIL browser session', e);
  } finally {
    await ctx?.close().catch(() => undefined);
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    if (own) rmSync(dist, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`(${Math.round((Date.now() - t0) / 1000)} s)`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return results.length - passed || results.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
