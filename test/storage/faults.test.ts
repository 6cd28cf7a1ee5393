import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { CorruptRecordError, decodeRecordBatch } from '../../src/storage/format/recordBatch';
import type { LogConfig } from '../../src/storage/log/types';
import { config, rec, NO_PRODUCER, td } from './helpers';
import { FailingDisk, PowerLoss } from './failingDisk';

type Op = { t: 'append'; n: number; size: number } | { t: 'flush' } | { t: 'truncate'; back: number } | { t: 'retain' };

/** Replays ops on a log; the model tracks every value ever written per offset and what must survive. */
function run(disk: SimDisk, cfg: LogConfig, ops: Op[]) {
  const current = new Map<number, string>();
  const ever = new Map<number, Set<string>>();
  let guaranteed = 0; // recoveryPoint after the last completed operation
  let seq = 0;
  let log: UnifiedLog | null = null;
  try {
    log = UnifiedLog.create('t-0', cfg, disk, 0);
    for (const op of ops) {
      if (op.t === 'append') {
        const values = Array.from({ length: op.n }, () => `v${seq++}-${'x'.repeat(op.size)}`);
        const base = log.logEndOffset;
        values.forEach((v, i) => {
          current.set(base + i, v);
          if (!ever.has(base + i)) ever.set(base + i, new Set());
          ever.get(base + i)!.add(v);
        });
        log.appendAsLeader(
          values.map((v) => rec('k', v, seq)),
          0,
          NO_PRODUCER,
          seq,
        );
      } else if (op.t === 'flush') {
        log.flush(seq);
      } else if (op.t === 'truncate') {
        const to = Math.max(log.logStartOffset, log.logEndOffset - op.back);
        guaranteed = Math.min(guaranteed, to); // offsets >= to are being removed on purpose, even if the power dies midway
        log.truncateTo(to);
        for (const k of [...current.keys()]) if (k >= log.logEndOffset) current.delete(k);
      } else {
        log.updateHighWatermark(log.logEndOffset);
        log.deleteOldSegments(1e12);
      }
      guaranteed = log.recoveryPoint;
    }
    return { crashed: false, current, ever, guaranteed, log };
  } catch (e) {
    if (!(e instanceof PowerLoss)) throw e;
    return { crashed: true, current, ever, guaranteed: log ? Math.min(guaranteed, log.recoveryPoint) : 0, log };
  }
}

function checkRecovered(disk: SimDisk, cfg: LogConfig, m: ReturnType<typeof run>): void {
  disk.crash(true);
  (disk as FailingDisk).budget = Infinity;
  const { log } = UnifiedLog.load('t-0', cfg, disk, 0, false);
  const start = log.logStartOffset;
  // nothing flushed is lost
  for (let o = Math.max(start, 0); o < m.guaranteed; o++) expect(m.current.has(o) || o < start).toBe(true);
  expect(log.logEndOffset).toBeGreaterThanOrEqual(m.guaranteed);
  // nothing corrupt is served: every batch validates and decodes; each record is one that was written there
  const batches = log.logEndOffset > start ? log.read(start, Infinity) : [];
  for (const b of batches) decodeRecordBatch(b.bytes);
  const recs = log.readRecords(start, Infinity, log.logEndOffset);
  for (const r of recs) {
    const v = td.decode(r.value!);
    if (r.offset < m.guaranteed) expect(v).toBe(m.current.get(r.offset));
    else expect(m.ever.get(r.offset)?.has(v)).toBe(true);
  }
  // offsets are dense from the start (no compaction here) and the log takes new appends at its LEO
  expect(recs.map((r) => r.offset)).toEqual(Array.from({ length: log.logEndOffset - start }, (_, i) => start + i));
  const next = log.appendAsLeader([rec('k', 'after')], 1, NO_PRODUCER, 0);
  expect(next.firstOffset).toBe(recs.length ? recs[recs.length - 1].offset + 1 : log.logStartOffset);
}

const OPS: Op[] = [
  { t: 'append', n: 1, size: 10 },
  { t: 'append', n: 3, size: 40 },
  { t: 'flush' },
  { t: 'append', n: 2, size: 5 },
  { t: 'append', n: 1, size: 100 },
  { t: 'append', n: 4, size: 1 },
  { t: 'truncate', back: 3 },
  { t: 'append', n: 2, size: 20 },
  { t: 'flush' },
  { t: 'append', n: 5, size: 30 },
  { t: 'retain' },
  { t: 'append', n: 1, size: 7 },
  { t: 'truncate', back: 1 },
  { t: 'append', n: 2, size: 60 },
];
const CFG = config({ segmentBytes: 400, indexIntervalBytes: 80, retentionMs: 100, retentionBytes: 900 });

