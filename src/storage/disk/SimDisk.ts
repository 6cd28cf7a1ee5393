// One broker's simulated disk. Each file has two sets of bytes, as on a real machine:
//  - `cache`: what the process sees (the OS page cache): every write lands here at once;
//  - `durable`: what reached the platters; only fsync (or the OS's own writeback) copies cache to it (sharing the
//    cache's memory, copy-on-write: Bytes.shareTo).
// A process crash (kill -9) keeps the page cache, so nothing is lost; a power loss reverts every file to its
// durable bytes and files never synced vanish. Directory operations (create aside, delete, rename) are
// treated as durable at once, as a journaling filesystem makes them soon after.
// Every change also goes into a Journal (dirty byte ranges per file) so persistence can save only what changed.
// A copy for a checkpoint (SNAPSHOT) shares every file's state with the original, and each side copies a file's
// before its first change (copy-on-write): a restored run changes a few files of the hundreds a disk holds.
import { Bytes, CHUNK, SNAPSHOT } from './Bytes';
import { Journal, addRange, type FileChange, type FileShape } from './Journal';

export type { FileChange, FileShape } from './Journal';

interface FileState {
  cache: Bytes;
  durable: Bytes | null; // null: never synced, vanishes on power loss
  dirtyFrom: number; // lowest position changed since the last sync (Infinity when clean)
  owner: object; // the disk's token when it may change this state in place (SimDisk.own)
}

export class FileNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly path: string) {
    super(`no such file: ${path}`);
  }
}

/** A failed write: the disk is full (ENOSPC) or broken (EIO). Kafka sees an IOException. */
export class DiskIOError extends Error {
  constructor(
    readonly code: 'ENOSPC' | 'EIO',
    readonly path: string,
  ) {
    super(`${code === 'ENOSPC' ? 'No space left on device' : 'Input/output error'}: ${path}`);
  }
}

export interface DiskStats {
  bytesWritten: number;
  bytesRead: number;
  fsyncs: number;
}

export interface FileSnapshot {
  cache: Uint8Array;
  durable: Uint8Array | null;
}

/** The fields SimDisk's snapshot hook copies its own way. */
const OWN_COPY = new Set(['files', 'tops', 'journal', 'owner']);

export class SimDisk {
  private files = new Map<string, FileState>();
  /** the token of the file states this disk may change in place; a copy gives both sides a new one */
  private owner: object = {};
  /** the paths under each top-level directory ("t-0" -> "t-0/…"), so that listing one log's directory does not scan
   *  every file of the disk (a broker creating 3,000 partitions listed 3,000 × 10,000 paths) */
  private tops = new Map<string, Set<string>>();
  private journal = new Journal();
  readonly stats: DiskStats = { bytesWritten: 0, bytesRead: 0, fsyncs: 0 };
  /** the disk's size in bytes (null: unlimited): a write that would grow the files past it fails with ENOSPC */
  capacityBytes: number | null = null;
  private readonly chunkBytes: number;

  /** chunkBytes: size of the pieces file bytes are stored in (tests use tiny ones to cross boundaries). */
  constructor(opts: { chunkBytes?: number } = {}) {
    this.chunkBytes = opts.chunkBytes ?? CHUNK;
  }

  private file(path: string): FileState {
    const f = this.files.get(path);
    if (!f) throw new FileNotFoundError(path);
    return f;
  }

  /** The state of `path` to change: a copy of it first when a copy of the disk shares it. */
  private own(path: string, f = this.file(path)): FileState {
    if (f.owner === this.owner) return f;
    const mine: FileState = { cache: f.cache.fork(), durable: f.durable && f.durable.fork(), dirtyFrom: f.dirtyFrom, owner: this.owner };
    this.files.set(path, mine);
    return mine;
  }

  private open(path: string): FileState {
    this.touch(path);
    const f = this.files.get(path);
    if (f) return this.own(path, f);
    const created: FileState = { cache: new Bytes(this.chunkBytes), durable: null, dirtyFrom: 0, owner: this.owner };
    this.setFile(path, created);
    return created;
  }

