import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FailingDisk, PowerLoss } from './failingDisk';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { config, rec, NO_PRODUCER, td } from './helpers';
import { kafkajsDecode } from './kafkajs';

const HOUR = 3600 * 1000;

function compactedLog(keys: [string, string | null][], over = {}) {
  const disk = new SimDisk();
  const cfg = config({ cleanupPolicy: 'compact', segmentBytes: 250, deleteRetentionMs: HOUR, ...over });
  const log = UnifiedLog.create('__consumer_offsets-12', cfg, disk, 0);
  keys.forEach(([k, v], i) => log.appendAsLeader([rec(k, v, i)], 0, NO_PRODUCER, i));
  log.updateHighWatermark(log.logEndOffset);
  return { disk, log };
}

function contents(log: UnifiedLog) {
  return log.readRecords(log.logStartOffset, 1000, log.logEndOffset).map((r) => [r.offset, td.decode(r.key!), r.value && td.decode(r.value)]);
}

describe('log compaction', () => {
  const input: [string, string | null][] = [
    ['a', '1'],
    ['b', '1'],
    ['a', '2'],
    ['c', '1'],
    ['b', '2'],
    ['a', '3'],
    ['c', null],
    ['d', '1'],
    ['e', '1'],
    ['f', '1'],
    ['g', '1'],
  ];

  it('keeps the latest record per key with its original offset, never touching the active segment', async () => {
    const { log } = compactedLog(input);
    const before = log.segmentsInfo();
    const active = before.at(-1)!;
    expect(before.length).toBeGreaterThan(2);
    const r = log.maybeClean(0);
    expect(r.cleaned).toBe(true);
    const after = contents(log);
    // expected, computed from the input: for each key in the cleanable part, only its last occurrence
    const cleanableEnd = active.baseOffset;
    const lastIndex = new Map<string, number>();
    input.forEach(([k], i) => lastIndex.set(k, i));
    const expected = input.map(([k, v], i) => [i, k, v] as [number, string, string | null]).filter(([i, k]) => i >= cleanableEnd || lastIndex.get(k) === i);
    expect(after).toEqual(expected);
    expect(r.removedRecords).toBe(input.length - expected.length);
    expect(log.logEndOffset).toBe(input.length); // offsets are kept: the log has gaps, not renumbered records
    expect(log.segmentsInfo().at(-1)).toEqual(active);
    // cleaned batches are still valid RecordBatch v2 that kafkajs reads
    for (const b of log.read(0, 1 << 20)) {
      const k = await kafkajsDecode(b.bytes);
      expect(Number(k.firstOffset)).toBe(b.baseOffset);
    }
    // lookups still work across gaps: offset 0 (removed "a") resolves to the next batch
    const t = log.lookup(0);
    expect(t.error).toBeNull();
    expect(log.read(0, 1)[0].baseOffset).toBe(expected[0][0]);
  });

  it('cleans only when the dirty ratio reaches min.cleanable.dirty.ratio, and not above the high watermark', () => {
    const { log } = compactedLog(input);
    log.updateHighWatermark(0);
    expect(log.maybeClean(0)).toEqual({ cleaned: false, removedRecords: 0 });
    log.updateHighWatermark(log.logEndOffset);
    expect(log.maybeClean(0).cleaned).toBe(true);
    expect(log.maybeClean(0)).toEqual({ cleaned: false, removedRecords: 0 }); // nothing dirty any more
    const { log: strict } = compactedLog(input, { minCleanableDirtyRatio: 1.01 });
    expect(strict.maybeClean(0).cleaned).toBe(false);
    const { log: del } = compactedLog(input, { cleanupPolicy: 'delete' });
    expect(del.maybeClean(0).cleaned).toBe(false);
  });

  it('drops a tombstone only after delete.retention.ms', () => {
    const keys: [string, string | null][] = [
      ['x', '1'],
      ['x', null],
      ['y', '1'],
      ['y', '2'],
      ['z', '1'],
      ['z', '2'],
      ['w', '1'],
      ['w', '2'],
      ['v', '1'],
    ];
    const early = compactedLog(keys).log;
    early.maybeClean(10);
    expect(contents(early).filter(([, k]) => k === 'x')).toEqual([[1, 'x', null]]);
    const late = compactedLog(keys).log;
    late.maybeClean(2 * HOUR);
    expect(contents(late).filter(([, k]) => k === 'x')).toEqual([]);
  });

  it('survives a restart: the cleaned segments load back, and a half-done swap is completed', () => {
    const { log, disk } = compactedLog(input);
    log.maybeClean(0);
    log.flush(0);
    const expected = contents(log);
    const { log: again } = UnifiedLog.load(log.dir, log.config, disk, 0, false);
    expect(contents(again)).toEqual(expected);
    // simulate a crash in the middle of a swap: the .log reached .swap, its index did not
    const seg = again.segmentsInfo()[0];
    const base = `${log.dir}/${seg.file.replace('.log', '')}`;
    disk.rename(`${base}.log`, `${base}.log.swap`);
    disk.writeFile(`${base}.index`, new Uint8Array([0, 0, 0, 99, 0, 0, 0x7f, 0])); // stale junk index
    disk.writeFile(`${base}.index.cleaned`, new Uint8Array(3));
    const { log: third } = UnifiedLog.load(log.dir, log.config, disk, 0, true);
    expect(contents(third)).toEqual(expected);
    expect(disk.exists(`${base}.index.cleaned`)).toBe(false);
    expect(third.lookup(expected[0][0] as number).position).toBe(0);
  });
});

describe('compaction under power loss', () => {
  it('never loses the latest flushed record of a key, whichever disk operation the power died before', () => {
    const opArb = fc.oneof(
      { weight: 6, arbitrary: fc.record({ t: fc.constant('append' as const), key: fc.integer({ min: 0, max: 4 }), size: fc.integer({ min: 0, max: 60 }) }) },
      { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
      { weight: 2, arbitrary: fc.constant({ t: 'clean' as const }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), fc.nat(300), (ops, budget) => {
        const disk = new FailingDisk(budget);
        const cfg = config({ cleanupPolicy: 'compact', segmentBytes: 200, minCleanableDirtyRatio: 0.1 });
        const written = new Map<number, [string, string]>();
        let flushedUpTo = 0;
        try {
          const log = UnifiedLog.create('c-0', cfg, disk, 0);
          let seq = 0;
          for (const op of ops) {
            if (op.t === 'append') {
              const v = `v${seq++}${'-'.repeat(op.size)}`;
              written.set(log.logEndOffset, [`key${op.key}`, v]);
              log.appendAsLeader([rec(`key${op.key}`, v, seq)], 0, NO_PRODUCER, seq);
            } else if (op.t === 'flush') log.flush(seq);
            else {
              log.updateHighWatermark(log.logEndOffset);
              log.maybeClean(seq);
            }
            flushedUpTo = log.recoveryPoint;
          }
        } catch (e) {
          if (!(e instanceof PowerLoss)) throw e;
        }
        disk.crash(true);
        disk.budget = Infinity;
        const { log } = UnifiedLog.load('c-0', cfg, disk, 0, false);
        const got = log.readRecords(log.logStartOffset, 10_000, log.logEndOffset);
        for (const r of got) expect([td.decode(r.key!), td.decode(r.value!)]).toEqual(written.get(r.offset));
        const latest = new Map<string, number>();
        for (const [o, [k]] of written) if (o < flushedUpTo) latest.set(k, o);
        const offsets = new Set(got.map((r) => r.offset));
        for (const [k, o] of latest) expect(offsets.has(o), `${k}@${o}`).toBe(true);
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 100) },
    );
  });
});
