// Racks in a running cluster (contract v1.1: brokers as {"id", "rack"}): topics are placed rack-aware, by
// AdminUtils.assignReplicasToBrokers in zookeeper mode and by the QuorumController's StripedReplicaPlacer in kraft
// mode. The checks are Kafka's RackAwareTest.checkReplicaDistribution (replicas of a partition on distinct racks,
// preferred leaders and replicas even over brokers) with AdminRackAwareTest's rack mapping.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { StateDump } from '../../src/engine/stateDump';

/** AdminRackAwareTest.testAssignmentWithRackAware's brokerRackMapping */
const RACKS: Record<number, string> = { 0: 'rack1', 1: 'rack2', 2: 'rack2', 3: 'rack3', 4: 'rack3', 5: 'rack1' };
const brokers = Object.entries(RACKS).map(([id, rack]) => ({ id: Number(id), rack }));

function dump(mode: 'zookeeper' | 'kraft', steps: unknown[], seed = 1, brokerList: unknown[] = brokers): StateDump {
  const v = validateScenario({ version: 1, id: 'racks', seed, mode, brokers: brokerList, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = runScenario(v.scenario);
  expect(r.failures).toEqual([]);
  return r.final;
}

const assignment = (d: StateDump, topic: string) => Object.values(d.topics[topic].partitions).map((p) => p.replicas);
const count = (xs: number[]) => xs.reduce<Record<number, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

describe('racks', () => {
  it('are in the dump, and a broker added with a rack has it', () => {
    const d = dump('zookeeper', [{ do: 'addBroker', broker: 6, rack: 'rack3' }]);
    expect(Object.fromEntries(Object.entries(d.brokers).map(([id, b]) => [id, b.rack]))).toEqual({ ...RACKS, 6: 'rack3' });
    expect(validateScenario({ version: 1, id: 'x', brokers: [{ id: 1, rack: '' }], steps: [] }).ok).toBe(false);
    expect(validateScenario({ version: 1, id: 'x', brokers: [{ id: 1, zone: 'a' }], steps: [] }).ok).toBe(false);
    expect(validateScenario({ version: 1, id: 'x', brokers: [{ id: 1, rack: 'a' }, 1], steps: [] }).ok).toBe(false);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`zookeeper mode (seed ${seed}): RackAwareTest.checkReplicaDistribution holds for 6 partitions, RF 3`, () => {
      const d = dump('zookeeper', [{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 }], seed);
      const a = assignment(d, 't');
      for (const r of a) {
        expect(new Set(r).size).toBe(3);
        expect(new Set(r.map((b) => RACKS[b])).size).toBe(3); // "More than one replica of the same partition is assigned to the same rack"
      }
      expect(Object.values(count(a.map((r) => r[0])))).toEqual([1, 1, 1, 1, 1, 1]); // "Preferred leader count is not even for brokers"
      expect(Object.values(count(a.flat()))).toEqual([3, 3, 3, 3, 3, 3]); // "Replica count is not even for broker"
      // the leaders elected are the preferred ones
      expect(Object.values(d.topics.t.partitions).map((p) => p.leader)).toEqual(a.map((r) => r[0]));
    });
  }

  for (const mode of ['zookeeper', 'kraft'] as const) {
    it(`${mode} mode: replicas on distinct racks when RF ≤ racks, every rack used when RF > racks (testLessReplicasThanRacks, testMoreReplicasThanRacks)`, () => {
      const d = dump(mode, [
        { do: 'createTopic', topic: 'two', partitions: 6, replicationFactor: 2 },
        { do: 'createTopic', topic: 'five', partitions: 6, replicationFactor: 5 },
      ]);
      for (const r of assignment(d, 'two')) expect(new Set(r.map((b) => RACKS[b])).size).toBe(2);
      for (const r of assignment(d, 'five')) expect(new Set(r.map((b) => RACKS[b])).size).toBe(3);
    });

    it(`${mode} mode: a whole rack lost takes no partition offline (RF 3 over 3 racks)`, () => {
      const d = dump(mode, [
        { do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 },
        { do: 'produce', topic: 't', count: 12, key: 'k{n}' },
        { do: 'crashBroker', broker: 3 },
        { do: 'crashBroker', broker: 4 },
        { do: 'advance', ms: 30000 }, // past zookeeper.session.timeout.ms / broker.session.timeout.ms
      ]);
      for (const p of Object.values(d.topics.t.partitions)) {
        expect(p.leader).not.toBeNull();
        expect(p.isr.some((b) => RACKS[b] === 'rack3')).toBe(false);
        expect(p.isr).toHaveLength(2);
      }
    });
  }

  it('kraft mode: StripedReplicaPlacer spreads leaders evenly over the racks', () => {
    const d = dump('kraft', [{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 }]);
    const leaders = assignment(d, 't').map((r) => RACKS[r[0]]);
    expect(Object.values(leaders.reduce<Record<string, number>>((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {}))).toEqual([2, 2, 2]);
    for (const r of assignment(d, 't')) expect(new Set(r.map((b) => RACKS[b])).size).toBe(3);
  });

  it('zookeeper mode: brokers with and without racks cannot be placed (AdminUtils: "Not all brokers have rack information")', () => {
    const d = dump('zookeeper', [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 2 }], 1, [{ id: 1, rack: 'a' }, { id: 2, rack: 'b' }, 3]);
    expect(d.errors).toEqual([{ step: 0, do: 'createTopic', error: 'UNKNOWN_SERVER_ERROR' }]);
    // the article's placement can still be asked for explicitly
    const e = dump('zookeeper', [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 2, assignment: 'seed' }], 1, [
      { id: 1, rack: 'a' },
      { id: 2, rack: 'b' },
      3,
    ]);
    expect(assignment(e, 't')).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});
