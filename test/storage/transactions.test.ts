// Transactions in the log format: COMMIT/ABORT control batches, the .txnindex, the last stable offset and
// read_committed reads. Expected values come from Kafka's own tests (class and method named in each case) and
// from kafkajs 2.2.4, an independent client, decoding the same bytes.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  controlTypeFromId,
  decodeEndTxnMarker,
  encodeControlRecordKey,
  encodeEndTxnMarkerBatch,
  encodeEndTxnMarkerValue,
  END_TXN_MARKER_BATCH_SIZE,
  endTxnMarkerOf,
  parseControlRecordKey,
} from '../../src/storage/format/controlRecord';
import { readInt16, readInt32 } from '../../src/storage/format/bytes';
import { decodeRecordBatch, readBatchHeader } from '../../src/storage/format/recordBatch';
import {
  ABORTED_TXN_SIZE,
  checkAppendAbortedTxn,
  collectAbortedTxns,
  collectAbortedTxnsAcrossSegments,
  decodeTransactionIndex,
  encodeAbortedTxn,
  encodeTransactionIndex,
  sanityCheckAbortedTxns,
  truncateAbortedTxns,
  txnIndexFileName,
  type AbortedTxn,
} from '../../src/storage/format/transactionIndex';
import {
  appendBatchToTxnState,
  EMPTY_TXN_STATE,
  firstUndecidedOffset,
  firstUnstableOffset,
  InvalidTxnStateError,
  lastStableOffset,
  onHighWatermarkUpdated,
  replayTxnState,
  type TxnBatchView,
  type TxnLogState,
} from '../../src/storage/log/txnState';
import { batchesInFetchRange, completedFetchRecords, fetchIsolation, maxFetchOffset } from '../../src/storage/log/readCommitted';
import { inspectFile, inspectLog, inspectTxnIndex } from '../../src/storage/inspect';
import { kafkajsDecode } from './kafkajs';
import { TxnLogBuilder } from './txnLog';

const require = createRequire(import.meta.url);
const KafkajsBatch = require('kafkajs/src/consumer/batch') as new (
  topic: string,
  fetchedOffset: string,
  partitionData: object,
) => { messages: { offset: string }[] };

const abortedTxn = (producerId: number, firstOffset: number, lastOffset: number, lastStableOffset: number): AbortedTxn => ({
  producerId,
  firstOffset,
  lastOffset,
  lastStableOffset,
});

