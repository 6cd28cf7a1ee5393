// Per-partition idempotent-producer state (Kafka's ProducerStateManager): the last sequence numbers of each
// producer id, so that a retried batch is recognised as a duplicate and a gap is refused; and, for transactions,
// the epoch and coordinator epoch of the last COMMIT/ABORT marker (ProducerAppendInfo.appendEndTxnMarker). The open
// transactions themselves are the log's (UnifiedLog.txns), since the last stable offset is a property of the log.
import type { FetchedBatch } from '../../storage/log/types';
import { CONTROL_MASK, decodeRecordBatch } from '../../storage/format/recordBatch';
import { endTxnMarkerOf } from '../../storage/format/controlRecord';
import { appendMarkerToEntry, type AppendOrigin } from '../txn/rules/producerFencing';

interface BatchMeta {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
}
/** the last 5 batches, as Kafka keeps; the coordinator epoch of the last marker (-1: none yet) */
interface ProducerEntry {
  epoch: number;
  batches: BatchMeta[];
  coordinatorEpoch: number;
}

export type SequenceCheck =
  { kind: 'append' } | { kind: 'duplicate'; firstOffset: number } | { kind: 'error'; error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'INVALID_PRODUCER_EPOCH' };

/** Header fields of a RecordBatch v2 read straight from its bytes (offsets per the v2 layout). */
export function batchProducerFields(b: FetchedBatch): { producerId: number; producerEpoch: number; baseSequence: number; count: number } {
  const v = new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  const hi = v.getInt32(43);
  const lo = v.getUint32(47);
  return { producerId: hi * 4294967296 + lo, producerEpoch: v.getInt16(51), baseSequence: v.getInt32(53), count: b.lastOffset - b.baseOffset + 1 };
}

export class ProducerStateManager {
  private producers = new Map<number, ProducerEntry>();

  check(producerId: number, epoch: number, baseSequence: number, count: number): SequenceCheck {
    if (producerId < 0) return { kind: 'append' };
    const e = this.producers.get(producerId);
    if (!e) return baseSequence === 0 ? { kind: 'append' } : { kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    if (epoch < e.epoch) return { kind: 'error', error: 'INVALID_PRODUCER_EPOCH' };
    if (epoch > e.epoch) return baseSequence === 0 ? { kind: 'append' } : { kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    const lastSeq = baseSequence + count - 1;
    const dup = e.batches.find((b) => b.firstSeq === baseSequence && b.lastSeq === lastSeq);
    if (dup) return { kind: 'duplicate', firstOffset: dup.firstOffset };
    const last = e.batches[e.batches.length - 1];
    if (last && baseSequence !== last.lastSeq + 1) return { kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    return { kind: 'append' };
  }

  update(producerId: number, epoch: number, baseSequence: number, count: number, firstOffset: number): void {
    if (producerId < 0) return;
    let e = this.producers.get(producerId);
    if (!e || epoch > e.epoch) {
      e = { epoch, batches: [], coordinatorEpoch: e?.coordinatorEpoch ?? -1 };
      this.producers.set(producerId, e);
    }
    e.batches.push({ firstSeq: baseSequence, lastSeq: baseSequence + count - 1, firstOffset, lastOffset: firstOffset + count - 1 });
    if (e.batches.length > 5) e.batches.shift();
  }

  updateFromBatch(b: FetchedBatch): void {
    const f = batchProducerFields(b);
    if (f.producerId < 0) return;
    if (b.bytes[22] & CONTROL_MASK) {
      const m = endTxnMarkerOf(decodeRecordBatch(b.bytes));
      if (m) this.updateMarker(f.producerId, f.producerEpoch, m.coordinatorEpoch);
      return;
    }
    this.update(f.producerId, f.producerEpoch, f.baseSequence, f.count, b.baseOffset);
  }

  /** The producer's epoch as this partition last saw it (undefined: never). */
  epochOf(producerId: number): number | undefined {
    return this.producers.get(producerId)?.epoch;
  }

  /** ProducerAppendInfo.appendEndTxnMarker's checks: the producer's epoch, then the coordinator's (null: fine). */
  checkMarker(
    producerId: number,
    epoch: number,
    coordinatorEpoch: number,
    origin: AppendOrigin,
  ): 'INVALID_PRODUCER_EPOCH' | 'TRANSACTION_COORDINATOR_FENCED' | null {
    const e = this.producers.get(producerId);
    const r = appendMarkerToEntry(
      e ? { producerEpoch: e.epoch, coordinatorEpoch: e.coordinatorEpoch } : null,
      { producerEpoch: epoch, coordinatorEpoch },
      origin,
    );
    return r.error;
  }

  /** ProducerStateEntry.update after a marker: its epoch (a new epoch starts its sequences over) and coordinator epoch. */
  updateMarker(producerId: number, epoch: number, coordinatorEpoch: number): void {
    const e = this.producers.get(producerId);
    if (!e || epoch > e.epoch) this.producers.set(producerId, { epoch, batches: [], coordinatorEpoch });
    else e.coordinatorEpoch = coordinatorEpoch;
  }

  clear(): void {
    this.producers.clear();
  }
}