describe('power loss at every point of a write sequence', () => {
  it('loses nothing flushed and serves nothing corrupt, whichever disk operation the power died before', () => {
    let points = 0;
    for (let budget = 0; ; budget++) {
      const disk = new FailingDisk(budget);
      const m = run(disk, CFG, OPS);
      checkRecovered(disk, CFG, m);
      points++;
      if (!m.crashed) break;
    }
    expect(points).toBeGreaterThan(50);
  });

  it('holds for random operation sequences and crash points (fast-check)', () => {
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ t: fc.constant('append' as const), n: fc.integer({ min: 1, max: 4 }), size: fc.integer({ min: 0, max: 120 }) }) },
      { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 6 }) }) },
      { weight: 1, arbitrary: fc.constant({ t: 'retain' as const }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.nat(400), (ops, budget) => {
        const disk = new FailingDisk(budget);
        checkRecovered(disk, CFG, run(disk, CFG, ops));
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 150) },
    );
  });

  it('a process crash (kill -9) loses nothing, flushed or not', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', CFG, disk, 0);
    for (let i = 0; i < 30; i++) log.appendAsLeader([rec('k', `v${i}`)], 0, NO_PRODUCER, 0);
    expect(log.recoveryPoint).toBeLessThan(30);
    disk.crash(false);
    const { log: again, report } = UnifiedLog.load('t-0', CFG, disk, 0, false);
    expect(report.truncated).toEqual([]);
    expect(again.readRecords(0, 100, 30).map((r) => td.decode(r.value!))).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
  });
});

function build(n: number, flushAt: number) {
  const disk = new SimDisk();
  const cfg = config({ indexIntervalBytes: 100 });
  const log = UnifiedLog.create('t-0', cfg, disk, 0);
  for (let i = 0; i < n; i++) {
    log.appendAsLeader([rec('k', `value-${i}`)], 0, NO_PRODUCER, 0);
    if (i === flushAt - 1) log.flush(0);
  }
  const sizes = log.read(0, Infinity).map((b) => b.bytes.length);
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  return { disk, cfg, log, starts, sizes };
}

