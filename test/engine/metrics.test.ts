// Broker metrics: the Yammer meter's one-minute rate (metrics-core 2.2.0 EWMA, as Kafka's KafkaMetricsGroup uses it)
// and the ReplicaManager / KafkaController gauges after a broker failure.
import { describe, expect, it } from 'vitest';
import { M1_ALPHA, meterAt, timerAt, TICK_INTERVAL_MS } from '../../src/engine/metrics/yammerMeter';
import { clusterMetrics, metricsDelta, type ClusterView, type MetricEvents } from '../../src/engine/metrics/brokerMetrics';

const noEvents = (): MetricEvents => ({ startedAt: {}, isrShrinks: [], isrExpands: [], produceErrors: [], uncleanElections: [], brokerChangeEvents: [] });

describe('Yammer Meter one-minute rate (com.yammer.metrics.core.Meter / stats.EWMA)', () => {
  it('follows EWMATest.aOneMinuteEWMAWithAValueOfThree: 0.6/s after the first tick, then e^-1 per quiet minute', () => {
    expect(M1_ALPHA).toBe(1 - Math.exp(-5 / 60));
    const marks = [{ at: 1000, n: 3 }];
    expect(meterAt(marks, 0, TICK_INTERVAL_MS).oneMinuteRate).toBeCloseTo(0.6, 6);
    // metrics-core's EWMATest: 0.22072766, 0.08120117, 0.02987224, 0.01098938 after 1, 2, 3, 4 more minutes
    const expected = [0.22072766, 0.08120117, 0.02987224, 0.01098938];
    expected.forEach((v, i) => expect(meterAt(marks, 0, TICK_INTERVAL_MS + (i + 1) * 60_000).oneMinuteRate).toBeCloseTo(v, 7));
  });

  it('does not move before the next 5-second tick; the count does', () => {
    const marks = [{ at: 7000 }, { at: 8000 }];
    expect(meterAt(marks, 0, 9999)).toEqual({ count: 2, oneMinuteRate: 0, meanRate: 2 / 9.999 });
    expect(meterAt(marks, 0, 10_000).oneMinuteRate).toBeCloseTo(0.4 * M1_ALPHA, 12); // the first tick (t=5 s) saw 0 events
    expect(meterAt([{ at: 5000 }], 0, 5000).oneMinuteRate).toBe(0.2); // an event at the tick's instant counts in it
  });

  it('converges to a steady rate, and starts over when the node restarts', () => {
    const steady = Array.from({ length: 600 }, (_, i) => ({ at: 1000 * i + 500 })); // 1 event/s for 10 minutes
    expect(meterAt(steady, 0, 600_000).oneMinuteRate).toBeCloseTo(1, 3);
    const restarted = meterAt(steady, 300_000, 310_000); // meters created at the restart: older events are gone
    expect(restarted.count).toBe(10);
    expect(restarted.oneMinuteRate).toBeCloseTo(1, 12);
    expect(meterAt([], 0, 3_600_000)).toEqual({ count: 0, oneMinuteRate: 0, meanRate: 0 });
  });

  it('times events as a Yammer Timer (count, rate, mean and max duration)', () => {
    const t = timerAt(
      [
        { at: 1000, durationMs: 12 },
        { at: 2000, durationMs: 30 },
      ],
      0,
      5000,
    );
    expect([t.count, t.oneMinuteRate, t.meanMs, t.maxMs]).toEqual([2, 0.4, 21, 30]);
  });
});

// three brokers, topic t with three partitions, replicas on all brokers (the article's (i + j) mod n placement);
// broker 2 crashed: the controller moved t-1's leadership to 3 and removed 2 from every ISR
const afterFailure = (mode: 'zookeeper' | 'kraft', controller: number): ClusterView => ({
  mode,
  controller: { id: controller },
  brokers: { 1: { status: 'online' }, 2: { status: 'crashed' }, 3: { status: 'online' } },
  ...(mode === 'kraft' ? { quorum: { voters: { 3000: { status: 'online' }, 3001: { status: 'online' }, 3002: { status: 'crashed' } } } } : {}),
  topics: {
    t: {
      partitions: {
        0: { leader: 1, replicas: [1, 2, 3], isr: [1, 3] },
        1: { leader: 3, replicas: [2, 3, 1], isr: [3, 1] },
        2: { leader: 3, replicas: [3, 1, 2], isr: [3, 1] },
      },
    },
    solo: { partitions: { 0: { leader: null, replicas: [2], isr: [2] } } },
  },
});

