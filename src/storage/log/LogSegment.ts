// Kafka's LogSegment: one .log of whole RecordBatches plus its sparse .index and .timeindex, all on the SimDisk.
// The segment keeps only a few numbers in memory (sizes, max timestamp, next offset); the bytes live in the
// disk's files, so heap per stored record stays at a few bytes.
import type { SimDisk } from '../disk/SimDisk';
import { readInt32, readInt64 } from '../format/bytes';
import {
  encodeOffsetEntry,
  lookupOffset,
  OFFSET_INDEX_ENTRY_SIZE,
  offsetEntriesBelow,
  offsetEntryAt,
  type IndexLookup,
  type OffsetPosition,
} from '../format/offsetIndex';
import { CorruptRecordError, HEADER_SIZE, LOG_OVERHEAD, validateBatch } from '../format/recordBatch';
import { encodeTimeEntry, TIME_INDEX_ENTRY_SIZE, timeEntriesBelow, timeEntryAt } from '../format/timeIndex';
import {
  ABORTED_TXN_SIZE,
  checkAppendAbortedTxn,
  decodeTransactionIndex,
  encodeAbortedTxn,
  truncateAbortedTxns,
  type AbortedTxn,
} from '../format/transactionIndex';

/** Header fields of a batch found by scanning the .log (no record decoding). */
export interface BatchRef {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
  partitionLeaderEpoch: number;
  maxTimestamp: number;
}

export function segmentFileName(baseOffset: number, suffix: '.log' | '.index' | '.timeindex' | '.txnindex'): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

const BATCH_REF_BYTES = 43; // through maxTimestamp

export function batchRefAt(buf: Uint8Array, pos: number): BatchRef {
  const baseOffset = readInt64(buf, pos);
  return {
    position: pos,
    size: LOG_OVERHEAD + readInt32(buf, pos + 8),
    baseOffset,
    lastOffset: baseOffset + readInt32(buf, pos + 23),
    partitionLeaderEpoch: readInt32(buf, pos + 12),
    maxTimestamp: readInt64(buf, pos + 35),
  };
}

export interface RecoverResult {
  validBytes: number;
  truncatedBytes: number;
  error: CorruptRecordError | null;
  /** the invalid batch had a plausible length and a valid batch follows it: corruption in the middle */
  validAfter: boolean;
}

export class LogSegment {
  readonly logPath: string;
  readonly indexPath: string;
  readonly timeIndexPath: string;
  /** the aborted-transaction index: created with its first entry (Kafka does not preallocate it) */
  readonly txnIndexPath: string;
  /** its entries, read once from the file */
  private aborted: AbortedTxn[] | null = null;
  /** offset after the last batch (baseOffset while empty) */
  nextOffset: number;
  maxTimestampSoFar = -1;
  offsetOfMaxTimestampSoFar = -1;
  /** max timestamp of the first batch: what segment.ms is measured from (Kafka's rollingBasedTimestamp) */
  rollingBasedTimestamp: number | null = null;
  bytesSinceLastIndexEntry = 0;
  // Batches from the last index entry's batch to the end, as flat [baseOffset, lastOffset, position] triples:
  // lets reads near the log end (followers, tailing consumers) skip the scan. lookup() still scans, as Kafka.
  private tail: number[] = [];
  private tailValid = false;

  constructor(
    private readonly disk: SimDisk,
    readonly dir: string,
    readonly baseOffset: number,
    public createdMs: number,
    suffix = '', // '.cleaned' while the cleaner builds a replacement (Kafka's naming)
  ) {
    this.logPath = `${dir}/${segmentFileName(baseOffset, '.log')}${suffix}`;
    this.indexPath = `${dir}/${segmentFileName(baseOffset, '.index')}${suffix}`;
    this.timeIndexPath = `${dir}/${segmentFileName(baseOffset, '.timeindex')}${suffix}`;
    this.txnIndexPath = `${dir}/${segmentFileName(baseOffset, '.txnindex')}${suffix}`;
    this.nextOffset = baseOffset;
    // New files are synced while empty so a power loss cannot make a freshly rolled segment vanish.
    for (const p of [this.logPath, this.indexPath, this.timeIndexPath]) {
      if (!disk.exists(p)) {
        disk.writeFile(p, new Uint8Array(0));
        disk.fsync(p);
      }
    }
  }

