// How one simulated file is laid out in a FileStore: fixed-size pages of its cache bytes, the pages of its
// durable bytes where they differ from the cache, and a small metadata record with the lengths.
//   broker-<id>/<path>        metadata (FileShape + page size)
//   broker-<id>/<path>#<i>    cache bytes [i*P, (i+1)*P) clipped to the cache length
//   broker-<id>/<path>#d<i>   durable bytes of page i, only for pages overlapping [sharedLen, durableLen)
// Durable pages below sharedLen are the cache's own pages, so a synced file costs nothing extra.
import type { FileShape } from './disk/Journal';
import { readInt32 } from './format/bytes';

// 8 KiB: a save rewrites the partly filled last page of every growing file, so the page size is paid on each
// save; in Chromium IndexedDB time follows bytes written more than puts (measured: 32 KiB pages made the append
// benchmark ~1.6x slower than 8 KiB, 64 KiB ~2.5x). Larger values (>= 64 KiB) also go to slow blob files.
export const PAGE_BYTES = 8 * 1024;
export const META_VERSION = 2;
const META_BYTES = 2 + 4 * 8;
const HAS_DURABLE = 1;

export const metaKey = (broker: number, path: string) => `broker-${broker}/${path}`;
export const cachePageKey = (broker: number, path: string, i: number) => `broker-${broker}/${path}#${i}`;
export const durablePageKey = (broker: number, path: string, i: number) => `broker-${broker}/${path}#d${i}`;

/** Parses a key of this layout (page: null for the metadata record). */
export function parseKey(key: string): { broker: number; path: string; page: null | { durable: boolean; i: number } } | null {
  const m = /^broker-(\d+)\/([^#]+)(?:#(d?)(\d+))?$/.exec(key);
  if (!m) return null;
  return { broker: Number(m[1]), path: m[2], page: m[4] === undefined ? null : { durable: m[3] === 'd', i: Number(m[4]) } };
}

export const pageCount = (len: number, pageBytes: number) => Math.ceil(len / pageBytes);

/** Durable pages stored apart: [first, end), empty when durable bytes are all shared with the cache. */
export function durablePages(s: FileShape, pageBytes: number): [number, number] {
  if (s.durableLen < 0 || s.sharedLen >= s.durableLen) return [0, 0];
  return [Math.floor(s.sharedLen / pageBytes), pageCount(s.durableLen, pageBytes)];
}

export function encodeMeta(s: FileShape, pageBytes: number): Uint8Array {
  const out = new Uint8Array(META_BYTES);
  const v = new DataView(out.buffer);
  out[0] = META_VERSION;
  out[1] = s.durableLen >= 0 ? HAS_DURABLE : 0;
  v.setFloat64(2, pageBytes);
  v.setFloat64(10, s.cacheLen);
  v.setFloat64(18, Math.max(0, s.durableLen));
  v.setFloat64(26, s.sharedLen);
  return out;
}

export function decodeMeta(b: Uint8Array, key: string): { shape: FileShape; pageBytes: number } {
  if (b.length !== META_BYTES || b[0] !== META_VERSION)
    throw new Error(`saved file ${key}: not a version ${META_VERSION} metadata record (${b.length} bytes, version byte ${b[0]})`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const [pageBytes, cacheLen, durable, sharedLen] = [2, 10, 18, 26].map((o) => v.getFloat64(o));
  const shape = { cacheLen, durableLen: b[1] & HAS_DURABLE ? durable : -1, sharedLen };
  const ok = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (
    !ok(pageBytes) ||
    pageBytes === 0 ||
    !ok(cacheLen) ||
    !ok(durable) ||
    !ok(sharedLen) ||
    (shape.durableLen >= 0 && sharedLen > Math.min(cacheLen, durable))
  ) {
    throw new Error(`saved file ${key}: inconsistent metadata (page ${pageBytes}, cache ${cacheLen}, durable ${shape.durableLen}, shared ${sharedLen})`);
  }
  return { shape, pageBytes };
}

/** One saved file's records, as read back: metadata and pages by number. */
export interface Saved {
  meta?: Uint8Array;
  cache: Map<number, Uint8Array>;
  durable: Map<number, Uint8Array>;
}

/** Reads a file's pages back into its cache and durable bytes, checking every page is there and whole. */
export function assemble(key: string, shape: FileShape, P: number, s: Saved): { cache: Uint8Array; durable: Uint8Array | null } {
  const page = (m: Map<number, Uint8Array>, i: number, len: number, what: string) => {
    const v = m.get(i);
    const want = Math.min(P, len - i * P);
    if (!v || v.length !== want) throw new Error(`saved file ${key}: ${what} page ${i} is ${v ? `${v.length} bytes, expected ${want}` : 'missing'}`);
    return v;
  };
  const cache = new Uint8Array(shape.cacheLen);
  for (let i = 0; i < pageCount(shape.cacheLen, P); i++) cache.set(page(s.cache, i, shape.cacheLen, 'cache'), i * P);
  if (shape.durableLen < 0) return { cache, durable: null };
  const durable = new Uint8Array(shape.durableLen);
  const [first, end] = durablePages(shape, P);
  for (let i = 0; i < pageCount(shape.durableLen, P); i++) {
    if (i >= first && i < end) durable.set(page(s.durable, i, shape.durableLen, 'durable'), i * P);
    else durable.set(cache.subarray(i * P, Math.min((i + 1) * P, shape.durableLen)), i * P);
  }
  return { cache, durable };
}

/** The first format (version byte 1): one record per file, cache bytes then durable bytes. Read only. */
export function decodeSnapshotV1(b: Uint8Array, key: string): { cache: Uint8Array; durable: Uint8Array | null } {
  const bad = (why: string) => new Error(`saved file ${key}: ${why}`);
  if (b.length < 10) throw bad(`${b.length} bytes is too short`);
  const cacheLen = readInt32(b, 2);
  if (cacheLen < 0 || 10 + cacheLen > b.length) throw bad(`cache length ${cacheLen} does not fit ${b.length} bytes`);
  const cache = b.slice(6, 6 + cacheLen);
  const durableLen = readInt32(b, 6 + cacheLen);
  if (durableLen < 0 || 10 + cacheLen + durableLen !== b.length) throw bad(`durable length ${durableLen} does not fit`);
  const durable = b[1] & 1 ? (b[1] & 2 ? cache : b.slice(10 + cacheLen)) : null;
  return { cache, durable };
}
