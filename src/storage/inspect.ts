// Decodes user-supplied Kafka log files (.log, .index, .timeindex, .txnindex) for display. Never throws on bad input: it
// returns what it could decode plus an error naming the file and the byte offset where decoding stopped.
import { readInt32, readInt64 } from './format/bytes';
import { OFFSET_INDEX_ENTRY_SIZE } from './format/offsetIndex';
import { CorruptRecordError, decodeRecordBatch, readBatchHeader, validateBatch, type BatchHeader, type DecodedBatch } from './format/recordBatch';
import { TIME_INDEX_ENTRY_SIZE } from './format/timeIndex';
import { controlRecordInfo, InvalidControlRecordError, type ControlBatchInfo } from './format/controlRecord';
import { ABORTED_TXN_CURRENT_VERSION, ABORTED_TXN_SIZE, readAbortedTxn, type AbortedTxn } from './format/transactionIndex';

export interface InspectError {
  file: string;
  position: number;
  message: string; // "<file> at byte <n>: <problem>"
}

export interface InspectedBatch extends DecodedBatch {
  position: number;
  /** a control batch's record: COMMIT / ABORT with the coordinator epoch, or another control type; else null */
  controlRecord: ControlBatchInfo | null;
}

export interface LogInspection {
  kind: 'log';
  file: string;
  baseOffset: number | null;
  /** the batches decoded with their records: all, or up to `limits.fullBatches` / `limits.fileInflatedBytes` */
  batches: InspectedBatch[];
  /** the file's compressed batches inflated past `limits.fileInflatedBytes`: later batches were only checked */
  inflateBudgetReached: boolean;
  /** every whole batch read, records counted from batch headers */
  batchCount: number;
  recordCount: number;
  firstOffset: number | null;
  lastOffset: number | null;
  validBytes: number;
  error: InspectError | null;
  /** header of the batch where decoding stopped, when its 61 bytes are there */
  failedBatch: BatchHeader | null;
}

export interface TxnIndexInspection {
  kind: 'txnindex';
  file: string;
  baseOffset: number | null;
  entries: AbortedTxn[];
  error: InspectError | null;
}

/** Bounds for decoding a file from outside (a stranger's file may be a gzip bomb, or 1 GB of batches). */
export interface LogLimits {
  /** a compressed batch may not inflate past this many bytes */
  batchInflatedBytes: number;
  /** once a file's batches inflated to this many bytes, later batches are checked and counted, not decoded */
  fileInflatedBytes: number;
  /** batches after this many are checked (length, magic, CRC-32C, order) and counted, not decoded */
  fullBatches: number;
}

/**
 * Kafka's own bound on a batch is message.max.bytes (1 MiB by default), compressed: 8 MiB allows 8:1. A batch
 * past it is refused (a gzip bomb); a file inflates at most 16 MiB plus one batch, so a bomb of many batches
 * is bounded too.
 */
export const INSPECT_LIMITS: LogLimits = { batchInflatedBytes: 8 * 1024 * 1024, fileInflatedBytes: 16 * 1024 * 1024, fullBatches: 500 };

const NO_LIMITS: LogLimits = { batchInflatedBytes: Infinity, fileInflatedBytes: Infinity, fullBatches: Infinity };

export interface IndexInspection {
  kind: 'index' | 'timeindex';
  file: string;
  baseOffset: number | null;
  entries: { offset: number; position?: number; timestamp?: number }[];
  error: InspectError | null;
}

function err(file: string, position: number, problem: string): InspectError {
  return { file, position, message: `${file} at byte ${position}: ${problem}` };
}

/** Base offset from a Kafka file name (`00000000000000368769.log`), or null. */
export function baseOffsetOf(file: string): number | null {
  const m = /(\d{20})\.(log|index|timeindex|txnindex)$/.exec(file);
  return m ? Number(m[1]) : null;
}

function checkOrder(header: BatchHeader, prevLast: number, pos: number): void {
  if (header.baseOffset <= prevLast)
    throw new CorruptRecordError(`base offset ${header.baseOffset} is not above the previous batch's last offset ${prevLast}`, pos, pos);
}

export function inspectLog(file: string, bytes: Uint8Array, limits: LogLimits = NO_LIMITS): LogInspection {
  const out: LogInspection = {
    kind: 'log',
    file,
    baseOffset: baseOffsetOf(file),
    batches: [],
    inflateBudgetReached: false,
    batchCount: 0,
    recordCount: 0,
    firstOffset: null,
    lastOffset: null,
    validBytes: 0,
    error: null,
    failedBatch: null,
  };
  let pos = 0;
  let prevLast = -1;
  let inflated = 0;
  while (pos < bytes.length) {
    out.inflateBudgetReached ||= inflated >= limits.fileInflatedBytes;
    const full = out.batchCount < limits.fullBatches && !out.inflateBudgetReached;
    try {
      let header: BatchHeader, size: number, last: number;
      if (full) {
        const opts = Number.isFinite(limits.batchInflatedBytes) ? { maxInflatedBytes: limits.batchInflatedBytes } : {};
        const d = decodeRecordBatch(bytes, pos, bytes.length, true, opts);
        inflated += d.inflatedBytes;
        ({ header, sizeInBytes: size, lastOffset: last } = d);
        checkOrder(header, prevLast, pos);
        let controlRecord: ControlBatchInfo | null = null;
        if (d.control && d.records.length > 0) {
          try {
            controlRecord = controlRecordInfo(d.records[0]);
          } catch (e) {
            if (!(e instanceof InvalidControlRecordError)) throw e;
            throw new CorruptRecordError(`control record: ${e.message}`, pos + 61, pos);
          }
        }
        out.batches.push({ ...d, position: pos, controlRecord });
      } else {
        size = validateBatch(bytes, pos, bytes.length, true);
        header = readBatchHeader(bytes, pos);
        last = header.baseOffset + header.lastOffsetDelta;
        checkOrder(header, prevLast, pos);
      }
      prevLast = last;
      out.batchCount += 1;
      out.recordCount += header.recordsCount;
      out.firstOffset ??= header.baseOffset;
      out.lastOffset = last;
      pos += size;
    } catch (e) {
      if (!(e instanceof CorruptRecordError)) throw e;
      const message = e.message.replace(/ \(byte \d+, batch at \d+\)$/, ` (batch at byte ${e.batchPosition})`);
      out.error = err(file, e.position, message);
      // show the header of the batch that failed when it is all there, so the UI can point at it
      if (bytes.length - pos >= 61) out.failedBatch = readBatchHeader(bytes, pos);
      break;
    }
  }
  out.validBytes = pos;
  return out;
}

