// ISR and high-watermark rules of the partition leader (Kafka's Partition.scala).

export interface FollowerState {
  broker: number;
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
}

/** Partition.getOutOfSyncReplicas: followers that have not caught up to the leader within replica.lag.time.max.ms. */
export function outOfSyncReplicas(isr: number[], leader: number, followers: FollowerState[], nowMs: number, replicaLagTimeMaxMs: number): number[] {
  return followers
    .filter((f) => f.broker !== leader && isr.includes(f.broker) && nowMs - f.lastCaughtUpTimeMs > replicaLagTimeMaxMs)
    .map((f) => f.broker);
}

/** Partition.isFollowerInSync: a follower rejoins when its LEO reaches the HW and the start of the leader's epoch. */
export function followerCanRejoinIsr(followerLeo: number, leaderHw: number, leaderEpochStartOffset: number): boolean {
  return followerLeo >= leaderHw && followerLeo >= leaderEpochStartOffset;
}

/**
 * Partition.maybeIncrementLeaderHW: the new HW is the minimum LEO over the ISR (the leader included); it never
 * moves back. Since Kafka 3.7 (KAFKA-15583) it does not move while the ISR is smaller than min.insync.replicas;
 * `minIsrGuard` turns that rule on (kraft mode) or off (zookeeper mode, Kafka 2.8).
 */
export function nextHighWatermark(currentHw: number, isrLogEndOffsets: number[], isrSize: number, minInsyncReplicas: number, minIsrGuard: boolean): number {
  if (minIsrGuard && isrSize < minInsyncReplicas) return currentHw;
  const min = Math.min(...isrLogEndOffsets);
  return min > currentHw ? min : currentHw;
}

/** The follower's HW after a fetch response: min(leader's HW, own LEO). */
export function followerHighWatermark(leaderHw: number, followerLeo: number): number {
  return Math.min(leaderHw, followerLeo);
}

/** Kafka's rule for the follower's caught-up time, updated on each fetch (Replica.updateFetchState). */
export function updatedLastCaughtUpTime(
  prevLastCaughtUpTimeMs: number,
  fetchOffset: number,
  leaderEndOffset: number,
  fetchTimeMs: number,
  lastFetchLeaderLogEndOffset: number,
  lastFetchTimeMs: number,
): number {
  if (fetchOffset >= leaderEndOffset) return Math.max(prevLastCaughtUpTimeMs, fetchTimeMs);
  if (fetchOffset >= lastFetchLeaderLogEndOffset) return Math.max(prevLastCaughtUpTimeMs, lastFetchTimeMs);
  return prevLastCaughtUpTimeMs;
}

/** KIP-101/279: where a rejoining follower truncates, given the leader's answer to OffsetsForLeaderEpoch. */
export function truncationOffset(followerLeo: number, leaderAnswer: { epoch: number; endOffset: number }, followerEndOffsetForThatEpoch: number | null): number {
  if (leaderAnswer.endOffset < 0) return followerLeo; // unknown epoch: nothing to cut by epoch
  const bound = followerEndOffsetForThatEpoch === null ? leaderAnswer.endOffset : Math.min(leaderAnswer.endOffset, followerEndOffsetForThatEpoch);
  return Math.min(followerLeo, bound);
}
