// Replica placement: the article's (i + j) mod n, and Kafka's own algorithm
// (AdminUtils.assignReplicasToBrokersRackUnaware, no racks).
import type { Prng } from '../sim/prng';

/** The article's model: with brokers sorted, replica j of partition i goes to b[(i + j) mod n]. */
export function assignReplicasSeed(brokers: number[], partitions: number, replicationFactor: number): number[][] {
  const b = [...brokers].sort((x, y) => x - y);
  const n = b.length;
  const out: number[][] = [];
  for (let i = 0; i < partitions; i++) {
    const r: number[] = [];
    for (let j = 0; j < replicationFactor; j++) r.push(b[(i + j) % n]);
    out.push(r);
  }
  return out;
}

/** Kafka's replicaIndex: where replica j (j >= 1) of a partition sits, given its first replica. */
export function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIndex: number, nBrokers: number): number {
  const shift = 1 + ((secondReplicaShift + replicaIndex) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * Kafka's rack-unaware assignment with an explicit start index and shift
 * (both random in Kafka; the caller draws them from the seeded PRNG).
 * Brokers are in the order Kafka lists them (sorted ids).
 */
export function assignReplicasKafka(
  brokers: number[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  nextReplicaShiftStart: number,
  startPartitionId = 0,
): number[][] {
  const b = [...brokers].sort((x, y) => x - y);
  const n = b.length;
  const out: number[][] = [];
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = nextReplicaShiftStart;
  for (let k = 0; k < partitions; k++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + startIndex) % n;
    const replicas = [b[firstReplicaIndex]];
    for (let j = 0; j < replicationFactor - 1; j++) replicas.push(b[replicaIndex(firstReplicaIndex, nextReplicaShift, j, n)]);
    out.push(replicas);
    currentPartitionId += 1;
  }
  return out;
}

/** Draws Kafka's random start index and shift from the seeded PRNG, as AdminUtils does with Random. */
export function drawKafkaAssignment(prng: Prng, brokers: number[], partitions: number, replicationFactor: number, startPartitionId = 0): number[][] {
  const n = brokers.length;
  const startIndex = prng.nextInt(n);
  const shift = prng.nextInt(n);
  return assignReplicasKafka(brokers, partitions, replicationFactor, startIndex, shift, startPartitionId);
}
