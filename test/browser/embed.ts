// Chromium checks of the postMessage embedding API (embed-api.md) from a host page on ANOTHER origin
// (issue 6), called from test/browser/run.ts or issue6Run.ts. The host page (EMBED_HOST_HTML, a static
// file: serve it as `embed-host.html` from a second static server) embeds `<app>/embed.html`, where
// <app> comes from its `?app=` parameter, records what the frame posts, and sends what the test asks.
// Checks: ready; invalid messages (not an object, unknown type, invalid scenario, bad seek) each get a
// kafka-anatomy:error and change nothing; v1.1 ordering (embedOrder.ts: every lesson and a scenario object
// against the Node runner, a burst of 200 commands); seek/step/back/play/pause report steps;
// scenario text is rendered as text, never as HTML or code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { embedOrderChecks } from './embedOrder';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export const EMBED_HOST_FILE = 'embed-host.html';

/** A course page: one frame of <app>/embed.html (app = the `app` query parameter), the frame's messages in window.__msgs. */
export const EMBED_HOST_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>course host</title></head>
<body>
<h1>A course page on another origin</h1>
<script>
  var app = new URL(new URLSearchParams(location.search).get('app'));
  var f = document.createElement('iframe');
  f.id = 'f'; f.width = '960'; f.height = '600'; f.style.border = '0';
  f.src = new URL('embed.html?lang=en', app).href;
  document.body.appendChild(f);
  window.__msgs = [];
  window.__foreign = 0;
  addEventListener('message', function (e) {
    if (e.source !== f.contentWindow) return;
    if (e.origin !== app.origin) { window.__foreign++; return; }
    window.__msgs.push(e.data);
  });
  window.send = function (m) { f.contentWindow.postMessage(m, app.origin); };
