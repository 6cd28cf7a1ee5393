// The metrics in the state dump, computed from the simulation: after a broker failure they match the cluster's state
// (ReplicaManager's UnderReplicatedPartitions / LeaderCount / PartitionCount per broker, the controller's
// ActiveControllerCount / OfflinePartitionsCount), the meters move with what happened (IsrShrinksPerSec when a
// leader shrinks its ISR, FailedProduceRequestsPerSec for NOT_ENOUGH_REPLICAS), and the engine's incremental meter
// agrees with Yammer's arithmetic (yammerMeter.meterAt) on any history.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { MeterState } from '../../src/engine/metrics/MeterState';
import { M1_ALPHA, meterAt } from '../../src/engine/metrics/yammerMeter';
import type { StateDump } from '../../src/engine/stateDump';

function dump(mode: 'zookeeper' | 'kraft', steps: unknown[], config: Record<string, unknown> = {}): StateDump {
  const v = validateScenario({ version: 1, id: 'metrics', mode, brokers: 3, config, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = runScenario(v.scenario);
  expect(r.failures).toEqual([]);
  return r.final;
}

/** What the gauges must be, read from the dump's partitions the way Kafka defines them. */
function expectedGauges(d: StateDump, broker: number) {
  const parts = Object.values(d.topics).flatMap((t) => Object.values(t.partitions));
  const led = parts.filter((p) => p.leader === broker);
  return {
    PartitionCount: parts.filter((p) => p.replicas.includes(broker)).length,
    LeaderCount: led.length,
    UnderReplicatedPartitions: led.filter((p) => p.isr.length < p.replicas.length).length,
  };
}

const FAILURE = [
  { do: 'createTopic', topic: 't', partitions: 3, replicationFactor: 3 },
  { do: 'createTopic', topic: 'solo', partitions: 1, replicationFactor: 1, assignment: [[2]] },
  { do: 'produce', topic: 't', count: 6, key: 'k{n}' },
  { do: 'crashBroker', broker: 2 },
  { do: 'advance', ms: 30000 },
];

describe.each(['zookeeper', 'kraft'] as const)('metrics after a broker failure (%s mode)', (mode) => {
  it('match the state: URP, leaders and partitions per broker, offline partitions at the controller, nothing for the dead broker', () => {
    const d = dump(mode, FAILURE);
    expect(d.brokers['2'].metrics).toBeNull(); // no JMX on a dead broker
    for (const b of [1, 3]) expect(d.brokers[String(b)].metrics).toMatchObject(expectedGauges(d, b));
    // every partition of t lost broker 2 from its ISR; solo (RF 1 on broker 2) has no leader
    const urp = [1, 3].reduce((n, b) => n + d.brokers[String(b)].metrics!.UnderReplicatedPartitions, 0);
    expect(urp).toBe(3);
    // a crashed broker is removed from the ISRs by the controller, not by the leaders: IsrShrinksPerSec does not move
    for (const b of [1, 3]) expect(d.brokers[String(b)].metricCounts!.IsrShrinksPerSec).toBe(0);
    if (mode === 'zookeeper') {
      const controller = d.controller.id!;
      expect(d.brokers[String(controller)].metrics).toMatchObject({ ActiveControllerCount: 1, OfflinePartitionsCount: 1 });
      const other = [1, 3].find((b) => b !== controller)!;
      expect(d.brokers[String(other)].metrics).toMatchObject({ ActiveControllerCount: 0, OfflinePartitionsCount: 0 });
      // the controller timed the BrokerChange it handled when broker 2's session expired
      expect(d.brokers[String(controller)].metricCounts!.LeaderElectionRateAndTimeMs).toBeGreaterThan(0);
    } else {
      // KRaft: the controllers report them; brokers do not
      expect(d.brokers['1'].metrics!.ActiveControllerCount).toBeUndefined();
      const voters = d.quorum!.voters;
      expect(
        Object.values(voters)
          .map((v) => v.metrics!.ActiveControllerCount)
          .reduce((a, b) => a + b, 0),
      ).toBe(1);
      for (const v of Object.values(voters)) expect(v.metrics!.OfflinePartitionsCount).toBe(1);
      expect(d.brokers['1'].metrics!.LeaderElectionRateAndTimeMs).toBeUndefined();
    }
  });

  it('IsrShrinksPerSec moves when a leader shrinks its ISR (a follower cut off from the other brokers), after the next tick', () => {
    const d = dump(
      mode,
      [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3, assignment: [[1, 2, 3]] },
        { do: 'produce', topic: 't', count: 1 },
        // still heartbeating to ZooKeeper or the controller, so only the leader notices (Partition.maybeShrinkIsr)
        { do: 'isolate', broker: 3, from: 'brokers' },
        { do: 'produce', topic: 't', count: 1, acks: 1 },
        { do: 'waitFor', path: 'topics.t.partitions.0.isr', equals: [1, 2], timeoutMs: 60000 },
        { do: 'advance', ms: 5000 },
      ],
      { 'replica.lag.time.max.ms': 10000 },
    );
    expect(d.brokers['1'].metricCounts!.IsrShrinksPerSec).toBe(1);
    expect(d.brokers['1'].metrics!.IsrShrinksPerSec).toBeGreaterThan(0);
    expect(d.brokers['1'].metrics!.IsrShrinksPerSec).toBeLessThanOrEqual(0.2);
    expect(d.brokers['2'].metricCounts!.IsrShrinksPerSec).toBe(0);
  });

  it('FailedProduceRequestsPerSec counts NOT_ENOUGH_REPLICAS, not NOT_LEADER_OR_FOLLOWER', () => {
    const d = dump(
      mode,
      [
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 2, assignment: [[1, 2]], config: { 'min.insync.replicas': 2 } },
        { do: 'crashBroker', broker: 2 },
        { do: 'waitFor', path: 'topics.t.partitions.0.isr', equals: [1], timeoutMs: 60000 },
        { do: 'produce', topic: 't', count: 1, value: 'x' },
      ],
      { 'delivery.timeout.ms': 1000, 'retry.backoff.ms': 250 },
    );
    const failed = d.producers['producer-1'].failed.map((f) => f.error);
    expect(failed).toEqual(['NOT_ENOUGH_REPLICAS']);
    // one mark per refused attempt (the producer retried until delivery.timeout.ms)
    expect(d.brokers['1'].metricCounts!.FailedProduceRequestsPerSec).toBeGreaterThanOrEqual(2);
    expect(d.brokers['3'].metricCounts!.FailedProduceRequestsPerSec).toBe(0);
  });
});

describe("the engine's meter", () => {
  it('agrees with meterAt (Yammer Meter, EWMA ticked every 5 s) on any history, read at any times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 150_000 }), { minLength: 1, maxLength: 8 }),
        (createdAt, marks, reads) => {
          const at = [...marks].sort((a, b) => a - b);
          const m = new MeterState(createdAt);
          const times = [...reads].sort((a, b) => a - b);
          let i = 0;
          for (const now of times) {
            while (i < at.length && at[i] <= now) m.mark(at[i++]);
            const expected = meterAt(
              at.slice(0, i).map((x) => ({ at: x })),
              createdAt,
              now,
            );
            const got = m.read(now);
            if (got.count !== expected.count || got.oneMinuteRate !== expected.oneMinuteRate) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
    const m = new MeterState(0);
    m.mark(5000);
    expect(m.read(4999).oneMinuteRate).toBe(0);
    m.mark(5000); // a mark at a tick's instant, after a read at that instant, still counts in that tick
    expect(m.read(5000).oneMinuteRate).toBe(0.4);
    expect(m.read(10_000).oneMinuteRate).toBe(0.4 + M1_ALPHA * (0 - 0.4));
  });
});
