// Dependencies point one way: storage < engine < wire < scenario < worker < ui; the CLI may use everything but
// the UI. wire (Kafka's protocol for real clients) sits under scenario because a recorded client request is a
// scenario step (clientRequest) that replays in the app's worker too. No file under src/ imports from a layer
// above its own (a type-only import counts too).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '../../src');
/** what each layer may import (besides itself) */
const MAY: Record<string, string[]> = {
  storage: [],
  engine: ['storage'],
  wire: ['engine', 'storage'],
  scenario: ['wire', 'engine', 'storage'],
  worker: ['scenario', 'wire', 'engine', 'storage'],
  ui: ['worker', 'scenario', 'wire', 'engine', 'storage'],
  cli: ['worker', 'scenario', 'wire', 'engine', 'storage'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

/** Relative imports (static, dynamic, type-only, re-exports) of a source file, resolved to src/-relative paths. */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)));
}

const layerOf = (p: string) => p.split(/[\\/]/)[0];

describe('layers', () => {
  const all = files(SRC);

  it('every top-level folder of src/ is a known layer', () => {
    expect(new Set(all.map((f) => layerOf(relative(SRC, f))))).toEqual(new Set(Object.keys(MAY)));
  });

  it('no file imports from a layer above its own', () => {
    const wrong: string[] = [];
    for (const f of all) {
      const from = layerOf(relative(SRC, f));
      for (const to of importsOf(f, readFileSync(f, 'utf8')).map(layerOf)) {
        if (to === from || to.startsWith('..')) continue;
        if (!MAY[from].includes(to)) wrong.push(`${relative(SRC, f)} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the check sees every kind of import (it would catch the engine importing the scenario layer)', () => {
    const f = join(SRC, 'engine/x.ts');
    const text = "import type { A } from '../scenario/types';\nexport { B } from '../worker/b';\nconst c = await import('../ui/c');\nimport '../ui/d.css';";
    expect(importsOf(f, text).map(layerOf)).toEqual(['scenario', 'worker', 'ui', 'ui']);
  });
});
