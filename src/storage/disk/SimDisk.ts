// One broker's simulated disk. Each file has two sets of bytes, as on a real machine:
//  - `cache`: what the process sees (the OS page cache): every write lands here at once;
//  - `durable`: what reached the platters; only fsync (or the OS's own writeback) copies cache to it.
// A process crash (kill -9) keeps the page cache, so nothing is lost; a power loss reverts every file to its
// durable bytes and files never synced vanish. Directory operations (create aside, delete, rename) are
// treated as durable at once, as a journaling filesystem makes them soon after.
import { Bytes, CHUNK } from './Bytes';

interface FileState {
  cache: Bytes;
  durable: Bytes | null; // null: never synced, vanishes on power loss
  dirtyFrom: number; // lowest position changed since the last sync (Infinity when clean)
}

export class FileNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly path: string) {
    super(`no such file: ${path}`);
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

export class SimDisk {
  private files = new Map<string, FileState>();
  private changed = new Set<string>();
  readonly stats: DiskStats = { bytesWritten: 0, bytesRead: 0, fsyncs: 0 };
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

  private open(path: string): FileState {
    let f = this.files.get(path);
    if (!f) {
      f = { cache: new Bytes(this.chunkBytes), durable: null, dirtyFrom: 0 };
      this.files.set(path, f);
    }
    this.changed.add(path);
    return f;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  size(path: string): number {
    return this.file(path).cache.len;
  }

  /** Files whose path starts with `prefix`, sorted. */
  list(prefix = ''): string[] {
    const out: string[] = [];
    for (const p of this.files.keys()) if (p.startsWith(prefix)) out.push(p);
    return out.sort();
  }

  /** pwrite: writes bytes at `offset` (creating the file, zero-filling any hole). */
  write(path: string, offset: number, bytes: Uint8Array): void {
    const f = this.open(path);
    f.dirtyFrom = Math.min(f.dirtyFrom, offset, f.cache.len);
    f.cache.write(offset, bytes);
    this.stats.bytesWritten += bytes.length;
  }

  /** Replaces the whole content (like writing a temp file): the old durable bytes stay until fsync. */
  writeFile(path: string, bytes: Uint8Array): void {
    const f = this.open(path);
    f.cache = Bytes.of(bytes, this.chunkBytes);
    f.dirtyFrom = 0;
    this.stats.bytesWritten += bytes.length;
  }

  append(path: string, bytes: Uint8Array): number {
    const f = this.files.get(path) ?? this.open(path);
    this.changed.add(path);
    const pos = f.cache.len;
    f.cache.append(bytes);
    if (pos < f.dirtyFrom) f.dirtyFrom = pos;
    this.stats.bytesWritten += bytes.length;
    return pos;
  }

  truncate(path: string, size: number): void {
    const f = this.open(path);
    f.dirtyFrom = Math.min(f.dirtyFrom, size, f.cache.len);
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
    if (this.files.delete(path)) this.changed.add(path);
  }

  rename(from: string, to: string): void {
    const f = this.file(from);
    this.files.delete(from);
    this.files.set(to, f);
    this.changed.add(from);
    this.changed.add(to);
  }

  /** Makes the file's cached bytes durable. */
  fsync(path: string): void {
    const f = this.file(path);
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
    const f = this.file(path);
    end = Math.min(end, f.cache.len);
    if (!f.durable) f.durable = new Bytes(this.chunkBytes);
    const from = Math.min(f.dirtyFrom, end, f.durable.len);
    f.durable.truncate(from);
    f.cache.appendTo(f.durable, from, end);
    f.dirtyFrom = end >= f.cache.len ? Infinity : end;
    this.changed.add(path);
  }

  /** Flips bits at `position` in both the cache and the durable bytes: media corruption. */
  corrupt(path: string, position: number, xor = 0xff): void {
    const f = this.file(path);
    for (const b of f.durable ? [f.cache, f.durable] : [f.cache]) {
      if (position < b.len) b.write(position, new Uint8Array([b.readAt(position, 1)[0] ^ xor]));
    }
    this.changed.add(path);
  }

  /**
   * The broker dies. loseUnflushed = power loss: every file reverts to its durable bytes, never-synced files
   * vanish. Otherwise (kill -9) the OS page cache survives and nothing is lost.
   */
  crash(loseUnflushed: boolean): void {
    if (!loseUnflushed) return;
    for (const [path, f] of [...this.files]) {
      if (!f.durable) {
        this.files.delete(path);
      } else if (f.dirtyFrom !== Infinity || f.durable.len !== f.cache.len) {
        f.cache = f.durable.clone();
        f.dirtyFrom = Infinity;
      } else {
        continue;
      }
      this.changed.add(path);
    }
  }

  /** Paths created, changed, renamed or deleted since the last drain (for a persistence backend). */
  drainChanges(): string[] {
    const out = [...this.changed].sort();
    this.changed.clear();
    return out;
  }

  /** Puts paths back into the journal (a save that failed must be retried). */
  markChanged(paths: Iterable<string>): void {
    for (const p of paths) this.changed.add(p);
  }

  snapshotFile(path: string): FileSnapshot | null {
    const f = this.files.get(path);
    if (!f) return null;
    const cache = f.cache.copy(0, f.cache.len);
    const synced = f.durable !== null && f.dirtyFrom === Infinity && f.durable.len === f.cache.len;
    return { cache, durable: f.durable === null ? null : synced ? cache : f.durable.copy(0, f.durable.len) };
  }

  restoreFile(path: string, snap: FileSnapshot | null): void {
    this.changed.add(path);
    if (!snap) {
      this.files.delete(path);
      return;
    }
    const durable = snap.durable ? Bytes.of(snap.durable, this.chunkBytes) : null;
    const same = durable !== null && sameBytes(snap.durable!, snap.cache);
    this.files.set(path, { cache: Bytes.of(snap.cache, this.chunkBytes), durable, dirtyFrom: same ? Infinity : 0 });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
