// Kafka's UnifiedLog: a partition replica's log as a list of LogSegments on a SimDisk, with logStartOffset, the
// log end offset (LEO), recoveryPoint, highWatermark and the leader epoch cache. Loading is in LogLoader.
// Longer than the house's ~400 lines on purpose: it is Kafka's UnifiedLog and LocalLog in one class, and its state
// (segments, LEO, recovery point, HW, epoch cache) must move together in every operation, each of which runs inside
// maybeHandleIOException; split over files that invariant would be harder to see.
import type { SimDisk } from '../disk/SimDisk';
import { readInt64 } from '../format/bytes';
import {
  CorruptRecordError,
  decodeRecordBatch,
  encodeRecordBatch,
  readBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
  validateBatch,
  type EncodeScratch,
} from '../format/recordBatch';
import { lookupTimestamp } from '../format/timeIndex';
import { LeaderEpochFileCache } from './LeaderEpochFileCache';
import { batchRefAt, LogSegment, type BatchRef } from './LogSegment';
import { writeRecoveryPoint } from './OffsetCheckpoint';
import { cleanLog } from './LogCleaner';
import { loadSegments } from './LogLoader';
import { maybeHandleIOException, type LogDirFailureChannel } from './LogDirFailureChannel';
import { LogTransactions, txnViewOf } from './LogTransactions';
import { encodeEndTxnMarkerBatch, type TxnMarkerType } from '../format/controlRecord';
import type { AbortedTxn } from '../format/transactionIndex';
import type { FetchedBatch, LogAppendInfo, LogConfig, LogRecord, LookupTrace, ProducerAppendInfo, RecoveryReport, SegmentInfo, SimpleRecord } from './types';

export class OffsetOutOfRangeError extends Error {
  readonly code = 'OFFSET_OUT_OF_RANGE';
  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(`offset ${offset} is out of range [${logStartOffset}, ${logEndOffset}]`);
  }
}

/** Kafka's UnexpectedAppendOffsetException: a follower was given a batch that starts below its log end offset. */
export class UnexpectedAppendOffsetError extends Error {
  constructor(
    readonly firstOffset: number,
    readonly lastOffset: number,
    readonly logEndOffset: number,
    dir: string,
  ) {
    super(`Unexpected offset in append to ${dir}: first offset ${firstOffset} is less than the next offset ${logEndOffset}`);
  }
}

const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
const SCRATCH: EncodeScratch = { buf: new Uint8Array(64 * 1024) };

export class UnifiedLog {
  /** @internal sorted by baseOffset; the last is the active segment */
  segments: LogSegment[] = [];
  private _logStartOffset = 0;
  private _logEndOffset = 0;
  private _recoveryPoint = 0;
  private _highWatermark = 0;
  private lastFlushMs: number;
  private pendingDeletes: { path: string; dueMs: number }[] = [];
  private epochCache: LeaderEpochFileCache;
  /** open and decided transactions, the LSO and the .txnindex entries (ProducerStateManager's transaction side) */
  readonly txns = new LogTransactions();

  /** where an I/O error is reported: the log directory goes offline (set by the broker's LogManager) */
  failures?: LogDirFailureChannel;
  /** the log directory this log lives in */
  logDir = 'kafka-logs';
  /** Kafka's cleaner-offset-checkpoint, kept in memory: where the dirty (not yet cleaned) part starts (LogCleaner) */
  firstDirtyOffset: number | undefined = undefined;

  /** Runs a disk operation of this log (LocalLog.maybeHandleIOException). */
  private io<T>(message: () => string, fn: () => T): T {
    return maybeHandleIOException(this.failures, this.logDir, message, fn);
  }

  private constructor(
    readonly dir: string,
    public config: LogConfig,
    readonly disk: SimDisk,
    nowMs: number,
  ) {
    this.lastFlushMs = nowMs;
    this.epochCache = new LeaderEpochFileCache(disk, `${dir}/${LEADER_EPOCH_CHECKPOINT}`);
  }

