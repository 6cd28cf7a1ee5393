// A SimDisk's change journal: for every file touched since the last drain, the shape it had then (which is what
// the last successful save stored) and the byte ranges of its cache and durable bytes changed since. A save
// writes only the pages those ranges touch, so appending to a big .log costs O(appended bytes), not O(file).

/** What a file looks like to persistence: lengths, and how far its durable bytes agree with its cache. */
export interface FileShape {
  cacheLen: number;
  /** -1: never synced (the file vanishes on power loss) */
  durableLen: number;
  /** cache and durable bytes are equal on [0, sharedLen) (0 when never synced) */
  sharedLen: number;
}

/** Half-open byte ranges [from, to), sorted and disjoint; `to` may be Infinity (to the end, whatever it is). */
export type Ranges = [number, number][];

export interface FileChange {
  path: string;
  /** shape when first touched after the last drain; null: absent; undefined: unknown (rewrite it all) */
  before: FileShape | null | undefined;
  cacheDirty: Ranges;
  durableDirty: Ranges;
}

// Past this many disjoint ranges (random small overwrites) one covering range is cheaper to carry than exact ones.
const MAX_RANGES = 32;

export function addRange(rs: Ranges, from: number, to: number): void {
  if (!(to > from)) return;
  const last = rs[rs.length - 1];
  if (last && from >= last[0]) {
    // the common case (appends): extend or follow the last range without a search
    if (from <= last[1]) last[1] = Math.max(last[1], to);
    else rs.push([from, to]);
  } else {
    let lo = from;
    let hi = to;
    const keep: Ranges = [];
    for (const r of rs) {
      if (r[1] < lo || r[0] > hi) keep.push(r);
      else {
        lo = Math.min(lo, r[0]);
        hi = Math.max(hi, r[1]);
      }
    }
    keep.push([lo, hi]);
    keep.sort((a, b) => a[0] - b[0]);
    rs.splice(0, rs.length, ...keep);
  }
  if (rs.length > MAX_RANGES) rs.splice(0, rs.length, [rs[0][0], rs[rs.length - 1][1]]);
}

/** Pages of `pageBytes` that ranges touch, clipped to the first `pageCount` pages. */
export function pagesTouched(rs: Ranges, pageBytes: number, pageCount: number): Set<number> {
  const out = new Set<number>();
  for (const [from, to] of rs) {
    const last = Math.min(pageCount, Math.ceil(to / pageBytes)) - 1;
    for (let i = Math.floor(from / pageBytes); i <= last; i++) out.add(i);
  }
  return out;
}

export class Journal {
  private entries = new Map<string, FileChange>();
  /** the entries this journal may change in place: those of a fork are shared until one side changes them */
  private owned = new Set<FileChange>();

  /** A copy for a checkpoint: both journals share every entry and copy one before changing it. */
  fork(): Journal {
    const j = new Journal();
    j.entries = new Map(this.entries);
    this.owned = new Set();
    return j;
  }

  /** The entry `e` to change: a copy of it first when a fork shares it. */
  private own(e: FileChange): FileChange {
    if (this.owned.has(e)) return e;
    const mine: FileChange = { path: e.path, before: e.before, cacheDirty: copyRanges(e.cacheDirty), durableDirty: copyRanges(e.durableDirty) };
    this.entries.set(e.path, mine);
    this.owned.add(mine);
    return mine;
  }

  /** Whether some entry's saved form is unknown (the store must be listed to sweep its keys). */
  hasUnknown(): boolean {
    for (const e of this.entries.values()) if (e.before === undefined) return true;
    return false;
  }

  /** The entry for `path`, created with `disk.shape(path)` as its before-shape when the path is first touched. */
  touch(path: string, disk: { shape(path: string): FileShape | null }): FileChange {
    const e = this.entries.get(path);
    if (e) return this.own(e);
    const created: FileChange = { path, before: disk.shape(path), cacheDirty: [], durableDirty: [] };
    this.entries.set(path, created);
    this.owned.add(created);
    return created;
  }

  /** Entries since the last drain, sorted by path; the journal starts empty. */
  drain(): FileChange[] {
    const out = [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.entries.clear();
    this.owned.clear();
    return out;
  }

  /**
   * Puts back entries of a save that failed: the store still holds their before-shapes, so those win over the
   * shapes of entries touched since, and the dirty ranges add up.
   */
  requeue(changes: FileChange[]): void {
    for (const c of changes) {
      const had = this.entries.get(c.path);
      if (!had) {
        this.entries.set(c.path, c);
        this.owned.add(c);
        continue;
      }
      const e = this.own(had);
      e.before = c.before;
      for (const [a, b] of c.cacheDirty) addRange(e.cacheDirty, a, b);
      for (const [a, b] of c.durableDirty) addRange(e.durableDirty, a, b);
    }
  }
}

function copyRanges(rs: Ranges): Ranges {
  return rs.map((r): [number, number] => [r[0], r[1]]);
}
