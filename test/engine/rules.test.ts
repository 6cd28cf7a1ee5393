import { describe, it, expect } from 'vitest';
import { assignReplicasKafka, assignReplicasSeed, drawKafkaAssignment } from '../../src/engine/rules/placement';
import { murmur2, partitionForKey, toPositive } from '../../src/engine/rules/partitioner';
import {
  controlledShutdownPartitionLeaderElection,
  leaderImbalanceRatio,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
} from '../../src/engine/rules/election';
import {
  followerCanRejoinIsr,
  isCaughtUp,
  nextHighWatermark,
  offsetTruncationState,
  outOfSyncReplicas,
  updatedLastCaughtUpTime,
} from '../../src/engine/rules/replication';
import { Prng } from '../../src/engine/sim/prng';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('replica placement', () => {
  it("the article's (i + j) mod n: 5 brokers, 3 partitions, RF 2", () => {
    expect(assignReplicasSeed([1, 2, 3, 4, 5], 3, 2)).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });
  it('wraps around the sorted broker list', () => {
    expect(assignReplicasSeed([30, 10, 20], 4, 3)).toEqual([
      [10, 20, 30],
      [20, 30, 10],
      [30, 10, 20],
      [10, 20, 30],
    ]);
  });
  it("Kafka's algorithm with start index = shift = 0 (AdminRackAwareTest): the shift grows when i wraps", () => {
    const r = assignReplicasKafka([0, 1, 2, 3, 4], 10, 3, 0, 0);
    expect(r.slice(0, 5)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
    ]);
    expect(r.slice(5)).toEqual([
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });
  it('kafka assignment comes from the seeded PRNG: same seed, same layout; replicas distinct', () => {
    const a = drawKafkaAssignment(new Prng(7), [1, 2, 3, 4], 8, 3);
    const b = drawKafkaAssignment(new Prng(7), [1, 2, 3, 4], 8, 3);
    expect(a).toEqual(b);
    for (const r of a) expect(new Set(r).size).toBe(3);
    const seeds = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => JSON.stringify(drawKafkaAssignment(new Prng(s), [1, 2, 3, 4], 8, 3))));
    expect(seeds.size).toBeGreaterThan(1);
  });
});

describe("Kafka's default partitioner", () => {
  it("murmur2 matches Kafka's UtilsTest values", () => {
    expect(murmur2(bytes('21'))).toBe(-973932308);
    expect(murmur2(bytes('foobar'))).toBe(-790332482);
    expect(murmur2(bytes('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(bytes('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(bytes('abc'))).toBe(479470107);
  });
  it('toPositive masks the sign bit, then mod partitions', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(partitionForKey(bytes('foobar'), 6)).toBe(toPositive(-790332482) % 6);
    expect(partitionForKey(bytes('abc'), 6)).toBe(479470107 % 6);
  });
});

describe('leader election', () => {
  const live =
    (...ids: number[]) =>
    (b: number) =>
      ids.includes(b);
  it('offline: the first live replica in assignment order that is in the ISR', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [3, 2], live(2, 3), false)).toEqual({ leader: 2, isr: [3, 2], unclean: false });
  });
  it('offline with no live ISR member and unclean election off: no leader, the ISR keeps its last member', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], live(2, 3), false)).toEqual({ leader: null, isr: [1], unclean: false });
  });
  it('unclean: the first live replica, and the ISR becomes just it', () => {
    expect(offlinePartitionLeaderElection([1, 2, 3], [1], live(3, 2), true)).toEqual({ leader: 2, isr: [2], unclean: true });
  });
  it('preferred: only when the first replica is live and in the ISR', () => {
    expect(preferredReplicaPartitionLeaderElection([1, 2], [2, 1], live(1, 2))).toBe(1);
    expect(preferredReplicaPartitionLeaderElection([1, 2], [2], live(1, 2))).toBeNull();
  });
  it('controlled shutdown moves leadership to another ISR member and drops the broker from the ISR', () => {
    expect(controlledShutdownPartitionLeaderElection([1, 2, 3], [1, 2, 3], live(1, 2, 3), new Set([1]))).toEqual({ leader: 2, isr: [2, 3], unclean: false });
  });
  it('leader imbalance = preferred partitions not led / preferred partitions', () => {
    const parts = [
      { replicas: [1, 2], leader: 2 },
      { replicas: [1, 2], leader: 1 },
      { replicas: [2, 1], leader: 2 },
    ];
    expect(leaderImbalanceRatio(1, parts)).toBe(0.5);
    expect(leaderImbalanceRatio(2, parts)).toBe(0);
  });
});