describe('control batches (ControlRecordType, EndTransactionMarker, MemoryRecords.withEndTransactionMarker)', () => {
  it('writes one 78-byte batch, transactional + control, one record, one offset, as Kafka sizes it', () => {
    const b = encodeEndTxnMarkerBatch({
      baseOffset: 41,
      type: 'COMMIT',
      producerId: 4242,
      producerEpoch: 7,
      coordinatorEpoch: 79,
      timestamp: 1_700_000_000_123,
      partitionLeaderEpoch: 3,
    });
    // DefaultRecordBatch.RECORD_BATCH_OVERHEAD + EndTransactionMarker.CURRENT_END_TXN_SCHEMA_RECORD_SIZE = 61 + 17
    expect(b.length).toBe(END_TXN_MARKER_BATCH_SIZE);
    const h = readBatchHeader(b, 0);
    expect(h.attributes).toBe(0x30); // bit 4 transactional, bit 5 control, codec none, CreateTime
    expect(h.lastOffsetDelta).toBe(0);
    expect(h.recordsCount).toBe(1);
    expect([h.producerId, h.producerEpoch, h.baseSequence, h.partitionLeaderEpoch]).toEqual([4242, 7, -1, 3]);
    const d = decodeRecordBatch(b); // CRC-32C checked
    expect([d.control, d.transactional, d.lastOffset]).toEqual([true, true, 41]);
    expect(Array.from(d.records[0].key!)).toEqual([0, 0, 0, 1]); // version 0, COMMIT (1)
    expect(Array.from(d.records[0].value!)).toEqual([0, 0, 0, 0, 0, 79]); // version 0, coordinator epoch 79
    expect(endTxnMarkerOf(d)).toEqual({ type: 'COMMIT', coordinatorEpoch: 79 });
    const abort = decodeRecordBatch(
      encodeEndTxnMarkerBatch({ baseOffset: 0, type: 'ABORT', producerId: 1, producerEpoch: 0, coordinatorEpoch: 2, timestamp: 5 }),
    );
    expect(Array.from(abort.records[0].key!)).toEqual([0, 0, 0, 0]);
    expect(endTxnMarkerOf(abort)).toEqual({ type: 'ABORT', coordinatorEpoch: 2 });
  });

  it('kafkajs 2.2.4 decodes the marker as a control batch in a transaction, and a transactional data batch too', async () => {
    const marker = await kafkajsDecode(
      encodeEndTxnMarkerBatch({ baseOffset: 41, type: 'ABORT', producerId: 4242, producerEpoch: 7, coordinatorEpoch: 79, timestamp: 1_700_000_000_123 }),
    );
    expect(marker.isControlBatch).toBe(true);
    expect(marker.inTransaction).toBe(true);
    expect([marker.firstOffset, marker.producerId, marker.producerEpoch, marker.firstSequence, marker.lastOffsetDelta]).toEqual(['41', '4242', 7, -1, 0]);
    expect(marker.records).toHaveLength(1);
    expect(marker.records[0].isControlRecord).toBe(true);
    expect(marker.records[0].offset).toBe('41');
    expect([...marker.records[0].key]).toEqual([0, 0, 0, 0]); // what kafkajs's filterAbortedMessages calls an abort marker
    expect(readInt32(marker.records[0].value, 2)).toBe(79);

    const log = new TxnLogBuilder(3).transactional(9001, 2).plain(1);
    const [txData, plain] = await Promise.all(log.chunks.map(kafkajsDecode));
    expect([txData.inTransaction, txData.isControlBatch, txData.producerId, txData.producerEpoch, txData.firstSequence]).toEqual([true, false, '9001', 3, 0]);
    expect(txData.records.map((r: { offset: string }) => r.offset)).toEqual(['0', '1']);
    expect([plain.inTransaction, plain.isControlBatch, plain.producerId]).toEqual([false, false, '-1']);
  });

  it('parses keys as ControlRecordTypeTest does: unknown types, newer versions, negative versions', () => {
    const key = (version: number, type: number, extra = 0) => {
      const b = new Uint8Array(4 + extra);
      new DataView(b.buffer).setInt16(0, version);
      new DataView(b.buffer).setInt16(2, type);
      return b;
    };
    expect(parseControlRecordKey(key(0, 337))).toBe('UNKNOWN'); // testParseUnknownType
    expect(parseControlRecordKey(key(5, 0, 4))).toBe('ABORT'); // testParseUnknownVersion
    for (const t of ['ABORT', 'COMMIT', 'LEADER_CHANGE', 'SNAPSHOT_HEADER', 'SNAPSHOT_FOOTER', 'KRAFT_VERSION', 'KRAFT_VOTERS'] as const) {
      expect(parseControlRecordKey(encodeControlRecordKey(t))).toBe(t); // testRoundTrip
    }
    expect(controlTypeFromId(-1)).toBe('UNKNOWN');
    expect(() => parseControlRecordKey(key(-1, 0))).toThrow(/version -1/);
    expect(() => parseControlRecordKey(new Uint8Array(3))).toThrow(/at least 4 bytes/);
  });

  it('reads marker values as EndTransactionMarkerTest does', () => {
    const commitKey = encodeControlRecordKey('COMMIT');
    expect(decodeEndTxnMarker(commitKey, encodeEndTxnMarkerValue(79))).toEqual({ type: 'COMMIT', coordinatorEpoch: 79 }); // testSerde
    const newer = new Uint8Array(8);
    new DataView(newer.buffer).setInt16(0, 5);
    new DataView(newer.buffer).setInt32(2, 79);
    expect(decodeEndTxnMarker(commitKey, newer).coordinatorEpoch).toBe(79); // testDeserializeNewerVersion
    expect(() => decodeEndTxnMarker(commitKey, new Uint8Array(0))).toThrow(/at least 6 bytes/); // testNotEnoughBytes
    const negative = new Uint8Array(6);
    new DataView(negative.buffer).setInt16(0, -1);
    expect(() => decodeEndTxnMarker(encodeControlRecordKey('ABORT'), negative)).toThrow(/version -1/); // testIllegalNegativeVersion
    expect(() => decodeEndTxnMarker(encodeControlRecordKey('LEADER_CHANGE'), encodeEndTxnMarkerValue(1))).toThrow(/not a transaction marker/);
    expect(() => encodeEndTxnMarkerBatch({ baseOffset: 0, type: 'COMMIT', producerId: -1, producerEpoch: 0, coordinatorEpoch: 0, timestamp: 0 })).toThrow(
      /valid producerId/,
    );
  });
});

