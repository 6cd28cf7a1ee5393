// Saved work is never replaced without the learner's say (issue 15, embed contract v1.1), in the worker's host on
// the real engine and IndexedDB (fake-indexeddb): a link or a frame opens in its own space; a stored record that
// cannot be opened is kept aside, unchanged, and the app starts; a stored position that is not a number opens at
// the end; a cluster open in another tab (its Web Lock held) saves nothing until a change, which makes a copy;
// a cancelled opening keeps the record aside; a long request reports progress.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { emptyCluster } from '../../src/scenario/json';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { EngineHost } from '../../src/worker/host';
import type { Notice, RecordResult, SessionsResult, WorkerResponse, WorkerState } from '../../src/worker/protocol';
import type { Locks } from '../../src/worker/savedSessions';
import { IdbSessionStore } from '../../src/worker/session';

let n = 0;
const fresh = () => `spaces-test-${++n}`;
const engine = { validateScenario, createRun: (s: Parameters<typeof validateScenario>[0] & object) => new ScenarioRun(s as never) };
const topic = { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 };
const produce = (count: number) => ({ do: 'produce', topic: 't', count, acks: 'all' });
const lesson = { version: 1, id: 'a-lesson', title: { en: 'A lesson', zh: '一课' }, brokers: 3, steps: [topic, produce(3), { do: 'crashBroker', broker: 1 }] };
const other = { version: 1, id: 'other', brokers: 3, steps: [{ ...topic, topic: 'o' }] };

/** One browser's Web Locks, shared by the hosts (tabs) made with it. */
function browserLocks(): Locks {
  const held = new Set<string>();
  return {
    hold: async (name) => {
      if (held.has(name)) return null;
      held.add(name);
      return () => held.delete(name);
    },
  };
}

const host = (db: string, locks?: Locks, notify?: (r: WorkerResponse) => void) => new EngineHost(engine, new IdbSessionStore(db), undefined, { locks, notify });
const state = (r: WorkerResponse): WorkerState => {
  if (r.type !== 'state') throw new Error(`not a state: ${JSON.stringify(r).slice(0, 300)}`);
  return r;
};
const settle = () => new Promise((r) => setTimeout(r, 30));
const kinds = (r: WorkerState) => (r.notices ?? []).map((x: Notice) => x.kind);

/** The learner's own cluster: a topic and 5 records, in the app's space. */
async function learnerCluster(db: string): Promise<string> {
  const h = host(db);
  const r = state(await h.handle({ type: 'restore', fallback: emptyCluster() }, 1));
  await h.handle({ type: 'command', step: topic as never }, 2);
  await h.handle({ type: 'command', step: produce(5) as never }, 3);
  await settle();
  return r.session!.id;
}