describe('ISR and high watermark', () => {
  it('a follower behind the leader leaves the ISR when it has not caught up within replica.lag.time.max.ms', () => {
    const f = [
      { broker: 2, logEndOffset: 10, lastCaughtUpTimeMs: 1000 },
      { broker: 3, logEndOffset: 10, lastCaughtUpTimeMs: 25000 },
    ];
    expect(outOfSyncReplicas([1, 2, 3], 1, f, 12, 31001, 30000)).toEqual([2]);
    expect(outOfSyncReplicas([1, 2, 3], 1, f, 12, 31000, 30000)).toEqual([]);
  });
  // Replica.isCaughtUp (Kafka 3.x): leaderEndOffset == logEndOffset || now - lastCaughtUpTimeMs <= replicaMaxLagMs;
  // 2.8's Partition.isFollowerOutOfSync is its negation.
  it("a follower whose LEO equals the leader's is never out of sync, however long since it fetched", () => {
    expect(isCaughtUp(10, 10, 0, 1_000_000, 30000)).toBe(true);
    expect(isCaughtUp(9, 10, 0, 1_000_000, 30000)).toBe(false);
    expect(isCaughtUp(9, 10, 970_000, 1_000_000, 30000)).toBe(true);
    const idle = [
      { broker: 2, logEndOffset: 10, lastCaughtUpTimeMs: 0 },
      { broker: 3, logEndOffset: -1, lastCaughtUpTimeMs: 0 },
    ];
    expect(outOfSyncReplicas([1, 2, 3], 1, idle, 10, 100_000, 30000)).toEqual([3]);
  });
  it("caught-up time: the fetch reached the leader's LEO now, or the LEO at the previous fetch", () => {
    expect(updatedLastCaughtUpTime(0, 10, 10, 500, 8, 400)).toBe(500);
    expect(updatedLastCaughtUpTime(0, 8, 10, 500, 8, 400)).toBe(400);
    expect(updatedLastCaughtUpTime(100, 5, 10, 500, 8, 400)).toBe(100);
  });
  it('a follower rejoins when its LEO reaches the HW and the leader epoch start', () => {
    expect(followerCanRejoinIsr(10, 10, 7)).toBe(true);
    expect(followerCanRejoinIsr(9, 10, 7)).toBe(false);
    expect(followerCanRejoinIsr(10, 8, 11)).toBe(false);
  });
  it('HW = min LEO over the ISR, never backwards; KAFKA-15583 holds it below min.insync.replicas', () => {
    expect(nextHighWatermark(3, [7, 5, 9], 3, 1, false)).toBe(5);
    expect(nextHighWatermark(6, [7, 5, 9], 3, 1, false)).toBe(6);
    expect(nextHighWatermark(3, [7], 1, 2, false)).toBe(7);
    expect(nextHighWatermark(3, [7], 1, 2, true)).toBe(3);
  });
  // AbstractFetcherThread.getOffsetTruncationState (KIP-101, KIP-279)
  it("KIP-101 truncation: the follower has the leader's epoch: to the smaller end of it", () => {
    expect(offsetTruncationState({ epoch: 0, endOffset: 5 }, 8, 3, { epoch: 0, endOffset: 8 })).toEqual({ offset: 5, completed: true });
    expect(offsetTruncationState({ epoch: 0, endOffset: 5 }, 4, 3, { epoch: 0, endOffset: 4 })).toEqual({ offset: 4, completed: true });
  });
  it('KIP-279: an epoch the follower does not have: truncate to the end of its own epoch below it, and ask again', () => {
    // leader: epoch 1 on [0, 6), epoch 3 from 6; follower: epoch 0 on [0, 2), epoch 2 on [2, 9) (unclean elections)
    // the follower asks about epoch 2; the leader answers (1, 6); the follower has no epoch 1: its largest below is 0, ending at 2
    expect(offsetTruncationState({ epoch: 1, endOffset: 6 }, 9, 0, { epoch: 0, endOffset: 2 })).toEqual({ offset: 2, completed: false });
    // it asks about epoch 0; the leader answers (0, 2)
    expect(offsetTruncationState({ epoch: 0, endOffset: 2 }, 2, 0, { epoch: 0, endOffset: 2 })).toEqual({ offset: 2, completed: true });
  });
  it("an unknown end offset truncates to the fetch offset; no epoch at or below the answer, to the leader's end", () => {
    expect(offsetTruncationState({ epoch: -1, endOffset: -1 }, 8, 3, null)).toEqual({ offset: 3, completed: true });
    expect(offsetTruncationState({ epoch: 1, endOffset: 4 }, 8, 0, null)).toEqual({ offset: 4, completed: true });
  });
});