</script>
</body></html>
`;

type Msg = { type: string; [k: string]: unknown };

const T = 15_000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** JSON round trip: what a scenario dump means, independent of undefined fields and key order. */
const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null)) as unknown;

/** The first path where two JSON values differ, for a readable failure. */
function firstDiff(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return `${path}: differs`;
}

function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(join(process.cwd(), rel), 'utf8')) as unknown;
}

function nodeFinal(json: unknown): unknown {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(`invalid scenario in the test: ${JSON.stringify(v.problem)}`);
  return norm(runScenario(v.scenario).final);
}

export async function embedChecks(baseUrl: string, otherOriginUrl: string, ctx: BrowserContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const consoleErrors: string[] = [];
  const page: Page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.addInitScript('globalThis.__name = (f) => f;'); // tsx compiles with keepNames

  const check = async (name: string, fn: () => Promise<string | void>) => {
    consoleErrors.splice(0);
    const t0 = Date.now();
    try {
      const note = await fn();
      assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ').slice(0, 500)}`);
      results.push({ name, ok: true, detail: `${Date.now() - t0} ms${note ? `; ${note}` : ''}` });
    } catch (e) {
      results.push({ name, ok: false, detail: (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 8).join('\n') });
    }
  };

  const msgs = () => page.evaluate('window.__msgs') as Promise<Msg[]>;
  const send = (m: unknown) => page.evaluate((x) => (window as unknown as { send: (m: unknown) => void }).send(x), m);
  const until = async (pred: (m: Msg[]) => boolean, what: string, ms = T): Promise<Msg[]> => {
    const deadline = Date.now() + ms;
    let m: Msg[] = [];
    while (Date.now() < deadline) {
      m = await msgs();
      if (pred(m)) return m;
      await page.waitForTimeout(50);
    }
    throw new Error(`no ${what}; received: ${JSON.stringify(m.map((x) => ({ ...x, state: x.state ? '…' : undefined }))).slice(-600)}`);
  };
  /** Asks for the state and returns the kafka-anatomy:state answer. */
  const getState = async (): Promise<Msg> => {
    const n = (await msgs()).length;
    await send({ type: 'kafka-anatomy:get-state' });
    const m = await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:state'), 'kafka-anatomy:state');
    return m.slice(n).find((x) => x.type === 'kafka-anatomy:state')!;
  };
  const frame = (): Frame => {
    const f = page.frames().find((x) => x !== page.mainFrame() && x.url().startsWith(new URL(baseUrl).origin));
    if (!f) throw new Error('the embedded frame is not there');
    return f;
  };

  const appOrigin = new URL(baseUrl).origin;
  const hostUrl = new URL(`${EMBED_HOST_FILE}?app=${encodeURIComponent(baseUrl)}`, otherOriginUrl).href;

  await check('a course page on another origin embeds embed.html and receives kafka-anatomy:ready', async () => {
    assert(new URL(otherOriginUrl).origin !== appOrigin, `two origins: ${otherOriginUrl} and ${baseUrl}`);
    let note = 'host page served by the second static server';
    const served = await fetch(hostUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (!served) {
      // the caller's second server does not have the host file: answer it in the browser, still on that origin
      await page.route(hostUrl.split('?')[0] + '*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: EMBED_HOST_HTML }));
      note = 'host page not on the second server; fulfilled by the test at that origin';
    }
    await page.goto(hostUrl);
    const m = await until((all) => all.some((x) => x.type === 'kafka-anatomy:ready'), 'kafka-anatomy:ready', 60_000);
    const ready = m.find((x) => x.type === 'kafka-anatomy:ready')!;
    assert(ready.version !== undefined, `ready carries a version: ${JSON.stringify(ready)}`);
    assert((await page.evaluate('location.origin')) !== appOrigin, 'the host is on another origin');
    return note;
  });

  await check('invalid messages each get kafka-anatomy:error and change nothing', async () => {
    await send({ type: 'kafka-anatomy:load', scenario: 'high-watermark' });
    await until((all) => all.some((x) => x.type === 'kafka-anatomy:step' && x.total === 18), 'the lesson loaded by id');
    await send({ type: 'kafka-anatomy:seek', step: 5 });
    await until((all) => all.some((x) => x.type === 'kafka-anatomy:step' && x.index === 4), 'the seek to step 5');
    const before = await getState();
    const n = (await msgs()).length;
    const invalid: { msg: unknown; field?: string }[] = [
      { msg: 'not an object' },
      { msg: 42 },
      { msg: null },
      { msg: [1, 2] },
      { msg: {} },
      { msg: { type: 'kafka-anatomy:explode' }, field: 'type' },
      { msg: { type: 'kafka-anatomy:load', scenario: { version: 1, id: 'bad', brokers: 3, steps: [{ do: 'crashBroker', broker: 9 }] } }, field: 'broker' },
      { msg: { type: 'kafka-anatomy:load', scenario: { version: 1, id: 'bad', brokers: 3, steps: [{ do: 'explode' }] } } },
      { msg: { type: 'kafka-anatomy:load', scenario: 42 } },
      { msg: { type: 'kafka-anatomy:load', scenario: { version: 1, id: 'x', brokers: 3, steps: [], onload: 'alert(1)' } } },
      { msg: { type: 'kafka-anatomy:seek', step: -1 }, field: 'step' },
      { msg: { type: 'kafka-anatomy:seek', step: 'window.x=1' }, field: 'step' },
    ];
    for (const x of invalid) await send(x.msg);
    const m = await until((all) => all.slice(n).filter((x) => x.type === 'kafka-anatomy:error').length >= invalid.length, `${invalid.length} errors`);
    const errs = m.slice(n).filter((x) => x.type === 'kafka-anatomy:error');
    assert(errs.length === invalid.length, `${errs.length} errors for ${invalid.length} invalid messages`);
    // the replies may come in another order (a scenario is validated in the worker): compare the fields named
    errs.forEach((e, i) => assert(typeof e.message === 'string' && e.message.length > 0, `error ${i} has a message: ${JSON.stringify(e)}`));
    const named = errs
      .map((e) => e.field)
      .filter((f) => f !== undefined)
      .map(String)
      .sort();
    for (const f of invalid.map((x) => x.field).filter((f): f is string => f !== undefined)) {
      const at = named.indexOf(f);
      assert(at >= 0, `an error names the field "${f}": ${JSON.stringify(errs).slice(0, 400)}`);
      named.splice(at, 1);
    }
    const after = await getState();
    assert(after.index === before.index, `the step did not move: ${before.index} → ${after.index}`);
    const d = firstDiff(norm(after.state), norm(before.state));
    assert(d === null, `the state did not change: ${d}`);
    assert(!m.slice(n).some((x) => x.type === 'kafka-anatomy:step'), 'no step was reported');
    const shown = await frame().locator('[data-testid="error"]').count();
    assert(shown === 0, `${shown} errors left on the frame's screen`);
    return `${errs.length} errors, e.g. ${String(JSON.stringify(errs.find((e) => e.field === 'broker'))).slice(0, 160)}`;
  });

  // v1.1: ordered commands, every lesson and a scenario object against the Node runner, a burst of 200
  await embedOrderChecks(page, baseUrl, check);

  await check("seek, step, back, play and pause report kafka-anatomy:step with the narration in the frame's language", async () => {
    const lesson = readJson('public/lessons/preferred-leader.json') as { steps: { say: { en: string } }[] };
    let n = (await msgs()).length;
    await send({ type: 'kafka-anatomy:load', scenario: 'preferred-leader' });
    await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step' && x.total === lesson.steps.length), 'the lesson');
    n = (await msgs()).length;
    await send({ type: 'kafka-anatomy:seek', step: 3 });
    let m = await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step' && x.index === 2), 'step index 2 after seek 3');
    const at2 = m.slice(n).find((x) => x.type === 'kafka-anatomy:step' && x.index === 2)!;
    assert(at2.say === lesson.steps[2].say.en, `the English narration of step 2: ${JSON.stringify(at2.say)}`);
    n = m.length;
    // back and step move one scenario step each: a single message reaches the previous / next step
    await send({ type: 'kafka-anatomy:back' });
    m = await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step' && Number(x.index) < 2), 'one back reaches an earlier step');
    const backAt = Number(
      m
        .slice(n)
        .filter((x) => x.type === 'kafka-anatomy:step')
        .pop()!.index,
    );
    n = m.length;
    await send({ type: 'kafka-anatomy:step' });
    m = await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step' && Number(x.index) > backAt), 'one step reaches a later step');
    n = m.length;
    await send({ type: 'kafka-anatomy:play' });
    await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step'), 'playback moving on to the next step', 45_000);
    await send({ type: 'kafka-anatomy:pause' });
    await page.waitForTimeout(300);
    const k = (await msgs()).length;
    await page.waitForTimeout(2500);
    assert((await msgs()).length === k, 'nothing more after pause');
  });

  await check('scenario text is rendered as text; nothing from a message is evaluated', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const scenario = {
      version: 1,
      id: 'text-only',
      title: { en: evil, zh: evil },
      brokers: 3,
      steps: [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3, say: { en: `Say ${evil}`, zh: `说 ${evil}` } },
        { do: 'advance', ms: 10, say: 'javascript:window.__pwned=3' },
      ],
    };
    const n = (await msgs()).length;
    await send({ type: 'kafka-anatomy:load', scenario });
    await send({ type: 'kafka-anatomy:seek', step: 1 });
    const m = await until((all) => all.slice(n).some((x) => x.type === 'kafka-anatomy:step' && x.index === 0), 'step 0');
    const s0 = m.slice(n).find((x) => x.type === 'kafka-anatomy:step' && x.index === 0)!;
    assert(s0.say === `Say ${evil}`, `the narration is passed on verbatim: ${JSON.stringify(s0.say)}`);
    const f = frame();
    await f.locator('[data-testid="lesson-say"]').filter({ hasText: 'Say <img' }).waitFor({ timeout: T });
    const r = (await f.evaluate(
      '({ pwned: window.__pwned === undefined ? null : window.__pwned, imgs: document.querySelectorAll("#root img").length, scripts: document.querySelectorAll("#root script").length })',
    )) as { pwned: unknown; imgs: number; scripts: number };
    assert(r.pwned === null && r.imgs === 0 && r.scripts === 0, `nothing evaluated or inserted: ${JSON.stringify(r)}`);
    assert((await page.evaluate('window.__foreign')) === 0, "every message came from the frame's origin");
  });

  await check('course-sample.html (from the build, under its path) embeds two lessons and drives the left one', async () => {
    await page.goto(new URL('course-sample.html', baseUrl).href);
    const left = page.frameLocator('#frame-a');
    const right = page.frameLocator('#frame-b');
    await left.locator('[data-testid="lesson-panel"][data-lesson="acks-1-data-loss"]').waitFor({ timeout: 60_000 });
    await right.locator('[data-testid="lesson-panel"][data-lesson="acks"]').waitFor({ timeout: 60_000 });
    const logText = async () => (await page.locator('#log').textContent()) ?? '';
    const waitLog = async (re: RegExp, what: string, ms = T) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (re.test(await logText())) return;
        await page.waitForTimeout(100);
      }
      throw new Error(`the page's list shows no ${what}: ${(await logText()).slice(-400)}`);
    };
    await page.locator('#lesson option[value="high-watermark"]').waitFor({ state: 'attached', timeout: T });
    await page.locator('#lesson').selectOption('high-watermark');
    await page.locator('#clear').click();
    await page.locator('#load').click();
    await left.locator('[data-testid="lesson-panel"][data-lesson="high-watermark"]').waitFor({ timeout: 60_000 });
    await waitLog(/kafka-anatomy:step 1\/18/, 'step message of the loaded lesson');
    // "step" moves one event; a few of them reach the second scenario step
    for (let i = 0; i < 40 && !/kafka-anatomy:step 2\/18/.test(await logText()); i++) {
      await page.locator('#step').click();
      await page.waitForTimeout(100);
    }
    await waitLog(/kafka-anatomy:step 2\/18/, 'step forward');
    await page.locator('#back').click();
    await page.locator('#play').click();
    await page.waitForTimeout(1500);
    await page.locator('#pause').click();
    await page.locator('#run').click();
    await left.locator('[data-testid="lesson-panel"][data-at-end="true"]').waitFor({ timeout: 60_000 });
    await page.locator('#get-state').click();
    await waitLog(/kafka-anatomy:state index=\d+/, 'state');
    const state = JSON.parse((await page.locator('#state').textContent()) ?? '{}') as { topics?: Record<string, unknown> };
    const expected = nodeFinal(readJson('public/lessons/high-watermark.json')) as { topics: Record<string, unknown> };
    assert(isDeepStrictEqual(norm(state), expected), `the state shown equals the runner's: ${firstDiff(norm(state), expected)}`);
    assert((await right.locator('[data-testid="lesson-panel"][data-lesson="acks"]').count()) === 1, 'the right frame is untouched');
  });

  await page.close();
  return results;
}