  get size(): number {
    return this.disk.size(this.logPath);
  }
  get indexEntries(): number {
    return Math.floor(this.disk.size(this.indexPath) / OFFSET_INDEX_ENTRY_SIZE);
  }
  get timeIndexEntries(): number {
    return Math.floor(this.disk.size(this.timeIndexPath) / TIME_INDEX_ENTRY_SIZE);
  }
  get fileName(): string {
    return segmentFileName(this.baseOffset, '.log');
  }
  /** Largest timestamp in the segment (retention compares it with retention.ms). */
  get largestTimestamp(): number {
    return this.maxTimestampSoFar;
  }

  isIndexFull(segmentIndexBytes: number): boolean {
    return (
      this.indexEntries >= Math.floor(segmentIndexBytes / OFFSET_INDEX_ENTRY_SIZE) ||
      this.timeIndexEntries >= Math.floor(segmentIndexBytes / TIME_INDEX_ENTRY_SIZE)
    );
  }

  /** Appends one batch. Index entry (this batch's last offset, its position) when the bytes since the previous
   * entry, not counting this batch, exceed index.interval.bytes (Kafka 2.0+, KAFKA-6264). */
  append(batch: Uint8Array, lastOffset: number, maxTimestamp: number, indexIntervalBytes: number): number {
    const position = this.disk.append(this.logPath, batch);
    if (this.rollingBasedTimestamp === null) this.rollingBasedTimestamp = maxTimestamp;
    if (maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTimestamp;
      this.offsetOfMaxTimestampSoFar = lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > indexIntervalBytes) {
      this.disk.append(this.indexPath, encodeOffsetEntry(this.baseOffset, lastOffset, position));
      this.maybeAppendTimeIndex();
      this.bytesSinceLastIndexEntry = 0;
      this.tail.length = 0;
    }
    if (this.tailValid) this.tail.push(readInt64(batch, 0), lastOffset, position);
    this.bytesSinceLastIndexEntry += batch.length;
    this.nextOffset = lastOffset + 1;
    return position;
  }

  /** Kafka's TimeIndex.maybeAppend: only when the max timestamp grew past the last entry. */
  maybeAppendTimeIndex(): void {
    if (this.maxTimestampSoFar < 0) return;
    const n = this.timeIndexEntries;
    if (
      n > 0 &&
      timeEntryAt(this.disk.readAt(this.timeIndexPath, (n - 1) * TIME_INDEX_ENTRY_SIZE, TIME_INDEX_ENTRY_SIZE), 0, this.baseOffset).timestamp >=
        this.maxTimestampSoFar
    )
      return;
    this.disk.append(this.timeIndexPath, encodeTimeEntry(this.baseOffset, this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar));
  }

  /** Batches from `position` on (header fields only). */
  /** Header fields of the batch at `position`, or null past the end (no generator: the fetch path is hot). */
  batchAt(position: number): BatchRef | null {
    const head = this.disk.readAt(this.logPath, position, BATCH_REF_BYTES);
    if (head.length < BATCH_REF_BYTES) return null;
    const ref = batchRefAt(head, 0);
    // a damaged length would loop or run off the file: treat it as the end (recovery is what validates)
    if (ref.size < HEADER_SIZE || position + ref.size > this.disk.size(this.logPath)) return null;
    ref.position = position;
    return ref;
  }

  *batchesFrom(position = 0): Generator<BatchRef> {
    for (let ref = this.batchAt(position); ref !== null; ref = this.batchAt(ref.position + ref.size)) yield ref;
  }

  lookupIndex(offset: number): IndexLookup<OffsetPosition> {
    return lookupOffset(this.disk.view(this.indexPath), this.baseOffset, offset);
  }

  /** First batch with lastOffset >= offset, starting from the index position (Kafka's translateOffset). */
  /** Position of the first batch with lastOffset >= offset (null: none in this segment), via the tail when it can. */
  positionOf(offset: number): number | null {
    const fast = this.tailPosition(offset);
    return fast !== undefined ? fast : (this.translateOffset(offset).batch?.position ?? null);
  }

  translateOffset(offset: number): { batch: BatchRef | null; scanned: BatchRef[]; start: number; lookup: IndexLookup<OffsetPosition> } {
    const lookup = this.lookupIndex(offset);
    const start = lookup.entry ? lookup.entry.position : 0;
    const scanned: BatchRef[] = [];
    for (const b of this.batchesFrom(start)) {
      if (b.lastOffset >= offset) return { batch: b, scanned, start, lookup };
      scanned.push(b);
    }
    return { batch: null, scanned, start, lookup };
  }

