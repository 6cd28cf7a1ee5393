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

  it('goes on from the last trace when a new one begins with all of it (a command at the end), as a fold from event 0', () => {
    const story = ev([
      { type: 'BecameLeader', broker: 1, topic: 't', partition: 0, leaderEpoch: 0, leo: 0 },
      { type: 'HighWatermarkAdvanced', broker: 1, topic: 't', partition: 0, hw: 5 },
      { type: 'ProduceAcked', producer: 'p', topic: 't', partition: 0, baseOffset: 5, count: 3 },
      { type: 'Fetch' },
      { type: 'BecameLeader', broker: 2, topic: 't', partition: 0, leaderEpoch: 1, leo: 6 },
      { type: 'LeaderElected', topic: 't', partition: 0, leader: 3, reason: 'unclean' },
    ]);
    let read = 0; // the events the fold reads
    const counted = story.map((e) => new Proxy(e, { get: (t, k, r) => (k === 'type' && read++, Reflect.get(t, k, r)) }));
    const head = counted.slice(0, 4);
    const before = invariantFlags(head);
    expect(before.size).toBe(0);
    // the fold of the beginning carries on: the acknowledged records a later leader lacks are still known
    read = 0;
    const appended = head.concat(counted.slice(4));
    const flags = invariantFlags(appended);
    expect(read).toBe(2); // the two new events only
    expect(Object.fromEntries(flags)).toEqual(Object.fromEntries(invariantFlags(structuredClone(story))));
    expect(flags.get(4)![0]).toMatchObject({ code: 'ackedLost', params: { from: 6, to: 7 } });
    expect(before.size).toBe(0); // the flags handed out before stay as they were
    // a branch (not all of the last trace at its beginning) folds from event 0
    const branched = story.slice(0, 2).concat(ev([{ type: 'Fetch' }, { type: 'Fetch' }, { type: 'Fetch' }]).slice(2));
    expect(invariantFlags(branched).size).toBe(0);
  });
});