describe('links and frames open in their own saved space', () => {
  it("a ?scenario= link opens the lesson without touching the learner's cluster, and keeps its own progress", async () => {
    const db = fresh();
    const mine = await learnerCluster(db);
    const link = 'link /index.html?scenario=a-lesson';
    const h = host(db);
    const r = state(await h.handle({ type: 'restore', space: link, fallback: emptyCluster(), scenario: lesson, step: 1, name: 'A lesson' }, 1));
    expect(r.scenario!.id).toBe('a-lesson');
    expect(r.session?.name).toBe('A lesson');
    expect(r.session?.id).not.toBe(mine);
    expect(r.notices).toEqual([{ kind: 'ownSpace' }]);
    await h.handle({ type: 'seekStep', step: 2 }, 2);
    h.saveCursor(); // as the worker does once idle
    await settle();
    // the app opened on its own: the learner's cluster, as it was
    const app = state(await host(db).handle({ type: 'restore', fallback: emptyCluster() }, 1));
    expect(app.session?.id).toBe(mine);
    expect(app.scenario!.steps.map((s) => s.do)).toEqual(['createTopic', 'produce']);
    // the link again: its own cluster at the position left there
    const again = state(await host(db).handle({ type: 'restore', space: link, fallback: emptyCluster(), scenario: lesson, step: 1 }, 1));
    expect(again.session?.id).toBe(r.session?.id);
    expect(again.cursor).toBe(again.stepEnds![1]);
    // the list of the app's saved clusters is the learner's
    const list = (await host(db).handle({ type: 'sessions' }, 1)) as SessionsResult;
    expect(list.sessions.map((s) => s.id)).toEqual([mine]);
  });

  it("two frames of one page each keep their own cluster; a frame with no scenario opens the empty cluster, never another space's", async () => {
    const db = fresh();
    await learnerCluster(db);
    const fa = 'frame https://course.example/unit.html?controls=player&scenario=a-lesson';
    const fb = 'frame https://course.example/unit.html?controls=player&scenario=other';
    const a = host(db),
      b = host(db);
    state(await a.handle({ type: 'restore', space: fa, fallback: emptyCluster(), scenario: lesson }, 1));
    state(await b.handle({ type: 'restore', space: fb, fallback: emptyCluster(), scenario: other }, 1));
    await a.handle({ type: 'seekStep', step: 3 }, 2);
    await b.handle({ type: 'seekStep', step: 1 }, 2);
    a.saveCursor(); // as the worker does once idle
    b.saveCursor();
    await settle();
    const ra = state(await host(db).handle({ type: 'restore', space: fa, fallback: emptyCluster(), scenario: lesson }, 1));
    const rb = state(await host(db).handle({ type: 'restore', space: fb, fallback: emptyCluster(), scenario: other }, 1));
    expect([ra.scenario!.id, ra.cursor]).toEqual(['a-lesson', ra.events!.length - 1]);
    expect([rb.scenario!.id, rb.cursor]).toEqual(['other', rb.stepEnds![0]]);
    const none = state(
      await host(db).handle({ type: 'restore', space: 'frame https://course.example/unit.html?controls=player', fallback: emptyCluster() }, 1),
    );
    expect(none.scenario!.steps).toEqual([]);
    expect(Object.keys(none.dump.topics)).toEqual([]);
  });

  it('a lesson picked in the app opens as a new saved cluster unless the open one is empty', async () => {
    const db = fresh();
    const mine = await learnerCluster(db);
    const h = host(db);
    await h.handle({ type: 'restore', fallback: emptyCluster() }, 1);
    const r = state(await h.handle({ type: 'load', scenario: lesson, step: 0, name: 'A lesson' }, 2));
    expect(r.session?.id).not.toBe(mine);
    await settle();
    const list = (await h.handle({ type: 'sessions' }, 3)) as SessionsResult;
    expect(list.sessions.map((s) => s.name).sort()).toEqual(['A lesson', 'Cluster 1']);
    const kept = await new IdbSessionStore(db).get(mine);
    expect((kept?.scenario as { steps: unknown[] }).steps).toHaveLength(2);
    // from an empty cluster, the lesson takes its place (nothing to lose)
    const e = state(await h.handle({ type: 'newCluster', brokers: 3, mode: 'zookeeper' }, 4));
    const l2 = state(await h.handle({ type: 'load', scenario: other, step: 0, name: 'Other' }, 5));
    expect(l2.session?.id).toBe(e.session?.id);
    expect(l2.session?.name).toBe('Other');
  });
});

/** Stores a record as the app's current saved cluster, as a damaged or older version might have left it. */
async function storeRaw(db: string, id: string, record: unknown): Promise<void> {
  await new IdbSessionStore(db).list(); // creates the stores
  const d = await openDB(db);
  await d.put('sessions', record, id);
  await d.put('meta', id, 'current');
  d.close();
}