export function inspectOffsetIndex(file: string, bytes: Uint8Array, baseOffset = baseOffsetOf(file) ?? 0): IndexInspection {
  const entries: { offset: number; position: number }[] = [];
  let error: InspectError | null = null;
  const whole = Math.floor(bytes.length / OFFSET_INDEX_ENTRY_SIZE) * OFFSET_INDEX_ENTRY_SIZE;
  for (let p = 0; p < whole; p += OFFSET_INDEX_ENTRY_SIZE) {
    const rel = readInt32(bytes, p);
    const position = readInt32(bytes, p + 4);
    // Kafka preallocates the active segment's index with zeros: an all-zero entry after the first ends it
    if (p > 0 && rel === 0 && position === 0) break;
    const prev = entries[entries.length - 1];
    if (rel < 0 || position < 0 || (prev && (baseOffset + rel <= prev.offset || position <= prev.position))) {
      error = err(file, p, `entry ${p / 8} (relative offset ${rel}, position ${position}) is not after the previous entry`);
      break;
    }
    entries.push({ offset: baseOffset + rel, position });
  }
  if (!error && whole !== bytes.length) error = err(file, whole, `${bytes.length - whole} trailing bytes: not a whole 8-byte entry`);
  return { kind: 'index', file, baseOffset, entries, error };
}

export function inspectTimeIndex(file: string, bytes: Uint8Array, baseOffset = baseOffsetOf(file) ?? 0): IndexInspection {
  const entries: { offset: number; timestamp: number }[] = [];
  let error: InspectError | null = null;
  const whole = Math.floor(bytes.length / TIME_INDEX_ENTRY_SIZE) * TIME_INDEX_ENTRY_SIZE;
  for (let p = 0; p < whole; p += TIME_INDEX_ENTRY_SIZE) {
    const timestamp = readInt64(bytes, p);
    const rel = readInt32(bytes, p + 8);
    if (p > 0 && timestamp === 0 && rel === 0) break; // preallocated zeros
    const prev = entries[entries.length - 1];
    if (rel < 0 || (prev && (timestamp < prev.timestamp || baseOffset + rel < prev.offset))) {
      error = err(file, p, `entry ${p / 12} (timestamp ${timestamp}, relative offset ${rel}) goes backwards`);
      break;
    }
    entries.push({ offset: baseOffset + rel, timestamp });
  }
  if (!error && whole !== bytes.length) error = err(file, whole, `${bytes.length - whole} trailing bytes: not a whole 12-byte entry`);
  return { kind: 'timeindex', file, baseOffset, entries, error };
}

/**
 * A .txnindex (TransactionIndex): 34-byte AbortedTxn entries, appended in increasing lastOffset, none ending below
 * the segment's base offset (TransactionIndex.sanityCheck). No preallocation: every byte is an entry.
 */
export function inspectTxnIndex(file: string, bytes: Uint8Array, baseOffset = baseOffsetOf(file) ?? 0): TxnIndexInspection {
  const entries: AbortedTxn[] = [];
  let error: InspectError | null = null;
  const n = Math.floor(bytes.length / ABORTED_TXN_SIZE);
  for (let i = 0; i < n; i++) {
    const p = i * ABORTED_TXN_SIZE;
    const { version, ...t } = readAbortedTxn(bytes, i);
    const prev = entries[entries.length - 1];
    if (version < 0 || version > ABORTED_TXN_CURRENT_VERSION) {
      error = err(file, p, `entry ${i} has version ${version}, current version is ${ABORTED_TXN_CURRENT_VERSION}`);
    } else if (t.firstOffset > t.lastOffset || t.lastOffset < baseOffset || t.producerId < 0) {
      error = err(file, p, `entry ${i} (producer ${t.producerId}, offsets ${t.firstOffset}..${t.lastOffset}) is not a transaction of this segment`);
    } else if (prev && t.lastOffset <= prev.lastOffset) {
      error = err(file, p, `entry ${i} (last offset ${t.lastOffset}) is not after the previous entry`);
    }
    if (error) break;
    entries.push(t);
  }
  if (!error && n * ABORTED_TXN_SIZE !== bytes.length)
    error = err(file, n * ABORTED_TXN_SIZE, `${bytes.length - n * ABORTED_TXN_SIZE} trailing bytes: not a whole ${ABORTED_TXN_SIZE}-byte entry`);
  return { kind: 'txnindex', file, baseOffset, entries, error };
}

/** Picks the decoder by file extension. */
export function inspectFile(file: string, bytes: Uint8Array, limits?: LogLimits): LogInspection | IndexInspection | TxnIndexInspection {
  if (file.endsWith('.txnindex')) return inspectTxnIndex(file, bytes);
  if (file.endsWith('.index')) return inspectOffsetIndex(file, bytes);
  if (file.endsWith('.timeindex')) return inspectTimeIndex(file, bytes);
  return inspectLog(file, bytes, limits);
}
