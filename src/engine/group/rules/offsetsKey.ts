/**
 * The records the group coordinator writes to `__consumer_offsets`, byte for byte, after
 * Kafka's generated coordinator records (group-coordinator/src/main/resources/common/message/
 * OffsetCommitKey.json, OffsetCommitValue.json, GroupMetadataKey.json) and, before 3.5,
 * GroupMetadataManager's OFFSET_COMMIT_KEY_SCHEMA / GROUP_METADATA_KEY_SCHEMA.
 *
 * Each key and value starts with an int16 version; then the fields, big-endian, non-flexible:
 * int16/int32/int64 as is, `string` = int16 byte length + UTF-8 bytes.
 *
 *   offset commit key   (version 1): group, topic, partition:int32     (0 is the same layout)
 *   offset commit value (version 3): offset:int64, leaderEpoch:int32 (-1 = none),
 *                                    metadata:string, commitTimestamp:int64
 *   group metadata key  (version 2): group
 *
 * A compacted `__consumer_offsets` keeps the last value per key, so a group's committed offset
 * for a partition is the latest record with key (group, topic, partition).
 */

export const OFFSET_COMMIT_KEY_VERSION = 1;
export const OFFSET_COMMIT_VALUE_VERSION = 3;
export const GROUP_METADATA_KEY_VERSION = 2;
/** OffsetCommitValue.leaderEpoch default: no leader epoch known. */
export const NO_LEADER_EPOCH = -1;

export interface OffsetCommitKey {
  group: string;
  topic: string;
  partition: number;
}

export interface OffsetCommitValue {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** only in value version 1 (Kafka 2.0 and older wrote it); -1 otherwise */
  expireTimestamp?: number;
}

export interface GroupMetadataKey {
  group: string;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

class Writer {
  private readonly chunks: Uint8Array[] = [];

  private fixed(n: number, set: (view: DataView) => void): this {
    const chunk = new Uint8Array(n);
    set(new DataView(chunk.buffer));
    this.chunks.push(chunk);
    return this;
  }
  int16(v: number): this {
    checkInt(v, -32768, 32767, 'int16');
    return this.fixed(2, (d) => d.setInt16(0, v));
  }
  int32(v: number): this {
    checkInt(v, -2147483648, 2147483647, 'int32');
    return this.fixed(4, (d) => d.setInt32(0, v));
  }
  int64(v: number): this {
    if (!Number.isSafeInteger(v)) throw new RangeError(`int64 field must be a safe integer, got ${v}`);
    return this.fixed(8, (d) => d.setBigInt64(0, BigInt(v)));
  }
  string(s: string): this {
    const bytes = utf8Encoder.encode(s);
    if (bytes.length > 32767) throw new RangeError(`string of ${bytes.length} bytes is longer than 32767`);
    this.int16(bytes.length);
    this.chunks.push(bytes);
    return this;
  }
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function checkInt(v: number, min: number, max: number, type: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${type} out of range: ${v}`);
}

class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw new RangeError(`record truncated: need ${n} bytes at ${this.at} of ${this.bytes.length}`);
  }
  int16(): number {
    this.need(2);
    const v = this.view.getInt16(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.at);
    this.at += 4;
    return v;
  }
  int64(): number {
    this.need(8);
    const v = this.view.getBigInt64(this.at);
    this.at += 8;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int64 ${v} is not a safe JavaScript integer`);
    return n;
  }
  string(): string {
    const len = this.int16();
    if (len < 0) throw new RangeError(`null string where a string is required`);
    this.need(len);
    const s = utf8Decoder.decode(this.bytes.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  }
  end(): void {
    if (this.at !== this.bytes.length) throw new RangeError(`${this.bytes.length - this.at} trailing bytes`);
  }
}

/** Key of an offset commit record: int16 version 1, group, topic, int32 partition. */
export function encodeOffsetCommitKey(key: OffsetCommitKey): Uint8Array {
  return new Writer().int16(OFFSET_COMMIT_KEY_VERSION).string(key.group).string(key.topic).int32(key.partition).toBytes();
}

export function decodeOffsetCommitKey(bytes: Uint8Array): OffsetCommitKey {
  const r = new Reader(bytes);
  const version = r.int16();
  if (version !== 0 && version !== 1) throw new RangeError(`not an offset commit key (version ${version})`);
  const key = { group: r.string(), topic: r.string(), partition: r.int32() };
  r.end();
  return key;
}

/** Value of an offset commit record, version 3: offset, leaderEpoch, metadata, commitTimestamp. */
export function encodeOffsetCommitValue(value: OffsetCommitValue): Uint8Array {
  return new Writer()
    .int16(OFFSET_COMMIT_VALUE_VERSION)
    .int64(value.offset)
    .int32(value.leaderEpoch)
    .string(value.metadata)
    .int64(value.commitTimestamp)
    .toBytes();
}

/** Reads value versions 0 to 3 (0/2: no leaderEpoch; 1: adds expireTimestamp; 3: adds leaderEpoch). */
export function decodeOffsetCommitValue(bytes: Uint8Array): OffsetCommitValue {
  const r = new Reader(bytes);
  const version = r.int16();
  if (version < 0 || version > 3) throw new RangeError(`unsupported offset commit value version ${version}`);
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : NO_LEADER_EPOCH;
  const metadata = r.string();
  const commitTimestamp = r.int64();
  const value: OffsetCommitValue = { offset, leaderEpoch, metadata, commitTimestamp };
  if (version === 1) value.expireTimestamp = r.int64();
  r.end();
  return value;
}

/** Key of a group metadata record: int16 version 2, group. */
export function encodeGroupMetadataKey(key: GroupMetadataKey): Uint8Array {
  return new Writer().int16(GROUP_METADATA_KEY_VERSION).string(key.group).toBytes();
}

export function decodeGroupMetadataKey(bytes: Uint8Array): GroupMetadataKey {
  const r = new Reader(bytes);
  const version = r.int16();
  if (version !== GROUP_METADATA_KEY_VERSION) throw new RangeError(`not a group metadata key (version ${version})`);
  const key = { group: r.string() };
  r.end();
  return key;
}

export type OffsetsTopicKey = ({ type: 'offsetCommit' } & OffsetCommitKey) | ({ type: 'groupMetadata' } & GroupMetadataKey);

/** Any __consumer_offsets key, told apart by its version (0/1 offset commit, 2 group metadata). */
export function decodeOffsetsTopicKey(bytes: Uint8Array): OffsetsTopicKey {
  if (bytes.length < 2) throw new RangeError('record key shorter than its version');
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt16(0);
  if (version === 0 || version === 1) return { type: 'offsetCommit', ...decodeOffsetCommitKey(bytes) };
  if (version === 2) return { type: 'groupMetadata', ...decodeGroupMetadataKey(bytes) };
  throw new RangeError(`unknown __consumer_offsets key version ${version}`);
}