  /**
   * A copy for a checkpoint (engine/sim/snapshot.ts): the file states and their bytes are shared, not copied (see
   * own()); the change journal likewise (Journal.fork); the rest is copied as the snapshot copies anything.
   */
  [SNAPSHOT](copy: <T>(v: T) => T): SimDisk {
    const d = Object.create(Object.getPrototypeOf(this) as object) as Record<string, unknown>;
    for (const [k, v] of Object.entries(this)) if (!OWN_COPY.has(k)) d[k] = copy(v);
    d.files = new Map(this.files);
    d.tops = new Map([...this.tops].map(([t, paths]) => [t, new Set(paths)]));
    d.journal = this.journal.fork();
    d.owner = {};
    this.owner = {};
    return d as unknown as SimDisk;
  }

  /** The journal entry of `path` (recording its shape before this change if it is the first since a drain). */
  private touch(path: string): FileChange {
    return this.journal.touch(path, this);
  }

  private dirtyCache(path: string, from: number, to: number): void {
    addRange(this.touch(path).cacheDirty, from, to);
  }

  private dirtyDurable(path: string, from: number, to: number): void {
    addRange(this.touch(path).durableDirty, from, to);
  }

  /** Lengths and how far durable bytes equal the cache (they do below min(dirtyFrom, both lengths)). */
  shape(path: string): FileShape | null {
    const f = this.files.get(path);
    if (!f) return null;
    if (!f.durable) return { cacheLen: f.cache.len, durableLen: -1, sharedLen: 0 };
    return { cacheLen: f.cache.len, durableLen: f.durable.len, sharedLen: Math.min(f.dirtyFrom, f.durable.len, f.cache.len) };
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  size(path: string): number {
    return this.file(path).cache.len;
  }

  /** Files whose path starts with `prefix`, sorted. */
  /** Every file's path, unsorted. */
  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  list(prefix = ''): string[] {
    const out: string[] = [];
    const slash = prefix.indexOf('/');
    // "dir/": only that directory's paths; any other prefix scans them all
    const within = slash >= 0 && slash === prefix.length - 1 ? (this.tops.get(prefix.slice(0, slash)) ?? []) : this.files.keys();
    for (const p of within) if (p.startsWith(prefix)) out.push(p);
    return out.sort();
  }

  private static top(path: string): string {
    const i = path.indexOf('/');
    return i < 0 ? path : path.slice(0, i);
  }

  private setFile(path: string, f: FileState): void {
    this.files.set(path, f);
    const t = SimDisk.top(path);
    let set = this.tops.get(t);
    if (!set) this.tops.set(t, (set = new Set()));
    set.add(path);
  }

  private deleteFile(path: string): void {
    if (!this.files.delete(path)) return;
    const t = SimDisk.top(path);
    const set = this.tops.get(t);
    set?.delete(path);
    if (set && set.size === 0) this.tops.delete(t);
  }

  /** Bytes the files take (as the process sees them). */
  usedBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.cache.len;
    return n;
  }

  /** A write that grows the files by `growth` bytes fails on a full disk, before it changes anything. */
  private claim(path: string, growth: number): void {
    if (this.capacityBytes !== null && growth > 0 && this.usedBytes() + growth > this.capacityBytes) throw new DiskIOError('ENOSPC', path);
  }

  /** pwrite: writes bytes at `offset` (creating the file, zero-filling any hole). */
  write(path: string, offset: number, bytes: Uint8Array): void {
    this.claim(path, offset + bytes.length - (this.files.get(path)?.cache.len ?? 0));
    const f = this.open(path);
    f.dirtyFrom = Math.min(f.dirtyFrom, offset, f.cache.len);
    this.dirtyCache(path, Math.min(offset, f.cache.len), offset + bytes.length);
    f.cache.write(offset, bytes);
    this.stats.bytesWritten += bytes.length;
  }

