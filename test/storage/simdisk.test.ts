import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SimDisk } from '../../src/storage/disk/SimDisk';

// A plain model: each file is { cache: number[], durable: number[] | null }.
type Model = Map<string, { cache: number[]; durable: number[] | null }>;

const op = fc.oneof(
  fc.record({ t: fc.constant('append' as const), f: fc.integer({ min: 0, max: 2 }), data: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({
    t: fc.constant('write' as const),
    f: fc.integer({ min: 0, max: 2 }),
    at: fc.integer({ min: 0, max: 60 }),
    data: fc.uint8Array({ maxLength: 30 }),
  }),
  fc.record({ t: fc.constant('truncate' as const), f: fc.integer({ min: 0, max: 2 }), size: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ t: fc.constant('fsync' as const), f: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ t: fc.constant('writeBack' as const), f: fc.integer({ min: 0, max: 2 }), end: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ t: fc.constant('crash' as const), lose: fc.boolean() }),
  fc.record({ t: fc.constant('delete' as const), f: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ t: fc.constant('rename' as const), f: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(disk: SimDisk, m: Model, o: Op): void {
  const name = (i: number) => `d/f${i}`;
  switch (o.t) {
    case 'append': {
      disk.append(name(o.f), o.data);
      const e = m.get(name(o.f)) ?? { cache: [], durable: null };
      e.cache.push(...o.data);
      m.set(name(o.f), e);
      break;
    }
    case 'write': {
      disk.write(name(o.f), o.at, o.data);
      const e = m.get(name(o.f)) ?? { cache: [], durable: null };
      while (e.cache.length < o.at) e.cache.push(0);
      o.data.forEach((b, i) => (e.cache[o.at + i] = b));
      m.set(name(o.f), e);
      break;
    }
    case 'truncate': {
      disk.truncate(name(o.f), o.size);
      const e = m.get(name(o.f)) ?? { cache: [], durable: null };
      e.cache.length = Math.min(e.cache.length, o.size);
      while (e.cache.length < o.size) e.cache.push(0);
      m.set(name(o.f), e);
      break;
    }
    case 'fsync':
    case 'writeBack': {
      const e = m.get(name(o.f));
      if (!e) return expect(() => disk.fsync(name(o.f))).toThrow(/no such file/);
      const end = o.t === 'fsync' ? e.cache.length : Math.min(o.end, e.cache.length);
      if (o.t === 'fsync') disk.fsync(name(o.f));
      else disk.writeBack(name(o.f), o.end);
      e.durable = e.cache.slice(0, end);
      break;
    }
    case 'crash':
      disk.crash(o.lose);
      if (o.lose)
        for (const [k, e] of [...m]) {
          if (e.durable === null) m.delete(k);
          else e.cache = e.durable.slice();
        }
      break;
    case 'delete':
      disk.delete(name(o.f));
      m.delete(name(o.f));
      break;
    case 'rename': {
      const e = m.get(name(o.f));
      if (!e || o.f === o.to) return;
      disk.rename(name(o.f), name(o.to));
      m.delete(name(o.f));
      m.set(name(o.to), e);
      break;
    }
  }
}

describe('SimDisk', () => {
  it('behaves like a page cache over a disk (model check, tiny chunks to cross chunk boundaries)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 16 }), (ops, chunk) => {
        const disk = new SimDisk({ chunkBytes: chunk });
        const m: Model = new Map();
        for (const o of ops) apply(disk, m, o);
        expect(disk.list('d/')).toEqual([...m.keys()].sort());
        for (const [k, e] of m) {
          expect(Array.from(disk.read(k))).toEqual(e.cache);
          if (e.cache.length > 3) expect(Array.from(disk.readAt(k, 1, 3))).toEqual(e.cache.slice(1, 4));
          expect(Array.from(disk.view(k))).toEqual(e.cache);
        }
        // a power loss now reverts to the model's durable bytes
        disk.crash(true);
        for (const [k, e] of m) {
          if (e.durable === null) expect(disk.exists(k)).toBe(false);
          else expect(Array.from(disk.read(k))).toEqual(e.durable);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a process crash keeps unflushed bytes; a power loss loses them and files never synced', () => {
    const disk = new SimDisk();
    disk.append('a', new Uint8Array([1, 2, 3]));
    disk.fsync('a');
    disk.append('a', new Uint8Array([4]));
    disk.append('b', new Uint8Array([9]));
    disk.crash(false);
    expect(Array.from(disk.read('a'))).toEqual([1, 2, 3, 4]);
    expect(disk.exists('b')).toBe(true);
    disk.crash(true);
    expect(Array.from(disk.read('a'))).toEqual([1, 2, 3]);
    expect(disk.exists('b')).toBe(false);
  });

  it('keeps a journal of changed paths until drained', () => {
    const disk = new SimDisk();
    disk.append('x/1', new Uint8Array([1]));
    disk.append('x/2', new Uint8Array([1]));
    expect(disk.drainChanges()).toEqual(['x/1', 'x/2']);
    expect(disk.drainChanges()).toEqual([]);
    disk.rename('x/1', 'x/3');
    disk.delete('x/2');
    expect(disk.drainChanges()).toEqual(['x/1', 'x/2', 'x/3']);
    disk.crash(true); // nothing was synced: both vanish
    expect(disk.drainChanges()).toEqual(['x/3']);
  });

  it('journals dirty byte ranges per file, with the shape the file had before the first change', () => {
    const disk = new SimDisk();
    disk.append('f', new Uint8Array(10));
    disk.fsync('f');
    disk.drainJournal();
    disk.append('f', new Uint8Array(5));
    disk.append('f', new Uint8Array(5)); // adjacent appends merge into one range
    disk.write('f', 2, new Uint8Array(1));
    disk.truncate('f', 18);
    const [c] = disk.drainJournal();
    expect(c.before).toEqual({ cacheLen: 10, durableLen: 10, sharedLen: 10 });
    expect(c.cacheDirty).toEqual([
      [2, 3],
      [10, Infinity],
    ]);
    expect(c.durableDirty).toEqual([]);
    expect(disk.shape('f')).toEqual({ cacheLen: 18, durableLen: 10, sharedLen: 2 });
    disk.rename('f', 'g');
    const [f, g] = disk.drainJournal();
    expect([f.path, f.before?.cacheLen, g.path, g.before, g.cacheDirty]).toEqual(['f', 18, 'g', null, [[0, Infinity]]]);
  });

  it('shared views (fetch responses) never change, whatever happens to the file afterwards', () => {
    const disk = new SimDisk({ chunkBytes: 8 });
    disk.append('f', new Uint8Array([1, 2, 3, 4, 5, 6]));
    const v = disk.readShared('f', 2, 3);
    disk.truncate('f', 3);
    disk.append('f', new Uint8Array([9, 9, 9, 9]));
    disk.write('f', 0, new Uint8Array([7, 7, 7, 7, 7]));
    disk.corrupt('f', 4);
    expect(Array.from(v)).toEqual([3, 4, 5]);
    expect(Array.from(disk.read('f'))).toEqual([7, 7, 7, 7, 7 ^ 0xff, 9, 9]);
  });

  it('snapshots keep both the cache and the durable bytes', () => {
    const disk = new SimDisk();
    disk.append('f', new Uint8Array([1, 2]));
    disk.fsync('f');
    disk.append('f', new Uint8Array([3]));
    const snap = disk.snapshotFile('f')!;
    const other = new SimDisk();
    other.restoreFile('f', snap);
    expect(Array.from(other.read('f'))).toEqual([1, 2, 3]);
    other.crash(true);
    expect(Array.from(other.read('f'))).toEqual([1, 2]);
  });

  it('fsync makes the cache durable without a second copy of its bytes, and each side still changes alone', () => {
    const disk = new SimDisk();
    const mb = 1 << 20;
    const batch = new Uint8Array(mb).fill(7);
    for (let i = 0; i < 8; i++) disk.append('big', batch);
    const before = process.memoryUsage().arrayBuffers;
    disk.fsync('big');
    // a copy would hold 8 MB more (the durable bytes): they share the cache's memory
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(mb);
    // the cache changes in place after the sync (a torn overwrite, a truncation, more appends): the durable bytes do not
    disk.write('big', 3, new Uint8Array([1, 2, 3]));
    disk.truncate('big', 5 * mb);
    disk.append('big', new Uint8Array([9]));
    disk.crash(true);
    const back = disk.read('big');
    expect(back.length).toBe(8 * mb);
    expect(back.every((b) => b === 7)).toBe(true);
  });
});
