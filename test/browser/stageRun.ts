// Issue 9 in Chromium (test/browser/stage.ts): builds into a private directory, serves it, and steps through every
// lesson checking focus views and predictions; a course page on the same server embeds the first lesson at its
// prediction to receive kafka-anatomy:answer. Prints "N passed, M failed" last; exits non-zero on a failure.
//   node --import tsx test/browser/stageRun.ts [--dist=DIR] [--only=<lesson id> (in English and Chinese; broker-metrics
//   also checks the metrics view's deltas)] [--slow (walk the 737k-record lesson too)]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium';
import { serve } from './server';
import { metricsDeltaCheck, stageChecks, walkLesson, WALK_HOST, type CheckResult } from './stage';

const HOST = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>course</title>
<iframe id="f" src="./embed.html?scenario=kafka-in-one-picture&lang=en&step=10" width="960" height="600" style="border:0"></iframe>
<script>window.__msgs = []; addEventListener('message', (e) => { if (e.source === document.getElementById('f').contentWindow) window.__msgs.push(e.data); });</script>`;

async function main(): Promise<number> {
  const t0 = Date.now();
  const given = process.argv.find((a) => a.startsWith('--dist='))?.slice(7);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const dist = given ?? mkdtempSync(join(tmpdir(), 'kafka-anatomy-stage-'));
  if (!given) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const server = await serve(dist, { '/__course.html': HOST, '/__walk.html': WALK_HOST });
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  const results: CheckResult[] = [];
  let ctx: BrowserContext | null = null;
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1300, height: 760 }, locale: 'en-US' });
    if (only) {
      const page = await ctx.newPage();
      await page.goto(new URL('__walk.html', server.url).href);
      const lesson = (await (await fetch(new URL(`lessons/${only}.json`, server.url))).json()) as Parameters<typeof walkLesson>[2];
      for (const lang of ['en', 'zh'] as const)
        try {
          const r = await walkLesson(page, page.mainFrame(), lesson, lang);
          results.push({ name: `${only} (${lang})`, ok: true, detail: JSON.stringify(r) });
        } catch (e) {
          results.push({ name: `${only} (${lang})`, ok: false, detail: e instanceof Error ? e.message : String(e) });
        }
      if (only === 'broker-metrics')
        try {
          await metricsDeltaCheck(page, server.url);
          results.push({ name: 'the metrics view shows what a kill step changed, then the failover', ok: true });
        } catch (e) {
          results.push({
            name: 'the metrics view shows what a kill step changed, then the failover',
            ok: false,
            detail: e instanceof Error ? e.message : String(e),
          });
        }
    } else {
      results.push(...(await stageChecks(server.url, ctx, new URL('__course.html', server.url).href, process.argv.includes('--slow'))));
    }
  } catch (e) {
    results.push({ name: 'browser session', ok: false, detail: String(e) });
  } finally {
    await ctx?.close().catch(() => undefined);
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    if (!given) rmSync(dist, { recursive: true, force: true });
  }
  for (const r of results)
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? (r.ok ? `  (${r.detail})` : `\n     ${r.detail.replace(/\n/g, '\n     ')}`) : ''}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`(${Math.round((Date.now() - t0) / 1000)} s)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed || results.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