  static create(dir: string, config: LogConfig, disk: SimDisk, nowMs: number): UnifiedLog {
    for (const p of disk.list(dir + '/')) disk.delete(p);
    const log = new UnifiedLog(dir, config, disk, nowMs);
    log.epochCache.clear();
    log.segments.push(new LogSegment(disk, dir, 0, nowMs));
    return log;
  }

  /** Opens a log after a restart (see LogLoader): unclean => recovery from the recovery point. */
  static load(dir: string, config: LogConfig, disk: SimDisk, nowMs: number, cleanShutdown: boolean): { log: UnifiedLog; report: RecoveryReport } {
    const log = new UnifiedLog(dir, config, disk, nowMs);
    const { segments, report, recoveryPoint } = loadSegments(dir, config, disk, nowMs, cleanShutdown);
    log.segments = segments;
    log._logStartOffset = segments[0].baseOffset;
    log._logEndOffset = report.logEndOffset;
    log._recoveryPoint = recoveryPoint;
    // The HW comes back from the broker's replication-offset-checkpoint, which the ReplicaManager owns (as in
    // Kafka): the engine calls updateHighWatermark after load.
    log._highWatermark = log._logStartOffset;
    log.epochCache.truncateFromEnd(log._logEndOffset);
    log.epochCache.truncateFromStart(log._logStartOffset);
    // producer state is rebuilt from the log; a recovered segment's .txnindex (reset by recover) is written anew
    log.txns.rebuild(log.segments, (seg) => !disk.exists(seg.txnIndexPath));
    return { log, report };
  }

  get logStartOffset(): number {
    return this._logStartOffset;
  }
  get logEndOffset(): number {
    return this._logEndOffset;
  }
  get recoveryPoint(): number {
    return this._recoveryPoint;
  }
  get highWatermark(): number {
    return this._highWatermark;
  }
  get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  updateHighWatermark(hw: number): number {
    this._highWatermark = Math.min(Math.max(hw, this._logStartOffset), this._logEndOffset);
    this.txns.onHighWatermarkUpdated(this._highWatermark);
    return this._highWatermark;
  }

  /** The partition was deleted: its directory goes (Kafka renames it to *-delete first and removes it later). */
  deleteFiles(): void {
    this.io(
      () => `Error while deleting log for ${this.dir}`,
      () => {
        for (const p of this.disk.list(this.dir + '/')) this.disk.delete(p);
      },
    );
  }

  /** UnifiedLog.lastStableOffset: read_committed consumers read below it (never above the HW). */
  get lastStableOffset(): number {
    return this.txns.lastStableOffset(this._highWatermark, this._logStartOffset);
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
  }

  appendAsLeader(records: SimpleRecord[], leaderEpoch: number, producer: ProducerAppendInfo, nowMs: number): LogAppendInfo {
    return this.io(
      () => `Error while appending records for ${this.dir}`,
      () => {
        if (records.length === 0) throw new Error('appendAsLeader: no records');
        const firstOffset = this._logEndOffset;
        const lastOffset = firstOffset + records.length - 1;
        // checked before anything is written (ProducerAppendInfo: INVALID_TXN_STATE)
        const view = {
          baseOffset: firstOffset,
          lastOffset,
          producerId: producer.producerId,
          transactional: producer.transactional === true,
          control: false,
          marker: null,
        };
        const txn = producer.producerId >= 0 ? this.txns.prepare(view) : null;
        // encoded into a shared scratch buffer: the segment append copies it, so no allocation per batch
        const bytes = encodeRecordBatch(
          {
            baseOffset: firstOffset,
            records,
            partitionLeaderEpoch: leaderEpoch,
            compression: this.config.compressionType,
            producerId: producer.producerId,
            producerEpoch: producer.producerEpoch,
            baseSequence: producer.baseSequence,
            transactional: producer.transactional === true,
          },
          SCRATCH,
        );
        const rolled = this.appendBatch(bytes, firstOffset, lastOffset, readInt64(bytes, 35), leaderEpoch, nowMs);
        if (txn) this.txns.commit(view, txn, this.activeSegment);
        return { firstOffset, lastOffset, batchSizeBytes: bytes.length, rolled };
      },
    );
  }

