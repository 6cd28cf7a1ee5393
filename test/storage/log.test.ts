import { describe, it, expect } from 'vitest';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { OffsetOutOfRangeError, UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';
import { config, rec, NO_PRODUCER, td } from './helpers';
import { kafkajsDecode } from './kafkajs';

const DAY = 24 * 3600 * 1000;

/** One "k"/"v" record per batch = 70 bytes each (kafka-facts worked size). */
function kvLog(n: number, over = {}, disk = new SimDisk(), dir = 'orders-0') {
  const log = UnifiedLog.create(dir, config(over), disk, 0);
  for (let i = 0; i < n; i++) log.appendAsLeader([rec('k', 'v', 1000 + i)], 0, NO_PRODUCER, 1000 + i);
  return { log, disk };
}

describe('UnifiedLog append and segments', () => {
  it('assigns offsets from the LEO and writes 70-byte batches for "k"/"v"', () => {
    const { log, disk } = kvLog(3);
    expect(log.logEndOffset).toBe(3);
    expect(log.segmentsInfo()).toEqual([{ baseOffset: 0, file: '00000000000000000000.log', sizeBytes: 210, indexEntries: 0 }]);
    expect(disk.list('orders-0/')).toEqual([
      'orders-0/00000000000000000000.index',
      'orders-0/00000000000000000000.log',
      'orders-0/00000000000000000000.timeindex',
      'orders-0/leader-epoch-checkpoint',
    ]);
    const info = log.appendAsLeader([rec(null, 'hello'), rec(null, 'hello')], 0, NO_PRODUCER, 0);
    expect([info.firstOffset, info.lastOffset]).toEqual([3, 4]);
  });

  it('adds an index entry (last offset, batch start) only when bytes since the last entry, not counting this batch, exceed index.interval.bytes', async () => {
    // 70-byte batches, interval 100: before batch 2 there are 140 bytes (> 100) -> entry (2, 140); reset;
    // batch 3 sees 70; batch 4 sees 140 -> entry (4, 280); ... The first batch never gets an entry.
    const { log, disk } = kvLog(9, { indexIntervalBytes: 100 });
    const idx = Buffer.from(disk.read('orders-0/00000000000000000000.index'));
    const entries = [];
    for (let p = 0; p < idx.length; p += 8) entries.push([idx.readInt32BE(p), idx.readInt32BE(p + 4)]);
    expect(entries).toEqual([
      [2, 140],
      [4, 280],
      [6, 420],
      [8, 560],
    ]);
    // time index: 12-byte entries alongside, (max timestamp so far, its offset)
    const tix = Buffer.from(disk.read('orders-0/00000000000000000000.timeindex'));
    expect(tix.length).toBe(4 * 12);
    expect([Number(tix.readBigInt64BE(0)), tix.readInt32BE(8)]).toEqual([1002, 2]);
    expect(log.segmentsInfo()[0].indexEntries).toBe(4);
    // a multi-record batch (61 + 3 x 9 = 88 bytes) indexes its last offset: the first sees 70 bytes since the
    // entry (no entry), the second 70 + 88 = 158 > 100
    log.appendAsLeader([rec('k', 'v'), rec('k', 'v'), rec('k', 'v')], 0, NO_PRODUCER, 0);
    expect(disk.size('orders-0/00000000000000000000.index')).toBe(32);
    const big = log.appendAsLeader([rec('k', 'v'), rec('k', 'v'), rec('k', 'v')], 0, NO_PRODUCER, 0);
    const idx2 = Buffer.from(disk.read('orders-0/00000000000000000000.index'));
    expect(idx2.length).toBe(40);
    expect([idx2.readInt32BE(32), idx2.readInt32BE(36)]).toEqual([big.lastOffset, 630 + 88]);
  });

  it('rolls when size + batch > segment.bytes; the base offset is the first offset in the segment', () => {
    const { log } = kvLog(7, { segmentBytes: 200 });
    expect(log.segmentsInfo().map((s) => [s.baseOffset, s.sizeBytes])).toEqual([
      [0, 140],
      [2, 140],
      [4, 140],
      [6, 70],
    ]);
    expect(log.segmentsInfo()[1].file).toBe('00000000000000000002.log');
    // a batch bigger than segment.bytes still goes into an (empty) segment
    const r = log.appendAsLeader([rec('k', 'x'.repeat(500))], 0, NO_PRODUCER, 0);
    expect(r.rolled).toBe(true);
    expect(log.segmentsInfo().at(-1)!.baseOffset).toBe(7);
  });

  it('rolls when the first batch is older than segment.ms, and when an index is full', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentMs: 1000 }), disk, 0);
    log.appendAsLeader([rec('k', 'v', 0)], 0, NO_PRODUCER, 0);
    expect(log.appendAsLeader([rec('k', 'v', 1000)], 0, NO_PRODUCER, 1000).rolled).toBe(false);
    expect(log.appendAsLeader([rec('k', 'v', 1001)], 0, NO_PRODUCER, 1001).rolled).toBe(true);
    // segment.index.bytes 24: 3 offset entries or 2 time entries fill it
    const { log: l2 } = kvLog(12, { indexIntervalBytes: 1, segmentIndexBytes: 24 });
    for (const s of l2.segmentsInfo()) expect(s.indexEntries).toBeLessThanOrEqual(3);
    expect(l2.segmentsInfo().length).toBeGreaterThan(1);
  });

  it('follower append keeps the leader bytes, offsets and epochs; rejects corrupt and out-of-order batches', async () => {
    const { log } = kvLog(5);
    log.appendAsLeader([rec('a', 'b')], 3, NO_PRODUCER, 0);
    const follower = UnifiedLog.create('orders-0', config(), new SimDisk(), 0);
    const batches = log.read(0, 1 << 20);
    follower.appendAsFollower(batches, 0);
    expect(follower.logEndOffset).toBe(6);
    expect(follower.read(0, 1 << 20).map((b) => Buffer.from(b.bytes).toString('hex'))).toEqual(batches.map((b) => Buffer.from(b.bytes).toString('hex')));
    expect(follower.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 5 });
    expect(follower.latestEpoch()).toBe(3);
    const bad = log.read(5, 1)[0];
    const f2 = UnifiedLog.create('orders-0', config(), new SimDisk(), 0);
    f2.appendAsFollower(log.read(0, 1 << 20).slice(0, 5), 0);
    const flipped = { ...bad, bytes: bad.bytes.slice() };
    flipped.bytes[65] ^= 1;
    expect(() => f2.appendAsFollower([flipped], 0)).toThrow(/CRC/);
    expect(() => f2.appendAsFollower([log.read(2, 1)[0]], 0)).toThrow(/Unexpected offset in append.*first offset 2 is less than the next offset/);
    expect(f2.logEndOffset).toBe(5);
    // kafkajs decodes what the leader produced, with our epoch and offsets
    const k = await kafkajsDecode(bad.bytes);
    expect([k.firstOffset, k.partitionLeaderEpoch, k.records[0].key.toString()]).toEqual(['5', 3, 'a']);
  });
});