describe('.txnindex (TransactionIndex, AbortedTxn)', () => {
  const four = [abortedTxn(0, 0, 10, 11), abortedTxn(1, 5, 15, 13), abortedTxn(2, 18, 35, 25), abortedTxn(3, 32, 50, 40)];

  it('encodes 34-byte entries: version, producerId, firstOffset, lastOffset, lastStableOffset (testAbortedTxnSerde)', () => {
    const b = encodeAbortedTxn(abortedTxn(983493, 137, 299, 200));
    expect(b.length).toBe(ABORTED_TXN_SIZE);
    expect(readInt16(b, 0)).toBe(0);
    const dv = new DataView(b.buffer);
    expect([dv.getBigInt64(2), dv.getBigInt64(10), dv.getBigInt64(18), dv.getBigInt64(26)]).toEqual([983493n, 137n, 299n, 200n]);
    expect(decodeTransactionIndex(b)).toEqual({ entries: [abortedTxn(983493, 137, 299, 200)], trailingBytes: 0 });
    expect(txnIndexFileName(368769)).toBe('00000000000000368769.txnindex');
  });

  it('collects the aborted transactions of a fetch range as TransactionIndexTest.testCollectAbortedTransactions', () => {
    const idx = decodeTransactionIndex(encodeTransactionIndex(four)).entries;
    expect(collectAbortedTxns(idx, 0, 100)).toEqual({ abortedTransactions: four, isComplete: false });
    expect(collectAbortedTxns(idx, 0, 32)).toEqual({ abortedTransactions: four.slice(0, 3), isComplete: true });
    expect(collectAbortedTxns(idx, 0, 35)).toEqual({ abortedTransactions: four, isComplete: true });
    expect(collectAbortedTxns(idx, 10, 35)).toEqual({ abortedTransactions: four, isComplete: true });
    expect(collectAbortedTxns(idx, 11, 35)).toEqual({ abortedTransactions: four.slice(1, 4), isComplete: true });
    expect(collectAbortedTxns(idx, 20, 41)).toEqual({ abortedTransactions: four.slice(2, 4), isComplete: false });
  });

  it('truncates, checks order and sanity as TransactionIndexTest (testTruncate, testLastOffsetMustIncrease, testSanityCheck)', () => {
    const t = [abortedTxn(0, 0, 10, 2), abortedTxn(1, 5, 15, 16), abortedTxn(2, 18, 35, 25), abortedTxn(3, 32, 50, 40)];
    expect(truncateAbortedTxns(t, 51)).toEqual(t);
    expect(truncateAbortedTxns(t, 50)).toEqual(t.slice(0, 3));
    expect(() => checkAppendAbortedTxn(15, abortedTxn(0, 0, 15, 11))).toThrow(/must increase/);
    expect(() => checkAppendAbortedTxn(15, abortedTxn(0, 0, 10, 11))).toThrow(/must increase/);
    expect(() => checkAppendAbortedTxn(15, abortedTxn(0, 0, 16, 11))).not.toThrow();
    expect(sanityCheckAbortedTxns(four, 0)).toBeNull();
    expect(sanityCheckAbortedTxns(four, 100)).toMatch(/less than start offset 100/);
  });

  it('refuses an entry of a version Kafka does not know, and reports trailing bytes', () => {
    const b = encodeTransactionIndex(four);
    b[ABORTED_TXN_SIZE + 1] = 1; // entry 1 says version 1
    expect(() => decodeTransactionIndex(b)).toThrow(/version 1/);
    expect(decodeTransactionIndex(encodeTransactionIndex(four).subarray(0, 2 * ABORTED_TXN_SIZE + 5)).trailingBytes).toBe(5);
  });

  it('walks segments until a search is complete (LocalLog.collectAbortedTransactions; UnifiedLogTest.testAbortedTransactionSpanningMultipleSegments)', () => {
    // segment 0: the transaction's first batch (0..2); segment 3: its second batch (3..5) and the ABORT marker (6)
    const segs = [
      { baseOffset: 0, entries: [] },
      { baseOffset: 3, entries: [abortedTxn(137, 0, 6, 7)] },
    ];
    expect(collectAbortedTxnsAcrossSegments(segs, 0, 7)).toEqual([abortedTxn(137, 0, 6, 7)]);
    expect(collectAbortedTxnsAcrossSegments(segs, 7, 8)).toEqual([]); // the fetch starts after the marker
  });
});

