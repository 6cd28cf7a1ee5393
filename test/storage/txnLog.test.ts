// Transactions in a running UnifiedLog: markers appended as the coordinator's WriteTxnMarkers does, the .txnindex
// written per segment, the last stable offset, truncation, replication and recovery. The sequences and expected
// values are Kafka's own (UnifiedLogTest.testTransactionIndexUpdated / testTransactionIndexUpdatedThroughReplication,
// LogLoaderTest.testFullTransactionIndexRecovery).
import { describe, expect, it } from 'vitest';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { decodeTransactionIndex } from '../../src/storage/format/transactionIndex';
import { InvalidTxnStateError } from '../../src/storage/log/txnState';
import { config, rec, NO_PRODUCER } from './helpers';

/** LogTestUtils.appendTransactionalAsLeader / appendNonTransactionalAsLeader / appendEndTxnMarkerAsLeader on a real log. */
function writer(log: UnifiedLog) {
  const seq = new Map<number, number>();
  return {
    txn(pid: number, n: number) {
      const s = seq.get(pid) ?? 0;
      seq.set(pid, s + n);
      log.appendAsLeader(
        Array.from({ length: n }, (_, i) => rec(null, `p${pid}-${i}`)),
        0,
        { producerId: pid, producerEpoch: 0, baseSequence: s, transactional: true },
        1000,
      );
    },
    plain(n: number) {
      log.appendAsLeader(
        Array.from({ length: n }, (_, i) => rec(null, `x${i}`)),
        0,
        NO_PRODUCER,
        1000,
      );
    },
    marker(pid: number, type: 'COMMIT' | 'ABORT') {
      log.appendEndTxnMarker({ type, producerId: pid, producerEpoch: 0, coordinatorEpoch: 0 }, 0, 1000);
    },
  };
}

/** UnifiedLogTest.testTransactionIndexUpdated's sequence: offsets in the comments are the log end after each call. */
function kafkaSequence(log: UnifiedLog): void {
  const w = writer(log);
  w.txn(1, 5); // 5
  w.plain(3); // 8
  w.txn(2, 2); // 10
  w.txn(1, 4); // 14
  w.txn(3, 3); // 17
  w.plain(2); // 19
  w.txn(1, 10); // 29
  w.marker(1, 'ABORT'); // 30
  w.txn(2, 6); // 36
  w.txn(4, 3); // 39
  w.plain(10); // 49
  w.txn(3, 9); // 58
  w.marker(3, 'COMMIT'); // 59
  w.txn(4, 8); // 67
  w.txn(2, 7); // 74
  w.marker(2, 'ABORT'); // 75
  w.plain(10); // 85
  w.txn(4, 4); // 89
  w.marker(4, 'COMMIT'); // 90
}

const allAborted = (log: UnifiedLog) => log.segments.flatMap((s) => s.abortedTxns());
const EXPECTED = [
  { producerId: 1, firstOffset: 0, lastOffset: 29, lastStableOffset: 8 },
  { producerId: 2, firstOffset: 8, lastOffset: 74, lastStableOffset: 36 },
];

