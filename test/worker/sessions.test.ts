// Several saved clusters in IndexedDB (fake-indexeddb), the migration of the single v1 session, and the logs:
// saved after each change, verified byte for byte on restore, re-saved when they differ, a full quota reported.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { StoreError, type FileStore } from '../../src/storage/backend/FileStore';
import { loadDisks } from '../../src/storage/persist';
import { emptyCluster } from '../../src/scenario/json';
import { EngineHost } from '../../src/worker/host';
import type { LogStores } from '../../src/worker/logs';
import { IdbSessionStore } from '../../src/worker/session';
import type { SessionsResult, WorkerResponse, WorkerState } from '../../src/worker/protocol';

let n = 0;
const fresh = () => `sessions-test-${++n}`;
const engine = { validateScenario, createRun: (s: Parameters<typeof validateScenario>[0] & object) => new ScenarioRun(s as never) };

function logStores(db: string, wrap?: (s: FileStore) => FileStore): LogStores {
  return {
    open: async (id) => {
      const s = await IdbFileStore.open(id, db);
      return wrap ? wrap(s) : s;
    },
    remove: async (id) => {
      const s = await IdbFileStore.open(id, db);
      await s.clear();
      s.close();
    },
  };
}

const topic = { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 };
const produce = (count: number) => ({ do: 'produce', topic: 't', count, acks: 'all' });

describe('IdbSessionStore: several saved clusters', () => {
  it('keeps named clusters, the current one, renames and deletes', async () => {
    const s = new IdbSessionStore(fresh());
    expect(await s.load()).toBeUndefined();
    await s.save({ id: 'a', name: 'A', scenario: { steps: [1] }, cursor: 3, savedAt: 1 });
    await s.save({ id: 'b', name: 'B', scenario: { steps: [] }, cursor: 0, savedAt: 2 });
    expect((await s.load())?.id).toBe('b');
    let l = await s.list();
    expect(l.current).toBe('b');
    expect(l.sessions.map((x) => [x.id, x.name, x.steps])).toEqual([
      ['b', 'B', 0],
      ['a', 'A', 1],
    ]);
    expect(await s.rename('a', 'Alpha')).toBe(true);
    expect((await s.get('a'))?.name).toBe('Alpha');
    await s.remove('a');
    l = await s.list();
    expect(l.sessions.map((x) => x.id)).toEqual(['b']);
    await s.remove('b');
    expect(await s.load()).toBeUndefined();
  });

  it('migrates the single v1 session into "Cluster 1", current, without losing it', async () => {
    const name = fresh();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('session');
      },
    });
    await v1.put('session', { scenario: emptyCluster(), cursor: 7, savedAt: 5 }, 'current');
    v1.close();
    const s = new IdbSessionStore(name);
    const cur = await s.load();
    expect(cur).toMatchObject({ id: 'c1', name: 'Cluster 1', cursor: 7, savedAt: 5, scenario: emptyCluster() });
    expect((await s.list()).sessions.map((x) => x.name)).toEqual(['Cluster 1']);
  });
});