describe('broker metrics after a broker failure', () => {
  it("zookeeper mode: ReplicaManager gauges per broker, the controller's on the broker holding /controller", () => {
    const ev = noEvents();
    ev.brokerChangeEvents.push({ node: 1, at: 40_000, durationMs: 8 });
    ev.produceErrors.push(
      { node: 1, at: 41_000, error: 'NOT_ENOUGH_REPLICAS' }, // counted: an "unexpected" failure
      { node: 1, at: 41_000, error: 'NOT_LEADER_OR_FOLLOWER' }, // not counted (ReplicaManager.appendToLocalLog)
    );
    const m = clusterMetrics(afterFailure('zookeeper', 1), ev, 45_000);
    expect(m.brokers[2]).toBeNull(); // no JMX on a dead broker
    expect(m.controllers).toBeUndefined();
    // the meters have ticked since the broker started, so one event in a 5-second tick moves the rate by α × 0.2/s;
    // the BrokerChange event at 40 s fell in the tick at 40 s and decayed once since
    expect(m.brokers[1]!.values).toEqual({
      UnderReplicatedPartitions: 1,
      PartitionCount: 3,
      LeaderCount: 1,
      IsrShrinksPerSec: 0,
      IsrExpandsPerSec: 0,
      FailedProduceRequestsPerSec: 0.2 * M1_ALPHA,
      ActiveControllerCount: 1,
      OfflinePartitionsCount: 1,
      UncleanLeaderElectionsPerSec: 0,
      LeaderElectionRateAndTimeMs: 0.2 * M1_ALPHA * (1 - M1_ALPHA),
    });
    expect(m.brokers[1]!.counts).toEqual({
      IsrShrinksPerSec: 0,
      IsrExpandsPerSec: 0,
      FailedProduceRequestsPerSec: 1,
      UncleanLeaderElectionsPerSec: 0,
      LeaderElectionRateAndTimeMs: 1,
    });
    expect(m.brokers[1]!.timeMs).toEqual({ LeaderElectionRateAndTimeMs: { mean: 8, max: 8 } });
    expect(m.brokers[3]!.values).toMatchObject({
      UnderReplicatedPartitions: 2,
      PartitionCount: 4 - 1,
      LeaderCount: 2,
      ActiveControllerCount: 0,
      OfflinePartitionsCount: 0,
    });
    // the cluster-wide checks an operator makes: one active controller, URP summed over brokers
    const live = [m.brokers[1]!, m.brokers[3]!];
    expect(live.reduce((s, b) => s + b.values.ActiveControllerCount, 0)).toBe(1);
    expect(live.reduce((s, b) => s + b.values.UnderReplicatedPartitions, 0)).toBe(3);
  });

  it('kraft mode: controllers report ActiveControllerCount and OfflinePartitionsCount; no LeaderElectionRateAndTimeMs', () => {
    const ev = noEvents();
    ev.uncleanElections.push({ node: 3000, at: 12_000 });
    const m = clusterMetrics(afterFailure('kraft', 3000), ev, 15_000);
    expect(m.brokers[1]!.values).toEqual({
      UnderReplicatedPartitions: 1,
      PartitionCount: 3,
      LeaderCount: 1,
      IsrShrinksPerSec: 0,
      IsrExpandsPerSec: 0,
      FailedProduceRequestsPerSec: 0,
    });
    expect(m.controllers).toEqual({
      3000: {
        values: { ActiveControllerCount: 1, OfflinePartitionsCount: 1, UncleanLeaderElectionsPerSec: 0.2 * M1_ALPHA },
        counts: { UncleanLeaderElectionsPerSec: 1 },
      },
      3001: { values: { ActiveControllerCount: 0, OfflinePartitionsCount: 1, UncleanLeaderElectionsPerSec: 0 }, counts: { UncleanLeaderElectionsPerSec: 0 } },
      3002: null,
    });
  });

  it("IsrShrinksPerSec follows the leaders' own shrinks, per broker, and a step's change shows in the count first", () => {
    const ev = noEvents();
    ev.isrShrinks.push({ node: 3, at: 31_000 }, { node: 3, at: 31_000 });
    const view = afterFailure('zookeeper', 1);
    const before = clusterMetrics(view, ev, 30_500).brokers[3];
    const after = clusterMetrics(view, ev, 32_000).brokers[3];
    expect(metricsDelta(before, after)).toEqual({ 'IsrShrinksPerSec.Count': 2 }); // the rate waits for the tick at 35 s
    const later = clusterMetrics(view, ev, 35_000).brokers[3];
    expect(metricsDelta(after, later)).toEqual({ IsrShrinksPerSec: 0.4 * M1_ALPHA });
    expect(clusterMetrics(view, ev, 35_000).brokers[1]!.values.IsrShrinksPerSec).toBe(0);
  });
});
