import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { invariantFlags } from '../../src/ui/invariants';

const ev = (list: Omit<SimEvent, 'seq' | 'time' | 'step'>[]): SimEvent[] => list.map((e, seq) => ({ seq, time: seq, step: 0, ...e }) as SimEvent);

describe('invariant monitor', () => {
  it("flags the engine's violations, acknowledged records lost, and unclean elections", () => {
    const flags = invariantFlags(
      ev([
        { type: 'BecameLeader', broker: 1, topic: 't', partition: 0, leaderEpoch: 0, leo: 0 },
        { type: 'HighWatermarkAdvanced', broker: 1, topic: 't', partition: 0, hw: 5 },
        { type: 'ProduceAcked', producer: 'p', topic: 't', partition: 0, baseOffset: 5, count: 3 },
        { type: 'BecameLeader', broker: 2, topic: 't', partition: 0, leaderEpoch: 1, leo: 6 },
        { type: 'InvariantViolated', kind: 'CommittedRecordsLost', topic: 't', partition: 0, broker: 2, from: 3, to: 5 },
        { type: 'InvariantViolated', kind: 'TwoLeadersSameEpoch', topic: 't', partition: 0, brokers: [1, 2], leaderEpoch: 1 },
        { type: 'LeaderElected', topic: 't', partition: 0, leader: 3, reason: 'unclean' },
      ]),
    );
    expect(flags.get(3)![0]).toEqual({ code: 'ackedLost', params: { tp: 't-0', broker: 2, from: 6, to: 7 } });
    expect(flags.get(4)![0]).toEqual({ code: 'committedLost', params: { tp: 't-0', broker: 2, from: 3, to: 4 } });
    expect(flags.get(5)![0]).toEqual({ code: 'epochShared', params: { tp: 't-0', epoch: 1, a: 1, b: 2 } });
    expect(flags.get(6)![0].code).toBe('unclean');
    expect(flags.has(0)).toBe(false);
  });

  it('catches the acks=1 story on the engine: acknowledged records lost on failover', () => {
    const v = validateScenario({
      version: 1,
      id: 'acks-1',
      brokers: 3,
      steps: [
        { do: 'createTopic', topic: 'a', partitions: 1, replicationFactor: 3 },
        { do: 'produce', topic: 'a', count: 5, acks: 'all' },
        { do: 'isolate', broker: 1, from: 'brokers' },
        { do: 'produce', topic: 'a', count: 3, acks: 1 },
        { do: 'crashBroker', broker: 1 },
        { do: 'advance', ms: 30000 },
      ],
    });
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    const all = [...invariantFlags(run.events).values()].flat();
    expect(all.map((f) => f.code)).toContain('ackedLost');
    expect(all.map((f) => f.code)).not.toContain('committedLost');
  });
});
