// Runs the saved-clusters browser checks: a production build served by server.ts, Debian's Chromium in a fresh
// profile. Prints "N passed, M failed" last and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { serve } from './server';
import { sessionChecks } from './sessions';
import { launchChromium } from './chromium';


async function main(): Promise<number> {
  const dist = mkdtempSync(join(tmpdir(), 'ka-sessions-dist-'));
  const profile = mkdtempSync(join(tmpdir(), 'ka-sessions-'));
  let ctx: BrowserContext | null = null;
  let server: { url: string; close: () => Promise<void> } | null = null;
  let failed = 1;
  try {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
    server = await serve(dist);
    ctx = await launchChromium(profile, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const results = await sessionChecks(server.url, ctx);
    for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? `\n     ${r.detail}` : ''}`);
    failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed} passed, ${failed} failed`);
  } catch (e) {
    console.log(`FAIL session checks could not run: ${e instanceof Error ? e.message : String(e)}`);
    console.log('0 passed, 1 failed');
  } finally {
    await ctx?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
