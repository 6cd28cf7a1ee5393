// Gzip bombs for Inspect's limits: a RecordBatch v2 whose gzip records field inflates to a run of zero bytes.
// Built bit by bit without inflating anything (RFC 1951): one final dynamic-Huffman block whose codes give the
// length-258 symbol and distance 1 a single 0 bit each, so after one literal zero every 258 bytes of output
// cost 2 bits of input (~1032:1, deflate's most).
import { crc32c } from '../../src/storage/format/crc32c';
import { encodeRecordBatch, HEADER_SIZE } from '../../src/storage/format/recordBatch';
import { writeInt32 } from '../../src/storage/format/bytes';

class Bits {
  bit = 0;
  constructor(readonly buf: Uint8Array) {}
  /** `n` bits of `v`, least significant first (deflate's header fields and extra bits) */
  put(v: number, n: number): void {
    for (let i = 0; i < n; i++, this.bit++) if ((v >>> i) & 1) this.buf[this.bit >>> 3] |= 1 << (this.bit & 7);
  }
  /** a Huffman code, most significant bit first */
  code(c: number, len: number): void {
    for (let i = len - 1; i >= 0; i--, this.bit++) if ((c >>> i) & 1) this.buf[this.bit >>> 3] |= 1 << (this.bit & 7);
  }
}

/** gzip bytes that inflate to 1 + 258 * ceil((inflated - 1) / 258) zero bytes. */
export function gzipZeros(inflated: number): Uint8Array {
  const pairs = Math.max(0, Math.ceil((inflated - 1) / 258));
  const bodyBits = 200 + 2 + 2 * pairs + 2;
  const out = new Uint8Array(10 + Math.ceil(bodyBits / 8) + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255], 0);
  const w = new Bits(out.subarray(10));
  w.put(1, 1);
  w.put(2, 2); // BFINAL, BTYPE=10 (dynamic Huffman)
  w.put(286 - 257, 5);
  w.put(1 - 1, 5);
  w.put(18 - 4, 4); // HLIT, HDIST, HCLEN
  // code-length code lengths in RFC 1951's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: 18 → 1 bit, 1 and 2 → 2 bits
  for (const len of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) w.put(len, 3);
  // canonical codes: 18 = 0, 1 = 10, 2 = 11
  const cl1 = () => w.code(0b10, 2),
    cl2 = () => w.code(0b11, 2),
    zeros = (n: number) => {
      w.code(0, 1);
      w.put(n - 11, 7);
    };
  cl2();
  zeros(138);
  zeros(117); // literal 0: 2 bits; literals 1..255: none
  cl2();
  zeros(28); // end of block (256): 2 bits; lengths 257..284: none
  cl1(); // length code 285 (258 bytes): 1 bit
  cl1(); // distance code 0 (distance 1): 1 bit
  // lit/len codes: 285 = 0, 0 = 10, 256 = 11; distance 0 = 0
  w.code(0b10, 2); // one literal zero
  w.bit += 2 * pairs; // (258, distance 1) pairs: all zero bits, already there
  w.code(0b11, 2); // end of block
  // trailer right after the last byte of the block: CRC-32 left at 0 (a bomb is refused before its trailer is
  // read), ISIZE mod 2^32
  const n = 10 + Math.ceil(w.bit / 8) + 8;
  const isize = (1 + 258 * pairs) >>> 0;
  out[n - 4] = isize & 255;
  out[n - 3] = (isize >>> 8) & 255;
  out[n - 2] = (isize >>> 16) & 255;
  out[n - 1] = isize >>> 24;
  return out.subarray(0, n);
}

/** A gzip record batch at `baseOffset` whose records field is `gz`, with a valid CRC-32C. */
export function gzipBatchWith(gz: Uint8Array, baseOffset = 0): Uint8Array {
  const template = encodeRecordBatch({ baseOffset, compression: 'gzip', records: [{ key: null, value: new Uint8Array(1), timestamp: 1 }] });
  const out = new Uint8Array(HEADER_SIZE + gz.length);
  out.set(template.subarray(0, HEADER_SIZE), 0);
  out.set(gz, HEADER_SIZE);
  writeInt32(out, 8, out.length - 12);
  const crc = crc32c(out, 21, out.length);
  out[17] = crc >>> 24;
  out[18] = (crc >>> 16) & 255;
  out[19] = (crc >>> 8) & 255;
  out[20] = crc & 255;
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