describe('UnifiedLog with transactions', () => {
  it('indexes aborted transactions and moves the LSO with the HW (UnifiedLogTest.testTransactionIndexUpdated)', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    kafkaSequence(log);
    expect(log.logEndOffset).toBe(90);
    expect(allAborted(log)).toEqual(EXPECTED);
    // the .txnindex file holds the same 34-byte entries
    expect(decodeTransactionIndex(disk.read('t-0/00000000000000000000.txnindex')).entries).toEqual(EXPECTED);
    // assertCachedFirstUnstableOffset: 8 at HW 30, 36 at HW 75, none at the log end
    log.updateHighWatermark(30);
    expect(log.lastStableOffset).toBe(8);
    log.updateHighWatermark(75);
    expect(log.lastStableOffset).toBe(36);
    log.updateHighWatermark(90);
    expect(log.lastStableOffset).toBe(90);
  });

  it('creates no .txnindex until a transaction is aborted, and each marker takes one offset', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    const w = writer(log);
    w.txn(7, 3);
    w.marker(7, 'COMMIT');
    expect(log.logEndOffset).toBe(4);
    expect(disk.exists('t-0/00000000000000000000.txnindex')).toBe(false);
    log.updateHighWatermark(3);
    expect(log.lastStableOffset).toBe(0); // the marker at 3 is not replicated yet: the transaction is unstable
    log.updateHighWatermark(4);
    expect(log.lastStableOffset).toBe(4);
  });

  it('refuses a non-transactional batch of a producer with a transaction open, before writing it', () => {
    const log = UnifiedLog.create('t-0', config(), new SimDisk(), 0);
    writer(log).txn(5, 2);
    expect(() => log.appendAsLeader([rec(null, 'x')], 0, { producerId: 5, producerEpoch: 0, baseSequence: 2 }, 1000)).toThrow(InvalidTxnStateError);
    expect(log.logEndOffset).toBe(2);
  });

  it("builds the same index from the leader's bytes on a follower (testTransactionIndexUpdatedThroughReplication)", () => {
    const leader = UnifiedLog.create('t-0', config(), new SimDisk(), 0);
    kafkaSequence(leader);
    const follower = UnifiedLog.create('t-0', config(), new SimDisk(), 0);
    follower.appendAsFollower(leader.read(0, 1 << 20), 1000);
    expect(allAborted(follower)).toEqual(EXPECTED);
    follower.updateHighWatermark(30);
    expect(follower.lastStableOffset).toBe(8);
  });

  it('puts an entry in the segment holding its ABORT marker, and a fetch collects across segments', () => {
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 600 }), new SimDisk(), 0);
    kafkaSequence(log);
    expect(log.segments.length).toBeGreaterThan(2);
    for (const s of log.segments)
      for (const t of s.abortedTxns()) {
        const next = log.segments[log.segments.indexOf(s) + 1];
        expect(t.lastOffset).toBeGreaterThanOrEqual(s.baseOffset);
        if (next) expect(t.lastOffset).toBeLessThan(next.baseOffset);
      }
    expect(allAborted(log)).toEqual(EXPECTED);
    expect(log.collectAbortedTransactions(30, 90)).toEqual([EXPECTED[1]]);
    expect(log.collectAbortedTransactions(0, 8)).toEqual([EXPECTED[0]]);
  });

  it('truncation below a marker removes its entry and reopens the transaction', () => {
    const log = UnifiedLog.create('t-0', config(), new SimDisk(), 0);
    kafkaSequence(log);
    log.truncateTo(74); // the ABORT of producer 2 goes
    expect(allAborted(log)).toEqual([EXPECTED[0]]);
    log.updateHighWatermark(74);
    expect(log.lastStableOffset).toBe(8); // producer 2's transaction, open again from offset 8
  });

  it('rebuilds deleted .txnindex files when recovering after an unclean shutdown (LogLoaderTest.testFullTransactionIndexRecovery)', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 128 * 5 }), disk, 0);
    kafkaSequence(log);
    log.flush(1000);
    for (const s of log.segments) {
      disk.delete(s.indexPath);
      disk.delete(s.txnIndexPath);
    }
    const { log: reloaded } = UnifiedLog.load('t-0', config({ segmentBytes: 1024 * 5 }), disk, 2000, false);
    expect(allAborted(reloaded)).toEqual(EXPECTED);
    reloaded.updateHighWatermark(75);
    expect(reloaded.lastStableOffset).toBe(36); // producer 4's transaction, from 36 to its COMMIT at 89
    reloaded.updateHighWatermark(90);
    expect(reloaded.lastStableOffset).toBe(90);
  });

  it('keeps an open transaction open across a restart', () => {
    const disk = new SimDisk();
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    const w = writer(log);
    w.plain(2);
    w.txn(9, 3);
    w.plain(1);
    log.flush(1000);
    const { log: reloaded } = UnifiedLog.load('t-0', config(), disk, 2000, true);
    reloaded.updateHighWatermark(6);
    expect(reloaded.lastStableOffset).toBe(2);
  });
});