  /**
   * A producer's own batch, kept byte for byte: the leader stamps its base offset and partition leader epoch (both
   * outside the CRC), as Kafka's LogValidator assigns offsets in place. The caller has validated the batch.
   */
  appendBatchAsLeader(batch: Uint8Array, leaderEpoch: number, nowMs: number): LogAppendInfo {
    return this.io(
      () => `Error while appending records for ${this.dir}`,
      () => {
        const bytes = batch.slice();
        const firstOffset = this._logEndOffset;
        setBaseOffset(bytes, 0, firstOffset);
        setPartitionLeaderEpoch(bytes, 0, leaderEpoch);
        const h = readBatchHeader(bytes, 0);
        const lastOffset = firstOffset + h.lastOffsetDelta;
        // the producer's transaction state is checked as for appendAsLeader (a plain write while its transaction is open)
        const view = txnViewOf(bytes, firstOffset, lastOffset);
        const txn = h.producerId >= 0 ? this.txns.prepare(view) : null;
        const rolled = this.appendBatch(bytes, firstOffset, lastOffset, h.maxTimestamp, leaderEpoch, nowMs);
        if (txn) this.txns.commit(view, txn, this.activeSegment);
        return { firstOffset, lastOffset, batchSizeBytes: bytes.length, rolled };
      },
    );
  }

  /**
   * A COMMIT or ABORT marker from the transaction coordinator (WriteTxnMarkers; UnifiedLog.appendAsLeader with
   * origin COORDINATOR): one control batch, one offset. An ABORT of a non-empty transaction adds its .txnindex entry.
   */
  appendEndTxnMarker(
    m: { type: TxnMarkerType; producerId: number; producerEpoch: number; coordinatorEpoch: number },
    leaderEpoch: number,
    nowMs: number,
  ): LogAppendInfo {
    return this.io(
      () => `Error while appending a transaction marker for ${this.dir}`,
      () => {
        const offset = this._logEndOffset;
        const view = { baseOffset: offset, lastOffset: offset, producerId: m.producerId, transactional: true, control: true, marker: m.type };
        const txn = this.txns.prepare(view);
        const bytes = encodeEndTxnMarkerBatch({ ...m, baseOffset: offset, timestamp: nowMs, partitionLeaderEpoch: leaderEpoch }, SCRATCH);
        const rolled = this.appendBatch(bytes, offset, offset, nowMs, leaderEpoch, nowMs);
        this.txns.commit(view, txn, this.activeSegment);
        return { firstOffset: offset, lastOffset: offset, batchSizeBytes: bytes.length, rolled };
      },
    );
  }

  /** Appends the leader's batches byte for byte (offsets and epochs kept). Throws on a corrupt or misplaced batch. */
  appendAsFollower(batches: FetchedBatch[], nowMs: number): void {
    this.io(
      () => `Error while appending records as a follower for ${this.dir}`,
      () => {
        for (const b of batches) {
          let size: number;
          try {
            size = validateBatch(b.bytes, 0, b.bytes.length, true);
          } catch (e) {
            const why = e instanceof CorruptRecordError ? e.message : String(e);
            throw new Error(`appendAsFollower: corrupt batch at offset ${b.baseOffset} for ${this.dir}: ${why}`, { cause: e });
          }
          if (size !== b.bytes.length) throw new Error(`appendAsFollower: batch at offset ${b.baseOffset} is ${size} bytes but ${b.bytes.length} were given`);
          const ref = batchRefAt(b.bytes, 0);
          if (ref.baseOffset !== b.baseOffset || ref.lastOffset !== b.lastOffset)
            throw new Error(`appendAsFollower: batch header says offsets ${ref.baseOffset}..${ref.lastOffset}, fetch said ${b.baseOffset}..${b.lastOffset}`);
          if (ref.baseOffset < this._logEndOffset) throw new UnexpectedAppendOffsetError(ref.baseOffset, ref.lastOffset, this._logEndOffset, this.dir);
          this.appendBatch(b.bytes, ref.baseOffset, ref.lastOffset, ref.maxTimestamp, ref.partitionLeaderEpoch, nowMs);
          if (readInt64(b.bytes, 43) >= 0) this.txns.replicate(txnViewOf(b.bytes, ref.baseOffset, ref.lastOffset), this.activeSegment);
        }
      },
    );
  }

