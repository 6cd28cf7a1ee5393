// Saves a cluster's SimDisks into a FileStore and loads them back, page by page (layout in pages.ts). A save
// writes only the pages the disks' journals mark dirty, plus each changed file's metadata, in one all-or-nothing
// putMany: appending to a big .log costs O(bytes appended). Both the page-cache and the durable bytes are kept,
// so a power loss after reloading the page loses exactly what it would have lost before.
import type { FileStore } from './backend/FileStore';
import { SimDisk } from './disk/SimDisk';
import { pagesTouched, type FileChange, type FileShape } from './disk/Journal';
import { readInt32 } from './format/bytes';
import { PAGE_BYTES, cachePageKey, decodeMeta, durablePageKey, durablePages, encodeMeta, metaKey, pageCount, parseKey } from './pages';

type Put = { key: string; value: Uint8Array };

export interface SaveResult {
  /** files whose metadata was written */
  written: number;
  /** files removed */
  deleted: number;
  /** pages written */
  pages: number;
  /** bytes written, metadata included */
  bytes: number;
}

/** Adds the puts and deletes that bring the store from `c.before` to the file's shape now. */
function planFile(disk: SimDisk, id: number, c: FileChange, P: number, puts: Put[], deletes: string[]): void {
  const now = disk.shape(c.path);
  const before = c.before ?? null;
  // cache pages: dirty ones and any that did not exist; the last page also when its length changed
  const nowN = now ? pageCount(now.cacheLen, P) : 0;
  const beforeN = before ? pageCount(before.cacheLen, P) : 0;
  const dirty = pagesTouched(c.cacheDirty, P, nowN);
  if (before && now && before.cacheLen !== now.cacheLen) dirty.add(Math.min(beforeN, nowN) - 1);
  for (let i = 0; i < nowN; i++) {
    if (i >= beforeN || dirty.has(i)) puts.push({ key: cachePageKey(id, c.path, i), value: disk.copyOut(c.path, false, i * P, P) });
  }
  for (let i = nowN; i < beforeN; i++) deletes.push(cachePageKey(id, c.path, i));
  // durable pages kept apart: those that enter the range, or changed, or whose length changed
  const [nf, ne] = now ? durablePages(now, P) : [0, 0];
  const [bf, be] = before ? durablePages(before, P) : [0, 0];
  const dDirty = pagesTouched(c.durableDirty, P, ne);
  if (before && now && before.durableLen !== now.durableLen) dDirty.add(Math.min(be, ne) - 1);
  for (let i = nf; i < ne; i++) {
    if (i < bf || i >= be || dDirty.has(i)) puts.push({ key: durablePageKey(id, c.path, i), value: disk.copyOut(c.path, true, i * P, P) });
  }
  for (let i = bf; i < be; i++) if (i < nf || i >= ne) deletes.push(durablePageKey(id, c.path, i));
  if (now) puts.push({ key: metaKey(id, c.path), value: encodeMeta(now, P) });
  else if (before) deletes.push(metaKey(id, c.path));
}

const whole = (path: string): FileChange => ({ path, before: null, cacheDirty: [], durableDirty: [] });

/**
 * Writes what changed on each disk since the last save (everything with `full`, sweeping stray keys). On failure
 * (e.g. QUOTA_EXCEEDED) nothing is written and the disks' journals get their entries back for the next save.
 */
export async function saveDisks(store: FileStore, disks: Map<number, SimDisk>, opts: { full?: boolean; pageBytes?: number } = {}): Promise<SaveResult> {
  const P = opts.pageBytes ?? PAGE_BYTES;
  // Listing is the only await before the putMany; it comes before the journals are drained so the bytes read
  // below are exactly the shapes the next journal entries will start from.
  const listed = new Map<number, string[]>();
  for (const [id, disk] of disks) {
    if (opts.full || disk.hasUnknownChanges()) listed.set(id, await store.list(`broker-${id}/`));
  }
  const puts: Put[] = [];
  const deletes: string[] = [];
  const drained: [SimDisk, FileChange[]][] = [];
  for (const [id, disk] of disks) {
    const changes = disk.drainJournal();
    drained.push([disk, changes]);
    const keys = listed.get(id);
    let todo: FileChange[];
    if (opts.full) todo = [...new Set([...changes.map((c) => c.path), ...disk.list('')])].sort().map(whole);
    else if (keys) todo = changes.map((c) => (c.before === undefined ? whole(c.path) : c));
    else {
      // marked unknown while we were listing: left for the next save, which will list first
      disk.requeueJournal(changes.filter((c) => c.before === undefined));
      todo = changes.filter((c) => c.before !== undefined);
    }
    const from = puts.length;
    for (const c of todo) planFile(disk, id, c, P, puts, deletes);
    if (keys) {
      // files written whole: sweep their keys the new layout does not have (every stray key with `full`)
      const kept = new Set(puts.slice(from).map((p) => p.key));
      for (const d of deletes) kept.add(d);
      const swept = new Set(changes.filter((c) => c.before === undefined).map((c) => c.path));
      for (const k of keys) {
        if (kept.has(k)) continue;
        const path = parseKey(k)?.path;
        if (opts.full || (path !== undefined && swept.has(path))) deletes.push(k);
      }
    }
  }
  let bytes = 0;
  let pages = 0;
  let written = 0;
  for (const p of puts) {
    bytes += p.value.length;
    if (parseKey(p.key)?.page) pages++;
    else written++;
  }
  const deleted = deletes.filter((k) => parseKey(k)?.page === null).length;
  try {
    await store.putMany(puts, deletes);
  } catch (e) {
    for (const [disk, changes] of drained) disk.requeueJournal(changes);
    throw e;
  }
  return { written, deleted, pages, bytes };
}

