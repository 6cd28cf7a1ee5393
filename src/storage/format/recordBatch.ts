// RecordBatch v2 (magic 2, Kafka 0.11+), as in Kafka's DefaultRecordBatch / DefaultRecord.
// Layout (big-endian), 61-byte header:
//   0 baseOffset int64 | 8 batchLength int32 | 12 partitionLeaderEpoch int32 | 16 magic int8 | 17 crc uint32
//  21 attributes int16 | 23 lastOffsetDelta int32 | 27 baseTimestamp int64 | 35 maxTimestamp int64
//  43 producerId int64 | 51 producerEpoch int16 | 53 baseSequence int32 | 57 recordsCount int32 | 61 records
// The CRC-32C covers attributes (byte 21) to the end of the batch, so the leader epoch and base offset can
// be rewritten without recomputing it (Kafka does exactly that when it assigns offsets).
import { gunzipSync, gzipSync } from 'fflate';
import { crc32c } from './crc32c';
import { gunzipCapped, InflateLimitError } from './gunzipCapped';
import { readInt16, readInt32, readInt64, readUint32, utf8Decoder, utf8Encoder, writeInt16, writeInt32, writeInt64 } from './bytes';
import { readVarint, readVarlong, sizeOfVarint, sizeOfVarlong, VarintError, writeVarint, writeVarlong } from './varint';

export const MAGIC = 2;
export const LOG_OVERHEAD = 12; // baseOffset + batchLength: the part not counted in batchLength
export const HEADER_SIZE = 61;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;
export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Codec = (typeof CODECS)[number];

export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

/** What the encoder takes: absolute timestamps; offsetDelta defaults to the record's index. */
export interface RecordInput {
  key: Uint8Array | null;
  value: Uint8Array | null;
  timestamp: number;
  headers?: RecordHeader[];
  offsetDelta?: number;
}

export interface EncodeBatchInput {
  baseOffset: number;
  records: RecordInput[];
  partitionLeaderEpoch?: number; // -1 = unknown (a producer's batch before the leader stamps it)
  compression?: Codec;
  logAppendTime?: boolean; // timestamp type bit
  transactional?: boolean;
  control?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  /** defaults: last record's offsetDelta; first record's timestamp; max timestamp */
  lastOffsetDelta?: number;
  baseTimestamp?: number;
  maxTimestamp?: number;
}

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  offsetDelta: number;
  timestampDelta: number;
  attributes: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
  sizeInBytes: number; // including the length varint
}

export interface DecodedBatch {
  header: BatchHeader;
  compression: Codec;
  timestampType: 'CreateTime' | 'LogAppendTime';
  transactional: boolean;
  control: boolean;
  lastOffset: number;
  sizeInBytes: number;
  /** bytes of records a compressed batch inflated to (0 when not compressed) */
  inflatedBytes: number;
  records: DecodedRecord[];
}

/** A batch that failed validation: `position` is the absolute byte offset of the problem in the buffer. */
export class CorruptRecordError extends Error {
  readonly code = 'CORRUPT_RECORD';
  constructor(
    message: string,
    readonly position: number,
    readonly batchPosition: number,
  ) {
    super(`${message} (byte ${position}, batch at ${batchPosition})`);
  }
}

export function batchSize(buf: Uint8Array, pos: number): number {
  return LOG_OVERHEAD + readInt32(buf, pos + 8);
}

function sizeOfBytes(b: Uint8Array | null): number {
  return b === null ? 1 : sizeOfVarint(b.length) + b.length;
}

function writeBytes(buf: Uint8Array, pos: number, b: Uint8Array | null): number {
  if (b === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, b.length);
  buf.set(b, pos);
  return pos + b.length;
}

/** Size of one encoded record including its length prefix; headerKeys receives encoded header keys. */
function recordBodySize(r: RecordInput, offsetDelta: number, tsDelta: number, headerKeys: Uint8Array[]): number {
  let size = 1 + sizeOfVarlong(tsDelta) + sizeOfVarint(offsetDelta) + sizeOfBytes(r.key) + sizeOfBytes(r.value);
  const hs = r.headers;
  size += sizeOfVarint(hs ? hs.length : 0);
  if (hs) {
    for (const h of hs) {
      const k = utf8Encoder.encode(h.key);
      headerKeys.push(k);
      size += sizeOfVarint(k.length) + k.length + sizeOfBytes(h.value);
    }
  }
  return size;
}

