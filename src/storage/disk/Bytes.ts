// A file's bytes as a list of chunks (at most CHUNK bytes each, except a flattened one), so appending never
// copies what is already stored: a big .log grows by adding chunks instead of reallocating (which cost ~3x
// in the 200k records/s path). Small files stay in one chunk and can be viewed without a copy, until they are
// shared (a checkpoint, views handed out): a full shared chunk then stays as it is and appends start a new one.

export const CHUNK = 1 << 20;

/** The engine's snapshot hook (engine/sim/snapshot.ts's SNAPSHOT; a registered symbol, as storage imports nothing from the engine). */
export const SNAPSHOT = Symbol.for('kafka-anatomy.snapshot');

export class Bytes {
  /** every chunk but the last is full */
  private chunks: Uint8Array[] = [];
  private starts: number[] = [];
  private lastUsed = 0;
  len = 0;
  // Once views of the chunks have been handed out (shareAt), bytes below `len` are never changed in place:
  // truncate and write copy the chunk they touch first, so every view stays valid forever.
  private shared = false;
  /** how many of the first chunks existed at the last snapshot (shared with its copy): appends never grow them */
  private snapshotChunks = 0;

  constructor(private readonly chunkBytes = CHUNK) {}

  static of(data: Uint8Array, chunkBytes = CHUNK): Bytes {
    const b = new Bytes(chunkBytes);
    b.append(data);
    return b;
  }

  /**
   * A copy for a checkpoint, without copying bytes: both sides share every chunk and copy one before changing it
   * (copy-on-write, as for shareAt). The copy's last chunk ends at the last byte, so its appends go to a new
   * chunk while this file keeps appending into the spare room the copy cannot see.
   */
  [SNAPSHOT](): Bytes {
    return this.fork();
  }

  /** A copy sharing every chunk (see SNAPSHOT). */
  fork(): Bytes {
    const b = new Bytes(this.chunkBytes);
    b.chunks = this.chunks.slice();
    const n = b.chunks.length;
    if (n) b.chunks[n - 1] = b.chunks[n - 1].subarray(0, this.lastUsed);
    b.starts = this.starts.slice();
    b.lastUsed = this.lastUsed;
    b.len = this.len;
    b.shared = true;
    this.shared = true;
    b.snapshotChunks = this.snapshotChunks = n;
    return b;
  }

  clone(): Bytes {
    const b = new Bytes(this.chunkBytes);
    for (let i = 0; i < this.chunks.length; i++) {
      const used = i === this.chunks.length - 1 ? this.lastUsed : this.chunks[i].length;
      b.append(this.chunks[i].subarray(0, used));
    }
    return b;
  }

  append(data: Uint8Array, from = 0, to = data.length): void {
    let p = from;
    while (p < to) {
      const n = this.chunks.length;
      let last = n > 0 ? this.chunks[n - 1] : null;
      if (last === null || this.lastUsed === last.length) {
        const max = this.chunkBytes;
        // a chunk a checkpoint shares is left as it is: growing it would copy it whole (a restored run's first
        // append to each log copied up to a megabyte per file)
        if (last !== null && last.length < max && n > this.snapshotChunks) {
          // grow the small last chunk (doubling) instead of starting a new one
          const grown = new Uint8Array(Math.min(max, Math.max(last.length * 2, this.lastUsed + (to - p))));
          grown.set(last);
          this.chunks[n - 1] = last = grown;
        } else {
          last = new Uint8Array(n === 0 || last!.length < max ? Math.min(max, Math.max(64, to - p)) : max);
          this.chunks.push(last);
          this.starts.push(this.len);
          this.lastUsed = 0;
        }
      }
      const k = Math.min(to - p, last.length - this.lastUsed);
      if (k < 32) {
        const u = this.lastUsed;
        for (let j = 0; j < k; j++) last[u + j] = data[p + j];
      } else {
        last.set(p === 0 && k === data.length ? data : data.subarray(p, p + k), this.lastUsed);
      }
      this.lastUsed += k;
      this.len += k;
      p += k;
    }
  }

