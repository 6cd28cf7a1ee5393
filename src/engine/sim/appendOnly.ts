// A list that only grows over a run's history (what a consumer consumed, a producer's acknowledged runs), kept as
// frozen chunks and an open tail. A checkpoint's copy (snapshot.ts) shares the frozen chunks, so copying the list
// costs its last chunk, not its history: in a 100k-event history a consumer's 10k records were most of what each
// seek's restore copied, and its cost grew with the history.

export const CHUNK = 256;

export class AppendOnly<T> {
  private chunks: (readonly T[])[] = [];
  private tail: T[] = [];

  get length(): number {
    return this.chunks.length * CHUNK + this.tail.length;
  }

  push(...items: T[]): void {
    for (const x of items) {
      this.tail.push(x);
      if (this.tail.length === CHUNK) {
        this.chunks.push(Object.freeze(this.tail));
        this.tail = [];
      }
    }
  }

  /** The item at index i (undefined past the end). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const c = Math.floor(i / CHUNK);
    return c < this.chunks.length ? this.chunks[c][i % CHUNK] : this.tail[i - this.chunks.length * CHUNK];
  }

  /** Items from index `start` up to `end`, as Array.prototype.slice (non-negative bounds). */
  slice(start = 0, end = this.length): T[] {
    const out: T[] = [];
    const stop = Math.min(end, this.length);
    for (let i = Math.max(0, start); i < stop; i++) out.push(this.at(i)!);
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const c of this.chunks) yield* c;
    yield* this.tail;
  }

  toJSON(): T[] {
    return this.slice();
  }
}
