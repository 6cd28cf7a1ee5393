// What the Chromium benchmarks share: a fresh profile per page (in a browser done starting), percentiles, and timing
// one timeline move in the page (from the key press or click to the position line showing the new place).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium';

/**
 * A fresh profile (no HTTP cache, no compiled code kept), in a browser that has finished starting: Chromium's own
 * start-up (its omnibox pages load in a renderer of their own for about two seconds) would otherwise share the two
 * cores with the page measured, which a learner's running browser does not.
 */
export async function withPage<T>(fn: (page: Page, ctx: BrowserContext, profile: string) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'ka-ui-bench-'));
  const ctx = await launchChromium(profile, { viewport: { width: 1280, height: 800 } });
  try {
    await settled(profile);
    return await fn(ctx.pages()[0] ?? (await ctx.newPage()), ctx, profile);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * What the helpers below ask of a page: expressions evaluated in it, and a script run first in each document it
 * opens. Playwright's pages have both; so has barePage.ts's (the long-task benchmark's, with no DevTools domain on).
 */
export interface PageLike {
  evaluate(expression: string): Promise<unknown>;
  addInitScript(script: string): Promise<unknown>;
}

export const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
};
export const round1 = (x: number) => Math.round(x * 10) / 10;

/** The position line's text ("Event n of N · Step k of K · …"). */
export function position(page: PageLike): Promise<string> {
  return page.evaluate(`document.querySelector('[data-testid="position"]')?.textContent ?? ''`) as Promise<string>;
}

/**
 * Milliseconds from an action in the page to the position line changing (the worker answered and React drew it),
 * or -1 when nothing changed within `timeoutMs`. The action: a key on the window, a click on a test id, or a seek
 * through the scrub bar.
 */
export function timeMove(
  page: PageLike,
  action: { key: string; shift?: boolean } | { click: string } | { scrub: number },
  timeoutMs = 120_000,
  // a lesson's prediction holds the picture (the timeline does not move until it is answered): -2 when it shows
  stopOn = '[data-testid="predict"]',
): Promise<number> {
  // a string, so that the TypeScript loader adds no helpers the page does not have
  return page.evaluate(`new Promise((resolve) => {
    const action = ${JSON.stringify(action)};
    const el = document.querySelector('[data-testid="position"]');
    if (!el) { resolve(-1); return; }
    const before = el.textContent;
    const t0 = performance.now();
    const done = (v) => { obs.disconnect(); clearTimeout(timer); resolve(v); };
    const stop = ${JSON.stringify(stopOn)};
    const held = !!document.querySelector(stop);
    const obs = new MutationObserver(() => {
      if (el.textContent !== before) done(performance.now() - t0);
      else if (!held && document.querySelector(stop)) done(-2);
    });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => done(-1), ${timeoutMs});
    if (action.key) window.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, shiftKey: !!action.shift, bubbles: true }));
    else if (action.click) document.querySelector('[data-testid="' + action.click + '"]').click();
    else {
      const input = document.querySelector('[data-testid="scrub"]');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(action.scrub));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  })`) as Promise<number>;
}

/**
 * Waits in the page until `condition` (an expression) holds, polling every 50 ms. A plain evaluate: Playwright's
 * waitForFunction and locators first evaluate its injected script in the page (37-89 ms in a fresh profile, one task),
 * which the page's long-task observer counted as the app's.
 */
export async function waitInPage(page: PageLike, condition: string, timeoutMs: number): Promise<void> {
  const ok = await page.evaluate(`new Promise((resolve) => {
    const end = performance.now() + ${timeoutMs};
    const check = () => { if (${condition}) resolve(true); else if (performance.now() > end) resolve(false); else setTimeout(check, 50); };
    check();
  })`);
  if (!ok) throw new Error(`waited ${timeoutMs} ms for ${condition}`);
}

/** Clicks the element of a test id in the page (no locator: see waitInPage). */
export async function clickInPage(page: PageLike, testId: string): Promise<void> {
  await page.evaluate(`document.querySelector('[data-testid="${testId}"]').click()`);
}

/** Counts long tasks (over 50 ms) from the start of every document the page opens: read with longTasks(page). */
export async function watchLongTasks(page: PageLike): Promise<void> {
  await page.addInitScript(`(() => {
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.duration > 50) window.__longTasks.push(Math.round(e.duration)); })
        .observe({ type: 'longtask', buffered: true });
    } catch (e) { window.__longTasks = null; }
  })()`);
}

export function longTasks(page: PageLike): Promise<number[] | null> {
  return page.evaluate('window.__longTasks ?? null') as Promise<number[] | null>;
}

/** Waits until the browser of `profile` is idle: under 10 % of a core over 250 ms (at most 8 s). */
export async function settled(profile: string): Promise<void> {
  const cpu = () => [...processCpuMs(profile, '').values()].reduce((a, b) => a + b, 0);
  let before = cpu();
  for (let waited = 0; waited < 8000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    const now = cpu();
    if (now - before < 25) return;
    before = now;
  }
}

/**
 * CPU milliseconds so far of the threads of this page's renderer processes (those started with `profile` as their
 * user data directory), by thread name: the page's main thread is "chromium", the engine worker "DedicatedWorker",
 * V8's garbage collection and compile tasks run in "ThreadPoolForeg…". CPU time, unlike wall time, hardly grows
 * when other processes share the machine. Linux only (/proc); empty elsewhere.
 */
export function rendererCpuMs(profile: string): Map<string, number> {
  return processCpuMs(profile, '--type=renderer');
}

/** CPU milliseconds so far by thread name, of the processes of the browser of `profile` whose command has `kind`. */
function processCpuMs(profile: string, kind: string): Map<string, number> {
  const out = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(kind) || !cmd.includes(profile)) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        // utime and stime, in clock ticks (USER_HZ, 100 on Linux)
        out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
      }
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}