describe('a stored record that cannot be opened is kept aside, and the app starts', () => {
  const bad: [string, unknown][] = [
    ['an unknown command', { id: 'b1', name: 'Broken', scenario: { ...emptyCluster(), steps: [{ do: 'explode' }] }, cursor: 3, savedAt: 1 }],
    ['steps: "x"', { id: 'b1', name: 'Broken', scenario: { ...emptyCluster(), steps: 'x' }, cursor: 0, savedAt: 1 }],
    ['scenario: null', { id: 'b1', name: 'Broken', scenario: null, cursor: 0, savedAt: 1 }],
    ['not even an object', 'garbage'],
  ];
  for (const [what, record] of bad) {
    it(`${what}: kept aside unchanged, exported as stored, deleted on request; a new empty cluster opens`, async () => {
      const db = fresh();
      await storeRaw(db, 'b1', record);
      const h = host(db);
      const r = state(await h.handle({ type: 'restore', fallback: emptyCluster() }, 1));
      expect(r.scenario!.steps).toEqual([]);
      expect(r.session?.id).not.toBe('b1');
      expect(kinds(r)).toEqual(['aside']);
      const note = r.notices![0] as Extract<Notice, { kind: 'aside' }>;
      expect(note.record.id).toBe('b1');
      expect(note.record.reason.problem ?? note.record.reason.message).toBeTruthy();
      await settle();
      const raw = (await h.handle({ type: 'asideRecord', session: 'b1' }, 2)) as RecordResult;
      expect(raw.record).toEqual(record);
      const list = (await h.handle({ type: 'sessions' }, 3)) as SessionsResult;
      expect(list.aside?.map((a) => a.id)).toEqual(['b1']);
      expect(list.sessions.map((s) => s.id)).toEqual([r.session!.id]);
      // the next start does not try it again, and does not lose it
      const again = state(await host(db).handle({ type: 'restore', fallback: emptyCluster() }, 1));
      expect(again.notices).toBeUndefined();
      expect(again.session?.id).toBe(r.session?.id);
      const del = (await h.handle({ type: 'deleteAside', session: 'b1' }, 4)) as SessionsResult;
      expect(del.aside).toEqual([]);
    });
  }

  it('a stored position that is not a number ("abc", NaN, 1e308, -5) opens the cluster at a valid position', async () => {
    for (const cursor of ['abc', NaN, 1e308, -5, null]) {
      const db = fresh();
      await storeRaw(db, 'c1', { id: 'c1', name: 'Mine', scenario: { ...emptyCluster(), steps: [topic, produce(2)] }, cursor, savedAt: 1 });
      const r = state(await host(db).handle({ type: 'restore', fallback: emptyCluster() }, 1));
      expect(r.session?.id).toBe('c1');
      expect(r.scenario!.steps).toHaveLength(2);
      expect(r.cursor).toBeGreaterThanOrEqual(r.minCursor);
      expect(r.cursor).toBeLessThan(r.events!.length);
    }
  });

  it('a cancelled opening keeps the record aside and opens the empty cluster', async () => {
    const db = fresh();
    await storeRaw(db, 'slow', { id: 'slow', name: 'Slow', scenario: { ...emptyCluster(), steps: [topic] }, cursor: 0, savedAt: 1 });
    const r = state(await host(db).handle({ type: 'restore', fallback: emptyCluster(), skipCurrent: true }, 1));
    expect(r.scenario!.steps).toEqual([]);
    expect(r.notices).toEqual([{ kind: 'aside', record: expect.objectContaining({ id: 'slow', name: 'Slow', reason: { cancelled: true } }) }]);
    // the learner may try again: the record comes back as it was and opens
    const h = host(db);
    await h.handle({ type: 'restore', fallback: emptyCluster() }, 1);
    const again = state(await h.handle({ type: 'reopenAside', session: 'slow' }, 2));
    expect(again.session).toEqual({ id: 'slow', name: 'Slow' });
    expect(again.scenario!.steps).toHaveLength(1);
    expect(((await h.handle({ type: 'sessions' }, 3)) as SessionsResult).aside).toEqual([]);
  });
});