  /** Replaces the whole content (like writing a temp file): the old durable bytes stay until fsync. */
  writeFile(path: string, bytes: Uint8Array): void {
    this.claim(path, bytes.length - (this.files.get(path)?.cache.len ?? 0));
    const f = this.open(path);
    f.cache = Bytes.of(bytes, this.chunkBytes);
    f.dirtyFrom = 0;
    this.dirtyCache(path, 0, Infinity);
    this.stats.bytesWritten += bytes.length;
  }

  append(path: string, bytes: Uint8Array): number {
    this.claim(path, bytes.length);
    const had = this.files.get(path);
    const f = had && had.owner === this.owner ? had : this.open(path);
    const pos = f.cache.len;
    this.dirtyCache(path, pos, pos + bytes.length);
    f.cache.append(bytes);
    if (pos < f.dirtyFrom) f.dirtyFrom = pos;
    this.stats.bytesWritten += bytes.length;
    return pos;
  }

  truncate(path: string, size: number): void {
    const f = this.open(path);
    f.dirtyFrom = Math.min(f.dirtyFrom, size, f.cache.len);
    // shrinking changes the page holding the new end; growing zero-fills [len, size)
    this.dirtyCache(path, Math.min(size, f.cache.len), size < f.cache.len ? Infinity : size);
    f.cache.truncate(size);
  }

  /** A copy of [offset, offset + length) as the process sees it. */
  read(path: string, offset = 0, length?: number): Uint8Array {
    const c = this.file(path).cache;
    const out = c.copy(offset, length === undefined ? c.len - offset : length);
    this.stats.bytesRead += out.length;
    return out;
  }

  /** Bytes [offset, offset+length) clipped to the file, zero-copy when possible: valid only until the next change. */
  readAt(path: string, offset: number, length: number): Uint8Array {
    return this.file(path).cache.readAt(offset, length);
  }

  /**
   * Bytes [offset, offset+length) as an immutable view that may be kept (a fetch response): the file copies a
   * chunk before changing it in place from now on. Counted in stats like read.
   */
  readShared(path: string, offset: number, length: number): Uint8Array {
    const out = this.file(path).cache.shareAt(offset, length);
    this.stats.bytesRead += out.length;
    return out;
  }

  /** Zero-copy view of the whole file (merges its chunks once); valid only until the next change. Not counted in stats. */
  view(path: string): Uint8Array {
    return this.file(path).cache.view();
  }

  delete(path: string): void {
    if (!this.files.has(path)) return;
    this.touch(path);
    this.deleteFile(path);
  }

  /** Saved under the new name in full (renames are rare: retention and the cleaner's swap). */
  rename(from: string, to: string): void {
    const f = this.file(from);
    this.touch(from);
    this.touch(to);
    this.deleteFile(from);
    this.setFile(to, f);
    this.dirtyCache(to, 0, Infinity);
    this.dirtyDurable(to, 0, Infinity);
  }

  /** Makes the file's cached bytes durable. */
  fsync(path: string): void {
    const f = this.file(path); // writeBack owns it
    this.stats.fsyncs++;
    this.writeBack(path, f.cache.len);
  }

  isSynced(path: string): boolean {
    const f = this.file(path);
    return f.durable !== null && f.dirtyFrom >= f.cache.len && f.durable.len === f.cache.len;
  }

  /**
   * The OS writing dirty pages on its own: bytes [0, end) become durable (durable length = end). Used by
   * fault tests to leave a torn tail (part of a batch on disk) before a power loss.
   */
  writeBack(path: string, end: number): void {
    const f = this.own(path);
    end = Math.min(end, f.cache.len);
    this.touch(path);
    if (!f.durable) f.durable = new Bytes(this.chunkBytes);
    const from = Math.min(f.dirtyFrom, end, f.durable.len);
    this.dirtyDurable(path, from, Infinity);
    f.durable.truncate(from);
    f.cache.shareTo(f.durable, from, end);
    f.dirtyFrom = end >= f.cache.len ? Infinity : end;
  }

