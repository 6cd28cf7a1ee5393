// What the "Inspect Kafka files" panel shows for one file: the decoder's result (src/storage/inspect*.ts)
// cut to what is shown (the first batches, records and entries; values as text or hex), plus an error
// classified by kind (so it can be translated). Plain data: a worker makes it and posts it to the page.
import {
  baseOffsetOf,
  INSPECT_LIMITS,
  inspectLog,
  inspectOffsetIndex,
  inspectTimeIndex,
  inspectTxnIndex,
  type IndexInspection,
  type InspectedBatch,
  type LogInspection,
  type TxnIndexInspection,
} from '../../storage/inspect';
import {
  checkpointFormatOf,
  inspectCheckpoint,
  inspectCleanShutdown,
  isCleanShutdownFile,
  type CheckpointError,
  type CheckpointInspection,
  type CleanShutdownInspection,
} from '../../storage/inspectCheckpoint';
import { crc32c } from '../../storage/format/crc32c';
import { ATTRIBUTES_OFFSET, LOG_OVERHEAD, type DecodedBatch } from '../../storage/format/recordBatch';
import type { Params } from '../i18n/format';
import type { InspectKey, IT } from './strings';

export const MAX_BATCHES = INSPECT_LIMITS.fullBatches;
export const MAX_ENTRIES = 1000;
export const MAX_RECORDS = 500;

export type FileKind = 'log' | 'index' | 'timeindex' | 'txnindex' | 'checkpoint' | 'cleanShutdown' | 'unknown';

export type ErrorKind =
  | 'badName'
  | 'unreadable'
  | 'truncated'
  | 'trailing'
  | 'crc'
  | 'magic'
  | 'length'
  | 'codec'
  | 'gzip'
  | 'inflate'
  | 'order'
  | 'txnVersion'
  | 'txnEntry'
  | 'control'
  | 'record'
  | 'other'
  | CheckpointError['kind'];

export interface FileError {
  kind: ErrorKind;
  file: string;
  /** byte offset in the file where decoding stopped */
  position: number;
  /** for text files (checkpoints): the 1-based line where reading stopped */
  line?: number;
  params: Params;
  /** the decoder's English message, "<file> at byte <n>: <problem>" */
  detail: string;
}

/** A key, value or header value as shown: text or hex, cut when long, with its real size. */
export interface ShownBytes {
  text: string;
  hex: boolean;
  cut: boolean;
  size: number;
}

export interface ShownRecord {
  offset: number;
  timestamp: number;
  key: ShownBytes | null;
  value: ShownBytes | null;
  headers: { key: string; value: ShownBytes | null }[];
}

/** A decoded batch with its first MAX_RECORDS records (header.recordsCount says how many it has). */
export type ShownBatch = Omit<InspectedBatch, 'records'> & { records: ShownRecord[] };

export type ShownLog = Omit<LogInspection, 'batches'> & { batches: ShownBatch[] };
export type ShownIndex = IndexInspection & { entryCount: number };
export type ShownCheckpoint = CheckpointInspection & { entryCount: number };
export type ShownTxnIndex = TxnIndexInspection & { entryCount: number };

export interface InspectedFile {
  /** unique per added file (two files may have the same name, from two partition directories) */
  id: number;
  name: string;
  size: number;
  kind: FileKind;
  baseOffset: number | null;
  log: ShownLog | null;
  index: ShownIndex | null;
  txnIndex: ShownTxnIndex | null;
  checkpoint: ShownCheckpoint | null;
  cleanShutdown: CleanShutdownInspection | null;
  /** header CRC check of the batch where a .log's decoding stopped (null: not all its bytes are there) */
  failedCrcOk: boolean | null;
  error: FileError | null;
}

export function kindOf(name: string): FileKind {
  if (checkpointFormatOf(name)) return 'checkpoint';
  if (isCleanShutdownFile(name)) return 'cleanShutdown';
  if (/\.log$/.test(name)) return 'log';
  if (/\.index$/.test(name)) return 'index';
  if (/\.timeindex$/.test(name)) return 'timeindex';
  if (/\.txnindex$/.test(name)) return 'txnindex';
  return 'unknown';
}

/** The problem part of the decoder's message (after "<file> at byte <n>: "). */
function problemOf(message: string, file: string): string {
  const prefix = `${file} at byte `;
  if (!message.startsWith(prefix)) return message;
  const rest = message.slice(prefix.length);
  const i = rest.indexOf(': ');
  return i < 0 ? rest : rest.slice(i + 2);
}