  private appendBatch(bytes: Uint8Array, firstOffset: number, lastOffset: number, maxTimestamp: number, epoch: number, nowMs: number): boolean {
    const rolled = this.maybeRoll(bytes.length, firstOffset, lastOffset, maxTimestamp, nowMs);
    this.activeSegment.append(bytes, lastOffset, maxTimestamp, this.config.indexIntervalBytes);
    if (epoch >= 0) this.epochCache.assign(epoch, firstOffset);
    this._logEndOffset = lastOffset + 1;
    // Kafka checks flush.messages inside append
    if (this.config.flushMessages !== null && this._logEndOffset - this._recoveryPoint >= this.config.flushMessages) this.flush(nowMs);
    return rolled;
  }

  private maybeRoll(size: number, firstOffset: number, lastOffset: number, maxTimestamp: number, nowMs: number): boolean {
    const seg = this.activeSegment;
    const segSize = seg.size;
    if (segSize === 0) {
      if (firstOffset - seg.baseOffset <= 0x7fffffff) return false;
    } else {
      const waited = seg.rollingBasedTimestamp !== null && seg.rollingBasedTimestamp >= 0 ? maxTimestamp - seg.rollingBasedTimestamp : nowMs - seg.createdMs;
      const full = segSize + size > this.config.segmentBytes;
      const old = waited > this.config.segmentMs;
      const offsetOverflow = lastOffset - seg.baseOffset > 0x7fffffff;
      if (!full && !old && !offsetOverflow && !seg.isIndexFull(this.config.segmentIndexBytes)) return false;
    }
    this.roll(firstOffset, nowMs);
    return true;
  }

  /** Starts a new active segment at `baseOffset` (default LEO) and flushes the old ones (Kafka flushes on roll). */
  roll(baseOffset: number = this._logEndOffset, nowMs: number): void {
    this.io(
      () => `Error while rolling the log segment for ${this.dir}`,
      () => {
        const old = this.activeSegment;
        old.maybeAppendTimeIndex(); // onBecomeInactiveSegment
        if (old.size === 0 && old.baseOffset === baseOffset) return;
        if (old.size === 0) {
          old.deleteFiles();
          this.segments.pop();
        }
        // Flush before creating the new segment: a power loss in between then cannot leave an empty segment
        // beyond lost records (a gap in offsets).
        this.flushUpTo(baseOffset, nowMs);
        this.segments.push(new LogSegment(this.disk, this.dir, baseOffset, nowMs));
      },
    );
  }

  flush(nowMs: number): void {
    this.io(
      () => `Error while flushing the log for ${this.dir}`,
      () => {
        this.flushUpTo(this._logEndOffset, nowMs);
      },
    );
  }

  maybeFlush(nowMs: number): boolean {
    return this.io(
      () => `Error while flushing the log for ${this.dir}`,
      () => {
        const unflushed = this._logEndOffset - this._recoveryPoint;
        const { flushMessages, flushMs } = this.config;
        if (unflushed <= 0) return false;
        if ((flushMessages !== null && unflushed >= flushMessages) || (flushMs !== null && nowMs - this.lastFlushMs >= flushMs)) {
          this.flush(nowMs);
          return true;
        }
        return false;
      },
    );
  }

  private flushUpTo(offsetExclusive: number, nowMs: number): void {
    for (let i = 0; i < this.segments.length; i++) {
      const seg = this.segments[i];
      const end = i + 1 < this.segments.length ? this.segments[i + 1].baseOffset : Infinity;
      if (seg.baseOffset <= offsetExclusive && end > this._recoveryPoint) seg.flush();
    }
    if (offsetExclusive > this._recoveryPoint) this._recoveryPoint = offsetExclusive;
    this.lastFlushMs = nowMs;
    this.writeCheckpoints();
  }

  private writeCheckpoints(): void {
    writeRecoveryPoint(this.disk, this.dir, this._recoveryPoint);
  }