/** ProducerStateManagerTest-style helpers: a batch at `offset`, or a marker there. */
const data = (producerId: number, baseOffset: number, lastOffset = baseOffset, transactional = true): TxnBatchView => ({
  baseOffset,
  lastOffset,
  producerId,
  transactional,
  control: false,
  marker: null,
});
const marker = (producerId: number, offset: number, type: 'COMMIT' | 'ABORT'): TxnBatchView => ({
  baseOffset: offset,
  lastOffset: offset,
  producerId,
  transactional: true,
  control: true,
  marker: type,
});

// UnifiedLogTest.testTransactionIndexUpdated: four producers, offsets as the test's comments give them
const mixed = () =>
  new TxnLogBuilder()
    .transactional(1, 5)
    .plain(3)
    .transactional(2, 2)
    .transactional(1, 4)
    .transactional(3, 3)
    .plain(2)
    .transactional(1, 10)
    .marker(1, 'ABORT') // 29
    .transactional(2, 6)
    .transactional(4, 3)
    .plain(10)
    .transactional(3, 9)
    .marker(3, 'COMMIT') // 58
    .transactional(4, 8)
    .transactional(2, 7)
    .marker(2, 'ABORT') // 74
    .plain(10)
    .transactional(4, 4)
    .marker(4, 'COMMIT'); // 89

