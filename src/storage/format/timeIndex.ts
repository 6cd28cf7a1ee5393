// The .timeindex file (Kafka's TimeIndex): 12-byte entries, 8-byte timestamp + 4-byte offset relative to the
// segment's base, big-endian. Entries only ever grow in timestamp (maybeAppend skips a non-increasing one).
// Lookup = greatest entry with timestamp <= target.
import { readInt32, readInt64, writeInt32, writeInt64 } from './bytes';
import type { IndexLookup } from './offsetIndex';

export const TIME_INDEX_ENTRY_SIZE = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export function encodeTimeEntry(baseOffset: number, timestamp: number, offset: number): Uint8Array {
  const b = new Uint8Array(TIME_INDEX_ENTRY_SIZE);
  const rel = offset - baseOffset;
  if (rel < 0 || rel > 0x7fffffff) throw new RangeError(`offset ${offset} does not fit a time index of base ${baseOffset}`);
  writeInt64(b, 0, timestamp);
  writeInt32(b, 8, rel);
  return b;
}

export function timeEntryAt(buf: Uint8Array, i: number, baseOffset: number): TimestampOffset {
  const p = i * TIME_INDEX_ENTRY_SIZE;
  return { timestamp: readInt64(buf, p), offset: baseOffset + readInt32(buf, p + 8) };
}

export function timeIndexEntries(buf: Uint8Array): number {
  return Math.floor(buf.length / TIME_INDEX_ENTRY_SIZE);
}

export function lookupTimestamp(buf: Uint8Array, baseOffset: number, target: number): IndexLookup<TimestampOffset> {
  const probes: TimestampOffset[] = [];
  let lo = 0;
  let hi = timeIndexEntries(buf) - 1;
  let found: TimestampOffset | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const e = timeEntryAt(buf, mid, baseOffset);
    probes.push(e);
    if (e.timestamp <= target) {
      found = e;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return { entry: found, probes };
}

/** Entries to keep when truncating to `offset`: drop entries whose offset >= offset. */
export function timeEntriesBelow(buf: Uint8Array, baseOffset: number, offset: number): number {
  let n = timeIndexEntries(buf);
  while (n > 0 && timeEntryAt(buf, n - 1, baseOffset).offset >= offset) n--;
  return n;
}