/** Encodes the records section (uncompressed) into buf at pos; returns the end position. */
function writeRecords(buf: Uint8Array, pos: number, input: EncodeBatchInput, baseTs: number, sizes: Int32Array, keys: Uint8Array[]): number {
  let k = 0;
  const recs = input.records;
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    pos = writeVarint(buf, pos, sizes[i]);
    buf[pos++] = 0; // record attributes: unused
    pos = writeVarlong(buf, pos, r.timestamp - baseTs);
    pos = writeVarint(buf, pos, r.offsetDelta ?? i);
    pos = writeBytes(buf, pos, r.key);
    pos = writeBytes(buf, pos, r.value);
    const hs = r.headers;
    pos = writeVarint(buf, pos, hs ? hs.length : 0);
    if (hs)
      for (const h of hs) {
        pos = writeBytes(buf, pos, keys[k++]);
        pos = writeBytes(buf, pos, h.value);
      }
  }
  return pos;
}

/** A reusable output buffer: encodeRecordBatch(input, scratch) returns a view of it, valid until the next call. */
export interface EncodeScratch {
  buf: Uint8Array;
}

function alloc(size: number, scratch?: EncodeScratch): Uint8Array {
  if (!scratch) return new Uint8Array(size);
  if (scratch.buf.length < size) scratch.buf = new Uint8Array(Math.max(size, scratch.buf.length * 2, 4096));
  const out = scratch.buf.subarray(0, size);
  return out;
}

export function encodeRecordBatch(input: EncodeBatchInput, scratch?: EncodeScratch): Uint8Array {
  const recs = input.records;
  const n = recs.length;
  const baseTs = input.baseTimestamp ?? (n > 0 ? recs[0].timestamp : -1);
  let maxTs = input.maxTimestamp ?? -1;
  if (input.maxTimestamp === undefined) for (let i = 0; i < n; i++) if (recs[i].timestamp > maxTs) maxTs = recs[i].timestamp;
  const sizes = new Int32Array(n);
  const keys: Uint8Array[] = [];
  let recordsSize = 0;
  for (let i = 0; i < n; i++) {
    const r = recs[i];
    const body = recordBodySize(r, r.offsetDelta ?? i, r.timestamp - baseTs, keys);
    sizes[i] = body;
    recordsSize += sizeOfVarint(body) + body;
  }
  const codec = input.compression ?? 'none';
  let buf: Uint8Array;
  if (codec === 'none') {
    buf = alloc(HEADER_SIZE + recordsSize, scratch);
    writeRecords(buf, HEADER_SIZE, input, baseTs, sizes, keys);
  } else if (codec === 'gzip') {
    const raw = new Uint8Array(recordsSize);
    writeRecords(raw, 0, input, baseTs, sizes, keys);
    const z = gzipSync(raw);
    buf = alloc(HEADER_SIZE + z.length, scratch);
    buf.set(z, HEADER_SIZE);
  } else {
    throw new Error(`compression codec ${codec} is not supported by the simulator`);
  }
  const lastOffsetDelta = input.lastOffsetDelta ?? (n > 0 ? (recs[n - 1].offsetDelta ?? n - 1) : 0);
  const attributes =
    CODECS.indexOf(codec) |
    (input.logAppendTime ? TIMESTAMP_TYPE_MASK : 0) |
    (input.transactional ? TRANSACTIONAL_MASK : 0) |
    (input.control ? CONTROL_MASK : 0);
  writeInt64(buf, 0, input.baseOffset);
  writeInt32(buf, 8, buf.length - LOG_OVERHEAD);
  writeInt32(buf, 12, input.partitionLeaderEpoch ?? -1);
  buf[16] = MAGIC;
  writeInt16(buf, 21, attributes);
  writeInt32(buf, 23, lastOffsetDelta);
  writeInt64(buf, 27, baseTs);
  writeInt64(buf, 35, maxTs);
  writeInt64(buf, 43, input.producerId ?? -1);
  writeInt16(buf, 51, input.producerEpoch ?? -1);
  writeInt32(buf, 53, input.baseSequence ?? -1);
  writeInt32(buf, 57, n);
  writeInt32(buf, CRC_OFFSET, crc32c(buf, ATTRIBUTES_OFFSET, buf.length));
  return buf;
}

