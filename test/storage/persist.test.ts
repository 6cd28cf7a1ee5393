import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MemoryFileStore, StoreError, type FileStore } from '../../src/storage/backend/FileStore';
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { loadDisks, saveDisks } from '../../src/storage/persist';
import { PAGE_BYTES } from '../../src/storage/pages';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { config, rec, NO_PRODUCER, td } from './helpers';

/** Counts what reaches the store, and fails the next putMany on demand (as a full quota would: nothing written). */
class CountingStore implements FileStore {
  putBytes = 0;
  putKeys = 0;
  failNext = false;
  constructor(readonly inner: FileStore = new MemoryFileStore()) {}
  get(k: string) {
    return this.inner.get(k);
  }
  put(k: string, v: Uint8Array) {
    return this.putMany([{ key: k, value: v }]);
  }
  delete(k: string) {
    return this.putMany([], [k]);
  }
  list(p: string) {
    return this.inner.list(p);
  }
  entries(p: string) {
    return this.inner.entries!(p);
  }
  async putMany(puts: { key: string; value: Uint8Array }[], deletes: string[] = []) {
    if (this.failNext) {
      this.failNext = false;
      throw new StoreError('QUOTA_EXCEEDED', 'quota (test)');
    }
    await this.inner.putMany(puts, deletes);
    this.putKeys += puts.length;
    for (const p of puts) this.putBytes += p.value.length;
  }
}

async function dump(store: FileStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [k, v] of await store.entries!('')) out.set(k, Buffer.from(v).toString('hex'));
  return out;
}

/** Everything observable about a disk's files: cache and durable bytes, and whether each is synced. */
function state(disk: SimDisk) {
  return disk.list('').map((p) => {
    const s = disk.snapshotFile(p)!;
    return { p, cache: Array.from(s.cache), durable: s.durable && Array.from(s.durable), synced: disk.isSynced(p) };
  });
}

function expectSame(a: SimDisk, b: SimDisk): void {
  expect(state(b)).toEqual(state(a));
  for (const p of a.list('')) expect(b.shape(p)).toEqual(a.shape(p));
}