/** Sorts a decoder message into a kind with the parameters its translation needs. */
export function classify(file: string, position: number, message: string): FileError {
  const p = problemOf(message, file);
  const base = { file, position, detail: message };
  let m: RegExpExecArray | null;
  if ((m = /^CRC-32C mismatch: stored (\d+), computed (\d+)/.exec(p)))
    return { ...base, kind: 'crc', params: { stored: Number(m[1]), computed: Number(m[2]) } };
  if ((m = /^magic byte (-?\d+) is not 2/.exec(p))) return { ...base, kind: 'magic', params: { magic: Number(m[1]) } };
  if ((m = /^(\d+) trailing bytes: not a whole (\d+)-byte entry/.exec(p)))
    return { ...base, kind: 'trailing', params: { n: Number(m[1]), size: Number(m[2]) } };
  if (/^only \d+ bytes left|runs past the end/.test(p)) return { ...base, kind: 'truncated', params: { detail: p } };
  if ((m = /^batchLength (-?\d+) is smaller than the minimum/.exec(p))) return { ...base, kind: 'length', params: { len: Number(m[1]) } };
  if ((m = /compression codec (\w+) is not supported|unknown compression codec (\d+)/.exec(p)))
    return { ...base, kind: 'codec', params: { codec: m[1] ?? m[2] } };
  if ((m = /^gzip data decompresses to more than (\d+) bytes/.exec(p)))
    return { ...base, kind: 'inflate', params: { limit: Number(m[1]), mib: Number(m[1]) / 1048576 } };
  if (/^gzip data does not decompress/.test(p)) return { ...base, kind: 'gzip', params: {} };
  if ((m = /^entry \d+ has version (-?\d+)/.exec(p))) return { ...base, kind: 'txnVersion', params: { version: Number(m[1]) } };
  if (/is not a transaction of this segment/.test(p)) return { ...base, kind: 'txnEntry', params: { detail: p } };
  if (/^control record: /.test(p)) return { ...base, kind: 'control', params: { detail: p.slice('control record: '.length) } };
  if (/is not above the previous|is not after the previous entry|goes backwards/.test(p)) return { ...base, kind: 'order', params: { detail: p } };
  if (/record|key|value|header|varint|varlong|negative|bytes after the last/i.test(p)) return { ...base, kind: 'record', params: { detail: p } };
  return { ...base, kind: 'other', params: { detail: p } };
}

export function errorKey(kind: ErrorKind): InspectKey {
  return `err_${kind}` as InspectKey;
}

let nextId = 1;

/** The error as shown: "<file> at byte <n>: <message of its kind>", in the language of `t`. */
export function errorText(t: IT, e: FileError): string {
  const params = e.kind === 'ckMalformed' ? { ...e.params, expected: t(`ckExpect_${e.params.expected}` as InspectKey) } : e.params;
  const message = t(errorKey(e.kind), params);
  return e.line !== undefined ? t('errAtLine', { file: e.file, line: e.line, message }) : t('errAt', { file: e.file, pos: e.position, message });
}

function fromCheckpointError(e: CheckpointError): FileError {
  return { kind: e.kind, file: e.file, position: e.position, line: e.line, params: e.params, detail: e.message };
}

