import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { crc32c } from '../../src/storage/format/crc32c';
import {
  readVarint,
  readVarlong,
  readVarlongBig,
  sizeOfVarint,
  sizeOfVarlong,
  writeVarint,
  writeVarlong,
  writeVarlongBig,
} from '../../src/storage/format/varint';
import { CorruptRecordError, decodeRecordBatch, encodeRecordBatch, HEADER_SIZE, type RecordInput } from '../../src/storage/format/recordBatch';
import { kafkajsDecode, kafkajsEncode, kjs, type KjsRecordInput } from './kafkajs';
import { te, td } from './helpers';

const vectorsDir = new URL('./vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('vectors.json', vectorsDir), 'utf8')) as {
  name: string;
  baseOffset: number;
  epoch: number;
  baseTimestamp: number;
  file: string;
  size: number;
  gzip?: boolean;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  records: KjsRecordInput[];
}[];

function toOurs(records: KjsRecordInput[], baseTs: number): RecordInput[] {
  return records.map((r) => ({
    key: r.key === null ? null : te.encode(r.key),
    value: r.value === null ? null : te.encode(r.value),
    timestamp: baseTs + r.timestampDelta,
    headers: Object.entries(r.headers ?? {}).map(([key, v]) => ({ key, value: te.encode(v) })),
  }));
}

// xorshift so the "random" cases are the same on every run
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

describe('crc32c', () => {
  it('matches the CRC-32C check value and kafkajs on random buffers of every alignment', () => {
    expect(crc32c(te.encode('123456789'))).toBe(0xe3069283); // the standard check value of CRC-32C
    const rnd = prng(7);
    for (let len = 0; len < 100; len++) {
      const b = new Uint8Array(len).map(() => Math.floor(rnd() * 256));
      expect(crc32c(b)).toBe(kjs.crc32C(Buffer.from(b)) >>> 0);
    }
    const big = new Uint8Array(100000).map((_, i) => (i * 31) ^ (i >> 3));
    expect(crc32c(big)).toBe(kjs.crc32C(Buffer.from(big)) >>> 0);
    expect(crc32c(big, 10, 5000)).toBe(kjs.crc32C(Buffer.from(big.subarray(10, 5000))) >>> 0);
  });
});