  private checkRange(offset: number): void {
    if (offset < this._logStartOffset || offset > this._logEndOffset) throw new OffsetOutOfRangeError(offset, this._logStartOffset, this._logEndOffset);
  }

  /** Index of the segment with the greatest base <= offset; `probes` receives the bases the binary search read. */
  private floorSegment(offset: number, probes?: number[]): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const base = this.segments[mid].baseOffset;
      probes?.push(base);
      if (base <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Batches (header only) whose last offset >= fetchOffset, in order, across segments. */
  *batchesFrom(fetchOffset: number): Generator<{ seg: LogSegment; ref: BatchRef }> {
    let i = Math.max(0, this.floorSegment(fetchOffset));
    let start = this.segments[i].positionOf(fetchOffset) ?? this.segments[i].size; // nothing here (a gap at the end): next segment
    for (; i < this.segments.length; i++) {
      const seg = this.segments[i];
      for (const ref of seg.batchesFrom(start)) if (ref.lastOffset >= fetchOffset) yield { seg, ref };
      start = 0;
    }
  }

  read(fetchOffset: number, maxBytes: number, maxOffsetExclusive = Infinity): FetchedBatch[] {
    return this.io(
      () => `Exception while reading for ${this.dir}`,
      () => {
        this.checkRange(fetchOffset);
        const out: FetchedBatch[] = [];
        let total = 0;
        let i = Math.max(0, this.floorSegment(fetchOffset));
        let pos: number | null = this.segments[i].positionOf(fetchOffset);
        for (; i < this.segments.length; i++, pos = 0) {
          const seg = this.segments[i];
          if (pos === null) continue; // nothing at or after fetchOffset in this segment (a gap at its end)
          for (let ref = seg.batchAt(pos); ref !== null; ref = seg.batchAt(ref.position + ref.size)) {
            if (ref.lastOffset < fetchOffset) continue;
            if (ref.baseOffset >= maxOffsetExclusive || (out.length > 0 && total + ref.size > maxBytes)) return out;
            out.push({
              baseOffset: ref.baseOffset,
              lastOffset: ref.lastOffset,
              partitionLeaderEpoch: ref.partitionLeaderEpoch,
              bytes: seg.readBytes(ref.position, ref.size),
            });
            total += ref.size;
          }
        }
        return out;
      },
    );
  }

  /** The aborted transactions overlapping [fetchOffset, upperBoundOffset) that a read_committed fetch carries. */
  collectAbortedTransactions(fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    return this.io(
      () => `Exception while reading the transaction index for ${this.dir}`,
      () => this.txns.collectAborted(this.segments, fetchOffset, upperBoundOffset),
    );
  }

  readRecords(fetchOffset: number, maxRecords: number, maxOffsetExclusive: number): LogRecord[] {
    return this.io(
      () => `Exception while reading for ${this.dir}`,
      () => {
        this.checkRange(fetchOffset);
        const out: LogRecord[] = [];
        for (const { seg, ref } of this.batchesFrom(fetchOffset)) {
          if (ref.baseOffset >= maxOffsetExclusive || out.length >= maxRecords) break;
          const batch = decodeRecordBatch(seg.readBytes(ref.position, ref.size));
          if (batch.control) continue;
          for (const r of batch.records) {
            if (r.offset < fetchOffset) continue;
            if (r.offset >= maxOffsetExclusive || out.length >= maxRecords) break;
            const rec: LogRecord = { offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp };
            if (r.headers.length) rec.headers = r.headers;
            out.push(rec);
          }
        }
        return out;
      },
    );
  }

  /** Follower truncation: drops every offset >= offset (a batch straddling it goes whole). */
  truncateTo(offset: number): void {
    this.io(
      () => `Error while truncating the log for ${this.dir}`,
      () => {
        if (offset >= this._logEndOffset) return;
        if (offset < this._logStartOffset) {
          this.truncateFullyAndStartAt(offset, this.activeSegment.createdMs);
          return;
        }
        while (this.segments.length > 1 && this.activeSegment.baseOffset > offset) this.segments.pop()!.deleteFiles();
        const cutBase = this.activeSegment.truncateTo(offset);
        this._logEndOffset = cutBase === null ? offset : Math.min(offset, cutBase);
        this.afterTruncation();
      },
    );
  }

  /** Empties the log and restarts it at `offset` (Kafka's truncateFullyAndStartAt). */
  truncateFullyAndStartAt(offset: number, nowMs: number): void {
    this.io(
      () => `Error while truncating the entire log for ${this.dir}`,
      () => {
        for (const s of this.segments) s.deleteFiles();
        this.segments = [new LogSegment(this.disk, this.dir, offset, nowMs)];
        this._logStartOffset = offset;
        this._logEndOffset = offset;
        this.epochCache.clear();
        this.afterTruncation();
      },
    );
  }

  private afterTruncation(): void {
    // ProducerStateManager.truncateAndReload: the transactions are rebuilt from what is left
    if (this.txns.seen) this.txns.rebuild(this.segments, () => false);
    this.epochCache.truncateFromEnd(this._logEndOffset);
    if (this._highWatermark > this._logEndOffset) this._highWatermark = this._logEndOffset;
    if (this._highWatermark < this._logStartOffset) this._highWatermark = this._logStartOffset;
    if (this._recoveryPoint > this._logEndOffset) {
      this._recoveryPoint = this._logEndOffset;
      this.writeCheckpoints();
    }
  }

  latestEpoch(): number | null {
    return this.epochCache.latestEpoch();
  }

  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number } {
    const r = this.epochCache.endOffsetFor(epoch, this._logEndOffset);
    return { epoch: r.epoch, endOffset: r.endOffset };
  }

