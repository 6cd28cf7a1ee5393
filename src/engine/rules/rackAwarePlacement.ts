// Kafka's replica assignment with racks, zookeeper mode and `kafka-topics --create` without an explicit assignment
// (AdminUtils.assignReplicasToBrokers / assignReplicasToBrokersRackAware / getRackAlternatedBrokerList,
// server-common org.apache.kafka.admin.AdminUtils, Kafka 3.x/4.0; the Scala AdminUtils of 2.x is the same).
// Brokers are first arranged rack by rack (racks sorted, brokers sorted within a rack: "0, 3, 6, 1, 4, 7, …"); the
// first replica goes round-robin over that list from a random start; the others follow with a shift, skipping a
// broker whose rack already holds a replica while some rack holds none, and a broker already used while some
// broker is unused. Hence: replicas on distinct racks when RF ≤ racks, every rack used when RF ≥ racks.
import type { Prng } from '../sim/prng';
import { assignReplicasKafka, replicaIndex } from './placement';

export interface BrokerRack {
  id: number;
  /** broker.rack; null when the broker has none */
  rack: string | null;
}

export class ReplicaAssignmentError extends Error {
  constructor(
    readonly code: 'INVALID_PARTITIONS' | 'INVALID_REPLICATION_FACTOR' | 'ADMIN_OPERATION',
    message: string,
  ) {
    super(message);
  }
}

/** AdminUtils.getRackAlternatedBrokerList: racks in sorted order, taking one broker (sorted by id) from each in turn. */
export function rackAlternatedBrokerList(brokerRack: ReadonlyMap<number, string>): number[] {
  const byRack = new Map<string, number[]>(); // getInverseMap
  for (const [id, rack] of brokerRack) {
    const l = byRack.get(rack) ?? [];
    l.push(id);
    byRack.set(rack, l);
  }
  for (const l of byRack.values()) l.sort((a, b) => a - b);
  const racks = [...byRack.keys()].sort(); // Arrays.sort(String[]): UTF-16 code unit order, as JS sort
  const next = new Map(racks.map((r) => [r, 0]));
  const out: number[] = [];
  let rackIndex = 0;
  while (out.length < brokerRack.size) {
    const rack = racks[rackIndex];
    const i = next.get(rack)!;
    const brokers = byRack.get(rack)!;
    if (i < brokers.length) {
      out.push(brokers[i]);
      next.set(rack, i + 1);
    }
    rackIndex = (rackIndex + 1) % racks.length;
  }
  return out;
}

/** AdminUtils.assignReplicasToBrokersRackAware with its random start index and shift given explicitly. */
export function assignReplicasRackAware(
  brokers: readonly BrokerRack[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  nextReplicaShiftStart: number,
  startPartitionId = 0,
): number[][] {
  const brokerRack = new Map<number, string>();
  for (const b of brokers) {
    if (b.rack === null) throw new ReplicaAssignmentError('ADMIN_OPERATION', 'Not all brokers have rack information for replica rack aware assignment.');
    brokerRack.set(b.id, b.rack);
  }
  const numRacks = new Set(brokerRack.values()).size;
  const arranged = rackAlternatedBrokerList(brokerRack);
  const numBrokers = arranged.length;
  const out: number[][] = [];
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = nextReplicaShiftStart;
  for (let i = 0; i < partitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % numBrokers === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + startIndex) % numBrokers;
    const leader = arranged[firstReplicaIndex];
    const replicas = [leader];
    const racksWithReplicas = new Set([brokerRack.get(leader)!]);
    const brokersWithReplicas = new Set([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      let done = false;
      while (!done) {
        const broker = arranged[replicaIndex(firstReplicaIndex, nextReplicaShift * numRacks, k, numBrokers)];
        const rack = brokerRack.get(broker)!;
        // skip a broker on a rack that has a replica while some rack has none, or a broker already used while some
        // broker is unused
        if (
          (!racksWithReplicas.has(rack) || racksWithReplicas.size === numRacks) &&
          (!brokersWithReplicas.has(broker) || brokersWithReplicas.size === numBrokers)
        ) {
          replicas.push(broker);
          racksWithReplicas.add(rack);
          brokersWithReplicas.add(broker);
          done = true;
        }
        k += 1;
      }
    }
    out.push(replicas);
    currentPartitionId += 1;
  }
  return out;
}

/**
 * AdminUtils.assignReplicasToBrokers: checks, then rack-unaware when no broker has a rack, rack-aware when all
 * have one, an error when only some do. Brokers are taken in the order given (Kafka's callers pass them sorted by
 * id). Returns one replica list per partition, partition `startPartitionId` first.
 */
export function assignReplicasToBrokers(
  brokers: readonly BrokerRack[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
  nextReplicaShift: number,
  startPartitionId = 0,
): number[][] {
  if (partitions <= 0) throw new ReplicaAssignmentError('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (replicationFactor <= 0) throw new ReplicaAssignmentError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  if (replicationFactor > brokers.length) {
    throw new ReplicaAssignmentError(
      'INVALID_REPLICATION_FACTOR',
      `Replication factor: ${replicationFactor} larger than available brokers: ${brokers.length}.`,
    );
  }
  if (brokers.every((b) => b.rack === null)) {
    return assignReplicasKafka(
      brokers.map((b) => b.id),
      partitions,
      replicationFactor,
      startIndex,
      nextReplicaShift,
      startPartitionId,
    );
  }
  return assignReplicasRackAware(brokers, partitions, replicationFactor, startIndex, nextReplicaShift, startPartitionId);
}

/** Draws the random start index and shift from the seeded PRNG, as AdminUtils does with its Random, then assigns. */
export function drawRackAwareAssignment(
  prng: Prng,
  brokers: readonly BrokerRack[],
  partitions: number,
  replicationFactor: number,
  startPartitionId = 0,
): number[][] {
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  const startIndex = prng.nextInt(sorted.length);
  const shift = prng.nextInt(sorted.length);
  return assignReplicasToBrokers(sorted, partitions, replicationFactor, startIndex, shift, startPartitionId);
}
