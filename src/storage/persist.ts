// Saves the files of a cluster's SimDisks into a FileStore and loads them back. Only files the disks' change
// journals name are written; each save is one all-or-nothing putMany. Both the page-cache bytes and the durable
// bytes are kept, so a power loss after reloading the page still loses exactly what it would have.
import type { FileStore } from './backend/FileStore';
import { SimDisk, type FileSnapshot } from './disk/SimDisk';
import { readInt32, writeInt32 } from './format/bytes';

const VERSION = 1;
const HAS_DURABLE = 1;
const DURABLE_IS_CACHE = 2;

export function encodeSnapshot(s: FileSnapshot): Uint8Array {
  const same = s.durable !== null && sameBytes(s.durable, s.cache);
  const durableLen = s.durable && !same ? s.durable.length : 0;
  const out = new Uint8Array(2 + 4 + s.cache.length + 4 + durableLen);
  out[0] = VERSION;
  out[1] = (s.durable ? HAS_DURABLE : 0) | (same ? DURABLE_IS_CACHE : 0);
  writeInt32(out, 2, s.cache.length);
  out.set(s.cache, 6);
  writeInt32(out, 6 + s.cache.length, durableLen);
  if (durableLen) out.set(s.durable!, 10 + s.cache.length);
  return out;
}

export function decodeSnapshot(b: Uint8Array, key: string): FileSnapshot {
  if (b.length < 10 || b[0] !== VERSION) throw new Error(`saved file ${key}: unknown format (version byte ${b[0]})`);
  const cacheLen = readInt32(b, 2);
  if (cacheLen < 0 || 10 + cacheLen > b.length) throw new Error(`saved file ${key}: cache length ${cacheLen} does not fit ${b.length} bytes`);
  const cache = b.slice(6, 6 + cacheLen);
  const durableLen = readInt32(b, 6 + cacheLen);
  if (durableLen < 0 || 10 + cacheLen + durableLen !== b.length) throw new Error(`saved file ${key}: durable length ${durableLen} does not fit`);
  const durable = b[1] & HAS_DURABLE ? (b[1] & DURABLE_IS_CACHE ? cache : b.slice(10 + cacheLen)) : null;
  return { cache, durable };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const keyFor = (broker: number, path: string) => `broker-${broker}/${path}`;

/**
 * Writes what changed on each disk since the last save (everything with `full`). On failure (e.g. QUOTA_EXCEEDED)
 * nothing is written and the disks' journals keep the paths, so the next save retries them.
 */
export async function saveDisks(store: FileStore, disks: Map<number, SimDisk>, opts: { full?: boolean } = {}): Promise<{ written: number; deleted: number; bytes: number }> {
  const puts: { key: string; value: Uint8Array }[] = [];
  const deletes: string[] = [];
  const drained: [SimDisk, string[]][] = [];
  let bytes = 0;
  for (const [id, disk] of disks) {
    const changed = disk.drainChanges();
    drained.push([disk, changed]);
    const paths = opts.full ? [...new Set([...changed, ...disk.list('')])] : changed;
    for (const path of paths) {
      const snap = disk.snapshotFile(path);
      if (snap) {
        const value = encodeSnapshot(snap);
        bytes += value.length;
        puts.push({ key: keyFor(id, path), value });
      } else {
        deletes.push(keyFor(id, path));
      }
    }
    if (opts.full) {
      const live = new Set(disk.list('').map((p) => keyFor(id, p)));
      for (const k of await store.list(`broker-${id}/`)) if (!live.has(k) && !deletes.includes(k)) deletes.push(k);
    }
  }
  try {
    await store.putMany(puts, deletes);
  } catch (e) {
    for (const [disk, paths] of drained) disk.markChanged(paths);
    throw e;
  }
  return { written: puts.length, deleted: deletes.length, bytes };
}

/** Rebuilds every saved broker's SimDisk. */
export async function loadDisks(store: FileStore): Promise<Map<number, SimDisk>> {
  const disks = new Map<number, SimDisk>();
  for (const key of await store.list('broker-')) {
    const m = /^broker-(\d+)\/(.+)$/.exec(key);
    if (!m) continue;
    const id = Number(m[1]);
    let disk = disks.get(id);
    if (!disk) disks.set(id, (disk = new SimDisk()));
    const value = await store.get(key);
    if (value) disk.restoreFile(m[2], decodeSnapshot(value, key));
  }
  for (const d of disks.values()) d.drainChanges();
  return disks;
}
