// Inspect's bounds on a stranger's file (issue 15): a gzip batch may not inflate past INSPECT_LIMITS.batchInflatedBytes
// (a 1.5 MB .log whose batch inflates to 1.5 GB is refused at 8 MiB, not inflated), a file inflates at most
// fileInflatedBytes plus one batch (later batches are checked and counted), and what is shown is cut to size.
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gunzipCapped, InflateLimitError } from '../../src/storage/format/gunzipCapped';
import { decodeRecordBatch, encodeRecordBatch, setBaseOffset } from '../../src/storage/format/recordBatch';
import { INSPECT_LIMITS, inspectLog } from '../../src/storage/inspect';
import { errorText, inspectBytes } from '../../src/ui/inspect/model';
import { makeIT } from '../../src/ui/inspect/strings';
import { concat, gzipBatchWith, gzipZeros } from './gzipBomb';

const NAME = '00000000000000000000.log';
const MiB = 1024 * 1024;
const batch = (baseOffset: number, value = `v${baseOffset}`, compression: 'none' | 'gzip' = 'none') =>
  encodeRecordBatch({ baseOffset, compression, records: [{ key: null, value: new TextEncoder().encode(value), timestamp: 1000 + baseOffset }] });

describe('gunzipCapped', () => {
  it('gives what gunzipSync gives, under the limit', () => {
    const text = new TextEncoder().encode('a record value, '.repeat(5000));
    const gz = gzipSync(text);
    expect(gunzipCapped(gz, text.length)).toEqual(gunzipSync(gz));
  });

  it('stops past the limit with InflateLimitError, and refuses cut-off or foreign data', () => {
    const gz = gzipSync(new Uint8Array(100_000));
    expect(() => gunzipCapped(gz, 99_999)).toThrow(InflateLimitError);
    expect(() => gunzipCapped(gz, 99_999)).toThrow('gzip data decompresses to more than 99999 bytes');
    expect(() => gunzipCapped(gz.subarray(0, gz.length - 3), 1e6)).toThrow();
    expect(() => gunzipCapped(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]), 1e6)).toThrow();
  });

  it('the test bomb is what it claims: zeros, about 1032:1', () => {
    const gz = gzipZeros(4 * MiB);
    const out = gunzipSync(gz);
    expect(out.length).toBeGreaterThanOrEqual(4 * MiB);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(out.length / gz.length).toBeGreaterThan(1000);
  });
});

describe('a gzip bomb in a .log', () => {
  it('a 1.5 MB .log whose batch inflates to 1.5 GB: refused at the batch limit; the batch before it is shown', () => {
    const bomb = gzipBatchWith(gzipZeros(1536 * MiB), 1);
    const file = concat([batch(0), bomb]);
    expect(file.length).toBeLessThan(1.6e6);
    const r = inspectLog(NAME, file, INSPECT_LIMITS);
    expect(r.batches.map((b) => b.header.baseOffset)).toEqual([0]);
    expect(r.error!.message).toBe(
      `${NAME} at byte ${batch(0).length + 61}: gzip data decompresses to more than ${8 * MiB} bytes (batch at byte ${batch(0).length})`,
    );
    expect(r.failedBatch?.baseOffset).toBe(1);
    // the engine's own reads stay unlimited: the cap is an option of the decoder, not a change of Kafka's format
    expect(() => decodeRecordBatch(batch(5, 'x'.repeat(1000), 'gzip'))).not.toThrow();
  });

  it('says so in English and Chinese, naming the file, the byte and the limit', () => {
    const f = inspectBytes(NAME, gzipBatchWith(gzipZeros(64 * MiB)));
    expect(f.error?.kind).toBe('inflate');
    expect(errorText(makeIT('en'), f.error!)).toBe(
      `${NAME} at byte 61: the gzip batch decompresses to more than 8388608 bytes (8 MiB), the most Inspect inflates for one batch (a gzip bomb?)`,
    );
    expect(errorText(makeIT('zh'), f.error!)).toBe(
      `${NAME} 第 61 字节：该 gzip 批次解压后超过 8388608 字节（8 MiB），这是“查看文件”为单个批次解压的上限（gzip 炸弹？）`,
    );
  });

  it('many batches each under the limit: records decoded up to the file budget, the rest checked and counted', () => {
    // one record of 7 MiB of zeros, gzip-compressed, six times (the base offset is outside the CRC)
    const one = encodeRecordBatch({ baseOffset: 0, compression: 'gzip', records: [{ key: null, value: new Uint8Array(7 * MiB), timestamp: 1 }] });
    const parts = Array.from({ length: 6 }, (_, i) => {
      const p = one.slice();
      setBaseOffset(p, 0, i);
      return p;
    });
    const r = inspectLog(NAME, concat(parts), INSPECT_LIMITS);
    expect(r.error).toBeNull();
    // 7 + 7 < 16 MiB: a third batch is decoded (a file inflates at most the budget plus one batch), then no more
    expect(r.batches).toHaveLength(3);
    expect(r).toMatchObject({ batchCount: 6, recordCount: 6, firstOffset: 0, lastOffset: 5, inflateBudgetReached: true });
  });

  it('a batch past the decoded ones is still checked: a flipped byte is a CRC error', () => {
    const parts = [batch(0), batch(1), batch(2)];
    const file = concat(parts);
    file[parts[0].length + parts[1].length + 65] ^= 0xff; // inside the third batch's record
    const r = inspectLog(NAME, file, { ...INSPECT_LIMITS, fullBatches: 1 });
    expect(r.batches).toHaveLength(1);
    expect(r.batchCount).toBe(2);
    expect(r.error!.message).toMatch(/CRC-32C mismatch/);
  });
});

describe('what the decoder posts to the page is cut to what is shown', () => {
  it('long values are cut (their size kept); there are no bytes of the file in it', () => {
    const big = 'x'.repeat(100_000);
    const file = concat(Array.from({ length: 20 }, (_, i) => batch(i, big)));
    const f = inspectBytes(NAME, file);
    const v = f.log!.batches[0].records[0].value!;
    expect(v).toMatchObject({ hex: false, cut: true, size: 100_000 });
    expect(v.text.length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(f).length).toBeLessThan(file.length / 50);
    expect(f.log!.recordCount).toBe(20);
  });

  it('a UTF-8 value cut in the middle of a character is still shown as text', () => {
    const f = inspectBytes(NAME, batch(0, '好'.repeat(3000)));
    expect(f.log!.batches[0].records[0].value).toMatchObject({ hex: false, cut: true, size: 9000 });
  });
});