  /** Flips bits at `position` in both the cache and the durable bytes: media corruption. */
  corrupt(path: string, position: number, xor = 0xff): void {
    const f = this.own(path);
    this.dirtyCache(path, position, position + 1);
    if (f.durable) this.dirtyDurable(path, position, position + 1);
    for (const b of f.durable ? [f.cache, f.durable] : [f.cache]) {
      if (position < b.len) b.write(position, new Uint8Array([b.readAt(position, 1)[0] ^ xor]));
    }
  }

  /**
   * The broker dies. loseUnflushed = power loss: every file reverts to its durable bytes, never-synced files
   * vanish. Otherwise (kill -9) the OS page cache survives and nothing is lost.
   */
  crash(loseUnflushed: boolean): void {
    if (!loseUnflushed) return;
    for (const [path, f] of [...this.files]) {
      if (!f.durable) {
        this.touch(path);
        this.deleteFile(path);
      } else if (f.dirtyFrom !== Infinity || f.durable.len !== f.cache.len) {
        this.dirtyCache(path, this.shape(path)!.sharedLen, Infinity); // below it the cache already equals durable
        const mine = this.own(path, f);
        mine.cache = mine.durable!.clone();
        mine.dirtyFrom = Infinity;
      }
    }
  }

  /** Paths created, changed, renamed or deleted since the last drain (the journal starts empty). */
  drainChanges(): string[] {
    return this.journal.drain().map((c) => c.path);
  }

  /** The journal since the last drain, with dirty byte ranges per file; it starts empty. */
  drainJournal(): FileChange[] {
    return this.journal.drain();
  }

  hasUnknownChanges(): boolean {
    return this.journal.hasUnknown();
  }

  /** Puts back the entries of a save that failed, so the next save retries them. */
  requeueJournal(changes: FileChange[]): void {
    this.journal.requeue(changes);
  }

  /** Marks paths wholly changed with their saved form unknown: the next save rewrites them and sweeps their keys. */
  markChanged(paths: Iterable<string>): void {
    const lost = [...paths].map((path): FileChange => ({ path, before: undefined, cacheDirty: [[0, Infinity]], durableDirty: [[0, Infinity]] }));
    this.journal.requeue(lost);
  }

  /** A copy of [pos, pos+len) of the cache (or the durable bytes) for persistence; not counted in stats. */
  copyOut(path: string, durable: boolean, pos: number, len: number): Uint8Array {
    const f = this.file(path);
    const b = durable ? f.durable : f.cache;
    if (!b) throw new Error(`${path} has no durable bytes`);
    return b.copy(pos, len);
  }

  snapshotFile(path: string): FileSnapshot | null {
    const f = this.files.get(path);
    if (!f) return null;
    const cache = f.cache.copy(0, f.cache.len);
    const synced = f.durable !== null && f.dirtyFrom === Infinity && f.durable.len === f.cache.len;
    return { cache, durable: f.durable === null ? null : synced ? cache : f.durable.copy(0, f.durable.len) };
  }

  /**
   * Replaces a file wholesale (loading a saved disk). sharedLen: how far durable equals cache, when known (a
   * paged save records it); else it is worked out from the bytes.
   */
  restoreFile(path: string, snap: FileSnapshot | null, sharedLen?: number): void {
    this.touch(path);
    this.dirtyCache(path, 0, Infinity);
    this.dirtyDurable(path, 0, Infinity);
    if (!snap) {
      this.deleteFile(path);
      return;
    }
    const cache = Bytes.of(snap.cache, this.chunkBytes);
    const durable = snap.durable ? Bytes.of(snap.durable, this.chunkBytes) : null;
    let dirtyFrom = 0;
    if (snap.durable) {
      const shared = Math.min(sharedLen ?? commonPrefix(snap.durable, snap.cache), snap.durable.length, snap.cache.length);
      dirtyFrom = shared >= snap.cache.length && snap.durable.length === snap.cache.length ? Infinity : shared;
    }
    this.setFile(path, { cache, durable, dirtyFrom, owner: this.owner });
  }
}

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
