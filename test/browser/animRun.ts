// The stage's mechanics animated, in Chromium: build privately, serve, run test/browser/anim.ts.
// Prints "N passed, M failed" last and exits non-zero on a failure.
//   node --import tsx test/browser/animRun.ts [--no-build] [--dist=DIR] [--only=text]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { animChecks, type Result } from './anim';
import { launchChromium } from './chromium';
import { serve } from './server';

async function main(): Promise<number> {
  const t0 = Date.now();
  let dist = process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? 'dist';
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '';
  const own = !process.argv.includes('--no-build') && !process.argv.some((a) => a.startsWith('--dist='));
  if (own) {
    dist = mkdtempSync(join(tmpdir(), 'kafka-anatomy-anim-dist-'));
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
    if (b.status !== 0) {
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const server = await serve(dist);
  const profile = mkdtempSync(join(tmpdir(), 'kafka-anatomy-chromium-'));
  const results: Result[] = [];
  let ctx: BrowserContext | null = null;
  try {
    ctx = await launchChromium(profile, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    for (const r of await animChecks(server.url, ctx, only)) {
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? (r.ok ? `\n     ${r.detail}` : `\n     ${r.detail.replace(/\n/g, '\n     ')}`) : ''}`);
      results.push(r);
    }
  } catch (e) {
    results.push({ name: 'browser session', ok: false, detail: String(e) });
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
