// Issue 6 in Chromium, standalone: build, serve dist/ under a sub-path (/kafka-anatomy/) on one port and a
// course host page on another port (another origin), then run the lesson checks and the embedding checks.
// Prints "N passed, M failed" last and exits non-zero on a failure.
//   node --import tsx test/browser/issue6Run.ts [--no-build] [--only=embed|lessons]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { EMBED_HOST_FILE, EMBED_HOST_HTML, embedChecks } from './embed';
import { lessonChecks } from './lessons';
import { serve } from './server';
import { launchChromium } from './chromium';

const SUB = 'kafka-anatomy/';

async function main(): Promise<number> {
  const t0 = Date.now();
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  // the build under a sub-path: <root>/kafka-anatomy -> dist
  const appRoot = mkdtempSync(join(tmpdir(), 'kafka-anatomy-app-'));
  symlinkSync(resolve('dist'), join(appRoot, SUB.slice(0, -1)), 'dir');
  const hostRoot = mkdtempSync(join(tmpdir(), 'kafka-anatomy-host-'));
  writeFileSync(join(hostRoot, EMBED_HOST_FILE), EMBED_HOST_HTML);
  const app = await serve(appRoot);
  const host = await serve(hostRoot);
  const baseUrl = app.url + SUB;
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  const results: { name: string; ok: boolean; detail?: string }[] = [];
  let ctx: BrowserContext | null = null;
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const report = (rs: typeof results) => {
      for (const r of rs)
        console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? (r.ok ? `  (${r.detail})` : `\n     ${r.detail.replace(/\n/g, '\n     ')}`) : ''}`);
      results.push(...rs);
    };
    console.log(`app ${baseUrl}  host ${host.url}`);
    if (only !== 'lessons') report(await embedChecks(baseUrl, host.url, ctx));
    if (only !== 'embed') report(await lessonChecks(baseUrl, ctx));
  } catch (e) {
    results.push({ name: 'browser session', ok: false, detail: String(e) });
    console.log('FAIL browser session', e);
  } finally {
    await ctx?.close().catch(() => undefined);
    await app.close();
    await host.close();
    unlinkSync(join(appRoot, SUB.slice(0, -1))); // the link only, never dist/
    for (const d of [profile, appRoot, hostRoot]) rmSync(d, { recursive: true, force: true });
  }
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