export function readBatchHeader(buf: Uint8Array, pos: number): BatchHeader {
  return {
    baseOffset: readInt64(buf, pos),
    batchLength: readInt32(buf, pos + 8),
    partitionLeaderEpoch: readInt32(buf, pos + 12),
    magic: (buf[pos + 16] << 24) >> 24,
    crc: readUint32(buf, pos + 17),
    attributes: readInt16(buf, pos + 21),
    lastOffsetDelta: readInt32(buf, pos + 23),
    baseTimestamp: readInt64(buf, pos + 27),
    maxTimestamp: readInt64(buf, pos + 35),
    producerId: readInt64(buf, pos + 43),
    producerEpoch: readInt16(buf, pos + 51),
    baseSequence: readInt32(buf, pos + 53),
    recordsCount: readInt32(buf, pos + 57),
  };
}

/**
 * Checks the batch at `pos` (buffer valid up to `end`) the way Kafka's recovery does: enough bytes for the
 * header, a sane batchLength that fits, magic 2, CRC-32C. Returns the batch size or throws CorruptRecordError.
 */
export function validateBatch(buf: Uint8Array, pos: number, end = buf.length, checkCrc = true): number {
  if (end - pos < LOG_OVERHEAD) throw new CorruptRecordError(`only ${end - pos} bytes left, fewer than the 12-byte log overhead`, pos, pos);
  const len = readInt32(buf, pos + 8);
  if (len < HEADER_SIZE - LOG_OVERHEAD)
    throw new CorruptRecordError(`batchLength ${len} is smaller than the minimum ${HEADER_SIZE - LOG_OVERHEAD}`, pos + 8, pos);
  if (len > end - pos - LOG_OVERHEAD)
    throw new CorruptRecordError(`batchLength ${len} runs past the end (${end - pos - LOG_OVERHEAD} bytes available)`, pos + 8, pos);
  if (buf[pos + 16] !== MAGIC) throw new CorruptRecordError(`magic byte ${buf[pos + 16]} is not 2`, pos + 16, pos);
  if (checkCrc) {
    const stored = readUint32(buf, pos + CRC_OFFSET);
    const actual = crc32c(buf, pos + ATTRIBUTES_OFFSET, pos + LOG_OVERHEAD + len);
    if (stored !== actual) throw new CorruptRecordError(`CRC-32C mismatch: stored ${stored}, computed ${actual}`, pos + CRC_OFFSET, pos);
  }
  const lastOffsetDelta = readInt32(buf, pos + 23);
  if (lastOffsetDelta < 0) throw new CorruptRecordError(`negative lastOffsetDelta ${lastOffsetDelta}`, pos + 23, pos);
  const count = readInt32(buf, pos + 57);
  if (count < 0) throw new CorruptRecordError(`negative records count ${count}`, pos + 57, pos);
  return LOG_OVERHEAD + len;
}

function readBytes(buf: Uint8Array, r: { pos: number }, end: number, what: string, batchPos: number): Uint8Array | null {
  const p = r.pos;
  const len = readVarint(buf, r, end);
  if (len === -1) return null;
  if (len < -1 || r.pos + len > end) throw new CorruptRecordError(`${what} length ${len} is invalid`, p, batchPos);
  const out = buf.slice(r.pos, r.pos + len);
  r.pos += len;
  return out;
}