describe('two tabs on one saved cluster', () => {
  it('the second tab saves nothing until a change, which goes to a copy; the first keeps its own', async () => {
    const db = fresh();
    const locks = browserLocks();
    const a = host(db, locks);
    const ra = state(await a.handle({ type: 'restore', fallback: emptyCluster() }, 1));
    await a.handle({ type: 'command', step: topic as never }, 2);
    await settle();
    const b = host(db, locks);
    const rb = state(await b.handle({ type: 'restore', fallback: emptyCluster() }, 1));
    expect(rb.session?.id).toBe(ra.session?.id);
    expect(rb.readOnly).toBe(true);
    expect(rb.notices).toEqual([{ kind: 'otherTab', name: 'Cluster 1' }]);
    const saved = await new IdbSessionStore(db).get(ra.session!.id);
    await b.handle({ type: 'seek', cursor: -1 }, 2); // moving in the second tab saves nothing
    b.saveCursor();
    await settle();
    expect(await new IdbSessionStore(db).get(ra.session!.id)).toEqual(saved);
    await b.handle({ type: 'seek', cursor: 1e9 }, 2);
    await a.handle({ type: 'command', step: produce(4) as never }, 3);
    await settle();
    const c = state(await b.handle({ type: 'command', step: { do: 'crashBroker', broker: 2 } as never }, 4));
    expect(c.readOnly).toBeUndefined();
    expect(c.session?.name).toBe('Cluster 1 (copy)');
    expect(c.notices).toEqual([{ kind: 'copied', name: 'Cluster 1 (copy)', from: 'Cluster 1' }]);
    await a.handle({ type: 'command', step: produce(1) as never }, 5);
    await settle();
    const store = new IdbSessionStore(db);
    const first = (await store.get(ra.session!.id))!.scenario as { steps: { do: string }[] };
    const copy = (await store.get(c.session!.id))!.scenario as { steps: { do: string }[] };
    expect(first.steps.map((s) => s.do)).toEqual(['createTopic', 'produce', 'produce']);
    expect(copy.steps.map((s) => s.do)).toEqual(['createTopic', 'crashBroker']);
  });
});

describe('after a cancel', () => {
  it("the new worker waits a moment for the ended worker's lock instead of calling the cluster open in another tab", async () => {
    const db = fresh();
    await learnerCluster(db);
    // the ended worker's lock, freed `ms` later (as a terminated worker's is)
    const endedWorkerLock = (ms: number): Locks => {
      let held = true;
      const timer = setTimeout(() => {
        held = false;
      }, ms);
      return {
        hold: async (_name, waitMs = 0) => {
          const until = Date.now() + waitMs;
          while (held && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
          if (held) {
            clearTimeout(timer);
            return null;
          }
          return () => undefined;
        },
      };
    };
    const quick = state(await host(db, endedWorkerLock(60_000)).handle({ type: 'restore', fallback: emptyCluster() }, 1));
    expect(quick.readOnly).toBe(true);
    const patient = state(await host(db, endedWorkerLock(150)).handle({ type: 'restore', fallback: emptyCluster(), lockWaitMs: 3000 }, 1));
    expect(patient.readOnly).toBeUndefined();
    expect(patient.notices).toBeUndefined();
  });
});

describe('a long request reports its progress', () => {
  it('sends progress (events, simulated and real time) while a command runs, for that request', async () => {
    const got: WorkerResponse[] = [];
    let t = 0;
    const h = new EngineHost(engine, undefined, undefined, { notify: (r) => got.push(r), clock: () => (t += 300) });
    await h.handle({ type: 'load', scenario: { ...emptyCluster(), steps: [topic] }, step: 1 }, 1);
    got.length = 0;
    state(await h.handle({ type: 'command', step: { do: 'advance', ms: 3_600_000 } as never }, 7));
    const p = got.filter((r) => r.type === 'progress');
    expect(p.length).toBeGreaterThan(1);
    expect(p.every((r) => r.type === 'progress' && r.id === 7)).toBe(true);
    const last = p[p.length - 1] as Extract<WorkerResponse, { type: 'progress' }>;
    expect(last.events).toBeGreaterThan(2048);
    expect(last.simMs).toBeGreaterThan(0);
  });
});