describe('UnifiedLog with compression.type gzip', () => {
  it('stores gzip batches that followers copy and readers (ours and kafkajs) decode', async () => {
    const log = UnifiedLog.create('z-0', config({ compressionType: 'gzip' }), new SimDisk(), 0);
    const values = Array.from({ length: 20 }, (_, i) => `payload-${i}-${'z'.repeat(200)}`);
    const info = log.appendAsLeader(
      values.map((v, i) => rec(`k${i}`, v, 5000 + i)),
      2,
      NO_PRODUCER,
      0,
    );
    expect(info.batchSizeBytes).toBeLessThan((20 * 200) / 4); // the repeated bytes compress
    const f = UnifiedLog.create('z-0', config(), new SimDisk(), 0);
    f.appendAsFollower(log.read(0, 1 << 20), 0);
    expect(f.readRecords(5, 3, 20).map((r) => td.decode(r.value!))).toEqual(values.slice(5, 8));
    const k = await kafkajsDecode(log.read(0, 1)[0].bytes);
    expect(k.records.map((r: any) => r.value.toString())).toEqual(values);
  });
});

describe('UnifiedLog reads', () => {
  it('returns whole batches from the one holding fetchOffset, at least one, up to maxBytes and below maxOffsetExclusive', () => {
    const { log } = kvLog(10, { segmentBytes: 300 });
    log.appendAsLeader([rec('k', 'v'), rec('k', 'v'), rec('k', 'v')], 0, NO_PRODUCER, 0); // offsets 10..12
    expect(log.read(11, 1).map((b) => [b.baseOffset, b.lastOffset])).toEqual([[10, 12]]);
    expect(log.read(3, 150).map((b) => b.baseOffset)).toEqual([3, 4]);
    expect(log.read(3, 1000).length).toBeGreaterThan(4); // crosses segments
    expect(log.read(3, 10000, 6).map((b) => b.baseOffset)).toEqual([3, 4, 5]);
    expect(log.read(13, 100)).toEqual([]);
    for (const bad of [-1, 14]) {
      try {
        log.read(bad, 100);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(OffsetOutOfRangeError);
        expect((e as OffsetOutOfRangeError).code).toBe('OFFSET_OUT_OF_RANGE');
      }
    }
    expect(log.readRecords(11, 10, 13).map((r) => r.offset)).toEqual([11, 12]);
    expect(log.readRecords(0, 2, 100).map((r) => [r.offset, td.decode(r.key!), r.timestamp])).toEqual([
      [0, 'k', 1000],
      [1, 'k', 1001],
    ]);
  });

  it("lookup: segment by greatest base <= offset, sparse index, scan (the article's 368776 example shape)", () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 70 * 7, indexIntervalBytes: 100 }), disk, 0);
    log.truncateFullyAndStartAt(368762, 0);
    for (let i = 0; i < 21; i++) log.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    // 7 batches of 70 bytes per segment: bases 368762, 368769, 368776
    expect(log.segmentsInfo().map((s) => s.baseOffset)).toEqual([368762, 368769, 368776]);
    const t = log.lookup(368774);
    expect(t.segment).toBe('00000000000000368769.log');
    expect(t.segmentsProbed).toEqual([368769, 368776]);
    // entries of segment 368769 (interval 100): (368771,140), (368773,280), (368775,420)
    expect(t.indexEntry).toEqual({ offset: 368773, position: 280 });
    expect(t.indexProbed[0]).toEqual({ offset: 368773, position: 280 });
    expect(t.scanned.map((b) => b.baseOffset)).toEqual([368773]);
    expect([t.scannedBytes, t.position, t.error]).toEqual([70, 350, null]);
    const first = log.lookup(368769);
    expect([first.indexEntry, first.position, first.scannedBytes]).toEqual([null, 0, 0]);
    // LocalLog.read: at the log end offset an empty read at the end of the active segment; past it, out of range
    const end = log.lookup(368783);
    expect([end.error, end.segment, end.position, end.indexEntry, end.scannedBytes]).toEqual([null, '00000000000000368776.log', 490, null, 0]);
    expect(log.lookup(368784).error).toBe('OFFSET_OUT_OF_RANGE');
    expect(log.lookup(368761).error).toBe('OFFSET_OUT_OF_RANGE');
  });

  it('lookupByTimestamp finds the first offset with timestamp >= target', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 300, indexIntervalBytes: 50 }), disk, 0);
    for (let i = 0; i < 20; i++) log.appendAsLeader([rec('k', 'v', 100 * i), rec('k', 'v', 100 * i + 50)], 0, NO_PRODUCER, 0);
    expect(log.lookupByTimestamp(0).offset).toBe(0);
    expect(log.lookupByTimestamp(1020).offset).toBe(21); // 1050 is offset 21
    expect(log.lookupByTimestamp(1000).offset).toBe(20);
    expect(log.lookupByTimestamp(5000).offset).toBeNull();
  });
});

