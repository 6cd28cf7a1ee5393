// Runs the saved-clusters browser checks: a production build served by server.ts, Debian's Chromium in fresh
// profiles (sessions.ts in one, sessionsSafe.ts in another). Prints "N passed, M failed" last and exits non-zero on
// a failure.   node --import tsx test/browser/sessionsRun.ts [--dist=DIR (already built)] [--only=safe]
// With SHOTS_DIR=<dir>, sessionsSafe.ts photographs each message it checks (English, Chinese; desktop, phone).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { serve } from './server';
import { sessionChecks, type CheckResult } from './sessions';
import { FRAMES_HTML, safeSessionChecks } from './sessionsSafe';
import { launchChromium } from './chromium';

async function main(): Promise<number> {
  const given = process.argv.find((a) => a.startsWith('--dist='))?.slice(7);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const dist = given ?? mkdtempSync(join(tmpdir(), 'ka-sessions-dist-'));
  const profiles: string[] = [];
  let ctx: BrowserContext | null = null;
  let server: { url: string; close: () => Promise<void> } | null = null;
  let failed = 1;
  const t0 = Date.now();
  try {
    if (!given) {
      const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
      if (b.status !== 0) throw new Error('vite build failed');
    }
    server = await serve(dist, { '/__frames.html': FRAMES_HTML });
    const results: CheckResult[] = [];
    const fresh = async () => {
      await ctx?.close();
      const p = mkdtempSync(join(tmpdir(), 'ka-sessions-'));
      profiles.push(p);
      ctx = await launchChromium(p, { viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      return ctx;
    };
    if (only !== 'safe') results.push(...(await sessionChecks(server.url, await fresh())));
    results.push(...(await safeSessionChecks(server.url, await fresh(), process.env.SHOTS_DIR)));
    for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? `\n     ${r.detail}` : ''}`);
    failed = results.filter((r) => !r.ok).length;
    console.log(`(${Math.round((Date.now() - t0) / 1000)} s)`);
    console.log(`${results.length - failed} passed, ${failed} failed`);
  } catch (e) {
    console.log(`FAIL session checks could not run: ${e instanceof Error ? e.message : String(e)}`);
    console.log('0 passed, 1 failed');
  } finally {
    await (ctx as BrowserContext | null)?.close();
    await server?.close();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
    if (!given) rmSync(dist, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
