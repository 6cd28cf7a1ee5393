// Runs the storage browser checks alone: Vite's dev server on a free port, Debian's Chromium in a fresh profile.
// Prints "N passed, M failed" last and exits non-zero on a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createServer } from 'vite';
import { storageBrowserChecks } from './storage';
import { launchChromium } from './chromium';

const ROOT = join(import.meta.dirname, '..', '..');

async function main(): Promise<number> {
  const server = await createServer({ root: ROOT, server: { port: 0 }, logLevel: 'error' });
  await server.listen();
  const profile = mkdtempSync(join(tmpdir(), 'ka-storage-'));
  let ctx: BrowserContext | null = null;
  let failed = 1;
  try {
    const addr = server.httpServer!.address() as { port: number };
    ctx = await launchChromium(profile);
    const results = await storageBrowserChecks(`http://localhost:${addr.port}/`, ctx);
    for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? `\n     ${r.detail}` : ''}`);
    failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed} passed, ${failed} failed`);
  } catch (e) {
    console.log(`FAIL storage checks could not run: ${e instanceof Error ? e.message : String(e)}`);
    console.log('0 passed, 1 failed');
  } finally {
    await ctx?.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
