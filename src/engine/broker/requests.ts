// Request and response bodies carried between nodes (Kafka's protocol, trimmed to what the simulation uses).
import type { FetchedBatch, SimpleRecord } from '../../storage/log/types';

export type Acks = 0 | 1 | -1;

export interface PartitionState {
  topic: string;
  partition: number;
  leader: number | null;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
  /** the ZooKeeper znode version (zookeeper mode) or partition epoch (kraft) */
  partitionEpoch: number;
  /** kraft with eligible.leader.replicas.version 1 (KIP-966): eligible leader replicas, and the last known ones */
  elr?: number[];
  lastKnownElr?: number[];
}

export interface LeaderAndIsrRequest {
  controllerId: number;
  controllerEpoch: number;
  partitions: PartitionState[];
}

export interface UpdateMetadataRequest {
  controllerId: number;
  controllerEpoch: number;
  liveBrokers: number[];
  partitions: PartitionState[];
  /** topics deleted or unknown are simply absent; partition counts come from here */
}

export interface ProducePartitionData {
  topic: string;
  partition: number;
  records: SimpleRecord[];
  baseSequence: number;
}

export interface ProduceRequest {
  acks: Acks;
  timeoutMs: number;
  producerId: number;
  producerEpoch: number;
  partitions: ProducePartitionData[];
  /** a transactional producer's id: its batches are transactional (attributes bit 4) */
  transactionalId?: string;
  /** a transaction version 2 producer (Produce v12+): the leader adds a new partition to the transaction itself (KIP-890) */
  addPartitionsToTxn?: true;
}

export interface ProducePartitionResponse {
  topic: string;
  partition: number;
  error: string | null;
  baseOffset: number;
}

export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  currentLeaderEpoch: number;
}

export interface FetchRequest {
  replicaId: number; // -1 for a consumer
  maxWaitMs: number;
  partitions: FetchPartition[];
  /** consumers read only below the high watermark */
  isolation: 'replica' | 'consumer';
  /** a consumer's isolation.level: read_committed reads below the last stable offset */
  isolationLevel?: 'read_committed';
}

export interface FetchPartitionResponse {
  topic: string;
  partition: number;
  error: string | null;
  highWatermark: number;
  logStartOffset: number;
  batches: FetchedBatch[];
  /** read_committed: the partition's last stable offset, and the aborted transactions overlapping the batches */
  lastStableOffset?: number;
  abortedTransactions?: { producerId: number; firstOffset: number }[];
}

export interface AlterIsrRequest {
  brokerId: number;
  topic: string;
  partition: number;
  leaderEpoch: number;
  newIsr: number[];
  partitionEpoch: number;
}

export const tpKey = (topic: string, partition: number) => `${topic}-${partition}`;