describe('UnifiedLog truncation and leader epochs', () => {
  it('truncateTo drops offsets >= target, fixes the indexes and epoch cache, clamps the HW', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ indexIntervalBytes: 100, segmentBytes: 500 }), disk, 0);
    for (let i = 0; i < 20; i++) log.appendAsLeader([rec('k', 'v')], i < 12 ? 0 : 2, NO_PRODUCER, 0);
    log.updateHighWatermark(18);
    log.truncateTo(12);
    expect([log.logEndOffset, log.highWatermark, log.latestEpoch()]).toEqual([12, 12, 0]);
    for (const s of log.segmentsInfo()) expect(s.baseOffset).toBeLessThan(12);
    const last = log.segmentsInfo().at(-1)!;
    const idx = Buffer.from(disk.read(`t-0/${last.file.replace('.log', '.index')}`));
    for (let p = 0; p < idx.length; p += 8) expect(last.baseOffset + idx.readInt32BE(p)).toBeLessThan(12);
    expect(log.lookup(11).position).toBe(70 * (11 - last.baseOffset));
    const again = log.appendAsLeader([rec('k', 'again')], 3, NO_PRODUCER, 0);
    expect(again.firstOffset).toBe(12);
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 12 });
    expect(log.updateHighWatermark(100)).toBe(13);
    expect(log.updateHighWatermark(-5)).toBe(0);
  });

  it('endOffsetForEpoch follows OffsetsForLeaderEpoch (KIP-101/279)', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    const epochAt = (o: number) => (o < 10 ? 2 : o < 20 ? 4 : 7);
    for (let i = 0; i < 30; i++) log.appendAsLeader([rec('k', 'v')], epochAt(i), NO_PRODUCER, 0);
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 2, endOffset: 10 });
    expect(log.endOffsetForEpoch(3)).toEqual({ epoch: 2, endOffset: 10 }); // floor epoch 2 ends where 4 starts
    expect(log.endOffsetForEpoch(4)).toEqual({ epoch: 4, endOffset: 20 });
    expect(log.endOffsetForEpoch(7)).toEqual({ epoch: 7, endOffset: 30 }); // latest: the LEO
    expect(log.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 0 }); // below the first known epoch
    expect(log.endOffsetForEpoch(8)).toEqual({ epoch: -1, endOffset: -1 });
    expect(log.endOffsetForEpoch(-1)).toEqual({ epoch: -1, endOffset: -1 });
    log.assignEpochStartOffset(9, 30);
    expect(log.endOffsetForEpoch(7)).toEqual({ epoch: 7, endOffset: 30 });
    expect(td.decode(disk.read('t-0/leader-epoch-checkpoint'))).toBe('0\n4\n2 0\n4 10\n7 20\n9 30\n');
  });
});