describe('last stable offset (ProducerStateManager, UnifiedLog)', () => {
  it('follows ProducerStateManagerTest.testFirstUnstableOffset', () => {
    let s: TxnLogState = EMPTY_TXN_STATE;
    const step = (b: TxnBatchView) => (s = appendBatchToTxnState(s, b).state);
    expect(firstUndecidedOffset(s)).toBeNull();
    step(data(1, 99));
    expect([firstUndecidedOffset(s), firstUnstableOffset(s)]).toEqual([99, 99]);
    step(data(2, 105));
    expect([firstUndecidedOffset(s), firstUnstableOffset(s)]).toEqual([99, 99]);
    step(marker(1, 109, 'COMMIT'));
    expect([firstUndecidedOffset(s), firstUnstableOffset(s)]).toEqual([105, 99]); // decided, not yet replicated
    s = onHighWatermarkUpdated(s, 100);
    expect(firstUnstableOffset(s)).toBe(99);
    s = onHighWatermarkUpdated(s, 110);
    expect(firstUnstableOffset(s)).toBe(105);
    step(marker(2, 112, 'ABORT'));
    expect([firstUndecidedOffset(s), firstUnstableOffset(s)]).toEqual([null, 105]);
    s = onHighWatermarkUpdated(s, 113);
    expect(firstUnstableOffset(s)).toBeNull();
  });

  it('indexes a completed transaction with the first open transaction of another producer (testLastStableOffsetCompletedTxn)', () => {
    const start1 = 992342,
      start2 = start1 + 25,
      start3 = start1 + 57;
    let s = replayTxnState([data(1, start1), data(2, start2), data(3, start3)]).state;
    const last1 = start3 + 15;
    let r = appendBatchToTxnState(s, marker(1, last1, 'COMMIT'));
    expect(r.completed?.lastStableOffset).toBe(start2);
    s = onHighWatermarkUpdated(r.state, last1 + 1);
    expect(firstUnstableOffset(s)).toBe(start2);
    const last3 = last1 + 20;
    r = appendBatchToTxnState(s, marker(3, last3, 'COMMIT'));
    expect(r.completed?.lastStableOffset).toBe(start2);
    s = onHighWatermarkUpdated(r.state, last3 + 1);
    expect(firstUnstableOffset(s)).toBe(start2);
    const last2 = last3 + 78;
    r = appendBatchToTxnState(s, marker(2, last2, 'COMMIT'));
    expect(r.completed?.lastStableOffset).toBe(last2 + 1);
    expect(r.abortedTxn).toBeNull(); // a commit writes nothing to the .txnindex
    expect(firstUnstableOffset(onHighWatermarkUpdated(r.state, last2 + 1))).toBeNull();
  });

  it('ignores markers of empty transactions (testSkipEmptyTransactions)', () => {
    const r = replayTxnState([
      data(7, 16, 20),
      marker(7, 21, 'COMMIT'),
      marker(7, 22, 'COMMIT'),
      marker(7, 23, 'ABORT'),
      data(7, 24, 27),
      marker(7, 28, 'ABORT'),
      marker(7, 29, 'ABORT'),
      data(7, 30, 31),
    ]);
    expect(r.completed).toEqual([
      { producerId: 7, firstOffset: 16, lastOffset: 21, isAborted: false },
      { producerId: 7, firstOffset: 24, lastOffset: 28, isAborted: true },
    ]);
    expect(r.aborted).toEqual([abortedTxn(7, 24, 28, 29)]);
    expect(firstUnstableOffset(onHighWatermarkUpdated(r.state, 32))).toBe(30);
  });

  it('refuses a non-transactional write while the producer has a transaction open (testNonTransactionalAppendWithOngoingTransaction)', () => {
    const s = appendBatchToTxnState(EMPTY_TXN_STATE, data(1, 0)).state;
    expect(() => appendBatchToTxnState(s, data(1, 1, 1, false))).toThrow(InvalidTxnStateError);
  });

  it('writes the aborted transactions and moves the LSO as UnifiedLogTest.testTransactionIndexUpdated', () => {
    const log = mixed();
    expect(log.logEndOffset).toBe(90);
    const r = replayTxnState(log.views);
    expect(r.aborted).toEqual([abortedTxn(1, 0, 29, 8), abortedTxn(2, 8, 74, 36)]);
    expect(lastStableOffset(r.state, 30)).toBe(8);
    expect(lastStableOffset(r.state, 75)).toBe(36);
    expect(lastStableOffset(r.state, 90)).toBe(90);
    expect(firstUnstableOffset(onHighWatermarkUpdated(r.state, 90))).toBeNull();
  });

  it('bounds read_committed fetches by the LSO as UnifiedLogTest.testFetchUpToLastStableOffset', () => {
    const log = new TxnLogBuilder().transactional(1, 5).plain(3).transactional(2, 2).transactional(1, 4).plain(2).transactional(1, 10);
    const lsoAt = (hw: number) => lastStableOffset(replayTxnState(log.views).state, hw);
    const bounded = (lso: number) => {
      for (let o = 0; o < lso; o++)
        expect(batchesInFetchRange(log.views, o, lso, { logStartOffset: 0, logEndOffset: log.logEndOffset })).not.toEqual({ error: null, batches: [] });
      for (let o = lso; o <= log.logEndOffset; o++)
        expect(batchesInFetchRange(log.views, o, lso, { logStartOffset: 0, logEndOffset: log.logEndOffset })).toEqual({ error: null, batches: [] });
    };
    expect(lsoAt(0)).toBe(0);
    expect(lsoAt(log.logEndOffset)).toBe(0);
    bounded(0);
    log.marker(1, 'COMMIT');
    expect(lsoAt(26)).toBe(0); // marker at 26 not yet below the HW
    expect(lsoAt(log.logEndOffset)).toBe(8);
    bounded(8);
    log.marker(2, 'ABORT');
    expect(lsoAt(27)).toBe(8);
    expect(lsoAt(log.logEndOffset)).toBe(log.logEndOffset);
    bounded(log.logEndOffset);
    expect(batchesInFetchRange(log.views, log.logEndOffset + 1, 100, { logStartOffset: 0, logEndOffset: log.logEndOffset })).toEqual({
      error: 'OFFSET_OUT_OF_RANGE',
    });
  });

  it('never passes the HW, and starts at the log start offset when retention removed a transaction start', () => {
    const s = replayTxnState([data(1, 10, 12)]).state;
    expect(lastStableOffset(s, 8)).toBe(8); // LSO ≤ HW
    expect(lastStableOffset(s, 20, 11)).toBe(11); // maybeIncrementFirstUnstableOffset: max(first unstable, log start)
    expect(lastStableOffset(EMPTY_TXN_STATE, 20)).toBe(20); // no transactions: LSO = HW
  });

  it('picks the fetch bound by isolation (FetchIsolation.of, UnifiedLog.read)', () => {
    const log = { logEndOffset: 30, highWatermark: 20, lastStableOffset: 8 };
    expect(maxFetchOffset(fetchIsolation(true), log)).toBe(30);
    expect(maxFetchOffset(fetchIsolation(false, 'read_uncommitted'), log)).toBe(20);
    expect(maxFetchOffset(fetchIsolation(false, 'read_committed'), log)).toBe(8);
  });
});

