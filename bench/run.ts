// npm run bench: prints one JSON object of metric name -> number. Ratios are measured against a baseline
// run in the same process where one exists; absolute figures are wall time on this machine.
import { acksAllRecordsPerSec, heapBytesPerRecord, tenThousandStepsMs } from './engine';
import { storageBench } from './storage';
import { groupsBench } from './groups';
import { wireBench } from './wire';
import { inspectBench } from './inspect';
import { timelineBench } from './timeline';

async function main(): Promise<void> {
  const out: Record<string, number> = {};
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const want = (prefix: string) => only.length === 0 || only.some((o) => prefix.startsWith(o) || o.startsWith(prefix));
  // figures too slow for the default run, measured only when named (e.g. `npm run bench ui.seek`)
  const named = (prefix: string) => only.some((o) => o.startsWith(prefix));
  if (['engine.acksAllRecordsPerSec', 'engine.tenThousandStepsMs', 'engine.heapBytesPerRecord'].some(want)) {
    acksAllRecordsPerSec(30_000); // warm-up
    out['engine.acksAllRecordsPerSec'] = Math.round(acksAllRecordsPerSec());
    out['engine.tenThousandStepsMs'] = Math.round(tenThousandStepsMs());
    out['engine.heapBytesPerRecord'] = Math.round(heapBytesPerRecord());
  }
  if (want('storage')) {
    Object.assign(out, await storageBench());
    try {
      const { idbAppendVsRawPut } = await import('./uiBrowser');
      out['storage.idbAppendVsRawPut'] = await idbAppendVsRawPut();
    } catch (e) {
      process.stderr.write(`storage.idbAppendVsRawPut skipped (needs /usr/bin/chromium): ${(e as Error).message}\n`);
    }
  }
  if (want('engine.scale')) {
    const { scaleBench } = await import('./scale');
    Object.assign(out, scaleBench());
  }
  if (want('groups')) Object.assign(out, groupsBench());
  if (want('wire')) Object.assign(out, await wireBench());
  if (want('inspect')) Object.assign(out, inspectBench());
  if (want('worker')) Object.assign(out, timelineBench());
  if (want('ui')) {
    try {
      const { uiBench } = await import('./ui');
      Object.assign(out, await uiBench(want, named));
    } catch (e) {
      process.stderr.write(`ui benchmarks skipped: ${(e as Error).message}\n`);
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
