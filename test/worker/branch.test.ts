// Safe branching (issue 10 item 4): a command issued in the past keeps the future it replaces as a saved cluster
// of its own ("Other future of …"), with the position the learner was at; switching to it brings that future
// back exactly (its logs verified from IndexedDB), and the new future stays saved too. Never a silent loss.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyCluster } from '../../src/scenario/json';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { IdbFileStore } from '../../src/storage/backend/IdbFileStore';
import { EngineHost } from '../../src/worker/host';
import type { LogStores } from '../../src/worker/logs';
import type { Notice, SessionsResult, WorkerResponse, WorkerState } from '../../src/worker/protocol';
import { IdbSessionStore } from '../../src/worker/session';

let n = 0;
const fresh = () => `branch-test-${++n}`;
const engine = { validateScenario, createRun: (s: Parameters<typeof validateScenario>[0] & object) => new ScenarioRun(s as never) };
const logStores = (db: string): LogStores => ({
  open: (id) => IdbFileStore.open(id, db),
  remove: async (id) => {
    const s = await IdbFileStore.open(id, db);
    await s.clear();
    s.close();
  },
});
const state = (r: WorkerResponse): WorkerState => {
  if (r.type !== 'state') throw new Error(`not a state: ${JSON.stringify(r).slice(0, 300)}`);
  return r;
};
const steps = [
  { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
  { do: 'produce', topic: 't', count: 5, acks: 'all' },
  { do: 'crashBroker', broker: 1 },
  { do: 'advance', ms: 20000 },
];

async function built(h: EngineHost): Promise<WorkerState> {
  let r = state(await h.handle({ type: 'restore', fallback: emptyCluster() }, 1));
  for (const st of steps) r = state(await h.handle({ type: 'command', step: st as never }, 2));
  return r;
}

describe('a command in the past keeps the replaced future', () => {
  it('as a saved cluster the learner can switch back to, at the position they left, its logs verified', async () => {
    const sdb = fresh(),
      ldb = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(sdb), logStores(ldb));
    const end = await built(h);
    const whole = JSON.stringify(end.dump);
    const past = state(await h.handle({ type: 'seekStep', step: 2 }, 3)); // after the produce
    const r = state(await h.handle({ type: 'command', step: { do: 'crashBroker', broker: 2 } as never }, 4));
    expect(r.scenario!.steps.map((s) => s.do)).toEqual(['createTopic', 'produce', 'crashBroker']);
    expect(r.dump.brokers['2'].status).toBe('crashed');
    expect(r.notices).toHaveLength(1);
    const note = r.notices![0] as Extract<Notice, { kind: 'branch' }>;
    expect(note).toMatchObject({ kind: 'branch', dropped: 2, of: 'Cluster 1', step: 2 });
    await h.logsSettled();
    await new Promise((res) => setTimeout(res, 30));
    const list = (await h.handle({ type: 'sessions' }, 5)) as SessionsResult;
    expect(list.current).toBe(r.session!.id);
    const kept = list.sessions.find((s) => s.id === note.branch.id)!;
    expect(kept).toMatchObject({ steps: 4, branchOf: { id: r.session!.id, name: 'Cluster 1', step: 2 } });
    // back to the other future: all four commands, where the learner was, the same picture
    const back = state(await h.handle({ type: 'switchSession', session: note.branch.id }, 6));
    expect(back.scenario!.steps.map((s) => s.do)).toEqual(steps.map((s) => s.do));
    expect(back.cursor).toBe(past.cursor);
    expect(JSON.stringify(back.dump)).toBe(JSON.stringify(past.dump));
    expect(back.logs?.matched).toBe(true);
    expect(JSON.stringify(state(await h.handle({ type: 'seek', cursor: 1e9 }, 7)).dump)).toBe(whole);
    // and the new future is still saved
    const other = await new IdbSessionStore(sdb).get(r.session!.id);
    expect((other!.scenario as { steps: { do: string }[] }).steps.map((s) => s.do)).toEqual(['createTopic', 'produce', 'crashBroker']);
  });

  it('without a session store (nothing saved) the future is kept in memory and restorable', async () => {
    const h = new EngineHost(engine);
    await h.handle({ type: 'load', scenario: { ...emptyCluster(), steps }, step: 1 }, 1);
    const r = state(await h.handle({ type: 'command', step: { do: 'advance', ms: 5 } as never }, 2));
    const note = r.notices![0] as Extract<Notice, { kind: 'branch' }>;
    expect(note.dropped).toBe(3);
    const back = state(await h.handle({ type: 'switchSession', session: note.branch.id }, 3));
    expect(back.scenario!.steps).toHaveLength(4);
  });

  it('a command at the end keeps nothing aside; an invalid command in the past changes nothing', async () => {
    const sdb = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(sdb));
    await built(h);
    const atEnd = state(await h.handle({ type: 'command', step: { do: 'advance', ms: 5 } as never }, 3));
    expect(atEnd.notices).toBeUndefined();
    await h.handle({ type: 'seekStep', step: 1 }, 4);
    const bad = await h.handle({ type: 'command', step: { do: 'crashBroker', broker: 9 } as never }, 5);
    expect(bad.type).toBe('error');
    await new Promise((res) => setTimeout(res, 30));
    const list = (await h.handle({ type: 'sessions' }, 6)) as SessionsResult;
    expect(list.sessions).toHaveLength(1);
    expect(list.sessions[0].steps).toBe(5);
  });
});