function decodeRecords(h: BatchHeader, data: Uint8Array, start: number, end: number, batchPos: number, posOf: (p: number) => number): DecodedRecord[] {
  const out: DecodedRecord[] = new Array(h.recordsCount);
  const r = { pos: start };
  for (let i = 0; i < h.recordsCount; i++) {
    const recPos = r.pos;
    const len = readVarint(data, r, end);
    const bodyStart = r.pos;
    const bodyEnd = bodyStart + len;
    if (len < 0 || bodyEnd > end) throw new CorruptRecordError(`record ${i} length ${len} runs past the batch`, posOf(recPos), batchPos);
    const attributes = data[r.pos++];
    const timestampDelta = readVarlong(data, r, bodyEnd);
    const offsetDelta = readVarint(data, r, bodyEnd);
    const key = readBytes(data, r, bodyEnd, 'key', batchPos);
    const value = readBytes(data, r, bodyEnd, 'value', batchPos);
    const hp = r.pos;
    const hc = readVarint(data, r, bodyEnd);
    if (hc < 0) throw new CorruptRecordError(`negative header count ${hc}`, posOf(hp), batchPos);
    const headers: RecordHeader[] = [];
    for (let j = 0; j < hc; j++) {
      const kp = r.pos;
      const k = readBytes(data, r, bodyEnd, 'header key', batchPos);
      if (k === null) throw new CorruptRecordError('null header key', posOf(kp), batchPos);
      headers.push({ key: utf8Decoder.decode(k), value: readBytes(data, r, bodyEnd, 'header value', batchPos) });
    }
    if (r.pos !== bodyEnd) throw new CorruptRecordError(`record ${i} has ${bodyEnd - r.pos} unexpected trailing bytes`, posOf(r.pos), batchPos);
    out[i] = {
      offset: h.baseOffset + offsetDelta,
      timestamp: h.attributes & TIMESTAMP_TYPE_MASK ? h.maxTimestamp : h.baseTimestamp + timestampDelta,
      offsetDelta,
      timestampDelta,
      attributes,
      key,
      value,
      headers,
      sizeInBytes: bodyEnd - recPos,
    };
  }
  if (r.pos !== end) throw new CorruptRecordError(`${end - r.pos} bytes after the last of ${h.recordsCount} records`, posOf(r.pos), batchPos);
  return out;
}

/** Fully decodes (and validates) the batch at `pos`. Errors carry the absolute byte position. */
export interface DecodeOptions {
  /** a compressed batch may not inflate past this many bytes (files from outside: Inspect) */
  maxInflatedBytes?: number;
}

export function decodeRecordBatch(buf: Uint8Array, pos = 0, end = buf.length, checkCrc = true, opts: DecodeOptions = {}): DecodedBatch {
  const size = validateBatch(buf, pos, end, checkCrc);
  const header = readBatchHeader(buf, pos);
  const codecId = header.attributes & COMPRESSION_CODEC_MASK;
  const compression = CODECS[codecId];
  if (compression === undefined) throw new CorruptRecordError(`unknown compression codec ${codecId}`, pos + 21, pos);
  let records: DecodedRecord[];
  let inflatedBytes = 0;
  try {
    if (compression === 'none') {
      records = decodeRecords(header, buf, pos + HEADER_SIZE, pos + size, pos, (p) => p);
    } else if (compression === 'gzip') {
      let raw: Uint8Array;
      try {
        const data = buf.subarray(pos + HEADER_SIZE, pos + size);
        raw = opts.maxInflatedBytes === undefined ? gunzipSync(data) : gunzipCapped(data, opts.maxInflatedBytes);
      } catch (e) {
        if (e instanceof InflateLimitError) throw new CorruptRecordError(e.message, pos + HEADER_SIZE, pos);
        throw new CorruptRecordError(`gzip data does not decompress: ${(e as Error).message}`, pos + HEADER_SIZE, pos);
      }
      inflatedBytes = raw.length;
      // positions inside decompressed data have no place in the file: report the records' start
      records = decodeRecords(header, raw, 0, raw.length, pos, () => pos + HEADER_SIZE);
    } else {
      throw new CorruptRecordError(`compression codec ${compression} is not supported by the simulator`, pos + 21, pos);
    }
  } catch (e) {
    if (e instanceof VarintError) throw new CorruptRecordError(e.message, compression === 'none' ? e.position : pos + HEADER_SIZE, pos);
    throw e;
  }
  return {
    header,
    compression,
    timestampType: header.attributes & TIMESTAMP_TYPE_MASK ? 'LogAppendTime' : 'CreateTime',
    transactional: (header.attributes & TRANSACTIONAL_MASK) !== 0,
    control: (header.attributes & CONTROL_MASK) !== 0,
    lastOffset: header.baseOffset + header.lastOffsetDelta,
    sizeInBytes: size,
    inflatedBytes,
    records,
  };
}

/** Rewrites the base offset in place (not covered by the CRC), as Kafka's LogValidator does on the leader. */
export function setBaseOffset(buf: Uint8Array, pos: number, baseOffset: number): void {
  writeInt64(buf, pos, baseOffset);
}

/** Rewrites partitionLeaderEpoch in place (not covered by the CRC). */
export function setPartitionLeaderEpoch(buf: Uint8Array, pos: number, epoch: number): void {
  writeInt32(buf, pos + 12, epoch);
}
