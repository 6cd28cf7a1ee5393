// The worker's host on the real engine: every timeline position is reproducible, and the end
// of the timeline is the Node runner's final state dump.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { useStore } from '../../src/ui/store';
import { EngineHost } from '../../src/worker/host';
import type { WorkerState } from '../../src/worker/protocol';
import type { Step } from '../../src/scenario/types';

const dir = new URL('../../public/scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');
const load = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown;
const host = () => new EngineHost({ validateScenario, createRun: (s) => new ScenarioRun(s) });

describe('EngineHost on the engine', () => {
  for (const f of files) {
    it(`${f}: the end of the timeline is the Node runner's final dump`, async () => {
      const v = validateScenario(load(f));
      if (!v.ok) return; // an invalid built-in is the validator tests' business
      const h = host();
      const res = await h.handle({ type: 'load', scenario: load(f), step: v.scenario.steps.length }, 1);
      if (res.type === 'error' && /not implemented/.test(res.message ?? '')) return; // a command the engine does not have yet
      expect(res.type).toBe('state');
      const r = res as WorkerState;
      expect(JSON.stringify(r.dump)).toBe(JSON.stringify(runScenario(v.scenario).final));
    });
  }

  it('every position of a failover replays to the same picture, back and forth', async () => {
    const h = host();
    const first = (await h.handle({ type: 'load', scenario: load('acks-all-failover.json'), step: 0 }, 1)) as WorkerState;
    const events = first.events!;
    const at = new Map<number, string>();
    for (let c = first.minCursor; c < events.length; c += 7) {
      const r = (await h.handle({ type: 'seek', cursor: c }, 2)) as WorkerState;
      at.set(c, JSON.stringify(r.dump));
    }
    for (const c of [...at.keys()].reverse()) {
      const r = (await h.handle({ type: 'seek', cursor: c }, 3)) as WorkerState;
      expect(JSON.stringify(r.dump)).toBe(at.get(c));
    }
  });

  it('opening at a step shows the state before that step ran', async () => {
    const h = host();
    const r = (await h.handle({ type: 'load', scenario: load('acks-all-failover.json'), step: 3 }, 1)) as WorkerState;
    const p = r.dump.topics.t.partitions['0'];
    expect(r.dump.brokers['1'].status).toBe('online');
    expect(p.leader).toBe(1);
    expect(p.hw).toBe(5);
  });

  it('a command at an earlier point replaces the future', async () => {
    const h = host();
    await h.handle({ type: 'load', scenario: load('acks-all-failover.json'), step: 3 }, 1);
    const r = (await h.handle({ type: 'command', step: { do: 'crashBroker', broker: 2 } }, 2)) as WorkerState;
    expect(r.scenario!.steps.map((s) => s.do)).toEqual(['createTopic', 'produce', 'expect', 'crashBroker']);
    expect(r.dump.brokers['2'].status).toBe('crashed');
    expect(r.dump.brokers['1'].status).toBe('online');
  });
});

describe('captured windows', () => {
  const scenarios: Record<string, unknown> = {
    failover: load('acks-all-failover.json'),
    mixed: {
      version: 1,
      id: 'mixed',
      brokers: 3,
      steps: [
        { do: 'createTopic', topic: 'a', partitions: 2, replicationFactor: 3 },
        { do: 'produce', topic: 'a', count: 3, acks: 1 },
        { do: 'pauseBroker', broker: 2, ms: 12000 },
        { do: 'produce', topic: 'a', partition: 0, count: 2 },
        { do: 'advance', ms: 15000 },
        { do: 'crashBroker', broker: 1, loseUnflushed: true },
        { do: 'advance', ms: 20000 },
        { do: 'startBroker', broker: 1 },
        { do: 'advance', ms: 5000 },
      ],
    },
  };
  for (const [name, json] of Object.entries(scenarios)) {
    it(`${name}: every position captured in one run equals a fresh run to it`, async () => {
      const h = host();
      const r = await h.handle({ type: 'load', scenario: json, step: 0 }, 1);
      expect(r.type).toBe('state');
      const n = (r as WorkerState).events!.length;
      h.timeline.window = 1000;
      for (let c = (r as WorkerState).minCursor; c < n - 1; c++) {
        expect(JSON.stringify(h.timeline.dumpAt(c)), `position ${c}`).toBe(JSON.stringify(h.timeline.runTo(c).dump()));
      }
    });
  }
});

