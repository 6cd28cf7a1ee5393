// Runs in headless Chromium (served by Vite): our persisted append path (UnifiedLog on a SimDisk, changed
// pages saved to IndexedDB through IdbFileStore after each step of appends) against raw IndexedDB puts of the
// same batch bytes (every segment's), one transaction per step. Result on window.__result.
import { openDB } from 'idb';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { saveDisks } from '../../src/storage/persist';
import { defaultLogConfig } from '../../src/storage/log/defaultLogConfig';

const config = defaultLogConfig({ segmentBytes: 1 << 20, retentionMs: -1 });
const STEPS = 200;
const BATCHES_PER_STEP = 10;
const RECORDS_PER_BATCH = 50;

const ROUNDS = 3;

function records(step: number, batch: number) {
  const enc = new TextEncoder();
  return Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
    key: enc.encode(`k${i}`),
    value: enc.encode(`value-${step}-${batch}-${i}-padding-padding`),
    timestamp: 1_700_000_000_000 + step,
  }));
}

type Input = ReturnType<typeof records>[];
const NO_PRODUCER = { producerId: -1, producerEpoch: -1, baseSequence: -1 };

/** Our path: encode each batch into the log (UnifiedLog on a SimDisk), then one saveDisks per step. */
async function ours(input: Input): Promise<number> {
  const disk = new SimDisk();
  const disks = new Map([[1, disk]]);
  const store = await IdbFileStore.open('bench-ours', 'kafka-anatomy-bench');
  await store.clear();
  const log = UnifiedLog.create('t-0', config, disk, 0);
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) {
    for (let b = 0; b < BATCHES_PER_STEP; b++) log.appendAsLeader(input[s * BATCHES_PER_STEP + b], 0, NO_PRODUCER, s);
    await saveDisks(store, disks);
  }
  const ms = performance.now() - t0;
  store.close();
  return ms;
}

/** The same batch bytes (encoded once, outside the timing), one transaction of BATCHES_PER_STEP puts per step. */
function batchBytes(input: Input): Uint8Array[] {
  const disk = new SimDisk();
  const log = UnifiedLog.create('t-0', config, disk, 0);
  const sizes = input.map((recs, i) => log.appendAsLeader(recs, 0, NO_PRODUCER, Math.floor(i / BATCHES_PER_STEP)).batchSizeBytes);
  // Segment files in offset order hold the batches back to back (a roll starts the next file between batches).
  const logs = disk.list('t-0/').filter((p) => p.endsWith('.log'));
  const all = new Uint8Array(logs.reduce((n, p) => n + disk.size(p), 0));
  let at = 0;
  for (const p of logs) {
    all.set(disk.read(p), at);
    at += disk.size(p);
  }
  if (at !== sizes.reduce((a, b) => a + b, 0)) throw new Error('batch sizes do not add up to the log');
  const out: Uint8Array[] = [];
  let pos = 0;
  for (const size of sizes) {
    out.push(all.slice(pos, pos + size));
    pos += size;
  }
  return out;
}

async function raw(batches: Uint8Array[]): Promise<number> {
  const db = await openDB('kafka-anatomy-bench-raw', 1, { upgrade: (d) => d.createObjectStore('batches') });
  await db.clear('batches');
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) {
    const tx = db.transaction('batches', 'readwrite');
    for (let b = 0; b < BATCHES_PER_STEP; b++) void tx.store.put(batches[s * BATCHES_PER_STEP + b], s * BATCHES_PER_STEP + b);
    await tx.done;
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function main() {
  // The records are the producer's input: built before any timing, like the raw side's batch bytes.
  const input: Input = [];
  for (let s = 0; s < STEPS; s++) for (let b = 0; b < BATCHES_PER_STEP; b++) input.push(records(s, b));
  const batches = batchBytes(input);
  await ours(input); // warm-up, both sides
  await raw(batches);
  // Alternate which side goes first (background compaction after one run slows the next) and take the median.
  const rounds: { ours: number; raw: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      const o = await ours(input);
      rounds.push({ ours: o, raw: await raw(batches) });
    } else {
      const w = await raw(batches);
      rounds.push({ ours: await ours(input), raw: w });
    }
  }
  rounds.sort((a, b) => a.raw / a.ours - b.raw / b.ours);
  const mid = rounds[ROUNDS >> 1];
  const n = STEPS * BATCHES_PER_STEP * RECORDS_PER_BATCH;
  (window as unknown as { __result: unknown }).__result = {
    oursPerSec: (n / mid.ours) * 1000,
    rawPerSec: (n / mid.raw) * 1000,
    ratio: mid.raw / mid.ours,
    ratios: rounds.map((x) => x.raw / x.ours),
  };
}

main().catch((e) => ((window as unknown as { __result: unknown }).__result = { error: String(e) }));
