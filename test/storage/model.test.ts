import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { inspectLog } from '../../src/storage/inspect';
import { config, rec, NO_PRODUCER, td } from './helpers';

type Op = { t: 'append'; n: number; size: number; epoch: number } | { t: 'truncate'; back: number } | { t: 'retain' } | { t: 'restart'; clean: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('append' as const),
      n: fc.integer({ min: 1, max: 5 }),
      size: fc.integer({ min: 0, max: 150 }),
      epoch: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'retain' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), clean: fc.boolean() }) },
);

describe('UnifiedLog against a model (no faults)', () => {
  it('reads, lookups and indexes agree with the records appended and an independent decode of the files', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 150, max: 600 }),
        fc.integer({ min: 0, max: 300 }),
        (ops, segmentBytes, indexIntervalBytes) => {
          const disk = new SimDisk({ chunkBytes: 256 });
          const cfg = config({ segmentBytes, indexIntervalBytes, retentionMs: -1, retentionBytes: 800 });
          let log = UnifiedLog.create('m-0', cfg, disk, 0);
          const model = new Map<number, string>();
          let epoch = 0;
          let seq = 0;
          for (const op of ops) {
            if (op.t === 'append') {
              epoch = Math.max(epoch, op.epoch);
              const base = log.logEndOffset;
              const values = Array.from({ length: op.n }, () => `r${seq++}:${'p'.repeat(op.size)}`);
              values.forEach((v, i) => model.set(base + i, v));
              log.appendAsLeader(
                values.map((v) => rec('k', v, seq)),
                epoch,
                NO_PRODUCER,
                seq,
              );
            } else if (op.t === 'truncate') {
              log.truncateTo(Math.max(log.logStartOffset, log.logEndOffset - op.back));
            } else if (op.t === 'retain') {
              log.updateHighWatermark(log.logEndOffset);
              log.deleteOldSegments(0);
            } else {
              if (op.clean) log.flush(0);
              log = UnifiedLog.load('m-0', cfg, disk, 0, op.clean).log;
            }
            for (const k of [...model.keys()]) if (k >= log.logEndOffset || k < log.logStartOffset) model.delete(k);
          }
          const start = log.logStartOffset;
          const end = log.logEndOffset;
          expect([...model.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: end - start }, (_, i) => start + i));
          // every record, from every fetch offset, through read() and readRecords()
          for (let o = start; o < end; o++) {
            const [first] = log.read(o, 1);
            expect(first.baseOffset <= o && o <= first.lastOffset).toBe(true);
            const [r] = log.readRecords(o, 1, end);
            expect([r.offset, td.decode(r.value!)]).toEqual([o, model.get(o)]);
          }
          // lookup positions against an independent decode of each .log; index entries point at batch starts
          for (const s of log.segmentsInfo()) {
            const file = inspectLog(s.file, disk.read(`m-0/${s.file}`));
            expect(file.error).toBeNull();
            for (const b of file.batches) {
              const t = log.lookup(Math.max(b.header.baseOffset, start));
              if (b.lastOffset < start) continue;
              expect([t.segment, t.position]).toEqual([s.file, b.position]);
              if (t.indexEntry) expect(file.batches.find((x) => x.position === t.indexEntry!.position)?.lastOffset).toBe(t.indexEntry.offset);
            }
          }
          // epochs: every batch's epoch is what endOffsetForEpoch places it in
          for (const b of log.read(start, Infinity)) {
            const e = log.endOffsetForEpoch(b.partitionLeaderEpoch);
            expect(e.epoch).toBe(b.partitionLeaderEpoch);
            expect(e.endOffset).toBeGreaterThan(b.lastOffset);
          }
        },
      ),
      { numRuns: Number(process.env.MODEL_RUNS ?? 120) },
    );
  });
});
