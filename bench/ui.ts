// Browser-side figures. ui.initialJsGzipKb: gzipped JavaScript that index.html loads before first paint
// (its entry module and modulepreloads; lazy chunks and the worker are not counted).
// The lesson figures of issue 13 (bench/uiLessons.ts) run on the same production build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { serve } from '../test/browser/server';

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

/** `want(key)`: whether a figure's key (or its group, e.g. "ui.lessons") was asked for. */
export async function uiBench(want: (key: string) => boolean = () => true, named: (key: string) => boolean = () => false): Promise<Record<string, number>> {
  const dist = ensureBuild();
  const out: Record<string, number> = { 'ui.initialJsGzipKb': initialJsGzipKb(dist) };
  if (want('ui.figures')) {
    const { measureUi } = await import('./uiFigures');
    Object.assign(out, await measureUi(dist));
  }
  if (want('ui.lessons')) {
    const { lessonFigures } = await import('./uiLessons');
    const server = await serve(dist);
    try {
      Object.assign(out, await lessonFigures(server.url));
    } finally {
      await server.close();
    }
  }
  if (named('ui.seek')) {
    // ui.seekP95Ms: a 100k-event history takes minutes to build, so only when asked for
    const { seekFigures } = await import('./uiSeek');
    const server = await serve(dist);
    try {
      Object.assign(out, await seekFigures(server.url));
    } finally {
      await server.close();
    }
  }
  return out;
}