describe('read_committed consumer (CompletedFetch.nextFetchedRecord)', () => {
  it('returns committed and plain records only, never control records, and agrees with kafkajs', async () => {
    const log = mixed();
    const batches = log.decoded();
    const aborted = collectAbortedTxns(replayTxnState(log.views).aborted, 0, log.logEndOffset).abortedTransactions;
    const rc = completedFetchRecords(batches, 0, 'read_committed', aborted);
    const offsets = rc.records.map((r) => r.offset);
    const producerOf = (o: number) => log.views.find((v) => v.baseOffset <= o && o <= v.lastOffset)!.producerId;
    expect(offsets.some((o) => producerOf(o) === 1 || producerOf(o) === 2)).toBe(false); // both aborted
    expect(offsets.filter((o) => producerOf(o) === 3)).toHaveLength(12); // committed: 3 + 9
    expect(offsets.filter((o) => producerOf(o) === 4)).toHaveLength(15); // committed: 3 + 8 + 4
    expect(offsets.filter((o) => producerOf(o) === -1)).toHaveLength(25);
    expect(rc.controlOffsets).toEqual([29, 58, 74, 89]);
    expect(rc.nextFetchOffset).toBe(90); // the last marker moved the position
    expect(rc.abortedBatches).toEqual([0, 8, 10, 19, 30, 67]);

    // kafkajs's Batch: filterAbortedMessages + control records dropped, on kafkajs's own decoding of our bytes
    const messages = (await Promise.all(log.chunks.map(kafkajsDecode))).flatMap((b) => b.records);
    const kjs = new KafkajsBatch('t', '0', {
      partition: 0,
      highWatermark: '90',
      messages,
      abortedTransactions: aborted.map((t) => ({ producerId: String(t.producerId), firstOffset: String(t.firstOffset) })),
    });
    expect(kjs.messages.map((m) => Number(m.offset))).toEqual(offsets);

    const ru = completedFetchRecords(batches, 0, 'read_uncommitted', aborted);
    expect(ru.records).toHaveLength(90 - 4); // everything but the four markers
  });

  it("an ABORT marker ends the aborted run: the same producer's next, committed transaction is read", async () => {
    const log = new TxnLogBuilder().transactional(1, 3).marker(1, 'ABORT').transactional(1, 2).plain(1).marker(1, 'COMMIT');
    const aborted = collectAbortedTxns(replayTxnState(log.views).aborted, 0, log.logEndOffset).abortedTransactions;
    expect(aborted).toEqual([abortedTxn(1, 0, 3, 4)]);
    const r = completedFetchRecords(log.decoded(), 0, 'read_committed', aborted);
    expect(r.records.map((x) => x.offset)).toEqual([4, 5, 6]);
    const messages = (await Promise.all(log.chunks.map(kafkajsDecode))).flatMap((b) => b.records);
    const kjs = new KafkajsBatch('t', '0', {
      partition: 0,
      highWatermark: '8',
      messages,
      abortedTransactions: aborted.map((t) => ({ producerId: String(t.producerId), firstOffset: String(t.firstOffset) })),
    });
    expect(kjs.messages.map((m) => Number(m.offset))).toEqual([4, 5, 6]);
  });

  it('drops records below the fetch offset and keeps the position past a marker', () => {
    const log = new TxnLogBuilder().transactional(5, 4).marker(5, 'COMMIT').plain(2);
    const r = completedFetchRecords(log.decoded(), 2, 'read_committed', []);
    expect(r.records.map((x) => x.offset)).toEqual([2, 3, 5, 6]);
    expect(r.nextFetchOffset).toBe(7);
    const onlyMarker = completedFetchRecords(log.decoded().slice(1, 2), 4, 'read_committed', []);
    expect([onlyMarker.records.length, onlyMarker.nextFetchOffset]).toEqual([0, 5]);
  });
});