const file = fc.integer({ min: 0, max: 3 });
const op = fc.oneof(
  fc.record({ t: fc.constant('append' as const), f: file, n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ t: fc.constant('write' as const), f: file, at: fc.integer({ min: 0, max: 90 }), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ t: fc.constant('writeFile' as const), f: file, n: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ t: fc.constant('truncate' as const), f: file, size: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ t: fc.constant('fsync' as const), f: file }),
  fc.record({ t: fc.constant('writeBack' as const), f: file, end: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ t: fc.constant('corrupt' as const), f: file, at: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ t: fc.constant('crash' as const), lose: fc.boolean() }),
  fc.record({ t: fc.constant('delete' as const), f: file }),
  fc.record({ t: fc.constant('rename' as const), f: file, to: file }),
  fc.record({ t: fc.constant('save' as const), fail: fc.boolean() }),
  fc.record({ t: fc.constant('reload' as const) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

let counter = 0;
const bytes = (n: number) => Uint8Array.from({ length: n }, () => (counter = (counter * 31 + 7) & 0xff));

function apply(disk: SimDisk, o: Exclude<Op, { t: 'save' | 'reload' }>): void {
  const name = (i: number) => `d/f${i}`;
  const has = (i: number) => disk.exists(name(i));
  switch (o.t) {
    case 'append':
      return void disk.append(name(o.f), bytes(o.n));
    case 'write':
      return disk.write(name(o.f), o.at, bytes(o.n));
    case 'writeFile':
      return disk.writeFile(name(o.f), bytes(o.n));
    case 'truncate':
      return has(o.f) ? disk.truncate(name(o.f), o.size) : undefined;
    case 'fsync':
      return has(o.f) ? disk.fsync(name(o.f)) : undefined;
    case 'writeBack':
      return has(o.f) ? disk.writeBack(name(o.f), o.end) : undefined;
    case 'corrupt':
      return has(o.f) ? disk.corrupt(name(o.f), o.at) : undefined;
    case 'crash':
      return disk.crash(o.lose);
    case 'delete':
      return disk.delete(name(o.f));
    case 'rename':
      return has(o.f) && o.f !== o.to ? disk.rename(name(o.f), name(o.to)) : undefined;
  }
}

describe('persist: paged saves', () => {
  it('a reload rebuilds exactly the same disk, whatever happened between saves (model check, tiny pages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 50 }), fc.integer({ min: 1, max: 24 }), async (ops, pageBytes) => {
        const store = new CountingStore();
        let disk = new SimDisk({ chunkBytes: 16 });
        const save = () => saveDisks(store, new Map([[1, disk]]), { pageBytes });
        for (const o of ops) {
          if (o.t === 'save') {
            store.failNext = o.fail;
            const before = await dump(store);
            const err = await save().catch((e: unknown) => e);
            if (o.fail) {
              expect(err).toMatchObject({ code: 'QUOTA_EXCEEDED' });
              expect(await dump(store)).toEqual(before); // nothing half-written
            }
          } else if (o.t === 'reload') {
            await save();
            const back = (await loadDisks(store, { pageBytes })).get(1) ?? new SimDisk();
            expectSame(disk, back);
            disk = back;
          } else {
            apply(disk, o);
          }
        }
        await save();
        const back = (await loadDisks(store)).get(1) ?? new SimDisk();
        expectSame(disk, back);
        // the incremental saves left exactly the keys (and values) a full save into an empty store writes
        const fresh = new MemoryFileStore();
        await saveDisks(fresh, new Map([[1, disk]]), { pageBytes, full: true });
        expect(await dump(store)).toEqual(await dump(fresh));
        // and a power loss after the reload loses exactly what it would have lost without one
        disk.crash(true);
        back.crash(true);
        expectSame(disk, back);
      }),
      { numRuns: 300 },
    );
  });

  it('durable bytes kept apart from the cache are saved again when they change (corruption, rename over them)', async () => {
    const store = new MemoryFileStore();
    const disk = new SimDisk();
    const save = () => saveDisks(store, new Map([[1, disk]]), { pageBytes: 4 });
    const check = async () => {
      await save();
      expectSame(disk, (await loadDisks(store)).get(1)!);
    };
    for (const f of ['a', 'b']) {
      disk.append(
        f,
        Uint8Array.from({ length: 16 }, (_, i) => i),
      );
      disk.fsync(f);
      disk.write(f, 2, new Uint8Array([99])); // durable now differs from the cache from byte 2 on
    }
    await check();
    disk.corrupt('a', 9); // flips the byte in both: durable page 2 changes
    await check();
    disk.rename('a', 'b'); // b's durable pages are replaced by a's
    await check();
    disk.crash(true);
    await check();
  });

  it('a save after one small append to a big log writes O(1) pages', async () => {
    const store = new CountingStore();
    const disk = new SimDisk();
    const disks = new Map([[1, disk]]);
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    for (let i = 0; i < 1000; i++) log.appendAsLeader([rec(`k${i}`, 'v'.repeat(1000))], 0, NO_PRODUCER, i);
    await saveDisks(store, disks);
    expect(disk.size('t-0/00000000000000000000.log')).toBeGreaterThan(100 * PAGE_BYTES);
    for (let i = 0; i < 3; i++) {
      const [bytes0, keys0] = [store.putBytes, store.putKeys];
      log.appendAsLeader([rec('k', 'one more')], 0, NO_PRODUCER, 5000 + i);
      const r = await saveDisks(store, disks);
      // the .log's last page (maybe two), maybe an index page, and the changed files' metadata
      expect(r.pages).toBeLessThanOrEqual(4);
      expect(store.putKeys - keys0).toBe(r.pages + r.written);
      expect(store.putBytes - bytes0).toBeLessThanOrEqual(4 * PAGE_BYTES + 200);
    }
    const back = (await loadDisks(store)).get(1)!;
    expectSame(disk, back);
  });

  it('a failed save (full quota) writes nothing, and the next save writes its changes too', async () => {
    const store = new CountingStore();
    const disk = new SimDisk();
    const disks = new Map([[1, disk]]);
    const log = UnifiedLog.create('t-0', config({ segmentBytes: 600 }), disk, 0);
    for (let i = 0; i < 10; i++) log.appendAsLeader([rec('k', `v${i}`)], 0, NO_PRODUCER, i);
    await saveDisks(store, disks, { pageBytes: 64 });
    const saved = await dump(store);
    for (let i = 10; i < 30; i++) log.appendAsLeader([rec('k', `v${i}`)], 0, NO_PRODUCER, i);
    log.flush(30);
    store.failNext = true;
    await expect(saveDisks(store, disks, { pageBytes: 64 })).rejects.toBeInstanceOf(StoreError);
    expect(await dump(store)).toEqual(saved);
    log.appendAsLeader([rec('k', 'after')], 0, NO_PRODUCER, 31); // more changes while the save was failing
    await saveDisks(store, disks, { pageBytes: 64 });
    const back = (await loadDisks(store)).get(1)!;
    expectSame(disk, back);
    // and against a real byte budget: MemoryFileStore refuses the whole putMany
    const tight = new MemoryFileStore(500);
    await expect(saveDisks(tight, new Map([[2, back]]), { full: true })).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await tight.list('')).toEqual([]);
  });

  it('saves started together run one after another, so a failed one is retried before the next plans', async () => {
    const store = new CountingStore();
    const disk = new SimDisk();
    const disks = new Map([[1, disk]]);
    disk.append('f', new Uint8Array(40).fill(1));
    store.failNext = true;
    const first = saveDisks(store, disks, { pageBytes: 8 });
    disk.append('f', new Uint8Array(10).fill(2)); // lands after the first save drained the journal
    const second = saveDisks(store, disks, { pageBytes: 8 });
    await expect(first).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await second;
    expectSame(disk, (await loadDisks(store)).get(1)!);
  });

  it('round-trips a log through IndexedDB across rolls, retention renames, deletion, truncation, compaction and power loss', async () => {
    const store = await IdbFileStore.open('paged', 'db-paged');
    const counting = new CountingStore(store);
    let disk = new SimDisk();
    const cfg = config({ segmentBytes: 400, retentionBytes: 1200, indexIntervalBytes: 64, fileDeleteDelayMs: 10 });
    let log = UnifiedLog.create('t-0', cfg, disk, 0);
    const reload = async () => {
      await saveDisks(counting, new Map([[1, disk]]), { pageBytes: 128 });
      const back = (await loadDisks(counting, { pageBytes: 128 })).get(1)!;
      expectSame(disk, back);
      disk = back;
      log = UnifiedLog.load('t-0', cfg, disk, 1000, true).log;
    };
    for (let i = 0; i < 40; i++) log.appendAsLeader([rec(`k${i % 5}`, `value-${i}`)], 0, NO_PRODUCER, i);
    log.flush(40);
    log.updateHighWatermark(log.logEndOffset);
    await reload();
    log.updateHighWatermark(log.logEndOffset);
    expect(log.deleteOldSegments(50).deleted.length).toBeGreaterThan(0); // renamed to .deleted
    expect(disk.list('').some((p) => p.endsWith('.deleted'))).toBe(true);
    await reload();
    log.deleteOldSegments(100_000); // the .deleted files go
    expect(disk.list('').some((p) => p.endsWith('.deleted'))).toBe(false);
    for (let i = 40; i < 50; i++) log.appendAsLeader([rec(`k${i % 5}`, `value-${i}`)], 0, NO_PRODUCER, i);
    await reload();
    log.truncateTo(log.logEndOffset - 3);
    await reload();
    const first = log.logStartOffset;
    const want = log.readRecords(first, 1000, log.logEndOffset).map((r) => [r.offset, td.decode(r.value!)]);
    expect(want.length).toBeGreaterThan(5);
    expect(log.lookup(first + 2).position).toBeGreaterThanOrEqual(0);
    await reload();
    expect(log.readRecords(first, 1000, log.logEndOffset).map((r) => [r.offset, td.decode(r.value!)])).toEqual(want);
    // unflushed appends survive a reload and are lost by a power loss after it, as without the reload
    const end = log.logEndOffset;
    log.flush(60);
    log.appendAsLeader([rec('x', 'unflushed')], 0, NO_PRODUCER, 60);
    await reload();
    expect(log.logEndOffset).toBe(end + 1);
    disk.crash(true);
    log = UnifiedLog.load('t-0', cfg, disk, 2000, false).log;
    expect(log.logEndOffset).toBe(end);
    await reload();
    // compaction writes .cleaned files and swaps them in through .swap renames
    const ccfg = config({ cleanupPolicy: 'compact', segmentBytes: 250, deleteRetentionMs: 1 });
    const c = UnifiedLog.create('c-0', ccfg, disk, 0);
    for (let i = 0; i < 30; i++) c.appendAsLeader([rec(`k${i % 3}`, `v${i}`)], 0, NO_PRODUCER, i);
    c.updateHighWatermark(c.logEndOffset);
    await saveDisks(counting, new Map([[1, disk]]), { pageBytes: 128 });
    expect(c.maybeClean(100).cleaned).toBe(true);
    await reload();
    const cl = UnifiedLog.load('c-0', ccfg, disk, 3000, true).log;
    expect(cl.readRecords(cl.logStartOffset, 100, cl.logEndOffset).map((r) => td.decode(r.value!))).toEqual(
      c.readRecords(c.logStartOffset, 100, c.logEndOffset).map((r) => td.decode(r.value!)),
    );
    // nothing stale is left behind: the store equals a full save of the disk
    const fresh = new MemoryFileStore();
    await saveDisks(fresh, new Map([[1, disk]]), { pageBytes: 128, full: true });
    expect(await dump(counting)).toEqual(await dump(fresh));
    store.close();
  });

  it('reads clusters saved whole by the first format, and rewrites them as pages on the next save', async () => {
    const store = new MemoryFileStore();
    const cache = new Uint8Array([1, 2, 3, 4, 5]);
    const v1 = new Uint8Array(2 + 4 + 5 + 4 + 2);
    v1.set([1, 1], 0); // version 1, durable kept apart
    new DataView(v1.buffer).setInt32(2, 5);
    v1.set(cache, 6);
    new DataView(v1.buffer).setInt32(11, 2);
    v1.set([1, 2], 15);
    await store.put('broker-4/t-0/old.log', v1);
    const disk = (await loadDisks(store)).get(4)!;
    expect(Array.from(disk.read('t-0/old.log'))).toEqual([1, 2, 3, 4, 5]);
    const r = await saveDisks(store, new Map([[4, disk]]), { pageBytes: 4 });
    expect(r.pages).toBe(2);
    expect(await store.list('')).toEqual(['broker-4/t-0/old.log', 'broker-4/t-0/old.log#0', 'broker-4/t-0/old.log#1']);
    const back = (await loadDisks(store)).get(4)!;
    expectSame(disk, back);
    back.crash(true);
    expect(Array.from(back.read('t-0/old.log'))).toEqual([1, 2]);
  });

  it('files saved with another page size are rewritten whole by the next save, old keys swept', async () => {
    const store = new MemoryFileStore();
    const disk = new SimDisk();
    disk.append(
      't-0/a.log',
      Uint8Array.from({ length: 50 }, (_, i) => i),
    );
    disk.fsync('t-0/a.log');
    disk.truncate('t-0/a.log', 30); // durable bytes beyond the cache: kept as durable pages
    await saveDisks(store, new Map([[1, disk]]), { pageBytes: 8 });
    const back = (await loadDisks(store)).get(1)!;
    expectSame(disk, back);
    await saveDisks(store, new Map([[1, back]]));
    const fresh = new MemoryFileStore();
    await saveDisks(fresh, new Map([[1, disk]]), { full: true });
    expect(await dump(store)).toEqual(await dump(fresh));
  });

  it('names the key when saved data is missing or inconsistent', async () => {
    const store = new MemoryFileStore();
    const disk = new SimDisk();
    disk.append('t-0/a.log', new Uint8Array(20));
    await saveDisks(store, new Map([[1, disk]]), { pageBytes: 8 });
    await store.delete('broker-1/t-0/a.log#1');
    await expect(loadDisks(store)).rejects.toThrow(/broker-1\/t-0\/a\.log: cache page 1 is missing/);
    await store.put('broker-1/t-0/a.log', new Uint8Array([2, 0, 0]));
    await expect(loadDisks(store)).rejects.toThrow(/broker-1\/t-0\/a\.log: not a version 2 metadata record/);
  });
});
