// Served by Vite for test/browser/storage.ts: writes a log into IndexedDB through UnifiedLog + saveDisks, and
// (after the test reloads the page) reads it back with loadDisks. Exposes its steps on window.__storage.
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { loadDisks, saveDisks } from '../../src/storage/persist';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { defaultLogConfig } from '../../src/storage/log/defaultLogConfig';

const DB = 'kafka-anatomy-browser-test';
const DIR = 'orders-0';
const config = defaultLogConfig({ segmentBytes: 4096, indexIntervalBytes: 256, retentionMs: -1 });
const enc = new TextEncoder();
const dec = new TextDecoder();
const NO_PRODUCER = { producerId: -1, producerEpoch: -1, baseSequence: -1 };

/** Every file's cache and durable bytes (base64), so the test compares them byte for byte. */
export interface DiskState {
  files: Record<string, { cache: string; durable: string | null }>;
}
export interface LogView {
  start: number;
  end: number;
  values: string[];
  lookup: { offset: number; segment: string | null; position: number | null; indexEntry: { offset: number; position: number } | null };
}

const b64 = (b: Uint8Array) => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''));

function diskState(disk: SimDisk): DiskState {
  const files: DiskState['files'] = {};
  for (const p of disk.list('')) {
    const s = disk.snapshotFile(p)!;
    files[p] = { cache: b64(s.cache), durable: s.durable && b64(s.durable) };
  }
  return { files };
}

function logView(log: UnifiedLog, offset: number): LogView {
  const t = log.lookup(offset);
  return {
    start: log.logStartOffset,
    end: log.logEndOffset,
    values: log.readRecords(log.logStartOffset, 100000, log.logEndOffset).map((r) => dec.decode(r.value!)),
    lookup: { offset, segment: t.segment, position: t.position, indexEntry: t.indexEntry },
  };
}

/** After a power loss: what a restarted broker would load from the disk. */
function afterPowerLoss(disk: SimDisk): { state: DiskState; log: LogView } {
  const copy = new SimDisk();
  for (const p of disk.list('')) copy.restoreFile(p, disk.snapshotFile(p), disk.shape(p)!.sharedLen);
  copy.crash(true);
  return { state: diskState(copy), log: logView(UnifiedLog.load(DIR, config, copy, 10_000, false).log, 5) };
}

async function write(cluster: string) {
  const store = await IdbFileStore.open(cluster, DB);
  await store.clear();
  const disk = new SimDisk();
  const disks = new Map([[1, disk]]);
  const log = UnifiedLog.create(DIR, config, disk, 0);
  let saves = 0;
  for (let i = 0; i < 300; i++) {
    log.appendAsLeader([{ key: enc.encode(`k${i % 7}`), value: enc.encode(`value-${i}`), timestamp: 1_700_000_000_000 + i }], 0, NO_PRODUCER, i);
    if (i === 200) log.flush(i); // the first 201 records durable, the rest only in the page cache
    if (i % 25 === 24) {
      await saveDisks(store, disks);
      saves++;
    }
  }
  await saveDisks(store, disks);
  store.close();
  return { saves, state: diskState(disk), log: logView(log, 123), lost: afterPowerLoss(disk) };
}

async function read(cluster: string) {
  const store = await IdbFileStore.open(cluster, DB);
  const disk = (await loadDisks(store)).get(1);
  store.close();
  if (!disk) return { error: `nothing saved for cluster ${cluster}` };
  return { state: diskState(disk), log: logView(UnifiedLog.load(DIR, config, disk, 10_000, true).log, 123), lost: afterPowerLoss(disk) };
}

/** A save bigger than the (test-lowered) quota: the error, and whether the store still holds the old cluster. */
async function overQuota(cluster: string) {
  const store = await IdbFileStore.open(cluster, DB);
  const keysBefore = await store.list('');
  const disk = (await loadDisks(store)).get(1)!;
  const before = JSON.stringify(diskState(disk));
  const log = UnifiedLog.load(DIR, config, disk, 10_000, true).log;
  // incompressible bytes: Chromium compresses IndexedDB values, so repeated bytes would never fill the quota
  let x = 12345;
  const noise = () => Uint8Array.from({ length: 256 * 1024 }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
  for (let i = 0; i < 40; i++) log.appendAsLeader([{ key: null, value: noise(), timestamp: 1_800_000_000_000 }], 0, NO_PRODUCER, 20_000);
  const err = await saveDisks(store, new Map([[1, disk]])).then(
    () => null,
    (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
  );
  const keysAfter = await store.list('');
  const unchanged = JSON.stringify(keysBefore) === JSON.stringify(keysAfter) && JSON.stringify(diskState((await loadDisks(store)).get(1)!)) === before;
  store.close();
  return { err, unchanged, keys: keysAfter.length };
}

/** A damaged metadata record: loadDisks must refuse it and name the key. */
async function invalid(cluster: string) {
  const store = await IdbFileStore.open(cluster, DB);
  const meta = (await store.list('broker-1/')).find((k) => !k.includes('#'))!;
  await store.put(meta, new Uint8Array([2, 1, 0]));
  const error = await loadDisks(store).then(
    () => null,
    (e: Error) => e.message,
  );
  store.close();
  return { meta, error };
}

(window as unknown as { __storage: unknown }).__storage = { write, read, overQuota, invalid };