  assignEpochStartOffset(epoch: number, startOffset: number): void {
    this.io(
      () => `Error while writing the leader epoch checkpoint for ${this.dir}`,
      () => {
        this.epochCache.assign(epoch, startOffset);
      },
    );
  }

  /** The leader epoch cache's entries (for the UI). */
  epochEntries(): { epoch: number; startOffset: number }[] {
    return this.epochCache.entries();
  }

  segmentsInfo(): SegmentInfo[] {
    return this.segments.map((s) => ({ baseOffset: s.baseOffset, file: s.fileName, sizeBytes: s.size, indexEntries: s.indexEntries }));
  }

  lookup(offset: number): LookupTrace {
    const trace: LookupTrace = {
      offset,
      segmentsProbed: [],
      segment: null,
      indexProbed: [],
      indexEntry: null,
      scanned: [],
      scannedBytes: 0,
      position: null,
      error: null,
    };
    if (offset < this._logStartOffset || offset > this._logEndOffset) {
      trace.error = 'OFFSET_OUT_OF_RANGE';
      return trace;
    }
    if (offset === this._logEndOffset) {
      // LocalLog.read at the log end offset: an empty read, at the end of the active segment (where a consumer
      // long-polls), not an error
      trace.segmentsProbed.push(this.activeSegment.baseOffset);
      trace.segment = this.activeSegment.fileName;
      trace.position = this.activeSegment.size;
      return trace;
    }
    let i = this.floorSegment(offset, trace.segmentsProbed);
    for (; i < this.segments.length; i++) {
      const seg = this.segments[i];
      const t = seg.translateOffset(offset);
      trace.segment = seg.fileName;
      trace.indexProbed = t.lookup.probes;
      trace.indexEntry = t.lookup.entry;
      trace.scanned = t.scanned.map((b) => ({ baseOffset: b.baseOffset, lastOffset: b.lastOffset, position: b.position, sizeBytes: b.size }));
      trace.scannedBytes = t.scanned.reduce((n, b) => n + b.size, 0);
      if (t.batch) {
        trace.position = t.batch.position;
        return trace;
      }
    }
    return trace;
  }