describe('variants', () => {
  it('replays the session with one change, leaving the session alone', async () => {
    const h = host();
    await h.handle({ type: 'load', scenario: load('acks-all-failover.json'), step: 9 }, 1);
    const r = await h.handle({ type: 'variant', patch: { kind: 'replicationFactor', value: 1 }, step: 4 }, 2);
    expect(r.type).toBe('variant');
    if (r.type !== 'variant') return;
    expect(r.dump.topics.t.partitions['0'].replicas).toEqual([1]);
    expect(r.dump.topics.t.partitions['0'].leader).toBeNull(); // its only replica crashed
    expect(r.events.some((e) => e.type === 'MessageSent')).toBe(false);
    const s = (await h.handle({ type: 'seek', cursor: 1e9 }, 3)) as WorkerState;
    expect(s.dump.topics.t.partitions['0'].leader).toBe(2);
    const acks = await h.handle({ type: 'variant', patch: { kind: 'config', key: 'min.insync.replicas', value: 3 }, step: 1 }, 4);
    expect(acks.type).toBe('variant');
  });
});

describe('assignor variant', () => {
  it('the same group under roundrobin', async () => {
    const h = host();
    await h.handle({ type: 'load', scenario: load('range-assignor.json'), step: 99 }, 1);
    const r = await h.handle({ type: 'variant', patch: { kind: 'assignor', value: 'roundrobin' }, step: 99 }, 2);
    if (r.type === 'error' && /not implemented/.test(r.message ?? '')) return;
    expect(r.type).toBe('variant');
    if (r.type !== 'variant') return;
    const g = r.dump.groups.g as { assignor: string; members: Record<string, { assignment: string[] }> };
    expect(g.assignor).toBe('roundrobin');
    expect(g.members.c1.assignment).toEqual(['t-0', 't-3']);
  });
});

describe('commands at the end extend the run', () => {
  it('gives the same trace and dump as a fresh run of the whole session', async () => {
    const h = host();
    const opened = (await h.handle({ type: 'restore', fallback: { version: 1, id: 'grow', brokers: 3, steps: [] } }, 1)) as WorkerState;
    const steps: Step[] = [
      { do: 'createTopic', topic: 'x', partitions: 2, replicationFactor: 3 },
      { do: 'produce', topic: 'x', count: 4, acks: 1 },
      { do: 'crashBroker', broker: 1 },
      { do: 'advance', ms: 20000 },
      { do: 'startBroker', broker: 1 },
      { do: 'advance', ms: 5000 },
    ];
    let last: WorkerState | null = null;
    useStore.getState().applyState(opened); // the page's store: an answer sends the trace from where it changed
    for (const st of steps) {
      const r = await h.handle({ type: 'command', step: st }, 2);
      expect(r.type).toBe('state');
      last = r as WorkerState;
      useStore.getState().applyState(last);
    }
    const v = validateScenario({ version: 1, id: 'grow', brokers: 3, steps });
    if (!v.ok) throw new Error(v.problem.message);
    const fresh = runScenario(v.scenario);
    expect(JSON.stringify(last!.dump)).toBe(JSON.stringify(fresh.final));
    expect(JSON.stringify(useStore.getState().events)).toBe(JSON.stringify(fresh.events));
    // earlier positions still replay to the same pictures
    const mid = (await h.handle({ type: 'seek', cursor: last!.stepEnds![2] }, 3)) as WorkerState;
    const run = new ScenarioRun(v.scenario);
    for (let i = 0; i < 3; i++) run.runStep();
    expect(JSON.stringify(mid.dump)).toBe(JSON.stringify(run.dump()));
  });
});
