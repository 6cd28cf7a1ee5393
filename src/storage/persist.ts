// Saves a cluster's SimDisks into a FileStore and loads them back, page by page (layout in pages.ts). A save
// writes only the pages the disks' journals mark dirty, plus each changed file's metadata, in one all-or-nothing
// putMany: appending to a big .log costs O(bytes appended). Both the page-cache and the durable bytes are kept,
// so a power loss after reloading the page loses exactly what it would have lost before.
import type { FileStore } from './backend/FileStore';
import { SimDisk } from './disk/SimDisk';
import { pagesTouched, type FileChange } from './disk/Journal';
import {
  PAGE_BYTES,
  assemble,
  cachePageKey,
  decodeMeta,
  decodeSnapshotV1,
  durablePageKey,
  durablePages,
  encodeMeta,
  metaKey,
  pageCount,
  parseKey,
  type Saved,
} from './pages';

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

/**
 * Plans one disk's changes. keys: the store's keys for this broker, listed when some file's saved form is
 * unknown (or for a full save), so the keys its new layout lacks can be swept.
 */
function planDisk(
  disk: SimDisk,
  id: number,
  changes: FileChange[],
  keys: string[] | undefined,
  P: number,
  full: boolean,
  puts: Put[],
  deletes: string[],
): void {
  let todo: FileChange[];
  if (full) todo = [...new Set([...changes.map((c) => c.path), ...disk.list('')])].sort().map(whole);
  else if (keys) todo = changes.map((c) => (c.before === undefined ? whole(c.path) : c));
  else {
    // marked unknown while we were listing: left for the next save, which will list first
    disk.requeueJournal(changes.filter((c) => c.before === undefined));
    todo = changes.filter((c) => c.before !== undefined);
  }
  const from = puts.length;
  for (const c of todo) planFile(disk, id, c, P, puts, deletes);
  if (!keys) return;
  const kept = new Set(puts.slice(from).map((p) => p.key));
  for (const d of deletes) kept.add(d);
  const swept = new Set(changes.filter((c) => c.before === undefined).map((c) => c.path));
  for (const k of keys) {
    if (kept.has(k)) continue;
    const path = parseKey(k)?.path;
    if (full || (path !== undefined && swept.has(path))) deletes.push(k);
  }
}

const whole = (path: string): FileChange => ({ path, before: null, cacheDirty: [], durableDirty: [] });

/**
 * Writes what changed on each disk since the last save (everything with `full`, sweeping stray keys). The disks must
 * not change until the returned promise settles (it reads them in several tasks). On failure
 * (e.g. QUOTA_EXCEEDED) nothing is written and the disks' journals get their entries back for the next save.
 */
export function saveDisks(store: FileStore, disks: Map<number, SimDisk>, opts: { full?: boolean; pageBytes?: number } = {}): Promise<SaveResult> {
  // pageBytes (tests use tiny pages) must stay the same for a store between loads
  // One save at a time per store: a save plans from the shapes the previous one stored, so it must not start
  // before that one has succeeded (or failed and put its journal entries back).
  const run = (inFlight.get(store) ?? Promise.resolve()).then(() => saveNow(store, disks, opts));
  inFlight.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}

const inFlight = new WeakMap<FileStore, Promise<unknown>>();

async function saveNow(store: FileStore, disks: Map<number, SimDisk>, opts: { full?: boolean; pageBytes?: number }): Promise<SaveResult> {
  const P = opts.pageBytes ?? PAGE_BYTES;
  // Listing comes before the journals are drained so the bytes read below are exactly the shapes the next journal
  // entries will start from.
  const listed = new Map<number, string[]>();
  for (const [id, disk] of disks) {
    if (opts.full || disk.hasUnknownChanges()) listed.set(id, await store.list(`broker-${id}/`));
  }
  const puts: Put[] = [];
  const deletes: string[] = [];
  const drained: [SimDisk, FileChange[]][] = [];
  let bytes = 0;
  let pages = 0;
  let written = 0;
  let deleted: number;
  try {
    for (const [id, disk] of disks) {
      // a task per disk (the pages' copies of a 737k-record lesson's broker: ~40 ms each); the caller keeps the
      // disks unchanged until the save is done (the worker holds commands back: LogPersistence.settled)
      if (drained.length) await new Promise((r) => setTimeout(r, 0));
      const changes = disk.drainJournal();
      drained.push([disk, changes]);
      planDisk(disk, id, changes, listed.get(id), P, !!opts.full, puts, deletes);
    }
    for (const p of puts) {
      bytes += p.value.length;
      if (parseKey(p.key)?.page) pages++;
      else written++;
    }
    deleted = deletes.filter((k) => parseKey(k)?.page === null).length;
    await store.putMany(puts, deletes);
  } catch (e) {
    // nothing was written (putMany is all-or-nothing): the next save retries every drained change
    for (const [disk, changes] of drained) disk.requeueJournal(changes);
    throw e;
  }
  return { written, deleted, pages, bytes };
}

/**
 * Rebuilds every saved broker's SimDisk, with an empty journal (it matches the store). pageBytes: the page size
 * the next saves will use (files saved with another are rewritten whole by the next save).
 */
export async function loadDisks(store: FileStore, opts: { pageBytes?: number } = {}): Promise<Map<number, SimDisk>> {
  const nextPageBytes = opts.pageBytes ?? PAGE_BYTES;
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
        disk.restoreFile(path, decodeSnapshotV1(s.meta, key));
        legacy.push(path);
        continue;
      }
      const { shape, pageBytes } = decodeMeta(s.meta, key);
      disk.restoreFile(path, assemble(key, shape, pageBytes, s), shape.sharedLen);
      if (pageBytes !== nextPageBytes) legacy.push(path); // saved with another page size: rewritten whole
    }
    disk.drainJournal();
    disk.markChanged(legacy); // the next save rewrites these in today's layout and sweeps their old keys
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
