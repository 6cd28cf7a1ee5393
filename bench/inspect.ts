// Inspect's bounds, timed: how long a 1.5 MB .log whose gzip batch inflates to 1.5 GB takes to be refused (it
// stops at INSPECT_LIMITS.batchInflatedBytes), and a bomb of many batches each under that limit (records are
// decoded up to fileInflatedBytes, the rest only checked).
import { encodeRecordBatch, setBaseOffset } from '../src/storage/format/recordBatch';
import { INSPECT_LIMITS, inspectLog } from '../src/storage/inspect';
import { concat, gzipBatchWith, gzipZeros } from '../test/storage/gzipBomb';

const NAME = '00000000000000000000.log';

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function inspectBench(): Record<string, number> {
  const bomb = gzipBatchWith(gzipZeros(1536 * 1024 * 1024));
  const one = encodeRecordBatch({ baseOffset: 0, compression: 'gzip', records: [{ key: null, value: new Uint8Array(7 * 1024 * 1024), timestamp: 1 }] });
  const many = concat(
    Array.from({ length: 200 }, (_, i) => {
      const p = one.slice();
      setBaseOffset(p, 0, i);
      return p;
    }),
  );
  return {
    'inspect.gzipBombBytes': bomb.length,
    'inspect.gzipBombRejectMs': Math.round(timed(() => inspectLog(NAME, bomb, INSPECT_LIMITS))),
    'inspect.manyBatchBombBytes': many.length,
    'inspect.manyBatchBombMs': Math.round(timed(() => inspectLog(NAME, many, INSPECT_LIMITS))),
  };
}
