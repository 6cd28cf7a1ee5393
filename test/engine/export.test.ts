import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkajsDecode } from '../storage/kafkajs';
import { inspectFile } from '../../src/storage/inspect';

describe('npm run export', () => {
  it('writes Kafka log directories whose batches kafkajs decodes, with the produced values in order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ka-export-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', join(__dirname, 'fixtures/export-small.json'), '--out', out], {
      cwd: join(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    for (const b of [1, 2]) {
      const dir = join(out, `broker-${b}`, 'orders-0');
      const files = readdirSync(dir).sort();
      expect(files).toContain('00000000000000000000.log');
      expect(files).toContain('00000000000000000000.index');
      expect(files).toContain('00000000000000000000.timeindex');
      const bytes = readFileSync(join(dir, '00000000000000000000.log'));
      const values: string[] = [];
      for (let pos = 0; pos < bytes.length;) {
        const size = 12 + bytes.readInt32BE(pos + 8);
        const batch = await kafkajsDecode(new Uint8Array(bytes.subarray(pos, pos + size)));
        for (const rec of batch.records) values.push(String(rec.value));
        pos += size;
      }
      expect(values).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    }
    expect(existsSync(join(out, 'broker-3', 'orders-0'))).toBe(false);
  });

  it('writes a transactional log: kafkajs flags the markers as control batches, Inspect shows them and the .txnindex', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ka-export-txn-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', join(__dirname, 'fixtures/export-transactions.json'), '--out', out], {
      cwd: join(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const dirs = [1, 2, 3].map((b) => join(out, `broker-${b}`, 'orders-0')).filter((d) => existsSync(d));
    expect(dirs).toHaveLength(2);
    for (const dir of dirs) {
      expect(readdirSync(dir)).toContain('00000000000000000000.txnindex');
      const bytes = new Uint8Array(readFileSync(join(dir, '00000000000000000000.log')));
      const seen: { offset: string; control: boolean; inTransaction: boolean; values: string[] }[] = [];
      for (let pos = 0; pos < bytes.length;) {
        const size = 12 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(pos + 8);
        const batch = await kafkajsDecode(bytes.subarray(pos, pos + size));
        seen.push({
          offset: String(batch.firstOffset),
          control: batch.isControlBatch,
          inTransaction: batch.inTransaction,
          values: batch.isControlBatch ? [] : batch.records.map((x: { value: Buffer }) => String(x.value)),
        });
        pos += size;
      }
      // aborted0, aborted1 (one batch), the ABORT marker at 2, committed0 at 3, the COMMIT marker at 4
      expect(seen).toEqual([
        { offset: '0', control: false, inTransaction: true, values: ['aborted0', 'aborted1'] },
        { offset: '2', control: true, inTransaction: true, values: [] },
        { offset: '3', control: false, inTransaction: true, values: ['committed0'] },
        { offset: '4', control: true, inTransaction: true, values: [] },
      ]);
      const log = inspectFile('00000000000000000000.log', bytes);
      expect(log.kind === 'log' && log.batches.map((b) => b.controlRecord?.type ?? null)).toEqual([null, 'ABORT', null, 'COMMIT']);
      const idx = inspectFile('00000000000000000000.txnindex', new Uint8Array(readFileSync(join(dir, '00000000000000000000.txnindex'))));
      expect(idx.kind === 'txnindex' && idx.entries).toEqual([{ producerId: 0, firstOffset: 0, lastOffset: 2, lastStableOffset: 3 }]);
    }
  });
});
