import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Scenario, SimEvent, StateDump, Step } from '../../src/scenario/types';
import { emptyCluster } from '../../src/scenario/json';
import { EngineHost } from '../../src/worker/host';
import { computeStepEnds, type EngineApi, type RunLike } from '../../src/worker/timeline';

/** the toy engine's made-up commands, typed as steps */
const toyStep = (s: Record<string, unknown>) => s as unknown as Step;
import { IdbSessionStore } from '../../src/worker/session';
import type { WorkerState } from '../../src/worker/protocol';

/** A toy deterministic engine: step k emits (count ?? 1) events; the dump counts them. */
class ToyRun implements RunLike {
  events: SimEvent[] = [];
  failures = [];
  nextStep = 0;
  private pending: Omit<SimEvent, 'seq'>[] = [];
  constructor(private s: Scenario) {}
  private more(): boolean {
    if (this.pending.length === 0) {
      if (this.nextStep >= this.s.steps.length) return false;
      const st = this.s.steps[this.nextStep];
      const count = (st as unknown as Record<string, unknown>).count;
      const n = typeof count === 'number' ? count : 1;
      for (let i = 0; i < n; i++) this.pending.push({ time: this.events.length * 10, step: this.nextStep, type: 'Toy', do: st.do, i });
      this.nextStep++;
      if (n === 0) return true;
    }
    const e = this.pending.shift()!;
    this.events.push({ seq: this.events.length, ...e } as SimEvent);
    return true;
  }
  runStep() {
    if (this.nextStep >= this.s.steps.length) return;
    this.more();
    while (this.pending.length) this.more();
  }
  runToEnd() {
    while (this.more());
  }
  runUntilEvent(seq: number) {
    while (this.events.length <= seq && this.more());
  }
  dump(): StateDump {
    return {
      time: this.events.length * 10,
      controller: { id: 1, epoch: 1 },
      brokers: {},
      topics: {},
      groups: {},
      consumers: {},
      producers: {},
      errors: [],
      lookups: [],
      n: this.events.length,
    };
  }
}

const toy: EngineApi = {
  validateScenario(json) {
    const j = json as Scenario & { brokers: number | number[] };
    const bad = j.steps.findIndex((s) => (s.do as string) === 'bad');
    if (bad >= 0) return { ok: false, problem: { step: bad, field: 'do', code: 'unknownCommand', params: { do: 'bad' }, message: 'unknown command' } };
    const brokers = typeof j.brokers === 'number' ? Array.from({ length: j.brokers }, (_, i) => i + 1) : j.brokers;
    return { ok: true, scenario: { ...j, brokers } };
  },
  createRun: (s) => new ToyRun(s),
};

const scen = (steps: object[]) => ({ ...(emptyCluster() as object), steps });

describe('EngineHost', () => {
  it('computes where each step ends in the trace', () => {
    const ev = [0, 0, 2, 2, 3].map((step, seq) => ({ seq, step, time: 0, type: 'x' }));
    expect(computeStepEnds(ev, 5)).toEqual([1, 1, 3, 4, 4]);
  });

  it('loads, runs to the end, and sends the trace only when it changed', async () => {
    const h = new EngineHost(toy);
    const r = (await h.handle(
      {
        type: 'load',
        scenario: scen([
          { do: 'a', count: 2 },
          { do: 'b', count: 3 },
        ]),
      },
      1,
    )) as WorkerState;
    expect(r.type).toBe('state');
    expect(r.cursor).toBe(-1); // opens at step 0
    expect(r.events?.length).toBe(5);
    expect(r.stepEnds).toEqual([1, 4]);
    const r2 = (await h.handle({ type: 'seek', cursor: 3 }, 2)) as WorkerState;
    expect(r2.events).toBeUndefined();
    expect(r2.dump.n).toBe(4);
  });

  it('steps back by replaying deterministically, and forward without replaying', async () => {
    const h = new EngineHost(toy);
    await h.handle({ type: 'load', scenario: scen([{ do: 'a', count: 10 }]), step: 1 }, 1);
    for (const c of [9, 4, 5, 6, 2, -1, 9]) {
      const r = (await h.handle({ type: 'seek', cursor: c }, 1)) as WorkerState;
      expect(r.cursor).toBe(c);
      expect(r.dump.n).toBe(c + 1);
    }
    const far = (await h.handle({ type: 'seek', cursor: 1e9 }, 1)) as WorkerState;
    expect(far.cursor).toBe(9);
  });

  it('a command in the past drops the future (branching)', async () => {
    const h = new EngineHost(toy);
    await h.handle(
      {
        type: 'load',
        scenario: scen([
          { do: 'a', count: 2 },
          { do: 'b', count: 2 },
          { do: 'c', count: 2 },
        ]),
      },
      1,
    );
    await h.handle({ type: 'seek', cursor: 2 }, 2); // inside step 1
    const r = (await h.handle({ type: 'command', step: toyStep({ do: 'd', count: 1 }) }, 3)) as WorkerState;
    expect(r.scenario!.steps.map((s) => s.do)).toEqual(['a', 'b', 'd']);
    expect(r.cursor).toBe(4);
    expect(r.events?.length).toBe(5);
  });

  it('an invalid command changes nothing and reports the problem', async () => {
    const h = new EngineHost(toy);
    const loaded = (await h.handle({ type: 'load', scenario: scen([{ do: 'a' }]), step: 1 }, 1)) as WorkerState;
    const r = await h.handle({ type: 'command', step: toyStep({ do: 'bad' }) }, 2);
    expect(r).toMatchObject({ type: 'error', problem: { code: 'unknownCommand', step: 1 } });
    const s = (await h.handle({ type: 'seek', cursor: 0 }, 3)) as WorkerState;
    // the same trace: the scenario is not sent again (the UI keeps the one it has), and it still has one step
    expect(s.traceVersion).toBe(loaded.traceVersion);
    expect(s.scenario).toBeUndefined();
    expect(h.timeline.scenario!.steps.length).toBe(1);
  });

  it('answers a request before any scenario with an error, not an exception', async () => {
    const h = new EngineHost(toy);
    expect(await h.handle({ type: 'seek', cursor: 3 }, 1)).toEqual({ type: 'error', id: 1, message: 'no scenario loaded' });
  });

  it('saves the session in IndexedDB and restores it', async () => {
    const store = new IdbSessionStore();
    const h = new EngineHost(toy, store);
    await h.handle({ type: 'restore', fallback: emptyCluster() }, 1);
    await h.handle({ type: 'command', step: toyStep({ do: 'x', count: 4 }) }, 2);
    await h.handle({ type: 'seek', cursor: 1 }, 3);
    h.saveCursor(); // as the worker does once idle
    await new Promise((r) => setTimeout(r, 50));
    const h2 = new EngineHost(toy, new IdbSessionStore());
    const r = (await h2.handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(r.scenario!.steps).toEqual([{ do: 'x', count: 4 }]);
    expect(r.cursor).toBe(1);
    const n = (await h2.handle({ type: 'newCluster', brokers: 5, mode: 'kraft' }, 2)) as WorkerState;
    expect(n.scenario).toMatchObject({ mode: 'kraft', brokers: [1, 2, 3, 4, 5], steps: [] });
  });
});