/** Decodes one file's bytes. `as` forces the decoder (to read a badly named file anyway). Never throws. */
export function inspectBytes(name: string, bytes: Uint8Array, as?: FileKind): InspectedFile {
  const kind = as ?? kindOf(name);
  const out: InspectedFile = {
    id: nextId++,
    name,
    size: bytes.length,
    kind,
    baseOffset: baseOffsetOf(name),
    log: null,
    index: null,
    txnIndex: null,
    checkpoint: null,
    cleanShutdown: null,
    failedCrcOk: null,
    error: null,
  };
  if (kind === 'unknown') {
    out.error = { kind: 'badName', file: name, position: 0, params: { file: name }, detail: `${name} at byte 0: not a Kafka segment file name` };
    return out;
  }
  try {
    if (kind === 'log') {
      const r = inspectLog(name, bytes, INSPECT_LIMITS);
      out.log = { ...r, batches: r.batches.map(shownBatch) };
      if (r.error) out.error = classify(name, r.error.position, r.error.message);
      if (r.failedBatch) {
        const pos = r.validBytes;
        const end = pos + LOG_OVERHEAD + r.failedBatch.batchLength;
        out.failedCrcOk = r.failedBatch.batchLength >= 0 && end <= bytes.length ? crc32c(bytes, pos + ATTRIBUTES_OFFSET, end) === r.failedBatch.crc : null;
      }
    } else if (kind === 'txnindex') {
      const r = inspectTxnIndex(name, bytes);
      out.txnIndex = { ...r, entries: r.entries.slice(0, MAX_ENTRIES), entryCount: r.entries.length };
      if (r.error) out.error = classify(name, r.error.position, r.error.message);
    } else if (kind === 'checkpoint') {
      const r = inspectCheckpoint(name, bytes, checkpointFormatOf(name) ?? 'offsets');
      out.checkpoint = { ...r, entries: r.entries.slice(0, MAX_ENTRIES), entryCount: r.entries.length };
      if (r.error) out.error = fromCheckpointError(r.error);
    } else if (kind === 'cleanShutdown') {
      const r = inspectCleanShutdown(name, bytes);
      out.cleanShutdown = r;
      if (r.error) out.error = fromCheckpointError(r.error);
    } else {
      const r = kind === 'index' ? inspectOffsetIndex(name, bytes) : inspectTimeIndex(name, bytes);
      out.index = { ...r, entries: r.entries.slice(0, MAX_ENTRIES), entryCount: r.entries.length };
      if (r.error) out.error = classify(name, r.error.position, r.error.message);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const position = out.log?.validBytes ?? 0;
    out.error = { kind: 'other', file: name, position, params: { detail: msg }, detail: `${name} at byte ${position}: ${msg}` };
  }
  return out;
}

export function unreadable(name: string, size: number, e: unknown): InspectedFile {
  const msg = e instanceof Error ? e.message : String(e);
  return {
    id: nextId++,
    name,
    size,
    kind: kindOf(name),
    baseOffset: baseOffsetOf(name),
    log: null,
    index: null,
    txnIndex: null,
    checkpoint: null,
    cleanShutdown: null,
    failedCrcOk: null,
    error: { kind: 'unreadable', file: name, position: 0, params: { detail: msg }, detail: `${name} at byte 0: ${msg}` },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_SHOWN_BYTES = 256;

/** Bytes as text when they are printable UTF-8, otherwise as hex; long values are cut. */
export function showBytes(b: Uint8Array, partial = false): { text: string; hex: boolean; cut: boolean } {
  let s: string | null;
  try {
    s = partial ? new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true }) : strictUtf8.decode(b);
  } catch {
    s = null;
  }
  // eslint-disable-next-line no-control-regex
  if (s !== null && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(s)) {
    const cut = s.length > 1000;
    return { text: cut ? s.slice(0, 1000) : s, hex: false, cut };
  }
  const n = Math.min(b.length, MAX_SHOWN_BYTES);
  let h = '';
  for (let i = 0; i < n; i++) h += (i ? ' ' : '') + b[i].toString(16).padStart(2, '0');
  return { text: h, hex: true, cut: b.length > n };
}

const MAX_COPIED_BYTES = 4096;

/** A value as shown; only its first bytes are looked at, so a 1 MB value costs no more than a small one. */
export function shown(b: Uint8Array | null): ShownBytes | null {
  if (b === null) return null;
  const head = b.length > MAX_COPIED_BYTES ? b.subarray(0, MAX_COPIED_BYTES) : b;
  const s = showBytes(head, b.length > head.length);
  return { ...s, cut: s.cut || b.length > head.length, size: b.length };
}

function shownBatch(d: InspectedBatch): ShownBatch {
  const records = (d as DecodedBatch).records.slice(0, MAX_RECORDS).map((r) => ({
    offset: r.offset,
    timestamp: r.timestamp,
    key: shown(r.key),
    value: shown(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: shown(h.value) })),
  }));
  return { ...d, records };
}

/** "1700000000000 (2023-11-14 22:13:20.000 UTC)"; -1 stays -1 (no timestamp). */
export function showTimestamp(ts: number): string {
  if (!Number.isFinite(ts) || ts < 0 || ts > 8.64e15) return String(ts);
  return `${ts} (${new Date(ts).toISOString().replace('T', ' ').replace('Z', ' UTC')})`;
}

/** Files sorted by name (stable) so a segment's .index, .log and .timeindex sit together. */
export function mergeFiles(old: InspectedFile[], added: InspectedFile[]): InspectedFile[] {
  return [...old, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}
