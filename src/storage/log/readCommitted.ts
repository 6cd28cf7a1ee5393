// Reading with an isolation level, both sides of the wire:
// - the broker (UnifiedLog.read / LocalLog.read, Kafka 3.x/4.0): a follower reads to the log end, a
//   read_uncommitted consumer to the high watermark, a read_committed consumer to the last stable offset
//   (FetchIsolation LOG_END / HIGH_WATERMARK / TXN_COMMITTED); whole batches are returned, and a read_committed
//   fetch carries the aborted transactions overlapping it (from the .txnindex files);
// - the consumer (CompletedFetch.nextFetchedRecord, clients 3.x/4.0): with read_committed, batches of an
//   aborted transaction are skipped (a transaction is aborted from its first offset, listed in the fetch
//   response, to its ABORT marker); control records are never returned to the application.
import { endTxnMarkerOf } from '../format/controlRecord';
import type { DecodedBatch, DecodedRecord } from '../format/recordBatch';

export type IsolationLevel = 'read_uncommitted' | 'read_committed';
export type FetchIsolation = 'LOG_END' | 'HIGH_WATERMARK' | 'TXN_COMMITTED';

/** FetchIsolation.of(replicaId, isolationLevel): followers read to the LEO; consumers by their isolation level. */
export function fetchIsolation(fromFollower: boolean, isolationLevel: IsolationLevel = 'read_uncommitted'): FetchIsolation {
  if (fromFollower) return 'LOG_END';
  return isolationLevel === 'read_committed' ? 'TXN_COMMITTED' : 'HIGH_WATERMARK';
}

/** UnifiedLog.read's maxOffsetMetadata: the offset no fetch of this isolation may read at or past. */
export function maxFetchOffset(isolation: FetchIsolation, log: { logEndOffset: number; highWatermark: number; lastStableOffset: number }): number {
  switch (isolation) {
    case 'LOG_END':
      return log.logEndOffset;
    case 'HIGH_WATERMARK':
      return log.highWatermark;
    case 'TXN_COMMITTED':
      return log.lastStableOffset;
  }
}

export interface BatchBounds {
  baseOffset: number;
  lastOffset: number;
}

/**
 * LocalLog.read over a log's batches (oldest first): OFFSET_OUT_OF_RANGE above the log end offset or below the log
 * start; empty when startOffset is at or past maxOffset; otherwise whole batches from the one holding startOffset
 * up to (not including) the first batch at or past maxOffset. maxOffset is a batch boundary (the HW and the LSO
 * always are), so no batch straddles it.
 */
export function batchesInFetchRange<B extends BatchBounds>(
  batches: readonly B[],
  startOffset: number,
  maxOffset: number,
  log: { logStartOffset: number; logEndOffset: number },
): { error: 'OFFSET_OUT_OF_RANGE' } | { error: null; batches: B[] } {
  if (startOffset > log.logEndOffset || startOffset < log.logStartOffset) return { error: 'OFFSET_OUT_OF_RANGE' };
  if (startOffset >= maxOffset) return { error: null, batches: [] };
  return { error: null, batches: batches.filter((b) => b.lastOffset >= startOffset && b.baseOffset < maxOffset) };
}

/** FetchResponseData.AbortedTransaction */
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface ConsumedRecord extends DecodedRecord {
  producerId: number;
  transactional: boolean;
}

export interface CompletedFetchResult {
  /** what poll() returns to the application, in order */
  records: ConsumedRecord[];
  /** the consumer's position after this fetch (CompletedFetch.nextFetchOffset) */
  nextFetchOffset: number;
  /** batches skipped as aborted, by base offset (for the stage) */
  abortedBatches: number[];
  /** offsets of control records passed over */
  controlOffsets: number[];
}

/**
 * CompletedFetch.nextFetchedRecord / fetchRecords over one partition's fetched batches. With read_committed, for
 * each batch with a producer id: aborted transactions starting at or before the batch's last offset become
 * "aborted producers"; an ABORT marker ends its producer's aborted run; a transactional batch of an aborted
 * producer is skipped whole. Records below the fetch offset are dropped (a batch may start before it). Control
 * records move the position but are never returned. With read_uncommitted, `abortedTransactions` is ignored
 * (the broker sends none).
 */
export function completedFetchRecords(
  batches: readonly DecodedBatch[],
  fetchOffset: number,
  isolationLevel: IsolationLevel,
  abortedTransactions: readonly AbortedTransaction[] = [],
): CompletedFetchResult {
  const pending = [...abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset); // PriorityQueue by firstOffset
  const abortedProducerIds = new Set<number>();
  const out: CompletedFetchResult = { records: [], nextFetchOffset: fetchOffset, abortedBatches: [], controlOffsets: [] };
  for (const batch of batches) {
    const h = batch.header;
    if (isolationLevel === 'read_committed' && h.producerId >= 0) {
      while (pending.length && pending[0].firstOffset <= batch.lastOffset) abortedProducerIds.add(pending.shift()!.producerId);
      if (endTxnMarkerOf(batch)?.type === 'ABORT') {
        abortedProducerIds.delete(h.producerId);
      } else if (batch.transactional && abortedProducerIds.has(h.producerId)) {
        out.abortedBatches.push(h.baseOffset);
        out.nextFetchOffset = batch.lastOffset + 1;
        continue;
      }
    }
    for (const r of batch.records) {
      if (r.offset < out.nextFetchOffset) continue;
      if (batch.control) out.controlOffsets.push(r.offset);
      else out.records.push({ ...r, producerId: h.producerId, transactional: batch.transactional });
      out.nextFetchOffset = r.offset + 1;
    }
    // format v2 keeps the last offset even when compaction removed the last records
    out.nextFetchOffset = Math.max(out.nextFetchOffset, batch.lastOffset + 1);
  }
  return out;
}
