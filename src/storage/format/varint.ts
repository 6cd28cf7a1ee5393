// Zigzag varints as in Kafka's ByteUtils (protobuf encoding): 7 bits per byte, low group first,
// high bit = "more". Varint is int32 (at most 5 bytes); varlong is int64 (at most 10 bytes).
// Varlong uses number arithmetic (exact while the zigzag value stays below 2^53) and falls back to
// bigint beyond, so any int64 timestamp delta round-trips.

export class VarintError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const TWO_53 = 9007199254740992;

export function sizeOfVarint(v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (z >= 0x80) {
    z >>>= 7;
    n++;
  }
  return n;
}

export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0;
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[pos++] = z;
  return pos;
}

/** Reads a varint at r.pos and advances it. Throws past `end` or after 5 bytes (as Kafka does). */
export function readVarint(buf: Uint8Array, r: { pos: number }, end: number): number {
  let z = 0;
  let shift = 0;
  let p = r.pos;
  for (;;) {
    if (p >= end) throw new VarintError('varint runs past the end of its buffer', p);
    const b = buf[p++];
    z |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
    if (shift > 28) throw new VarintError('varint longer than 5 bytes', r.pos);
  }
  r.pos = p;
  return (z >>> 1) ^ -(z & 1);
}

function zigzag64(v: number): number | bigint {
  if (Number.isInteger(v) && Math.abs(v) < TWO_53 / 2) return v >= 0 ? v * 2 : -v * 2 - 1;
  const b = BigInt(v);
  return BigInt.asUintN(64, (b << 1n) ^ (b >> 63n));
}

export function sizeOfVarlong(v: number): number {
  if (v >= -0x40000000 && v < 0x40000000) return sizeOfVarint(v);
  let z = zigzag64(v);
  let n = 1;
  if (typeof z === 'bigint') {
    while (z >= 0x80n) {
      z >>= 7n;
      n++;
    }
    return n;
  }
  while (z >= 0x80) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

export function writeVarlong(buf: Uint8Array, pos: number, v: number): number {
  if (v >= -0x40000000 && v < 0x40000000) return writeVarint(buf, pos, v);
  let z = zigzag64(v);
  if (typeof z === 'bigint') {
    while (z >= 0x80n) {
      buf[pos++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    buf[pos++] = Number(z);
    return pos;
  }
  while (z >= 0x80) {
    buf[pos++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[pos++] = z;
  return pos;
}

/** Reads a varlong; values beyond ±2^53 are returned rounded (bigint decode) — see readVarlongBig for exact. */
export function readVarlong(buf: Uint8Array, r: { pos: number }, end: number): number {
  const p0 = r.pos;
  let z = 0;
  let mul = 1;
  let p = p0;
  for (let i = 0; ; i++) {
    if (p >= end) throw new VarintError('varlong runs past the end of its buffer', p);
    if (i >= 10) throw new VarintError('varlong longer than 10 bytes', p0);
    const b = buf[p++];
    z += (b & 0x7f) * mul;
    if (b < 0x80) break;
    mul *= 128;
  }
  if (z >= TWO_53) {
    r.pos = p0;
    return Number(readVarlongBig(buf, r, end));
  }
  r.pos = p;
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

export function readVarlongBig(buf: Uint8Array, r: { pos: number }, end: number): bigint {
  let z = 0n;
  let shift = 0n;
  let p = r.pos;
  for (let i = 0; ; i++) {
    if (p >= end) throw new VarintError('varlong runs past the end of its buffer', p);
    if (i >= 10) throw new VarintError('varlong longer than 10 bytes', r.pos);
    const b = buf[p++];
    z |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7n;
  }
  r.pos = p;
  z = BigInt.asUintN(64, z);
  return BigInt.asIntN(64, (z >> 1n) ^ -(z & 1n));
}

export function writeVarlongBig(buf: Uint8Array, pos: number, v: bigint): number {
  let z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  while (z >= 0x80n) {
    buf[pos++] = Number(z & 0x7fn) | 0x80;
    z >>= 7n;
  }
  buf[pos++] = Number(z);
  return pos;
}
