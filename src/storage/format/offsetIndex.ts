// The .index file (Kafka's OffsetIndex): 8-byte entries, 4-byte offset relative to the segment's base offset
// + 4-byte byte position of a batch in the .log, big-endian, sorted by offset. Sparse: one entry per
// index.interval.bytes of log. Lookup = greatest entry <= target (Kafka's largestLowerBoundSlotFor).
import { readInt32, writeInt32 } from './bytes';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export interface IndexLookup<E> {
  entry: E | null; // null: target is below the first entry, start from the segment's first byte
  probes: E[]; // entries the binary search read, in order
}

export function encodeOffsetEntry(baseOffset: number, offset: number, position: number): Uint8Array {
  const b = new Uint8Array(OFFSET_INDEX_ENTRY_SIZE);
  writeOffsetEntry(b, 0, baseOffset, offset, position);
  return b;
}

export function writeOffsetEntry(buf: Uint8Array, pos: number, baseOffset: number, offset: number, position: number): void {
  const rel = offset - baseOffset;
  if (rel < 0 || rel > 0x7fffffff) throw new RangeError(`offset ${offset} does not fit an index of base ${baseOffset}`);
  writeInt32(buf, pos, rel);
  writeInt32(buf, pos + 4, position);
}

export function offsetEntryAt(buf: Uint8Array, i: number, baseOffset: number): OffsetPosition {
  const p = i * OFFSET_INDEX_ENTRY_SIZE;
  return { offset: baseOffset + readInt32(buf, p), position: readInt32(buf, p + 4) };
}

export function offsetIndexEntries(buf: Uint8Array): number {
  return Math.floor(buf.length / OFFSET_INDEX_ENTRY_SIZE);
}

export function lookupOffset(buf: Uint8Array, baseOffset: number, target: number): IndexLookup<OffsetPosition> {
  const probes: OffsetPosition[] = [];
  let lo = 0;
  let hi = offsetIndexEntries(buf) - 1;
  let found: OffsetPosition | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const e = offsetEntryAt(buf, mid, baseOffset);
    probes.push(e);
    if (e.offset <= target) {
      found = e;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return { entry: found, probes };
}

/** Entries to keep when truncating to `offset` (Kafka's OffsetIndex.truncateTo: drop entries >= offset). */
export function offsetEntriesBelow(buf: Uint8Array, baseOffset: number, offset: number): number {
  let n = offsetIndexEntries(buf);
  while (n > 0 && offsetEntryAt(buf, n - 1, baseOffset).offset >= offset) n--;
  return n;
}