describe('torn writes and flipped bytes', () => {
  it('a torn tail (part of a batch reached the disk) is cut at the batch boundary', () => {
    const { disk, cfg, starts, sizes } = build(10, 4);
    const path = 't-0/00000000000000000000.log';
    disk.writeBack(path, starts[7] + 20); // batches 4..6 whole, 20 bytes of batch 7
    disk.crash(true);
    const { log, report } = UnifiedLog.load('t-0', cfg, disk, 0, false);
    expect(report.truncated).toEqual([{ file: path, position: starts[7], bytes: 20, reason: expect.stringMatching(/batchLength|past the end|fewer/) }]);
    expect(report.corrupt).toEqual([]);
    expect(log.logEndOffset).toBe(7);
    expect(disk.size(path)).toBe(starts[7]);
    expect(log.readRecords(0, 100, 7).map((r) => td.decode(r.value!))).toEqual(Array.from({ length: 7 }, (_, i) => `value-${i}`));
    expect(sizes[7]).toBeGreaterThan(20);
  });

  it('a flipped byte in an unflushed batch with valid batches after it is reported as corrupt and cut', () => {
    const { disk, cfg, starts, sizes } = build(10, 4);
    const path = 't-0/00000000000000000000.log';
    disk.corrupt(path, starts[6] + 65, 0x10); // inside record data of batch 6
    const { log, report } = UnifiedLog.load('t-0', cfg, disk, 0, false);
    expect(report.corrupt).toEqual([{ file: path, position: starts[6], reason: expect.stringMatching(/CRC/) }]);
    expect(report.truncated).toEqual([
      { file: path, position: starts[6], bytes: sizes[6] + sizes[7] + sizes[8] + sizes[9], reason: expect.stringMatching(/CRC/) },
    ]);
    expect(disk.size(path)).toBe(starts[6]);
    expect(log.logEndOffset).toBe(6);
    expect(log.read(0, Infinity).map((b) => b.baseOffset)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => log.lookup(7)).not.toThrow();
    expect(log.lookup(6)).toMatchObject({ error: null, position: starts[6] });
    expect(log.lookup(7).error).toBe('OFFSET_OUT_OF_RANGE');
  });

  it('a flipped byte in a flushed segment is not served silently: consumers and followers reject it by CRC', () => {
    const disk = new SimDisk();
    const cfg = config({ segmentBytes: 400 });
    const leader = UnifiedLog.create('t-0', cfg, disk, 0);
    for (let i = 0; i < 12; i++) leader.appendAsLeader([rec('k', `value-${i}`)], 0, NO_PRODUCER, 0);
    const first = leader.segmentsInfo()[0];
    expect(leader.recoveryPoint).toBeGreaterThan(5); // the first segment was flushed on roll
    const start2 = leader.lookup(2).position!;
    disk.corrupt(`t-0/${first.file}`, start2 + 63);
    // segments wholly below the recovery point are not re-validated on load (as in Kafka)
    const { log, report } = UnifiedLog.load('t-0', cfg, disk, 0, false);
    expect(report.corrupt).toEqual([]);
    expect(log.logEndOffset).toBe(12);
    expect(() => log.readRecords(0, 100, 12)).toThrow(CorruptRecordError);
    expect(log.readRecords(3, 100, 12).length).toBe(9);
    const follower = UnifiedLog.create('t-0', cfg, new SimDisk(), 0);
    expect(() => follower.appendAsFollower(log.read(0, Infinity), 0)).toThrow(/CRC-32C mismatch/);
    expect(follower.logEndOffset).toBe(2);
  });

  it('a damaged batch length below the recovery point neither hangs loading nor serves bytes past it', () => {
    const disk = new SimDisk();
    const cfg = config({ segmentBytes: 400 });
    const leader = UnifiedLog.create('t-0', cfg, disk, 0);
    for (let i = 0; i < 12; i++) leader.appendAsLeader([rec('k', `value-${i}`)], 0, NO_PRODUCER, 0);
    const first = leader.segmentsInfo()[0];
    const pos = leader.lookup(1).position!;
    for (const [b, v] of [
      [8, 0xff],
      [9, 0xff],
      [10, 0xff],
      [11, 0xf4],
    ])
      disk.write(`t-0/${first.file}`, pos + b, new Uint8Array([v])); // batchLength -12
    for (const clean of [true, false]) {
      const { log } = UnifiedLog.load('t-0', cfg, disk, 0, clean);
      expect(
        log
          .read(0, Infinity)
          .map((b) => b.baseOffset)
          .slice(0, 2),
      ).toEqual([0, log.segmentsInfo()[1].baseOffset]); // the damaged region is skipped, never served
      expect(log.readRecords(0, 100, 1).length).toBe(1);
    }
  });

  it('a corrupt batch in a segment followed by more segments cuts the later segments too', () => {
    const disk = new SimDisk();
    const cfg = config({ segmentBytes: 300 });
    const log = UnifiedLog.create('t-0', cfg, disk, 0);
    for (let i = 0; i < 12; i++) log.appendAsLeader([rec('k', `value-${i}`)], 0, NO_PRODUCER, 0);
    const segs = log.segmentsInfo();
    expect(segs.length).toBeGreaterThan(2);
    log.truncateTo(12); // no-op; recovery point is at the start of the last segment after rolls
    const victim = segs[segs.length - 2];
    // force recovery of the last two segments by rewinding the recovery point checkpoint
    disk.writeFile('recovery-point-offset-checkpoint', new TextEncoder().encode(`0\n1\nt 0 ${victim.baseOffset}\n`));
    disk.corrupt(`t-0/${victim.file}`, 30);
    const { log: again, report } = UnifiedLog.load('t-0', cfg, disk, 0, false);
    expect(report.corrupt).toEqual([{ file: `t-0/${victim.file}`, position: 0, reason: expect.stringMatching(/CRC/) }]);
    expect(again.logEndOffset).toBe(victim.baseOffset);
    expect(again.segmentsInfo().map((s) => s.baseOffset)).toEqual(
      segs
        .slice(0, -2)
        .map((s) => s.baseOffset)
        .concat([victim.baseOffset]),
    );
    expect(report.truncated.map((t) => t.file)).toEqual([`t-0/${victim.file}`, `t-0/${segs.at(-1)!.file}`]);
  });
});
