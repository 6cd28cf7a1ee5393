// Browser-side figures. ui.initialJsGzipKb: gzipped JavaScript that index.html loads before first paint
// (its entry module and modulepreloads; lazy chunks and the worker are not counted).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';

const ROOT = join(import.meta.dirname, '..');

export function ensureBuild(): string {
  const dist = join(ROOT, 'dist');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  return dist;
}

export function initialJsGzipKb(dist: string): number {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]);
  let bytes = 0;
  for (const s of new Set(srcs)) {
    const file = join(dist, s.replace(/^\.?\//, ''));
    if (existsSync(file)) bytes += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return Math.round((bytes / 1024) * 10) / 10;
}

export async function uiBench(): Promise<Record<string, number>> {
  const dist = ensureBuild();
  const out: Record<string, number> = { 'ui.initialJsGzipKb': initialJsGzipKb(dist) };
  const { measureUi } = await import('./uiFigures');
  Object.assign(out, await measureUi(dist));
  return out;
}
