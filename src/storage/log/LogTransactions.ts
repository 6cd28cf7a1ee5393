// The transaction side of one log (Kafka's ProducerStateManager as UnifiedLog uses it for transactions): the
// open and unreplicated transactions built batch by batch from the log's own bytes, the ABORT entries written to
// each segment's .txnindex, the last stable offset, and the aborted transactions a read_committed fetch carries.
// The rules are txnState.ts's; this class applies them to a UnifiedLog's segments (append, truncation, load).
import { readInt16, readInt64 } from '../format/bytes';
import { endTxnMarkerOf } from '../format/controlRecord';
import { ATTRIBUTES_OFFSET, CONTROL_MASK, decodeRecordBatch, HEADER_SIZE, TRANSACTIONAL_MASK } from '../format/recordBatch';
import { collectAbortedTxnsAcrossSegments, type AbortedTxn } from '../format/transactionIndex';
import type { LogSegment } from './LogSegment';
import {
  appendBatchToTxnState,
  EMPTY_TXN_STATE,
  InvalidTxnStateError,
  lastStableOffset,
  onHighWatermarkUpdated,
  type AppendResult,
  type TxnBatchView,
  type TxnLogState,
} from './txnState';

/** The transaction view of a RecordBatch v2 from its bytes (header bits; a control batch's marker decoded). */
export function txnViewOf(bytes: Uint8Array, baseOffset: number, lastOffset: number): TxnBatchView {
  const attributes = readInt16(bytes, ATTRIBUTES_OFFSET);
  const control = (attributes & CONTROL_MASK) !== 0;
  return {
    baseOffset,
    lastOffset,
    producerId: readInt64(bytes, 43),
    transactional: (attributes & TRANSACTIONAL_MASK) !== 0,
    control,
    marker: control ? (endTxnMarkerOf(decodeRecordBatch(bytes))?.type ?? null) : null,
  };
}

export class LogTransactions {
  state: TxnLogState = EMPTY_TXN_STATE;
  /** the log has held transactional data: the dump shows its last stable offset */
  seen = false;

  /** ProducerAppendInfo's checks before a leader append (throws INVALID_TXN_STATE); `commit` after the write. */
  prepare(view: TxnBatchView): AppendResult {
    return appendBatchToTxnState(this.state, view);
  }

  /** After the batch is in `segment`: the new state, and an aborted transaction's entry in that segment's .txnindex. */
  commit(view: TxnBatchView, r: AppendResult, segment: LogSegment): void {
    if (view.transactional) this.seen = true;
    this.state = r.state;
    if (r.abortedTxn) segment.updateTxnIndex(r.abortedTxn);
  }

  /** A follower takes the leader's batches as they are: a batch the rules refuse changes nothing (Kafka only logs it). */
  replicate(view: TxnBatchView, segment: LogSegment): void {
    if (view.producerId < 0) return;
    try {
      this.commit(view, this.prepare(view), segment);
    } catch (e) {
      if (!(e instanceof InvalidTxnStateError)) throw e;
    }
  }

  onHighWatermarkUpdated(hw: number): void {
    this.state = onHighWatermarkUpdated(this.state, hw);
  }

  lastStableOffset(highWatermark: number, logStartOffset: number): number {
    return lastStableOffset(this.state, highWatermark, logStartOffset);
  }

  /** The producer has a transaction open in this log. */
  isOpen(producerId: number): boolean {
    return this.state.ongoing.some((t) => t.producerId === producerId);
  }

  /** The first offset of each open transaction, by producer id (the stage marks where the LSO is held). */
  openTransactions(): { producerId: number; firstOffset: number }[] {
    return this.state.ongoing.map((t) => ({ producerId: t.producerId, firstOffset: t.firstOffset }));
  }

  /**
   * Rebuilds the state from the segments' batches, as Kafka rebuilds producer state on load and after truncation.
   * Segments for which `rewriteIndex` holds get their .txnindex written anew (LogSegment.recover resets it).
   */
  rebuild(segments: readonly LogSegment[], rewriteIndex: (seg: LogSegment) => boolean): void {
    this.state = EMPTY_TXN_STATE;
    this.seen = false;
    for (const seg of segments) {
      const rewrite = rewriteIndex(seg);
      for (const ref of seg.batchesFrom(0)) {
        const head = seg.readBytes(ref.position, HEADER_SIZE);
        const attributes = readInt16(head, ATTRIBUTES_OFFSET);
        if ((attributes & (TRANSACTIONAL_MASK | CONTROL_MASK)) === 0) continue; // never opens or closes a transaction
        const view = txnViewOf((attributes & CONTROL_MASK) !== 0 ? seg.readBytes(ref.position, ref.size) : head, ref.baseOffset, ref.lastOffset);
        let r: AppendResult;
        try {
          r = this.prepare(view);
        } catch (e) {
          if (!(e instanceof InvalidTxnStateError)) throw e;
          continue;
        }
        if (view.transactional) this.seen = true;
        this.state = r.state;
        if (rewrite && r.abortedTxn) seg.updateTxnIndex(r.abortedTxn);
      }
    }
  }

  /** LocalLog.collectAbortedTransactions over [fetchOffset, upperBoundOffset), from the segments' .txnindex. */
  collectAborted(segments: readonly LogSegment[], fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    if (!this.seen) return [];
    return collectAbortedTxnsAcrossSegments(
      segments.map((s) => ({ baseOffset: s.baseOffset, entries: s.abortedTxns() })),
      fetchOffset,
      upperBoundOffset,
    );
  }
}