describe('UnifiedLog flush, retention', () => {
  it('flush makes the log durable and moves the recovery point; maybeFlush follows flush.messages / flush.ms', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ flushMs: 1000 }), disk, 0);
    log.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    expect(log.recoveryPoint).toBe(0);
    expect(log.maybeFlush(500)).toBe(false);
    expect(log.maybeFlush(1000)).toBe(true);
    expect(log.recoveryPoint).toBe(1);
    expect(disk.isSynced('t-0/00000000000000000000.log')).toBe(true);
    const l2 = UnifiedLog.create('u-0', config({ flushMessages: 3 }), disk, 0);
    for (let i = 0; i < 2; i++) l2.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    expect(l2.recoveryPoint).toBe(0);
    l2.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    expect(l2.recoveryPoint).toBe(3);
    // segments are flushed on roll
    const { log: l3, disk: d3 } = kvLog(3, { segmentBytes: 140 });
    expect(d3.isSynced('orders-0/00000000000000000000.log')).toBe(true);
    expect(l3.recoveryPoint).toBe(2);
  });

  it('deletes whole expired segments from the oldest, only below the HW, rolling first if all would go', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 140, retentionMs: 10 * DAY }), disk, 0);
    for (let i = 0; i < 6; i++) log.appendAsLeader([rec('k', 'v', i * DAY)], 0, NO_PRODUCER, 0);
    // segments [0,1] ts 0..1d, [2,3] 2..3d, [4,5] 4..5d
    log.updateHighWatermark(3);
    let r = log.deleteOldSegments(100 * DAY);
    expect(r).toEqual({ deleted: ['00000000000000000000.log'], logStartOffset: 2 }); // [2,3] is not wholly below HW 3
    expect(disk.exists('t-0/00000000000000000000.log')).toBe(false);
    // renamed .deleted, removed file.delete.delay.ms (60 s) later, by a later retention pass
    expect(disk.exists('t-0/00000000000000000000.log.deleted')).toBe(true);
    log.deleteOldSegments(100 * DAY + 59_999);
    expect(disk.exists('t-0/00000000000000000000.index.deleted')).toBe(true);
    log.deleteOldSegments(100 * DAY + 60_000);
    expect(disk.list('t-0/').filter((p) => p.endsWith('.deleted'))).toEqual([]);
    log.updateHighWatermark(6);
    r = log.deleteOldSegments(13.5 * DAY); // 13.5d - 3d > 10d: [2,3] goes; [4,5] (5d) stays; stop there
    expect(r.deleted).toEqual(['00000000000000000002.log']);
    r = log.deleteOldSegments(100 * DAY);
    expect(r).toEqual({ deleted: ['00000000000000000004.log'], logStartOffset: 6 });
    expect(log.segmentsInfo()).toEqual([{ baseOffset: 6, file: '00000000000000000006.log', sizeBytes: 0, indexEntries: 0 }]);
    expect(() => log.read(5, 100)).toThrow(OffsetOutOfRangeError);
    expect(log.appendAsLeader([rec('k', 'v', 100 * DAY)], 0, NO_PRODUCER, 0).firstOffset).toBe(6);
  });

  it('retention.bytes deletes oldest segments while the log stays above the limit', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 140, retentionMs: -1, retentionBytes: 300 }), disk, 0);
    for (let i = 0; i < 7; i++) log.appendAsLeader([rec('k', 'v')], 0, NO_PRODUCER, 0);
    log.updateHighWatermark(7); // 490 bytes in [140,140,140,70]
    expect(log.deleteOldSegments(0).deleted).toEqual(['00000000000000000000.log']); // 490-140=350 >= 300; 350-140 < 300
    expect(log.logStartOffset).toBe(2);
    const compact = UnifiedLog.create('c-0', config({ cleanupPolicy: 'compact', retentionBytes: 1 }), disk, 0);
    expect(compact.deleteOldSegments(0).deleted).toEqual([]);
  });
});