  private chunkAt(pos: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    if (pos >= s[hi]) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  truncate(size: number): void {
    if (size >= this.len) {
      if (size > this.len) this.append(new Uint8Array(size - this.len));
      return;
    }
    if (size === 0) {
      this.chunks = [];
      this.starts = [];
      this.lastUsed = 0;
      this.len = 0;
      this.snapshotChunks = 0;
      return;
    }
    const i = this.chunkAt(size - 1);
    this.chunks.length = i + 1;
    this.starts.length = i + 1;
    this.lastUsed = size - this.starts[i];
    this.len = size;
    this.unshare(i);
    // chunk i has its own memory now (unshare): it may grow again
    this.snapshotChunks = Math.min(this.snapshotChunks, i);
  }

  /** Copy-on-write: gives chunk i its own memory if views of it may exist. */
  private unshare(i: number): void {
    if (!this.shared) return;
    const old = this.chunks[i];
    const own = new Uint8Array(old.length);
    own.set(old.subarray(0, i === this.chunks.length - 1 ? this.lastUsed : old.length));
    this.chunks[i] = own;
  }

  /** Overwrites/extends at `offset` (a hole is zero-filled). */
  write(offset: number, data: Uint8Array): void {
    if (offset > this.len) this.append(new Uint8Array(offset - this.len));
    const overlap = Math.min(data.length, this.len - offset);
    let p = 0;
    while (p < overlap) {
      const i = this.chunkAt(offset + p);
      const at = offset + p - this.starts[i];
      const k = Math.min(overlap - p, this.chunks[i].length - at);
      this.unshare(i);
      this.chunks[i].set(data.subarray(p, p + k), at);
      p += k;
    }
    if (overlap < data.length) this.append(data, Math.max(overlap, 0));
  }

  /** Bytes [pos, pos+len) clipped to the file: a view when inside one chunk, else a copy. */
  readAt(pos: number, len: number): Uint8Array {
    const end = Math.min(this.len, pos + len);
    if (pos >= end) return new Uint8Array(0);
    const i = this.chunkAt(pos);
    const at = pos - this.starts[i];
    if (end - this.starts[i] <= this.chunks[i].length) return this.chunks[i].subarray(at, at + end - pos);
    return this.copy(pos, end - pos);
  }

  /** Like readAt, but the view may be kept: these bytes will never change (copy-on-write from now on). */
  shareAt(pos: number, len: number): Uint8Array {
    this.shared = true;
    return this.readAt(pos, len);
  }

  copy(pos: number, len: number): Uint8Array {
    const end = Math.min(this.len, pos + len);
    if (pos < end) {
      const i = this.chunkAt(pos);
      const at = pos - this.starts[i];
      if (end - this.starts[i] <= this.chunks[i].length) return this.chunks[i].slice(at, at + end - pos);
    }
    const out = new Uint8Array(Math.max(0, end - pos));
    let p = pos;
    while (p < end) {
      const i = this.chunkAt(p);
      const at = p - this.starts[i];
      const k = Math.min(end - p, this.chunks[i].length - at);
      out.set(this.chunks[i].subarray(at, at + k), p - pos);
      p += k;
    }
    return out;
  }

  /** All bytes as one array (merging chunks once if needed). */
  view(): Uint8Array {
    if (this.chunks.length === 0) return new Uint8Array(0);
    if (this.chunks.length > 1) {
      // spare room so the appends that follow land in the same chunk and the next view does not merge again
      const flat = new Uint8Array(this.len + (this.len >> 1));
      flat.set(this.copy(0, this.len));
      this.chunks = [flat];
      this.starts = [0];
      this.lastUsed = this.len;
      this.snapshotChunks = 0;
    }
    return this.chunks[0].subarray(0, this.lastUsed);
  }

  /**
   * Appends [from, to) of this file to `dst` without copying a byte: `dst` takes views of this file's chunks, and both
   * sides copy a chunk before changing it from then on (copy-on-write, as for a snapshot). fsync makes the page cache
   * durable this way: a copy doubled the memory of every synced log (13 MB more for the 737k-record lesson).
   */
  shareTo(dst: Bytes, from: number, to: number): void {
    if (from >= to) return;
    this.shared = true;
    dst.shared = true;
    let p = from;
    while (p < to) {
      const i = this.chunkAt(p);
      const at = p - this.starts[i];
      const k = Math.min(to - p, this.chunks[i].length - at);
      dst.appendView(this.chunks[i].subarray(at, at + k));
      p += k;
    }
  }

  /** Appends a view of memory another file shares (so never written in place here): see shareTo. */
  private appendView(v: Uint8Array): void {
    const n = this.chunks.length;
    const last = n > 0 ? this.chunks[n - 1] : null;
    if (last !== null && this.lastUsed === last.length && last.buffer === v.buffer && last.byteOffset + last.length === v.byteOffset) {
      // the bytes right after the last view, in the same memory: one longer view (about one per chunk of the source)
      this.chunks[n - 1] = new Uint8Array(v.buffer, last.byteOffset, last.length + v.length);
    } else {
      // the spare room of an own last chunk is left unused: every chunk but the last is full
      if (last !== null && this.lastUsed < last.length) this.chunks[n - 1] = last.subarray(0, this.lastUsed);
      this.chunks.push(v);
      this.starts.push(this.len);
    }
    this.lastUsed = this.chunks[this.chunks.length - 1].length;
    this.len += v.length;
    // appends start a chunk of their own after a view instead of growing it (a copy of the view)
    this.snapshotChunks = this.chunks.length;
  }
}
