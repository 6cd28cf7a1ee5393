// Runs in headless Chromium (served by Vite): our persisted append path (UnifiedLog on a SimDisk, changed
// files saved to IndexedDB through IdbFileStore after each step of appends) against raw IndexedDB puts of the
// same batch bytes, one transaction per step. Result on window.__result.
import { openDB } from 'idb';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { saveDisks } from '../../src/storage/persist';
import type { LogConfig } from '../../src/storage/log/types';

const config: LogConfig = { segmentBytes: 1 << 20, segmentMs: 7 * 86400000, segmentIndexBytes: 10 << 20, indexIntervalBytes: 4096, retentionMs: -1, retentionBytes: -1, cleanupPolicy: 'delete', deleteRetentionMs: 86400000, minCleanableDirtyRatio: 0.5, flushMessages: null, flushMs: null, compressionType: 'none' };
const STEPS = 200;
const BATCHES_PER_STEP = 10;
const RECORDS_PER_BATCH = 50;

function records(step: number, batch: number) {
  const enc = new TextEncoder();
  return Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({ key: enc.encode(`k${i}`), value: enc.encode(`value-${step}-${batch}-${i}-padding-padding`), timestamp: 1_700_000_000_000 + step }));
}

async function ours(): Promise<{ ms: number; bytes: number[] }> {
  const disk = new SimDisk();
  const disks = new Map([[1, disk]]);
  const store = await IdbFileStore.open('bench-ours', 'kafka-anatomy-bench');
  await store.clear();
  const log = UnifiedLog.create('t-0', config, disk, 0);
  const sizes: number[] = [];
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) {
    for (let b = 0; b < BATCHES_PER_STEP; b++) sizes.push(log.appendAsLeader(records(s, b), 0, { producerId: -1, producerEpoch: -1, baseSequence: -1 }, s).batchSizeBytes);
    await saveDisks(store, disks);
  }
  return { ms: performance.now() - t0, bytes: sizes };
}

async function raw(sizes: number[]): Promise<number> {
  const db = await openDB('kafka-anatomy-bench-raw', 1, { upgrade: (d) => d.createObjectStore('batches') });
  await db.clear('batches');
  // The same batch bytes, encoded once up front so only the puts are timed.
  const disk = new SimDisk();
  const log = UnifiedLog.create('t-0', config, disk, 0);
  const batches: Uint8Array[] = [];
  for (let s = 0; s < STEPS; s++) for (let b = 0; b < BATCHES_PER_STEP; b++) {
    log.appendAsLeader(records(s, b), 0, { producerId: -1, producerEpoch: -1, baseSequence: -1 }, s);
  }
  let pos = 0;
  const all = disk.read('t-0/00000000000000000000.log');
  for (const size of sizes) {
    batches.push(all.slice(pos, pos + size));
    pos += size;
  }
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) {
    const tx = db.transaction('batches', 'readwrite');
    for (let b = 0; b < BATCHES_PER_STEP; b++) void tx.store.put(batches[s * BATCHES_PER_STEP + b], s * BATCHES_PER_STEP + b);
    await tx.done;
  }
  return performance.now() - t0;
}

async function main() {
  await ours(); // warm-up
  const o = await ours();
  const rawMs = await raw(o.bytes);
  const records = STEPS * BATCHES_PER_STEP * RECORDS_PER_BATCH;
  (window as unknown as { __result: unknown }).__result = { oursPerSec: (records / o.ms) * 1000, rawPerSec: (records / rawMs) * 1000, ratio: rawMs / o.ms };
}

main().catch((e) => ((window as unknown as { __result: unknown }).__result = { error: String(e) }));