describe('UnifiedLog restart', () => {
  it('a clean load restores the same log', () => {
    const { log, disk } = kvLog(25, { segmentBytes: 500, indexIntervalBytes: 100 });
    log.appendAsLeader([rec('x', 'y')], 4, NO_PRODUCER, 0);
    log.updateHighWatermark(20);
    log.flush(0);
    const { log: again, report } = UnifiedLog.load('orders-0', config({ segmentBytes: 500, indexIntervalBytes: 100 }), disk, 0, true);
    expect(report).toEqual({ truncated: [], corrupt: [], logEndOffset: 26 });
    expect(again.segmentsInfo()).toEqual(log.segmentsInfo());
    // the HW is restored by the broker from replication-offset-checkpoint, not by the log
    expect([again.logStartOffset, again.logEndOffset, again.highWatermark, again.recoveryPoint, again.latestEpoch()]).toEqual([0, 26, 0, 26, 4]);
    expect(again.read(0, 1 << 20).map((b) => b.bytes)).toEqual(log.read(0, 1 << 20).map((b) => b.bytes));
    expect(again.lookup(17)).toEqual(log.lookup(17));
    // the engine keeps appending where it left off; the index continues as if there was no restart
    again.appendAsLeader([rec('k', 'v')], 4, NO_PRODUCER, 0);
    log.appendAsLeader([rec('k', 'v')], 4, NO_PRODUCER, 0);
    expect(again.segmentsInfo()).toEqual(log.segmentsInfo());
  });

  it('batches we encode directly are accepted by a follower (epoch -1 producer batches keep no epoch)', () => {
    const log = UnifiedLog.create('t-0', config(), new SimDisk(), 0);
    const bytes = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: null, timestamp: 0 }] });
    log.appendAsFollower([{ baseOffset: 0, lastOffset: 0, partitionLeaderEpoch: -1, bytes }], 0);
    expect([log.logEndOffset, log.latestEpoch()]).toEqual([1, null]);
  });
});
