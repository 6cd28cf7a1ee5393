// The state the worker sends the UI lists at most SENT_LIST_MAX acked, failed and consumed records (the counts stay
// whole: a 1.2 MB dump per move cost a seek its time, issue 13); the embed API's get-state asks the worker for the
// whole dump at the cursor, which equals a fresh run's (contract v1.1: the lists bounded by DUMP_LIST_MAX only).
import { describe, expect, it } from 'vitest';
import { DUMP_LIST_MAX } from '../../src/engine/stateDump';
import { ScenarioRun } from '../../src/scenario/runner';
import type { StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { scenarioEngine } from '../../src/worker/engineApi';
import { EngineHost } from '../../src/worker/host';
import type { WorkerResponse, WorkerState } from '../../src/worker/protocol';
import { SENT_LIST_MAX } from '../../src/worker/timeline';

const scenario = {
  version: 1,
  id: 'lists',
  brokers: 3,
  steps: [
    { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
    { do: 'joinGroup', consumer: 'c1', group: 'g', topics: ['t'] },
    { do: 'produce', topic: 't', count: 150, key: 'k{n}' },
    { do: 'poll', consumer: 'c1' },
    { do: 'produce', topic: 't', count: 120, key: 'k{n}' },
    { do: 'poll', consumer: 'c1' },
  ],
};

function freshDumpAfter(steps: number): StateDump {
  const v = validateScenario(scenario);
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  while (run.nextStep < steps) run.runStep();
  return run.dump();
}

describe('the dump the worker sends, and the whole one', () => {
  it('sends bounded lists with whole counts; get-state (a dump request) gets every record, as a fresh run has them', async () => {
    expect(SENT_LIST_MAX).toBeLessThan(DUMP_LIST_MAX);
    const h = new EngineHost(scenarioEngine);
    const at = async (step: number) => {
      const s = (await h.handle({ type: 'seekStep', step }, 2)) as WorkerState;
      const whole = (await h.handle({ type: 'dump' }, 3)) as Extract<WorkerResponse, { type: 'dump' }>;
      return { sent: s.dump, whole: whole.dump };
    };
    expect((await h.handle({ type: 'load', scenario, step: 0 }, 1)).type).toBe('state');
    for (const step of [6, 4]) {
      const { sent, whole } = await at(step);
      const fresh = freshDumpAfter(step);
      expect(JSON.stringify(whole)).toBe(JSON.stringify(fresh));
      const p = sent.producers['producer-1'];
      expect(p.acked).toHaveLength(SENT_LIST_MAX);
      expect(p.ackedCount).toBe(fresh.producers['producer-1'].ackedCount);
      expect(p.acked).toEqual(fresh.producers['producer-1'].acked.slice(0, SENT_LIST_MAX));
      expect(whole.producers['producer-1'].acked.length).toBeGreaterThan(SENT_LIST_MAX);
      const c = sent.consumers.c1;
      expect(c.consumedCount).toBe(fresh.consumers.c1.consumedCount);
      expect(c.consumed.length).toBe(Math.min(SENT_LIST_MAX, fresh.consumers.c1.consumedCount));
      // nothing else differs
      const strip = (d: StateDump) =>
        JSON.stringify({ ...d, producers: {}, consumers: Object.fromEntries(Object.entries(d.consumers).map(([k, x]) => [k, { ...x, consumed: [] }])) });
      expect(strip(sent)).toBe(strip(fresh));
    }
  });
});
