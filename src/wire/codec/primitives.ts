// Kafka's protocol primitive types (https://kafka.apache.org/protocol#protocol_types; Kafka's
// org.apache.kafka.common.protocol.types.Type and ByteUtils): big-endian fixed widths, unsigned varints for
// compact lengths and tagged fields (KIP-482), strings and bytes in their classic and compact forms.
// A read past the end or a bad length throws ProtocolError: the server closes that connection.

export class ProtocolError extends Error {}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export class Reader {
  pos: number;
  private view: DataView;

  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.end) throw new ProtocolError(`truncated: ${n} bytes needed at byte ${this.pos}, ${this.end - this.pos} left`);
    const p = this.pos;
    this.pos += n;
    return p;
  }

  int8(): number {
    return this.view.getInt8(this.need(1));
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  int16(): number {
    return this.view.getInt16(this.need(2));
  }
  uint16(): number {
    return this.view.getUint16(this.need(2));
  }
  int32(): number {
    return this.view.getInt32(this.need(4));
  }
  uint32(): number {
    return this.view.getUint32(this.need(4));
  }
  /** int64 as a JS number (exact below 2^53: offsets, ids and timestamps; Long.MAX_VALUE reads as 2^63). */
  int64(): number {
    return Number(this.view.getBigInt64(this.need(8)));
  }
  float64(): number {
    return this.view.getFloat64(this.need(8));
  }

  /** An unsigned varint (ByteUtils.readUnsignedVarint): at most 5 bytes. */
  uvarint(): number {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 28) throw new ProtocolError(`unsigned varint longer than 5 bytes at byte ${this.pos}`);
      const b = this.buf[this.need(1)];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  }

  raw(n: number): Uint8Array {
    const p = this.need(n);
    return this.buf.subarray(p, p + n);
  }

  uuid(): string {
    return base64url(this.raw(16));
  }

  private text(n: number): string {
    const b = this.raw(n);
    try {
      return utf8Strict.decode(b);
    } catch {
      throw new ProtocolError(`string at byte ${this.pos - n} is not valid UTF-8`);
    }
  }

  /** STRING / NULLABLE_STRING: int16 length (-1 = null). */
  string(): string | null {
    const n = this.int16();
    if (n < -1) throw new ProtocolError(`string length ${n} at byte ${this.pos - 2}`);
    return n === -1 ? null : this.text(n);
  }
  /** COMPACT_STRING / COMPACT_NULLABLE_STRING: uvarint length + 1 (0 = null). */
  compactString(): string | null {
    const n = this.uvarint() - 1;
    return n === -1 ? null : this.text(n);
  }
  /** BYTES / NULLABLE_BYTES: int32 length (-1 = null). */
  bytes(): Uint8Array | null {
    const n = this.int32();
    if (n < -1) throw new ProtocolError(`bytes length ${n} at byte ${this.pos - 4}`);
    return n === -1 ? null : this.raw(n);
  }
  compactBytes(): Uint8Array | null {
    const n = this.uvarint() - 1;
    return n === -1 ? null : this.raw(n);
  }
  /** An array's length: int32 (-1 = null) or compact (uvarint n + 1, 0 = null). */
  arrayLength(compact: boolean): number {
    const n = compact ? this.uvarint() - 1 : this.int32();
    if (n < -1) throw new ProtocolError(`array length ${n} at byte ${this.pos}`);
    // every element takes at least one byte: a length beyond what is left is malformed (not an allocation)
    if (n > this.remaining) throw new ProtocolError(`array of ${n} elements with ${this.remaining} bytes left`);
    return n;
  }
}

export class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private room(n: number): number {
    if (this.pos + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.pos + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const p = this.pos;
    this.pos += n;
    return p;
  }

  int8(v: number): void {
    const p = this.room(1);
    this.view.setInt8(p, v);
  }
  bool(v: boolean): void {
    this.int8(v ? 1 : 0);
  }
  int16(v: number): void {
    const p = this.room(2);
    this.view.setInt16(p, v);
  }
  uint16(v: number): void {
    const p = this.room(2);
    this.view.setUint16(p, v);
  }
  int32(v: number): void {
    const p = this.room(4);
    this.view.setInt32(p, v);
  }
  uint32(v: number): void {
    const p = this.room(4);
    this.view.setUint32(p, v);
  }
  int64(v: number): void {
    let b = BigInt(Math.trunc(v));
    if (b > INT64_MAX) b = INT64_MAX;
    if (b < INT64_MIN) b = INT64_MIN;
    const p = this.room(8);
    this.view.setBigInt64(p, b);
  }
  float64(v: number): void {
    const p = this.room(8);
    this.view.setFloat64(p, v);
  }
  uvarint(v: number): void {
    if (v < 0 || !Number.isInteger(v) || v > 0xffffffff) throw new ProtocolError(`unsigned varint out of range: ${v}`);
    while (v >= 0x80) {
      const p = this.room(1);
      this.buf[p] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    const p = this.room(1);
    this.buf[p] = v;
  }
  raw(b: Uint8Array): void {
    const p = this.room(b.length); // room() may grow the buffer: take the position first
    this.buf.set(b, p);
  }
  uuid(s: string): void {
    const b = fromBase64url(s);
    if (b.length !== 16) throw new ProtocolError(`a UUID is 16 bytes, got ${b.length}`);
    this.raw(b);
  }
  string(s: string | null): void {
    if (s === null) return this.int16(-1);
    const b = utf8.encode(s);
    if (b.length > 0x7fff) throw new ProtocolError(`string of ${b.length} bytes is too long`);
    this.int16(b.length);
    this.raw(b);
  }
  compactString(s: string | null): void {
    if (s === null) return this.uvarint(0);
    const b = utf8.encode(s);
    this.uvarint(b.length + 1);
    this.raw(b);
  }
  bytes(b: Uint8Array | null): void {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.raw(b);
  }
  compactBytes(b: Uint8Array | null): void {
    if (b === null) return this.uvarint(0);
    this.uvarint(b.length + 1);
    this.raw(b);
  }
  arrayLength(n: number | null, compact: boolean): void {
    if (compact) this.uvarint(n === null ? 0 : n + 1);
    else this.int32(n === null ? -1 : n);
  }

  /** The bytes written so far (a copy). */
  bytesOut(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Kafka's Uuid.toString(): URL-safe base64 without padding. */
export function base64url(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = i + 2 < b.length ? 4 : i + 1 < b.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64url(s: string): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new ProtocolError(`not base64url: ${s}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