interface Saved {
  meta?: Uint8Array;
  cache: Map<number, Uint8Array>;
  durable: Map<number, Uint8Array>;
}

/** Reads a file's pages back into its cache and durable bytes, checking every page is there and whole. */
function assemble(key: string, shape: FileShape, P: number, s: Saved): { cache: Uint8Array; durable: Uint8Array | null } {
  const page = (m: Map<number, Uint8Array>, i: number, len: number, what: string) => {
    const v = m.get(i);
    const want = Math.min(P, len - i * P);
    if (!v || v.length !== want) throw new Error(`saved file ${key}: ${what} page ${i} is ${v ? `${v.length} bytes, expected ${want}` : 'missing'}`);
    return v;
  };
  const cache = new Uint8Array(shape.cacheLen);
  for (let i = 0; i < pageCount(shape.cacheLen, P); i++) cache.set(page(s.cache, i, shape.cacheLen, 'cache'), i * P);
  if (shape.durableLen < 0) return { cache, durable: null };
  const durable = new Uint8Array(shape.durableLen);
  const [first, end] = durablePages(shape, P);
  for (let i = 0; i < pageCount(shape.durableLen, P); i++) {
    if (i >= first && i < end) durable.set(page(s.durable, i, shape.durableLen, 'durable'), i * P);
    else durable.set(cache.subarray(i * P, Math.min((i + 1) * P, shape.durableLen)), i * P);
  }
  return { cache, durable };
}

/** Rebuilds every saved broker's SimDisk, with an empty journal (it matches the store). */
export async function loadDisks(store: FileStore): Promise<Map<number, SimDisk>> {
  const saved = new Map<number, Map<string, Saved>>();
  for (const [key, value] of await entries(store, 'broker-')) {
    const k = parseKey(key);
    if (!k) continue;
    let files = saved.get(k.broker);
    if (!files) saved.set(k.broker, (files = new Map()));
    let s = files.get(k.path);
    if (!s) files.set(k.path, (s = { cache: new Map(), durable: new Map() }));
    if (!k.page) s.meta = value;
    else (k.page.durable ? s.durable : s.cache).set(k.page.i, value);
  }
  const disks = new Map<number, SimDisk>();
  for (const [id, files] of [...saved].sort((a, b) => a[0] - b[0])) {
    const disk = new SimDisk();
    disks.set(id, disk);
    const legacy: string[] = [];
    for (const [path, s] of files) {
      if (!s.meta) continue; // pages without metadata: never reached by an all-or-nothing save; swept by a full one
      const key = metaKey(id, path);
      if (s.meta[0] === 1) {
        disk.restoreFile(path, decodeSnapshot(s.meta, key));
        legacy.push(path);
        continue;
      }
      const { shape, pageBytes } = decodeMeta(s.meta, key);
      disk.restoreFile(path, assemble(key, shape, pageBytes, s), shape.sharedLen);
    }
    disk.drainJournal();
    disk.markChanged(legacy); // saved whole by the first version: rewritten as pages by the next save
  }
  return disks;
}

async function entries(store: FileStore, prefix: string): Promise<[string, Uint8Array][]> {
  if (store.entries) return store.entries(prefix);
  const out: [string, Uint8Array][] = [];
  for (const k of await store.list(prefix)) {
    const v = await store.get(k);
    if (v) out.push([k, v]);
  }
  return out;
}

/** The first format (version byte 1): one record per file, cache bytes then durable bytes. Read only. */
function decodeSnapshot(b: Uint8Array, key: string): { cache: Uint8Array; durable: Uint8Array | null } {
  const bad = (why: string) => new Error(`saved file ${key}: ${why}`);
  if (b.length < 10) throw bad(`${b.length} bytes is too short`);
  const cacheLen = readInt32(b, 2);
  if (cacheLen < 0 || 10 + cacheLen > b.length) throw bad(`cache length ${cacheLen} does not fit ${b.length} bytes`);
  const cache = b.slice(6, 6 + cacheLen);
  const durableLen = readInt32(b, 6 + cacheLen);
  if (durableLen < 0 || 10 + cacheLen + durableLen !== b.length) throw bad(`durable length ${durableLen} does not fit`);
  const durable = b[1] & 1 ? (b[1] & 2 ? cache : b.slice(10 + cacheLen)) : null;
  return { cache, durable };
}
