import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkajsDecode } from '../storage/kafkajs';

describe('npm run export', () => {
  it('writes Kafka log directories whose batches kafkajs decodes, with the produced values in order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ka-export-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', join(__dirname, 'fixtures/export-small.json'), '--out', out], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const b of [1, 2]) {
      const dir = join(out, `broker-${b}`, 'orders-0');
      const files = readdirSync(dir).sort();
      expect(files).toContain('00000000000000000000.log');
      expect(files).toContain('00000000000000000000.index');
      expect(files).toContain('00000000000000000000.timeindex');
      const bytes = readFileSync(join(dir, '00000000000000000000.log'));
      const values: string[] = [];
      for (let pos = 0; pos < bytes.length; ) {
        const size = 12 + bytes.readInt32BE(pos + 8);
        const batch = await kafkajsDecode(new Uint8Array(bytes.subarray(pos, pos + size)));
        for (const rec of batch.records) values.push(String(rec.value));
        pos += size;
      }
      expect(values).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    }
    expect(existsSync(join(out, 'broker-3', 'orders-0'))).toBe(false);
  });
});