describe('varint / varlong', () => {
  const ints = [0, 1, -1, 63, -64, 64, -65, 127, 128, 300, -300, 8191, 16384, 2 ** 20, 2 ** 30, 2 ** 31 - 1, -(2 ** 31)];
  it('varint bytes equal kafkajs and decode back', () => {
    for (const v of ints) {
      const k = new Uint8Array(new kjs.Encoder().writeVarInt(v).buffer);
      const ours = new Uint8Array(5);
      const end = writeVarint(ours, 0, v);
      expect(ours.subarray(0, end)).toEqual(k);
      expect(sizeOfVarint(v)).toBe(k.length);
      const r = { pos: 0 };
      expect(readVarint(k, r, k.length)).toBe(v);
      expect(r.pos).toBe(k.length);
    }
  });
  it('varlong handles int64 timestamps exactly, as kafkajs encodes them', () => {
    const longs = [...ints, 2 ** 31, -(2 ** 31) - 1, 1700000000000, -1700000000000, 2 ** 52, -(2 ** 52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (const v of longs) {
      const k = new Uint8Array(new kjs.Encoder().writeVarLong(kjs.Long.fromValue(v)).buffer);
      const ours = new Uint8Array(10);
      const end = writeVarlong(ours, 0, v);
      expect(Array.from(ours.subarray(0, end)), String(v)).toEqual(Array.from(k));
      expect(sizeOfVarlong(v)).toBe(k.length);
      expect(readVarlong(k, { pos: 0 }, k.length)).toBe(v);
    }
    for (const s of ['9223372036854775807', '-9223372036854775808']) {
      const k = new Uint8Array(new kjs.Encoder().writeVarLong(kjs.Long.fromString(s)).buffer);
      expect(readVarlongBig(k, { pos: 0 }, k.length)).toBe(BigInt(s));
      const ours = new Uint8Array(10);
      expect(Array.from(ours.subarray(0, writeVarlongBig(ours, 0, BigInt(s))))).toEqual(Array.from(k));
    }
  });
  it('rejects truncated and over-long varints', () => {
    expect(() => readVarint(new Uint8Array([0x80, 0x80]), { pos: 0 }, 2)).toThrow(/past the end/);
    expect(() => readVarint(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), { pos: 0 }, 6)).toThrow(/longer than 5/);
  });
});

describe('RecordBatch v2', () => {
  it('worked sizes: "k"/"v" is a 9-byte record in a 70-byte batch; null/"hello" is 12 in 73', () => {
    const a = encodeRecordBatch({ baseOffset: 0, records: [{ key: te.encode('k'), value: te.encode('v'), timestamp: 0 }] });
    expect(a.length).toBe(70);
    expect(decodeRecordBatch(a).records[0].sizeInBytes).toBe(9);
    const b = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: te.encode('hello'), timestamp: 0 }] });
    expect(b.length).toBe(73);
    expect(decodeRecordBatch(b).records[0].sizeInBytes).toBe(12);
    expect(HEADER_SIZE).toBe(61);
  });

  it('encodes the checked-in kafkajs vectors byte for byte (gzip ones: decodes them)', () => {
    for (const v of vectors) {
      const bytes = new Uint8Array(readFileSync(new URL(v.file, vectorsDir)));
      expect(bytes.length).toBe(v.size);
      if (!v.gzip) {
        const ours = encodeRecordBatch({
          baseOffset: v.baseOffset,
          partitionLeaderEpoch: v.epoch,
          records: toOurs(v.records, v.baseTimestamp),
          producerId: v.producerId ?? -1,
          producerEpoch: v.producerEpoch ?? 0,
          baseSequence: v.baseSequence ?? 0,
        });
        expect(Buffer.from(ours).toString('hex'), v.name).toBe(Buffer.from(bytes).toString('hex'));
      }
      const d = decodeRecordBatch(bytes);
      expect(d.compression).toBe(v.gzip ? 'gzip' : 'none');
      expect(d.header.baseOffset).toBe(v.baseOffset);
      expect(d.header.partitionLeaderEpoch).toBe(v.epoch);
      expect(d.records.map((r) => [r.key && td.decode(r.key), r.value && td.decode(r.value), r.timestamp - v.baseTimestamp, r.offset - v.baseOffset])).toEqual(
        v.records.map((r, i) => [r.key, r.value, r.timestampDelta, i]),
      );
      expect(d.records.map((r) => Object.fromEntries(r.headers.map((h) => [h.key, td.decode(h.value!)])))).toEqual(v.records.map((r) => r.headers ?? {}));
    }
  });

  for (const gzip of [false, true]) {
    it(`kafkajs decodes our batches (${gzip ? 'gzip' : 'none'}) with every header field and a valid CRC`, async () => {
      const records: RecordInput[] = [
        { key: te.encode('a'), value: te.encode('x'.repeat(300)), timestamp: 1700000000000, headers: [{ key: 'h', value: te.encode('1') }] },
        { key: null, value: null, timestamp: 1700000000500 },
        { key: te.encode('c'), value: te.encode('z'), timestamp: 1699999999000 },
      ];
      const bytes = encodeRecordBatch({
        baseOffset: 5000000000,
        partitionLeaderEpoch: 12,
        records,
        compression: gzip ? 'gzip' : 'none',
        producerId: 77,
        producerEpoch: 2,
        baseSequence: 40,
        transactional: true,
      });
      const k = await kafkajsDecode(bytes);
      expect(k.firstOffset).toBe('5000000000');
      expect(k.partitionLeaderEpoch).toBe(12);
      expect(k.lastOffsetDelta).toBe(2);
      expect(k.firstTimestamp).toBe('1700000000000');
      expect(k.maxTimestamp).toBe('1700000000500');
      expect([k.producerId, k.producerEpoch, k.firstSequence, k.inTransaction, k.isControlBatch]).toEqual(['77', 2, 40, true, false]);
      expect(k.records.map((r: any) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
        ['5000000000', '1700000000000', 'a', 'x'.repeat(300)],
        ['5000000001', '1700000000500', null, null],
        ['5000000002', '1699999999000', 'c', 'z'],
      ]);
      expect(k.records[0].headers.h.toString()).toBe('1');
      // the stored CRC is kafkajs's CRC-32C of attributes..end
      expect(Buffer.from(bytes).readUInt32BE(17)).toBe(kjs.crc32C(Buffer.from(bytes.subarray(21))) >>> 0);
      if (gzip) expect(bytes.length).toBeLessThan(300); // the 300 x's compress
    });

    it(`we decode kafkajs's batches (${gzip ? 'gzip' : 'none'})`, async () => {
      const input = {
        baseOffset: 42,
        epoch: 3,
        baseTimestamp: 1234567890123,
        gzip,
        producerId: 9,
        producerEpoch: 1,
        baseSequence: 5,
        records: [
          { key: 'k1', value: 'v'.repeat(200), timestampDelta: 0, headers: { x: 'y' } },
          { key: null, value: 'w', timestampDelta: 7 },
        ],
      };
      const bytes = await kafkajsEncode(input);
      const d = decodeRecordBatch(bytes); // validates the CRC kafkajs wrote
      expect(d.compression).toBe(gzip ? 'gzip' : 'none');
      expect([d.header.baseOffset, d.header.partitionLeaderEpoch, d.header.producerId, d.header.producerEpoch, d.header.baseSequence, d.lastOffset]).toEqual([
        42, 3, 9, 1, 5, 43,
      ]);
      expect(d.records.map((r) => [r.offset, r.timestamp, r.key && td.decode(r.key), r.value && td.decode(r.value)])).toEqual([
        [42, 1234567890123, 'k1', 'v'.repeat(200)],
        [43, 1234567890130, null, 'w'],
      ]);
      expect(d.records[0].headers).toEqual([{ key: 'x', value: te.encode('y') }]);
    });
  }

  it('sets the attribute bits kafkajs reads: control, LogAppendTime', async () => {
    const bytes = encodeRecordBatch({
      baseOffset: 0,
      records: [{ key: null, value: null, timestamp: 5 }],
      control: true,
      logAppendTime: true,
      maxTimestamp: 99,
    });
    const k = await kafkajsDecode(bytes);
    expect(k.isControlBatch).toBe(true);
    expect(k.timestampType).toBe(1); // LOG_APPEND_TIME
    const d = decodeRecordBatch(bytes);
    expect([d.control, d.timestampType, d.records[0].timestamp]).toEqual([true, 'LogAppendTime', 99]);
  });

  it('detects every flipped byte covered by the CRC or the framing, naming the byte', () => {
    const bytes = encodeRecordBatch({
      baseOffset: 10,
      partitionLeaderEpoch: 1,
      records: [
        { key: te.encode('key'), value: te.encode('value'), timestamp: 1 },
        { key: null, value: te.encode('v2'), timestamp: 2 },
      ],
    });
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0x40;
      if (i < 8 || (i >= 12 && i < 16)) {
        // baseOffset and partitionLeaderEpoch are outside the CRC on purpose (rewritten by the leader)
        expect(() => decodeRecordBatch(bad)).not.toThrow();
        continue;
      }
      let err: unknown = null;
      try {
        decodeRecordBatch(bad);
      } catch (e) {
        err = e;
      }
      expect(err, `byte ${i}`).toBeInstanceOf(CorruptRecordError);
      const pos = (err as CorruptRecordError).position;
      if (i >= 8 && i < 12) expect(pos).toBe(8);
      else if (i === 16) expect(pos).toBe(16);
      else expect(pos).toBe(17); // CRC mismatch
    }
  });

  it('reports truncation at the batch length', () => {
    const bytes = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: te.encode('hello'), timestamp: 0 }] });
    expect(() => decodeRecordBatch(bytes.subarray(0, 40))).toThrow(/runs past the end/);
    expect(() => decodeRecordBatch(bytes.subarray(0, 5))).toThrow(/fewer than the 12-byte/);
  });

  it('finds bad record framing behind a valid CRC', () => {
    const bytes = encodeRecordBatch({ baseOffset: 0, records: [{ key: null, value: te.encode('hello'), timestamp: 0 }] });
    bytes[57 + 3] = 2; // claim two records
    bytes.set(new Uint8Array(new DataView(new ArrayBuffer(4)).buffer), 17);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(17, crc32c(bytes, 21));
    expect(() => decodeRecordBatch(bytes)).toThrow(CorruptRecordError);
  });
});