  /** Kafka's fetchOffsetByTimestamp: first offset whose timestamp >= ts (null when none). */
  lookupByTimestamp(ts: number): { offset: number | null; trace: LookupTrace } {
    const trace: LookupTrace = {
      offset: -1,
      segmentsProbed: [],
      segment: null,
      indexProbed: [],
      indexEntry: null,
      scanned: [],
      scannedBytes: 0,
      position: null,
      error: null,
      timeIndexProbed: [],
    };
    for (const seg of this.segments) {
      trace.segmentsProbed.push(seg.baseOffset);
      if (seg.largestTimestamp < ts) continue;
      trace.segment = seg.fileName;
      const tl = lookupTimestamp(this.disk.view(seg.timeIndexPath), seg.baseOffset, ts);
      trace.timeIndexProbed = tl.probes;
      const fromOffset = tl.entry ? tl.entry.offset : seg.baseOffset;
      const ol = seg.lookupIndex(fromOffset);
      trace.indexProbed = ol.probes;
      trace.indexEntry = ol.entry;
      for (const b of seg.batchesFrom(ol.entry ? ol.entry.position : 0)) {
        if (b.maxTimestamp < ts) {
          trace.scanned.push({ baseOffset: b.baseOffset, lastOffset: b.lastOffset, position: b.position, sizeBytes: b.size });
          trace.scannedBytes += b.size;
          continue;
        }
        const batch = decodeRecordBatch(seg.readBytes(b.position, b.size));
        const rec = batch.records.find((r) => r.timestamp >= ts && r.offset >= this._logStartOffset);
        if (rec) {
          trace.offset = rec.offset;
          trace.position = b.position;
          return { offset: rec.offset, trace };
        }
      }
    }
    return { offset: null, trace };
  }

  /** Retention: whole segments from the oldest while they qualify and lie wholly below the HW (Kafka's deleteOldSegments). */
  deleteOldSegments(nowMs: number): { deleted: string[]; logStartOffset: number } {
    return this.io(
      () => `Error while deleting segments for ${this.dir}`,
      () => {
        const deleted: string[] = [];
        this.pendingDeletes = this.pendingDeletes.filter((d) => {
          if (d.dueMs > nowMs) return true;
          this.disk.delete(d.path);
          return false;
        });
        if (!this.config.cleanupPolicy.includes('delete')) return { deleted, logStartOffset: this._logStartOffset };
        const { retentionMs, retentionBytes } = this.config;
        if (retentionMs >= 0) this.deleteWhile((s) => nowMs - s.largestTimestamp > retentionMs, nowMs, deleted);
        if (retentionBytes >= 0) {
          let excess = this.segments.reduce((n, s) => n + s.size, 0) - retentionBytes;
          this.deleteWhile(
            (s) => {
              if (excess - s.size < 0) return false;
              excess -= s.size;
              return true;
            },
            nowMs,
            deleted,
          );
        }
        return { deleted, logStartOffset: this._logStartOffset };
      },
    );
  }

  private deleteWhile(pred: (s: LogSegment) => boolean, nowMs: number, deleted: string[]): void {
    let n = 0;
    for (let i = 0; i < this.segments.length; i++) {
      const seg = this.segments[i];
      const upper = i + 1 < this.segments.length ? this.segments[i + 1].baseOffset : this._logEndOffset;
      const lastAndEmpty = i === this.segments.length - 1 && seg.size === 0;
      if (this._highWatermark < upper || lastAndEmpty || !pred(seg)) break;
      n++;
    }
    if (n === 0) return;
    if (n === this.segments.length) this.roll(this._logEndOffset, nowMs);
    // Kafka renames deleted segments to .deleted and removes them file.delete.delay.ms later (readers in flight)
    const due = nowMs + (this.config.fileDeleteDelayMs ?? 60_000);
    for (const seg of this.segments.splice(0, n)) {
      for (const p of seg.filePaths()) {
        this.disk.rename(p, p + '.deleted');
        this.pendingDeletes.push({ path: p + '.deleted', dueMs: due });
      }
      deleted.push(seg.fileName);
    }
    this._logStartOffset = Math.max(this._logStartOffset, this.segments[0].baseOffset);
    this.epochCache.truncateFromStart(this._logStartOffset);
    if (this._recoveryPoint < this._logStartOffset) this._recoveryPoint = this._logStartOffset;
    this.writeCheckpoints();
  }

  maybeClean(nowMs: number): { cleaned: boolean; removedRecords: number } {
    return this.io(
      () => `Error while cleaning the log for ${this.dir}`,
      () => {
        return cleanLog(this, nowMs);
      },
    );
  }
}
