/**
 * Kafka's topic ids (org.apache.kafka.common.Uuid): 128 bits written as 22 characters of URL-safe base64 without
 * padding. The server-side assignors iterate HashSets of topic ids and sort by them, so their hashCode and
 * compareTo decide Kafka's exact answers:
 *   hashCode  = (int) (xor >> 32) ^ (int) xor, with xor = mostSignificantBits ^ leastSignificantBits;
 *   compareTo = signed comparison of mostSignificantBits, then of leastSignificantBits.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export interface UuidBits {
  msb: bigint; // signed 64-bit
  lsb: bigint;
}

/** Uuid.fromString: base64url (no padding) to 16 bytes. */
export function uuidFromString(s: string): UuidBits {
  if (s.length > 24) throw new Error(`Input string with prefix \`${s.slice(0, 24)}\` is too long to be decoded as a base64 UUID`);
  let bits = 0n;
  let n = 0;
  for (const c of s.replace(/=+$/, '')) {
    const v = B64.indexOf(c);
    if (v < 0) throw new Error(`Input string \`${s}\` is not base64url`);
    bits = (bits << 6n) | BigInt(v);
    n += 6;
  }
  const bytes = Math.floor(n / 8);
  if (bytes !== 16) throw new Error(`Input string \`${s}\` decoded as ${bytes} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID`);
  bits >>= BigInt(n - 128); // drop the padding bits of the last character
  return { msb: BigInt.asIntN(64, bits >> 64n), lsb: BigInt.asIntN(64, bits) };
}

/** Uuid.toString */
export function uuidToString(u: UuidBits): string {
  let bits = (BigInt.asUintN(64, u.msb) << 64n) | BigInt.asUintN(64, u.lsb);
  bits <<= 4n; // 128 bits -> 22 six-bit characters (132 bits)
  let out = '';
  for (let i = 21; i >= 0; i--) out += B64[Number((bits >> BigInt(6 * i)) & 63n)];
  return out;
}

/** Uuid.hashCode */
export function uuidHashCode(id: string): number {
  const { msb, lsb } = uuidFromString(id);
  const xor = msb ^ lsb;
  return Number(BigInt.asIntN(32, xor >> 32n)) ^ Number(BigInt.asIntN(32, xor));
}

/** Uuid.compareTo */
export function compareUuids(a: string, b: string): number {
  const x = uuidFromString(a);
  const y = uuidFromString(b);
  if (x.msb !== y.msb) return x.msb > y.msb ? 1 : -1;
  if (x.lsb !== y.lsb) return x.lsb > y.lsb ? 1 : -1;
  return 0;
}

/**
 * Uuid.randomUuid from a seeded source: a version-4 UUID (java.util.UUID.randomUUID's bit layout), never 0 or 1
 * (Uuid.RESERVED) and never written with a leading '-'.
 */
export function randomUuid(nextUint32: () => number): string {
  for (;;) {
    const words = [nextUint32(), nextUint32(), nextUint32(), nextUint32()].map((w) => BigInt(w >>> 0));
    let msb = (words[0] << 32n) | words[1];
    let lsb = (words[2] << 32n) | words[3];
    msb = (msb & ~0xf000n) | 0x4000n; // version 4
    lsb = (lsb & ~0xc000000000000000n) | 0x8000000000000000n; // IETF variant
    const s = uuidToString({ msb: BigInt.asIntN(64, msb), lsb: BigInt.asIntN(64, lsb) });
    if (!s.startsWith('-')) return s;
  }
}
