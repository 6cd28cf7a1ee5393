import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { exportDisks } from '../../src/storage/export';
import { inspectFile, inspectLog, inspectOffsetIndex, inspectTimeIndex } from '../../src/storage/inspect';
import { config, rec, NO_PRODUCER, td } from './helpers';
import { kafkajsDecode } from './kafkajs';

function cluster() {
  const cfg = config({ segmentBytes: 2000, indexIntervalBytes: 300 });
  const disks = new Map([1, 2, 3].map((id) => [id, new SimDisk()]));
  const leader = UnifiedLog.create('orders-0', cfg, disks.get(1)!, 0);
  const followers = [2, 3].map((id) => UnifiedLog.create('orders-0', cfg, disks.get(id)!, 0));
  for (let i = 0; i < 60; i++) {
    const epoch = i < 30 ? 0 : 1;
    leader.appendAsLeader(
      [rec(`key-${i % 7}`, `value-${i}`, 1700000000000 + i), rec(null, `second-${i}`, 1700000000000 + i)],
      epoch,
      { producerId: 5, producerEpoch: 0, baseSequence: 2 * i },
      i,
    );
  }
  const gz = UnifiedLog.create('gz-0', config({ compressionType: 'gzip' }), disks.get(1)!, 0);
  gz.appendAsLeader([rec('a', 'x'.repeat(100)), rec('b', 'y'.repeat(100))], 0, NO_PRODUCER, 0);
  for (const f of followers) f.appendAsFollower(leader.read(0, Infinity), 0);
  return { disks, leader };
}

describe('export to a real directory', () => {
  it('lays files out as Kafka does and kafkajs decodes every batch of every exported .log', async () => {
    const { disks, leader } = cluster();
    const out = mkdtempSync(join(tmpdir(), 'kafka-anatomy-export-'));
    try {
      const written = exportDisks(disks, out);
      expect(written).toContain(join('broker-1', 'orders-0', '00000000000000000000.log'));
      for (const id of [1, 2, 3]) {
        const files = readdirSync(join(out, `broker-${id}`, 'orders-0'));
        const segs = leader.segmentsInfo().map((s) => s.file.replace('.log', ''));
        for (const s of segs) for (const ext of ['.log', '.index', '.timeindex']) expect(files).toContain(s + ext);
        let records = 0;
        for (const s of segs) {
          const bytes = readFileSync(join(out, `broker-${id}`, 'orders-0', s + '.log'));
          let pos = 0;
          while (pos < bytes.length) {
            const size = 12 + bytes.readInt32BE(pos + 8);
            const k = await kafkajsDecode(bytes.subarray(pos, pos + size));
            expect(k.records[0].value.toString()).toBe(`value-${Number(k.firstOffset) / 2}`);
            expect(k.partitionLeaderEpoch).toBe(Number(k.firstOffset) < 60 ? 0 : 1);
            records += k.records.length;
            pos += size;
          }
        }
        expect(records).toBe(120);
      }
      const gz = readFileSync(join(out, 'broker-1', 'gz-0', '00000000000000000000.log'));
      const k = await kafkajsDecode(gz);
      expect(k.records.map((r: any) => r.value.toString())).toEqual(['x'.repeat(100), 'y'.repeat(100)]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('inspect user-supplied files', () => {
  it('decodes batches, records and index entries; errors name the file and byte offset', () => {
    const { disks, leader } = cluster();
    const d = disks.get(1)!;
    const seg = leader.segmentsInfo()[1];
    const name = seg.file;
    const log = inspectLog(name, d.read(`orders-0/${name}`));
    expect(log.error).toBeNull();
    expect(log.baseOffset).toBe(seg.baseOffset);
    expect(log.batches[0].header.baseOffset).toBe(seg.baseOffset);
    expect(td.decode(log.batches[0].records[1].value!)).toMatch(/^second-/);
    expect(log.validBytes).toBe(seg.sizeBytes);
    const idx = inspectOffsetIndex(name.replace('.log', '.index'), d.read(`orders-0/${name.replace('.log', '.index')}`));
    expect(idx.entries.length).toBe(seg.indexEntries);
    for (const e of idx.entries) expect(log.batches.find((b) => b.position === e.position)?.lastOffset).toBe(e.offset);
    const tix = inspectTimeIndex(name.replace('.log', '.timeindex'), d.read(`orders-0/${name.replace('.log', '.timeindex')}`));
    expect(tix.error).toBeNull();
    expect(tix.entries.length).toBeGreaterThan(0);

    const bad = d.read(`orders-0/${name}`);
    const third = log.batches[2].position;
    bad[third + 70] ^= 1;
    const broken = inspectLog(name, bad);
    expect(broken.batches.length).toBe(2);
    expect(broken.error).toMatchObject({ file: name, position: third + 17 });
    expect(broken.error!.message).toMatch(new RegExp(`^${name} at byte ${third + 17}: CRC-32C mismatch`));
    expect(broken.failedBatch?.baseOffset).toBe(log.batches[2].header.baseOffset);
    const torn = inspectLog(name, bad.subarray(0, third + 30));
    expect(torn.error!.message).toMatch(new RegExp(`at byte ${third + 8}: batchLength`));
    const oddIndex = inspectFile('00000000000000000000.index', new Uint8Array([0, 0, 0, 5, 0, 0, 1, 0, 7]));
    expect(oddIndex.error!.position).toBe(8);
    // Kafka's preallocated (zero-filled) active index is read up to its last real entry
    const prealloc = inspectOffsetIndex('00000000000000000100.index', new Uint8Array([0, 0, 0, 3, 0, 0, 1, 0, ...new Array(80).fill(0)]));
    expect(prealloc).toMatchObject({ entries: [{ offset: 103, position: 256 }], error: null });
  });
});
