import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { IdbFileStore, PUTS_PER_TASK } from '../../src/storage/backend/IdbFileStore';
import { MemoryFileStore, StoreError, type FileStore } from '../../src/storage/backend/FileStore';
import { loadDisks, saveDisks } from '../../src/storage/persist';
import { SimDisk } from '../../src/storage/disk/SimDisk';
import { UnifiedLog } from '../../src/storage/log/UnifiedLog';
import { config, rec, NO_PRODUCER, td } from './helpers';

const b = (...x: number[]) => new Uint8Array(x);

async function contract(store: FileStore) {
  await store.put('a/1', b(1));
  await store.put('a/2', b(2, 2));
  await store.put('b/1', b(3));
  expect(await store.get('a/2')).toEqual(b(2, 2));
  expect(await store.get('nope')).toBeNull();
  expect(await store.list('a/')).toEqual(['a/1', 'a/2']);
  await store.putMany([{ key: 'a/3', value: b(9) }], ['a/1']);
  expect(await store.list('a/')).toEqual(['a/2', 'a/3']);
  await store.delete('a/2');
  expect(await store.list('')).toEqual(['a/3', 'b/1']);
}

describe('FileStore backends', () => {
  it('MemoryFileStore follows the contract and is all-or-nothing on quota', async () => {
    await contract(new MemoryFileStore());
    const s = new MemoryFileStore(10);
    await s.put('x', new Uint8Array(6));
    await expect(
      s.putMany([
        { key: 'y', value: new Uint8Array(3) },
        { key: 'z', value: new Uint8Array(3) },
      ]),
    ).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await s.list('')).toEqual(['x']);
  });

  it('IdbFileStore follows the contract; clusters are separate key spaces', async () => {
    const s = await IdbFileStore.open('demo', 'db-contract');
    await contract(s);
    const other = await IdbFileStore.open('other', 'db-contract');
    await other.put('a/1', b(7));
    expect(await s.list('a/')).toEqual(['a/3']);
    expect(await other.list('')).toEqual(['a/1']);
    expect(await IdbFileStore.clusters('db-contract')).toEqual(['demo', 'other']);
    await other.clear();
    expect(await other.list('')).toEqual([]);
  });

  it('IdbFileStore turns QuotaExceededError into QUOTA_EXCEEDED with nothing half-written', async () => {
    const s = await IdbFileStore.open('q', 'db-quota');
    await s.putMany([
      { key: 'keep', value: b(1) },
      { key: 'old', value: b(1) },
    ]);
    const proto = (globalThis as any).IDBObjectStore.prototype;
    const realPut = proto.put;
    let calls = 0;
    proto.put = function (this: unknown, ...args: unknown[]) {
      if (++calls === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      const err = await s
        .putMany(
          [
            { key: 'old', value: b(2) },
            { key: 'n1', value: b(2) },
            { key: 'n2', value: b(2) },
          ],
          ['keep'],
        )
        .catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe('QUOTA_EXCEEDED');
      expect(err.message).toMatch(/quota/);
    } finally {
      proto.put = realPut;
    }
    expect(await s.list('')).toEqual(['keep', 'old']);
    expect(await s.get('old')).toEqual(b(1));
  });

  it('IdbFileStore puts a few at a time, other tasks running between, in one all-or-nothing transaction', async () => {
    const s = await IdbFileStore.open('chunks', 'db-chunks');
    const n = 3 * PUTS_PER_TASK + 5;
    const puts = Array.from({ length: n }, (_, i) => ({ key: `k${String(i).padStart(4, '0')}`, value: b(i & 255) }));
    // a timer set as the save begins fires before its last put is placed: the puts did not all run in one task
    const proto = (globalThis as any).IDBObjectStore.prototype;
    const realPut = proto.put;
    let fired = false;
    const seen: boolean[] = [];
    proto.put = function (this: unknown, ...args: unknown[]) {
      seen.push(fired);
      return realPut.apply(this, args);
    };
    try {
      setTimeout(() => (fired = true), 0);
      await s.putMany(puts);
    } finally {
      proto.put = realPut;
    }
    expect(seen.length).toBe(n);
    expect(seen[PUTS_PER_TASK - 1]).toBe(false);
    expect(seen[n - 1]).toBe(true);
    expect((await s.list('')).length).toBe(n);
    expect(await s.get(`k${String(n - 1).padStart(4, '0')}`)).toEqual(b((n - 1) & 255));
    // a quota failure in a later piece undoes the earlier pieces too
    let calls = 0;
    proto.put = function (this: unknown, ...args: unknown[]) {
      if (++calls === 2 * PUTS_PER_TASK + 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      const err = await s.putMany(puts.map((p) => ({ key: `new-${p.key}`, value: b(7) }))).catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe('QUOTA_EXCEEDED');
    } finally {
      proto.put = realPut;
    }
    expect(calls).toBe(2 * PUTS_PER_TASK + 3);
    expect((await s.list('new-')).length).toBe(0);
    expect((await s.list('')).length).toBe(n);
  });
});

describe('persist: SimDisks into a FileStore and back', () => {
  it('saves only what changed, and restores cache and durable bytes', async () => {
    const store = new MemoryFileStore();
    const disks = new Map([
      [1, new SimDisk()],
      [2, new SimDisk()],
    ]);
    const logs = [...disks].map(([, d]) => UnifiedLog.create('orders-0', config(), d, 0));
    for (const l of logs) for (let i = 0; i < 5; i++) l.appendAsLeader([rec('k', `v${i}`)], 0, NO_PRODUCER, 0);
    logs[0].flush(0);
    const first = await saveDisks(store, disks);
    expect(first.written).toBe(disks.get(1)!.list('').length + disks.get(2)!.list('').length);
    expect(await store.list('broker-1/')).toContain('broker-1/orders-0/00000000000000000000.log');
    logs[1].appendAsLeader([rec('k', 'more')], 0, NO_PRODUCER, 0);
    const second = await saveDisks(store, disks);
    expect(second.written).toBe(1); // only broker 2's .log changed (no index entry, no epoch change)
    const loaded = await loadDisks(store);
    expect([...loaded.keys()]).toEqual([1, 2]);
    for (const [id, d] of loaded) expect(d.list('')).toEqual(disks.get(id)!.list(''));
    // broker 1 was flushed: a power loss after reload keeps its records; broker 2's were never flushed
    for (const d of loaded.values()) d.crash(true);
    const l1 = UnifiedLog.load('orders-0', config(), loaded.get(1)!, 0, false).log;
    const l2 = UnifiedLog.load('orders-0', config(), loaded.get(2)!, 0, false).log;
    expect(l1.readRecords(0, 10, 10).map((r) => td.decode(r.value!))).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(l2.logEndOffset).toBe(0);
  });

  it('round-trips a cluster through IndexedDB (one named cluster per key space)', async () => {
    const store = await IdbFileStore.open('cluster-a', 'db-persist');
    const disk = new SimDisk();
    const log = UnifiedLog.create('orders-0', config({ segmentBytes: 300 }), disk, 0);
    for (let i = 0; i < 12; i++) log.appendAsLeader([rec('k', `v${i}`)], 0, NO_PRODUCER, 0);
    await saveDisks(store, new Map([[3, disk]]));
    const back = (await loadDisks(store)).get(3)!;
    const again = UnifiedLog.load('orders-0', config({ segmentBytes: 300 }), back, 0, false).log;
    expect(again.readRecords(0, 100, 12).map((r) => td.decode(r.value!))).toEqual(Array.from({ length: 12 }, (_, i) => `v${i}`));
    expect(await (await IdbFileStore.open('cluster-b', 'db-persist')).list('')).toEqual([]);
  });

  it('a failed save writes nothing and is retried by the next one', async () => {
    const store = new MemoryFileStore(2000);
    const disk = new SimDisk();
    const disks = new Map([[1, disk]]);
    const log = UnifiedLog.create('t-0', config(), disk, 0);
    log.appendAsLeader([rec('k', 'x'.repeat(5000))], 0, NO_PRODUCER, 0);
    await expect(saveDisks(store, disks)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await store.list('')).toEqual([]);
    const bigger = new MemoryFileStore();
    const r = await saveDisks(bigger, disks);
    expect(r.written).toBe(disk.list('').length);
    disk.delete('t-0/leader-epoch-checkpoint');
    const full = await saveDisks(bigger, disks, { full: true });
    expect(full.deleted).toBe(1);
    expect(await bigger.list('broker-1/t-0/leader')).toEqual([]);
  });
});
