import { describe, it, expect } from 'vitest';
import { encodeOffsetEntry, lookupOffset, offsetEntriesBelow } from '../../src/storage/format/offsetIndex';
import { encodeTimeEntry, lookupTimestamp } from '../../src/storage/format/timeIndex';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('OffsetIndex (.index)', () => {
  it('writes 8-byte big-endian (relative offset, position) entries', () => {
    // The article's example entry "3,497" in segment 368769: relative offset 3 = absolute 368772.
    const e = encodeOffsetEntry(368769, 368772, 497);
    expect(Array.from(e)).toEqual([0, 0, 0, 3, 0, 0, 0x01, 0xf1]);
  });

  it('finds the greatest entry <= target by binary search and reports the probes', () => {
    const base = 1000;
    const entries = Array.from({ length: 100 }, (_, i) => ({ offset: base + 10 + i * 10, position: 100 + i * 4096 }));
    const buf = concat(entries.map((e) => encodeOffsetEntry(base, e.offset, e.position)));
    expect(buf.length).toBe(800);
    for (const target of [base, base + 9, base + 10, base + 15, base + 505, base + 1000, base + 5000]) {
      const { entry, probes } = lookupOffset(buf, base, target);
      const expected = entries.filter((e) => e.offset <= target).pop() ?? null;
      expect(entry).toEqual(expected);
      expect(probes.length).toBeLessThanOrEqual(Math.ceil(Math.log2(101)));
      expect(probes[0]).toEqual(entries[49]); // the first probe is the middle entry
    }
    expect(lookupOffset(new Uint8Array(0), base, 5).probes).toEqual([]);
    expect(offsetEntriesBelow(buf, base, base + 30)).toBe(2);
  });
});

describe('TimeIndex (.timeindex)', () => {
  it('writes 12-byte (timestamp int64, relative offset) entries and looks up the greatest timestamp <= target', () => {
    const e = encodeTimeEntry(100, 1700000000000, 105);
    expect(e.length).toBe(12);
    expect(Buffer.from(e).readBigInt64BE(0)).toBe(1700000000000n);
    expect(Buffer.from(e).readInt32BE(8)).toBe(5);
    const buf = concat([encodeTimeEntry(100, 10, 101), encodeTimeEntry(100, 20, 105), encodeTimeEntry(100, 30, 109)]);
    expect(lookupTimestamp(buf, 100, 25).entry).toEqual({ timestamp: 20, offset: 105 });
    expect(lookupTimestamp(buf, 100, 5).entry).toBeNull();
    expect(lookupTimestamp(buf, 100, 99).entry).toEqual({ timestamp: 30, offset: 109 });
  });
});
