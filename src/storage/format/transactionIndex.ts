// The aborted-transaction index, `<20-digit base offset>.txnindex`, one per segment (Kafka's TransactionIndex and
// AbortedTxn, 0.11+). 34-byte big-endian entries, one per transaction ABORTED by a marker written in that segment:
//    0 version int16 (0) | 2 producerId int64 | 10 firstOffset int64 | 18 lastOffset int64 (the ABORT marker's
//   offset) | 26 lastStableOffset int64 (the LSO when the marker was written).
// Kafka creates the file only when the first entry is appended (no preallocation, unlike .index/.timeindex), and
// entries are appended in increasing lastOffset. A read_committed fetch collects the entries overlapping its range,
// segment after segment, until an entry's lastStableOffset reaches the end of the range.
import { readInt16, readInt64, writeInt16, writeInt64 } from './bytes';

export const ABORTED_TXN_SIZE = 34; // AbortedTxn.TOTAL_SIZE
export const ABORTED_TXN_CURRENT_VERSION = 0;
export const TXN_INDEX_SUFFIX = '.txnindex'; // LogFileUtils.TXN_INDEX_FILE_SUFFIX

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

/** LogFileUtils.transactionIndexFile: the segment's base offset, 20 digits, + `.txnindex`. */
export function txnIndexFileName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0') + TXN_INDEX_SUFFIX;
}

export function writeAbortedTxn(buf: Uint8Array, pos: number, t: AbortedTxn): void {
  writeInt16(buf, pos, ABORTED_TXN_CURRENT_VERSION);
  writeInt64(buf, pos + 2, t.producerId);
  writeInt64(buf, pos + 10, t.firstOffset);
  writeInt64(buf, pos + 18, t.lastOffset);
  writeInt64(buf, pos + 26, t.lastStableOffset);
}

export function encodeAbortedTxn(t: AbortedTxn): Uint8Array {
  const b = new Uint8Array(ABORTED_TXN_SIZE);
  writeAbortedTxn(b, 0, t);
  return b;
}

export function encodeTransactionIndex(entries: readonly AbortedTxn[]): Uint8Array {
  const b = new Uint8Array(entries.length * ABORTED_TXN_SIZE);
  entries.forEach((t, i) => writeAbortedTxn(b, i * ABORTED_TXN_SIZE, t));
  return b;
}

export class TransactionIndexError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Reads entry i. Kafka's AbortedTxn.version() reads one byte at offset 0 (the high byte of the int16 field);
 * this reads the whole int16, which agrees for every version Kafka writes (0). */
export function readAbortedTxn(buf: Uint8Array, i: number): AbortedTxn & { version: number } {
  const p = i * ABORTED_TXN_SIZE;
  return {
    version: readInt16(buf, p),
    producerId: readInt64(buf, p + 2),
    firstOffset: readInt64(buf, p + 10),
    lastOffset: readInt64(buf, p + 18),
    lastStableOffset: readInt64(buf, p + 26),
  };
}

/**
 * TransactionIndex.allAbortedTxns() with the checks Kafka makes while iterating: a version above the current one
 * is an error ("Unexpected aborted transaction version"); a trailing partial entry is ignored by Kafka's iterator
 * (hasNext needs 34 bytes) and reported here as `trailingBytes`.
 */
export function decodeTransactionIndex(buf: Uint8Array): { entries: AbortedTxn[]; trailingBytes: number } {
  const n = Math.floor(buf.length / ABORTED_TXN_SIZE);
  const entries: AbortedTxn[] = [];
  for (let i = 0; i < n; i++) {
    const { version, ...t } = readAbortedTxn(buf, i);
    if (version > ABORTED_TXN_CURRENT_VERSION) {
      throw new TransactionIndexError(
        `unexpected aborted transaction version ${version}, current version is ${ABORTED_TXN_CURRENT_VERSION}`,
        i * ABORTED_TXN_SIZE,
      );
    }
    entries.push(t);
  }
  return { entries, trailingBytes: buf.length - n * ABORTED_TXN_SIZE };
}

/** TransactionIndex.append's check: lastOffset must increase from entry to entry. */
export function checkAppendAbortedTxn(lastOffsetSoFar: number | null, t: AbortedTxn): void {
  if (lastOffsetSoFar !== null && lastOffsetSoFar >= t.lastOffset) {
    throw new RangeError(
      `The last offset of appended transactions must increase sequentially, but ${t.lastOffset} is not greater than current last offset ${lastOffsetSoFar}`,
    );
  }
}

/** TransactionIndex.truncateTo(offset): keep the entries whose lastOffset is below `offset` (a prefix). */
export function truncateAbortedTxns(entries: readonly AbortedTxn[], offset: number): AbortedTxn[] {
  const keep = entries.findIndex((t) => t.lastOffset >= offset);
  return keep < 0 ? [...entries] : entries.slice(0, keep);
}

/** TransactionIndex.sanityCheck: no entry may end below the segment's base offset. */
export function sanityCheckAbortedTxns(entries: readonly AbortedTxn[], segmentBaseOffset: number): string | null {
  const bad = entries.findIndex((t) => t.lastOffset < segmentBaseOffset);
  return bad < 0 ? null : `last offset ${entries[bad].lastOffset} of aborted transaction ${bad} is less than start offset ${segmentBaseOffset}`;
}

export interface TxnIndexSearchResult {
  abortedTransactions: AbortedTxn[];
  /** true: no later segment can hold a transaction overlapping the range (TxnIndexSearchResult.isComplete) */
  isComplete: boolean;
}

/**
 * TransactionIndex.collectAbortedTxns(fetchOffset, upperBoundOffset): entries overlapping
 * [fetchOffset, upperBoundOffset); the search is complete at the first entry whose lastStableOffset is at or past
 * the upper bound (every transaction still open then started later).
 */
export function collectAbortedTxns(entries: readonly AbortedTxn[], fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
  const out: AbortedTxn[] = [];
  for (const t of entries) {
    if (t.lastOffset >= fetchOffset && t.firstOffset < upperBoundOffset) out.push(t);
    if (t.lastStableOffset >= upperBoundOffset) return { abortedTransactions: out, isComplete: true };
  }
  return { abortedTransactions: out, isComplete: false };
}

/**
 * LocalLog.collectAbortedTransactions: starting at the segment holding the fetch offset, walk the segments'
 * indexes in base-offset order until one search is complete. `segments` are (baseOffset, entries), oldest first.
 */
export function collectAbortedTxnsAcrossSegments(
  segments: readonly { baseOffset: number; entries: readonly AbortedTxn[] }[],
  fetchOffset: number,
  upperBoundOffset: number,
): AbortedTxn[] {
  let start = 0;
  for (let i = 0; i < segments.length; i++) if (segments[i].baseOffset <= fetchOffset) start = i; // floorSegment
  const all: AbortedTxn[] = [];
  for (let i = start; i < segments.length; i++) {
    const r = collectAbortedTxns(segments[i].entries, fetchOffset, upperBoundOffset);
    all.push(...r.abortedTransactions);
    if (r.isComplete) break;
  }
  return all;
}
