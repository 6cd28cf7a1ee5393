// ISR and high-watermark rules of the partition leader (Kafka's Partition.scala).

export interface FollowerState {
  broker: number;
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
}

/**
 * Replica.isCaughtUp (3.x; 2.8's Partition.isFollowerOutOfSync is its negation): a follower whose log end offset
 * equals the leader's is caught up, however long ago it last fetched; otherwise it is caught up while it reached
 * the leader's end offset within replica.lag.time.max.ms.
 */
export function isCaughtUp(followerLeo: number, leaderLeo: number, lastCaughtUpTimeMs: number, nowMs: number, replicaLagTimeMaxMs: number): boolean {
  return leaderLeo === followerLeo || nowMs - lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
}

/** Partition.getOutOfSyncReplicas: the ISR's followers that are not caught up. */
export function outOfSyncReplicas(
  isr: number[],
  leader: number,
  followers: FollowerState[],
  leaderLeo: number,
  nowMs: number,
  replicaLagTimeMaxMs: number,
): number[] {
  return followers
    .filter((f) => f.broker !== leader && isr.includes(f.broker) && !isCaughtUp(f.logEndOffset, leaderLeo, f.lastCaughtUpTimeMs, nowMs, replicaLagTimeMaxMs))
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

/** Where a follower truncates after one OffsetsForLeaderEpoch answer, and whether it must ask again. */
export interface OffsetTruncationState {
  offset: number;
  completed: boolean;
}

/**
 * AbstractFetcherThread.getOffsetTruncationState (KIP-101, KIP-279). The leader answered with the largest epoch it
 * has that is <= the follower's latest epoch, and that epoch's end offset in its log:
 * - no such epoch (end offset -1): truncate to the fetch offset (the follower's high watermark);
 * - the follower has that epoch: truncate to the smaller of both ends of it, done;
 * - the follower does not have it: truncate to the end of the follower's own largest epoch below it, and ask
 *   again (the next answer is about an older epoch: the rounds end);
 * - the follower has no epoch at or below it: truncate to the leader's end offset (pre-KIP-279 behaviour).
 * `followerEndForEpoch` is the follower's own endOffsetForEpoch(answer.epoch), null when it is undefined.
 */
export function offsetTruncationState(
  leaderAnswer: { epoch: number; endOffset: number },
  followerLeo: number,
  fetchOffset: number,
  followerEndForEpoch: { epoch: number; endOffset: number } | null,
): OffsetTruncationState {
  if (leaderAnswer.endOffset < 0) return { offset: fetchOffset, completed: true };
  if (followerEndForEpoch === null) return { offset: Math.min(leaderAnswer.endOffset, followerLeo), completed: true };
  if (followerEndForEpoch.epoch !== leaderAnswer.epoch) return { offset: Math.min(followerEndForEpoch.endOffset, followerLeo), completed: false };
  return { offset: Math.min(followerEndForEpoch.endOffset, leaderAnswer.endOffset, followerLeo), completed: true };
}
