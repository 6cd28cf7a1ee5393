// Builds a partition log with transactional data, non-transactional data and COMMIT/ABORT markers, the way
// Kafka's LogTestUtils.appendTransactionalAsLeader / appendNonTransactionalAsLeader / appendEndTxnMarkerAsLeader
// do in UnifiedLogTest: each call appends one batch at the log end.
import { encodeEndTxnMarkerBatch, type TxnMarkerType } from '../../src/storage/format/controlRecord';
import { decodeRecordBatch, encodeRecordBatch, type DecodedBatch } from '../../src/storage/format/recordBatch';
import type { TxnBatchView } from '../../src/storage/log/txnState';
import { te } from './helpers';

export class TxnLogBuilder {
  readonly chunks: Uint8Array[] = [];
  readonly views: TxnBatchView[] = [];
  private seq = new Map<number, number>();
  logEndOffset = 0;

  constructor(
    private readonly epoch = 0,
    private readonly timestamp = 1_700_000_000_000,
  ) {}

  /** appendTransactionalAsLeader(log, producerId, epoch)(n): one transactional batch of n records */
  transactional(producerId: number, n: number): this {
    const seq = this.seq.get(producerId) ?? 0;
    this.seq.set(producerId, seq + n);
    return this.push(
      encodeRecordBatch({
        baseOffset: this.logEndOffset,
        partitionLeaderEpoch: 0,
        transactional: true,
        producerId,
        producerEpoch: this.epoch,
        baseSequence: seq,
        records: Array.from({ length: n }, (_, i) => ({ key: null, value: te.encode(`p${producerId}-${this.logEndOffset + i}`), timestamp: this.timestamp })),
      }),
      { producerId, transactional: true, control: false, marker: null, n },
    );
  }

  /** appendNonTransactionalAsLeader(log, n): one batch without a producer id */
  plain(n: number): this {
    return this.push(
      encodeRecordBatch({
        baseOffset: this.logEndOffset,
        partitionLeaderEpoch: 0,
        records: Array.from({ length: n }, (_, i) => ({ key: null, value: te.encode(`plain-${this.logEndOffset + i}`), timestamp: this.timestamp })),
      }),
      { producerId: -1, transactional: false, control: false, marker: null, n },
    );
  }

  /** appendEndTxnMarkerAsLeader(log, producerId, epoch, type) */
  marker(producerId: number, type: TxnMarkerType, coordinatorEpoch = 0): this {
    return this.push(
      encodeEndTxnMarkerBatch({
        baseOffset: this.logEndOffset,
        type,
        producerId,
        producerEpoch: this.epoch,
        coordinatorEpoch,
        timestamp: this.timestamp,
        partitionLeaderEpoch: 0,
      }),
      { producerId, transactional: true, control: true, marker: type, n: 1 },
    );
  }

  private push(bytes: Uint8Array, v: Omit<TxnBatchView, 'baseOffset' | 'lastOffset'> & { n: number }): this {
    this.chunks.push(bytes.slice());
    const { n, ...rest } = v;
    this.views.push({ ...rest, baseOffset: this.logEndOffset, lastOffset: this.logEndOffset + n - 1 });
    this.logEndOffset += n;
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((s, c) => s + c.length, 0));
    let p = 0;
    for (const c of this.chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }

  decoded(): DecodedBatch[] {
    return this.chunks.map((c) => decodeRecordBatch(c));
  }
}