describe('Inspect shows markers and .txnindex entries', () => {
  it('labels control batches with their marker and coordinator epoch', () => {
    const log = new TxnLogBuilder().transactional(1, 2).marker(1, 'ABORT', 4).plain(1);
    const r = inspectLog('00000000000000000000.log', log.bytes());
    expect(r.error).toBeNull();
    expect(r.batches.map((b) => b.controlRecord)).toEqual([null, { type: 'ABORT', coordinatorEpoch: 4 }, null]);
  });

  it('decodes a .txnindex and names the entry that breaks the order', () => {
    const ok = inspectFile('00000000000000000000.txnindex', encodeTransactionIndex([abortedTxn(1, 0, 29, 8), abortedTxn(2, 8, 74, 36)]));
    expect(ok).toEqual({
      kind: 'txnindex',
      file: '00000000000000000000.txnindex',
      baseOffset: 0,
      entries: [abortedTxn(1, 0, 29, 8), abortedTxn(2, 8, 74, 36)],
      error: null,
    });
    const bad = inspectTxnIndex('00000000000000000000.txnindex', encodeTransactionIndex([abortedTxn(2, 8, 74, 36), abortedTxn(1, 0, 29, 8)]));
    expect(bad.entries).toHaveLength(1);
    expect(bad.error).toEqual({
      file: '00000000000000000000.txnindex',
      position: 34,
      message: '00000000000000000000.txnindex at byte 34: entry 1 (last offset 29) is not after the previous entry',
    });
    const below = inspectTxnIndex('00000000000000000100.txnindex', encodeTransactionIndex([abortedTxn(1, 0, 29, 8)]));
    expect(below.error?.message).toMatch(/not a transaction of this segment/);
    const cut = inspectTxnIndex('00000000000000000000.txnindex', encodeTransactionIndex([abortedTxn(1, 0, 29, 8)]).subarray(0, 40 - 6));
    expect(cut.error).toBeNull();
    expect(inspectTxnIndex('x.txnindex', new Uint8Array(40)).error?.message).toMatch(/6 trailing bytes: not a whole 34-byte entry/);
  });
});
