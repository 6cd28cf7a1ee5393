// The controller's failover cost (rules/controllerFailover.ts) with worked examples, and the figures the lesson
// "Why KRaft" draws, measured by the engine (src/scenario/failoverCost.ts).
// Kafka 2.8: KafkaController.initializeControllerContext reads the topic list (getAllTopicsInCluster), each topic's
// assignment (KafkaZkClient.getReplicaAssignmentAndTopicIdForTopics) and each partition's state
// (getTopicPartitionStatesRaw), pipelined by ZooKeeperClient.handleRequests with at most
// zookeeper.max.in.flight.requests (ZkConfigs.ZK_MAX_IN_FLIGHT_REQUESTS = 10) unanswered.
import { describe, expect, it } from 'vitest';
import { zkControllerContextReads, zkControllerLoadMs } from '../../src/engine/rules/controllerFailover';
import { measureControllerFailover } from '../../src/scenario/failoverCost';

describe('zkControllerLoadMs: ZooKeeper reads of a new controller, ten in flight', () => {
  it('counts the topic list, one read per topic and one per partition', () => {
    expect(zkControllerContextReads(0, 0)).toBe(0);
    expect(zkControllerContextReads(1, 3)).toBe(5);
    expect(zkControllerContextReads(1, 10_000)).toBe(10_002);
    expect(zkControllerContextReads(100, 10_000)).toBe(10_101);
  });
  it('a round trip per ten reads: 10,002 reads at 2 ms are 1,001 round trips, 2,002 ms', () => {
    expect(zkControllerLoadMs({ topics: 1, partitions: 10_000, maxInFlight: 10, roundTripMs: 2 })).toBe(2002);
    expect(zkControllerLoadMs({ topics: 1, partitions: 1_000, maxInFlight: 10, roundTripMs: 2 })).toBe(202);
    // one topic of three partitions: five reads fit in one round trip
    expect(zkControllerLoadMs({ topics: 1, partitions: 3, maxInFlight: 10, roundTripMs: 2 })).toBe(2);
    // a cluster without topics reads nothing
    expect(zkControllerLoadMs({ topics: 0, partitions: 0, maxInFlight: 10, roundTripMs: 2 })).toBe(0);
  });
  it('grows linearly with partitions and shrinks with more requests in flight', () => {
    const at = (partitions: number, maxInFlight = 10) => zkControllerLoadMs({ topics: 1, partitions, maxInFlight, roundTripMs: 2 });
    expect(at(100_000)).toBeCloseTo(10 * at(10_000), -2);
    expect(at(10_000, 1)).toBe(2 * 10_002);
    expect(at(10_000, 100)).toBe(2 * Math.ceil(10_002 / 100));
  });
});

describe('the failover figures the chart draws come from engine runs', () => {
  it('zookeeper: the load grows with the partitions, after the session timeout; kraft: the election only', () => {
    const zk1 = measureControllerFailover('zookeeper', 1000);
    const zk5 = measureControllerFailover('zookeeper', 5000);
    const kr1 = measureControllerFailover('kraft', 1000);
    const kr5 = measureControllerFailover('kraft', 5000);
    // the old controller's ZooKeeper session expires (zookeeper.session.timeout.ms, 18 s) before anyone is elected
    expect(zk1.detectMs).toBeGreaterThanOrEqual(18_000 - 10);
    expect(zk1.zkReads).toBe(1002);
    expect(zk1.loadMs).toBe(202);
    expect(zk5.loadMs).toBe(1002);
    expect(zk5.totalMs - zk1.totalMs).toBe(800);
    // KRaft: controller.quorum.fetch.timeout.ms (2 s) plus a randomized election, nothing per partition
    expect(kr1.loadMs).toBe(0);
    expect(kr5.loadMs).toBe(0);
    expect(kr1.detectMs).toBeGreaterThanOrEqual(2000);
    expect(kr1.detectMs).toBeLessThan(4000);
    expect(kr5.totalMs).toBe(kr1.totalMs);
    expect(kr5.totalMs).toBeLessThan(zk1.totalMs);
  }, 120_000);
});
