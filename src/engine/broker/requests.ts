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
  /** UpdateMetadata for a deleted topic (Kafka's LeaderDuringDelete): the metadata cache drops the partition */
  deleted?: boolean;
  /** kraft with eligible.leader.replicas.version 1 (KIP-966): eligible leader replicas, and the last known ones */
  elr?: number[];
  lastKnownElr?: number[];
}

export interface StopReplicaRequest {
  controllerId: number;
  controllerEpoch: number;
  /** the partitions to stop and delete (StopReplica with deletePartition = true) */
  partitions: { topic: string; partition: number }[];
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
  /** a client's own RecordBatch (on the wire): validated and kept byte for byte; `records` and `baseSequence`, and
   *  the request's producer id and epoch, are then read from it */
  batch?: Uint8Array;
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
  /** the leader's log start offset (when this broker leads the partition) */
  logStartOffset?: number;
  /** Kafka's errorMessage (a client's batch that failed validation) */
  message?: string;
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
  /** fetch.min.bytes: a waiting fetch is answered once this many bytes are readable (absent: 1) */
  minBytes?: number;
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

// The "topic-partition" keys, made once each: a cluster of 10,000 partitions looks them up millions of times (every
// fetch, metadata update and ISR check), and a key made afresh costs an allocation and a hash each time.
const KEYS_PER_TOPIC_MAX = 100_000;
const tpKeys = new Map<string, string[]>();
// the topic of the last call and its keys: a fetch lists one topic's partitions in a row, and the map lookup by the
// topic's name was the engine's hottest line (replaying ui.seekP95Ms's history: 4M calls, 6% of the run)
let lastTopic: string | undefined;
let lastKeys: string[] = [];

const topicNames = new Map<string, string>();
/** The one string a topic's name is held as: names parsed afresh (metadata, ZooKeeper's JSON) are equal strings but
 *  other objects, and comparing those reads them whole where one string is the same pointer (Partition keeps this). */
export function topicName(topic: string): string {
  let name = topicNames.get(topic);
  if (name === undefined) topicNames.set(topic, (name = topic));
  return name;
}

export function tpKey(topic: string, partition: number): string {
  if (!(partition >= 0 && partition < KEYS_PER_TOPIC_MAX && Number.isInteger(partition))) return `${topic}-${partition}`;
  if (topic !== lastTopic) {
    let keys = tpKeys.get(topic);
    if (keys === undefined) tpKeys.set(topic, (keys = []));
    lastTopic = topic;
    lastKeys = keys;
  }
  return lastKeys[partition] ?? (lastKeys[partition] = `${topic}-${partition}`);
}