  /** Position of the first batch with lastOffset >= offset, if the in-memory tail covers it (else undefined). */
  tailPosition(offset: number): number | null | undefined {
    if (!this.tailValid) this.rebuildTail();
    const t = this.tail;
    const n = t.length / 3;
    if (n === 0 || offset < t[0]) return undefined;
    if (offset > t[(n - 1) * 3 + 1]) return null; // past this segment's last batch
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid * 3 + 1] >= offset) hi = mid;
      else lo = mid + 1;
    }
    return t[lo * 3 + 2];
  }

  private rebuildTail(): void {
    const n = this.indexEntries;
    const start =
      n > 0 ? offsetEntryAt(this.disk.readAt(this.indexPath, (n - 1) * OFFSET_INDEX_ENTRY_SIZE, OFFSET_INDEX_ENTRY_SIZE), 0, this.baseOffset).position : 0;
    this.tail = [];
    for (const b of this.batchesFrom(start)) this.tail.push(b.baseOffset, b.lastOffset, b.position);
    this.tailValid = true;
  }

  /** A batch's bytes: an immutable zero-copy view (see SimDisk.readShared). */
  readBytes(position: number, size: number): Uint8Array {
    return this.disk.readShared(this.logPath, position, size);
  }

  /** Removes every batch with lastOffset >= offset. Returns the base offset of the first removed batch, if any. */
  truncateTo(offset: number): number | null {
    const { batch } = this.translateOffset(offset);
    if (!batch) return null;
    this.disk.truncate(this.logPath, batch.position);
    this.disk.truncate(this.indexPath, offsetEntriesBelow(this.disk.view(this.indexPath), this.baseOffset, offset) * OFFSET_INDEX_ENTRY_SIZE);
    this.disk.truncate(this.timeIndexPath, timeEntriesBelow(this.disk.view(this.timeIndexPath), this.baseOffset, offset) * TIME_INDEX_ENTRY_SIZE);
    this.truncateTxnIndex(batch.baseOffset);
    this.reloadState();
    return batch.baseOffset;
  }

  // --- the aborted-transaction index (Kafka's TransactionIndex) --------------------------------

  /** TransactionIndex.allAbortedTxns: the entries, oldest first. */
  abortedTxns(): readonly AbortedTxn[] {
    if (this.aborted === null) this.aborted = this.disk.exists(this.txnIndexPath) ? decodeTransactionIndex(this.disk.read(this.txnIndexPath)).entries : [];
    return this.aborted;
  }

  /** LogSegment.updateTxnIndex → TransactionIndex.append: an aborted transaction whose ABORT marker is in this segment. */
  updateTxnIndex(t: AbortedTxn): void {
    const entries = this.abortedTxns() as AbortedTxn[];
    checkAppendAbortedTxn(entries.length ? entries[entries.length - 1].lastOffset : null, t);
    this.disk.append(this.txnIndexPath, encodeAbortedTxn(t));
    entries.push(t);
  }

  /** TransactionIndex.truncateTo: drops the entries whose marker is at or after `offset`. */
  truncateTxnIndex(offset: number): void {
    const entries = this.abortedTxns();
    const kept = truncateAbortedTxns(entries, offset);
    if (kept.length === entries.length) return;
    this.disk.truncate(this.txnIndexPath, kept.length * ABORTED_TXN_SIZE);
    this.aborted = kept;
  }

  /** TransactionIndex.reset (recovery rebuilds it from the log): the file goes until its first entry comes back. */
  resetTxnIndex(): void {
    this.disk.delete(this.txnIndexPath);
    this.aborted = [];
  }

  /** Recomputes the in-memory numbers from the files (after load or truncation). */
  reloadState(): void {
    this.tailValid = false;
    this.nextOffset = this.baseOffset;
    this.maxTimestampSoFar = -1;
    this.offsetOfMaxTimestampSoFar = -1;
    this.rollingBasedTimestamp = null;
    for (const b of this.batchesFrom(0)) {
      if (this.rollingBasedTimestamp === null) this.rollingBasedTimestamp = b.maxTimestamp;
      if (b.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = b.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = b.lastOffset;
      }
      this.nextOffset = b.lastOffset + 1;
    }
    const n = this.indexEntries;
    const lastEntryPos =
      n > 0 ? offsetEntryAt(this.disk.readAt(this.indexPath, (n - 1) * OFFSET_INDEX_ENTRY_SIZE, OFFSET_INDEX_ENTRY_SIZE), 0, this.baseOffset).position : 0;
    this.bytesSinceLastIndexEntry = this.size - lastEntryPos;
  }

  /** True when the index files are plausible for the .log (sizes whole entries, entries inside the log, sorted). */
  indexesSane(): boolean {
    const idx = this.disk.view(this.indexPath);
    const tix = this.disk.view(this.timeIndexPath);
    if (idx.length % OFFSET_INDEX_ENTRY_SIZE !== 0 || tix.length % TIME_INDEX_ENTRY_SIZE !== 0) return false;
    const size = this.size;
    let prev = -1;
    for (let i = 0; i < idx.length / OFFSET_INDEX_ENTRY_SIZE; i++) {
      const e = offsetEntryAt(idx, i, this.baseOffset);
      if (e.offset <= prev || e.position >= size || e.offset >= this.nextOffset) return false;
      prev = e.offset;
    }
    let prevTs = -Infinity;
    for (let i = 0; i < tix.length / TIME_INDEX_ENTRY_SIZE; i++) {
      const e = timeEntryAt(tix, i, this.baseOffset);
      if (e.timestamp < prevTs || e.offset >= this.nextOffset) return false;
      prevTs = e.timestamp;
    }
    return true;
  }

  /**
   * Kafka's LogSegment.recover: validates every batch (sizes, magic, CRC, offsets increasing from `minOffset`),
   * truncates the .log at the first invalid byte and rebuilds the indexes (the .txnindex with the log's replay).
   */
  recover(indexIntervalBytes: number, minOffset: number): RecoverResult {
    this.tailValid = false;
    this.disk.truncate(this.indexPath, 0);
    this.disk.truncate(this.timeIndexPath, 0);
    // the log rebuilds the aborted-transaction index from the producer state it replays (UnifiedLog.load)
    this.resetTxnIndex();
    this.nextOffset = this.baseOffset;
    this.maxTimestampSoFar = -1;
    this.offsetOfMaxTimestampSoFar = -1;
    this.rollingBasedTimestamp = null;
    this.bytesSinceLastIndexEntry = 0;
    const buf = this.disk.read(this.logPath);
    let pos = 0;
    let lastIndexEntry = 0;
    let expectAtLeast = Math.max(minOffset, this.baseOffset);
    let error: CorruptRecordError | null = null;
    while (pos < buf.length) {
      try {
        const size = validateBatch(buf, pos, buf.length, true);
        const ref = batchRefAt(buf, pos);
        if (ref.baseOffset < expectAtLeast) throw new CorruptRecordError(`base offset ${ref.baseOffset} is below the expected ${expectAtLeast}`, pos, pos);
        if (ref.lastOffset - this.baseOffset > 0x7fffffff)
          throw new CorruptRecordError(`offset ${ref.lastOffset} does not fit segment ${this.baseOffset}`, pos, pos);
        if (ref.maxTimestamp > this.maxTimestampSoFar) {
          this.maxTimestampSoFar = ref.maxTimestamp;
          this.offsetOfMaxTimestampSoFar = ref.lastOffset;
        }
        if (this.rollingBasedTimestamp === null) this.rollingBasedTimestamp = ref.maxTimestamp;
        if (pos - lastIndexEntry > indexIntervalBytes) {
          this.disk.append(this.indexPath, encodeOffsetEntry(this.baseOffset, ref.lastOffset, pos));
          this.maybeAppendTimeIndex();
          lastIndexEntry = pos;
        }
        this.nextOffset = ref.lastOffset + 1;
        expectAtLeast = this.nextOffset;
        pos += size;
      } catch (e) {
        if (!(e instanceof CorruptRecordError)) throw e;
        error = e;
        break;
      }
    }
    let validAfter = false;
    if (error && pos + LOG_OVERHEAD <= buf.length) {
      const claimed = LOG_OVERHEAD + readInt32(buf, pos + 8);
      const next = pos + claimed;
      if (claimed >= 61 && next < buf.length) {
        try {
          validateBatch(buf, next, buf.length, true);
          validAfter = true;
        } catch {
          validAfter = false;
        }
      }
    }
    const truncatedBytes = buf.length - pos;
    if (truncatedBytes > 0) this.disk.truncate(this.logPath, pos);
    this.bytesSinceLastIndexEntry = pos - lastIndexEntry;
    return { validBytes: pos, truncatedBytes, error, validAfter };
  }

  flush(): void {
    this.disk.fsync(this.logPath);
    this.disk.fsync(this.indexPath);
    this.disk.fsync(this.timeIndexPath);
    if (this.disk.exists(this.txnIndexPath)) this.disk.fsync(this.txnIndexPath);
  }

  /** The segment's files that exist (the .txnindex only once it has an entry). */
  filePaths(): string[] {
    const paths = [this.logPath, this.indexPath, this.timeIndexPath];
    if (this.disk.exists(this.txnIndexPath)) paths.push(this.txnIndexPath);
    return paths;
  }

  deleteFiles(): string[] {
    const paths = this.filePaths();
    for (const p of paths) this.disk.delete(p);
    this.aborted = [];
    return paths;
  }
}
