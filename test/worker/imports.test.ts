// The UI talks to the engine only through the worker protocol: no module under src/ui imports another part of
// src/worker (the host, the timeline, the stores), so the worker's inside can change without touching the UI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('the UI depends only on the worker protocol', () => {
  it('src/ui imports nothing from src/worker but protocol.ts (and the worker entry it starts)', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'src/ui'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|new URL\(\s*)'([^']+)'/g)) {
        if (!m[1].startsWith('.')) continue;
        const target = relative(root, resolve(dirname(f), m[1])).replace(/\.tsx?$/, '');
        if (target.startsWith('src/worker/') && target !== 'src/worker/protocol' && target !== 'src/worker/engine.worker')
          bad.push(`${relative(root, f)} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