describe('EngineHost: saved clusters and their logs', () => {
  it('New cluster adds a saved cluster; switching replays it and verifies its logs', async () => {
    const sdb = fresh(),
      ldb = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    const r0 = (await h.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(r0.session?.name).toBe('Cluster 1');
    const first = r0.session!.id;
    await h.handle({ type: 'command', step: topic as never }, 2);
    await h.handle({ type: 'command', step: produce(5) as never }, 3);
    const n1 = (await h.handle({ type: 'newCluster', brokers: 3, mode: 'zookeeper' }, 4)) as WorkerState;
    expect(n1.session?.name).toBe('Cluster 2');
    const second = n1.session!.id;
    expect(second).not.toBe(first);
    await h.handle({ type: 'command', step: topic as never }, 5);
    await h.handle({ type: 'command', step: produce(2) as never }, 6);
    await h.logsSettled();
    await new Promise((r) => setTimeout(r, 20));

    const list = (await h.handle({ type: 'sessions' }, 7)) as SessionsResult;
    expect(list.current).toBe(second);
    expect(list.sessions.map((s) => s.id).sort()).toEqual([first, second].sort());

    // both clusters' logs are in IndexedDB, each under its own id
    const stored = await loadDisks(await IdbFileStore.open(first, ldb));
    expect([...stored.keys()].length).toBe(3);
    expect(await IdbFileStore.clusters(ldb)).toEqual([first, second].sort());

    // a new host (a page reload) restores the current one and verifies its logs
    const h2 = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    const r = (await h2.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(r.session).toEqual({ id: second, name: 'Cluster 2' });
    expect(r.logs?.matched).toBe(true);
    expect(r.logs!.files).toBeGreaterThan(0);
    const sw = (await h2.handle({ type: 'switchSession', session: first }, 2)) as WorkerState;
    expect(sw.session?.id).toBe(first);
    expect(sw.scenario!.steps.length).toBe(2);
    expect(sw.logs).toMatchObject({ matched: true });
    expect(sw.logs!.bytes).toBeGreaterThan(r.logs!.bytes);

    // rename; the open one cannot be deleted; deleting the other removes its logs
    const rn = (await h2.handle({ type: 'renameSession', session: second, name: '  Two ' }, 3)) as SessionsResult;
    expect(rn.sessions.find((s) => s.id === second)?.name).toBe('Two');
    expect((await h2.handle({ type: 'deleteSession', session: first }, 4)).type).toBe('error');
    const del = (await h2.handle({ type: 'deleteSession', session: second }, 5)) as SessionsResult;
    expect(del.sessions.map((s) => s.id)).toEqual([first]);
    expect(await IdbFileStore.clusters(ldb)).toEqual([first]);
  });

  it('logs that differ from the replay are reported and saved again in full', async () => {
    const sdb = fresh(),
      ldb = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    const r0 = (await h.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    await h.handle({ type: 'command', step: topic as never }, 2);
    await h.handle({ type: 'command', step: produce(3) as never }, 3);
    await h.logsSettled();
    await new Promise((r) => setTimeout(r, 20));
    // another version's bytes: flip one byte of a stored page
    const fs = await IdbFileStore.open(r0.session!.id, ldb);
    const key = (await fs.list('')).find((k) => k.includes('.log') && !k.endsWith('meta') && /cache|c\d|p/.test(k)) ?? (await fs.list(''))[0];
    const v = (await fs.get(key))!;
    v[v.length - 1] ^= 0xff;
    v[0] ^= 0xff;
    await fs.put(key, v);
    const h2 = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    const r = (await h2.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(r.logs?.matched).toBe(false);
    await h2.logsSettled();
    const h3 = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    expect(((await h3.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState).logs?.matched).toBe(true);
  });

  it('a full quota is reported with its code and leaves the stored logs as they were', async () => {
    const sdb = fresh(),
      ldb = fresh();
    let full = false;
    const wrap = (s: FileStore): FileStore =>
      Object.assign(Object.create(Object.getPrototypeOf(s) as object) as FileStore, s, {
        putMany: (puts: { key: string; value: Uint8Array }[], deletes?: string[]) =>
          full ? Promise.reject(new StoreError('QUOTA_EXCEEDED', 'quota')) : s.putMany(puts, deletes),
      });
    const notes: WorkerResponse[] = [];
    const h = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb, wrap), (r) => notes.push(r));
    const r0 = (await h.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    await h.handle({ type: 'command', step: topic as never }, 2);
    await h.handle({ type: 'command', step: produce(2) as never }, 3);
    await h.logsSettled();
    const fs = await IdbFileStore.open(r0.session!.id, ldb);
    const before = await fs.entries('');
    full = true;
    await h.handle({ type: 'command', step: produce(4) as never }, 4);
    await h.logsSettled();
    expect(notes).toEqual([expect.objectContaining({ type: 'error', id: 0, code: 'QUOTA_EXCEEDED' })]);
    expect(await fs.entries('')).toEqual(before);
    // room again: the next save catches up, and a reload verifies
    full = false;
    await h.handle({ type: 'command', step: produce(1) as never }, 5);
    await h.logsSettled();
    await new Promise((r) => setTimeout(r, 20));
    const h2 = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    expect(((await h2.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState).logs?.matched).toBe(true);
  });
});

describe('EngineHost: the position a move leaves', () => {
  it('is saved when the worker idles or before the next request that is not a move, not at every move', async () => {
    const sdb = fresh();
    const store = new IdbSessionStore(sdb);
    let saves = 0;
    const save = store.save.bind(store);
    store.save = (...a: Parameters<typeof store.save>) => (saves++, save(...a));
    const h = new EngineHost(engine, store, logStores(fresh()));
    const r0 = (await h.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    const id = r0.session!.id;
    await h.handle({ type: 'command', step: topic as never }, 2);
    const end = ((await h.handle({ type: 'command', step: produce(5) as never }, 3)) as WorkerState).cursor;
    const before = saves;
    // a scrub: three moves, none of them saved
    for (const c of [end - 9, end - 6, end - 3]) await h.handle({ type: 'seek', cursor: c }, 4);
    await h.handle({ type: 'seekStep', step: 1 }, 5);
    expect(saves).toBe(before);
    expect((await store.get(id))?.cursor).toBe(end);
    // idle: the position the moves left is saved, once
    h.saveCursor();
    h.saveCursor();
    await h.handle({ type: 'dump' }, 6); // waits for the save
    expect(saves).toBe(before + 1);
    expect((await store.get(id))?.cursor).not.toBe(end);
    // a move, then a request that is not one: the position is saved first, as a page reload would find it
    const moved = ((await h.handle({ type: 'seek', cursor: end - 4 }, 7)) as WorkerState).cursor;
    await h.handle({ type: 'sessions' }, 8);
    expect((await store.get(id))?.cursor).toBe(moved);
    // a position's save in progress holds up no move (a scrub goes on); the next request of another kind waits for it
    let release: () => void = () => undefined;
    store.save = (...a: Parameters<typeof store.save>) => new Promise<void>((r) => (release = r)).then(() => save(...a));
    await h.handle({ type: 'seek', cursor: end - 2 }, 9);
    h.saveCursor();
    const seekWhileSaving = await Promise.race([h.handle({ type: 'seek', cursor: end - 1 }, 10), new Promise((r) => setTimeout(() => r('waited'), 200))]);
    expect((seekWhileSaving as WorkerState).cursor).toBe(end - 1);
    let done = false;
    const other = h.handle({ type: 'sessions' }, 11).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    release();
    await other;
    expect(done).toBe(true);
  });
});

describe('EngineHost: a log save in progress', () => {
  it('does not hold up a seek; a command (which changes the disks the save reads) waits for it', async () => {
    const sdb = fresh(),
      ldb = fresh();
    let open: () => void = () => undefined;
    let gate: Promise<void> | null = null;
    const wrap = (s: FileStore): FileStore =>
      Object.assign(Object.create(Object.getPrototypeOf(s) as object) as FileStore, s, {
        putMany: async (puts: { key: string; value: Uint8Array }[], deletes?: string[]) => {
          if (gate) await gate;
          return s.putMany(puts, deletes);
        },
      });
    const h = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb, wrap));
    await h.handle({ type: 'restore', fallback: emptyCluster() }, 1);
    await h.handle({ type: 'command', step: topic as never }, 2);
    await h.logsSettled();
    gate = new Promise<void>((r) => (open = r));
    const s3 = (await h.handle({ type: 'command', step: produce(20) as never }, 3)) as WorkerState;
    // the save of that produce waits at the gate: a seek is answered meanwhile, a command is not
    const back = (await h.handle({ type: 'seek', cursor: s3.cursor - 3 }, 4)) as WorkerState;
    expect(back.cursor).toBe(s3.cursor - 3);
    let done = false;
    const cmd = h.handle({ type: 'command', step: produce(5) as never }, 5).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    gate = null;
    open();
    expect(((await cmd) as WorkerState).type).toBe('state');
    await h.logsSettled();
    await new Promise((r) => setTimeout(r, 20));
    // the stored logs are the run's, byte for byte
    const h2 = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    expect(((await h2.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState).logs?.matched).toBe(true);
  });
});
