// Every message of the simulated protocols: API name → request body and response body (`void` when none is sent
// back). Kafka's APIs keep Kafka's names; ZooKeeper's and the Raft quorum's messages are listed after them.
import type {
  FetchPartitionResponse,
  FetchRequest,
  LeaderAndIsrRequest,
  PartitionState,
  ProducePartitionResponse,
  ProduceRequest,
  StopReplicaRequest,
  UpdateMetadataRequest,
} from './broker/requests';
import type {
  AddPartitionsToTxnRequest,
  EndTxnRequest,
  EndTxnResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
  TxnMarkerEntry,
  WriteTxnMarkersResponse,
} from './txn/protocol';
import type {
  ConsumerGroupHeartbeatRequest,
  ConsumerGroupHeartbeatResponse,
  FindCoordinatorResponse,
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from './group/protocol';
import type { DescribedGroup, ListedGroup } from './group/describeGroups';

export interface EpochEndOffsetAsk {
  topic: string;
  partition: number;
  /** the follower's latest epoch (null: it has none) */
  epoch: number | null;
}

/** A broker's metadata cache as a client sees it (MetadataResponse): live brokers, the controller, partitions. */
export interface MetadataResponse {
  brokers: number[];
  controllerId: number | null;
  partitions: PartitionState[];
}

/** ListOffsets for one partition: `timestamp` is -1 (latest), -2 (earliest) or a time in ms (the first offset
 *  whose record's timestamp is at or after it). */
export interface ListOffsetsPartition {
  topic: string;
  partition: number;
  timestamp: number;
  /** the leader epoch the client knows (-1: none), fenced as Fetch fences it */
  currentLeaderEpoch: number;
}

export interface ListOffsetsPartitionResponse {
  topic: string;
  partition: number;
  error: string | null;
  /** -1 when no record matches the timestamp */
  offset: number;
  timestamp: number;
  leaderEpoch: number;
}

/** One topic of a CreateTopics request; -1 partitions or replication factor take the broker's defaults (KIP-464). */
export interface CreatableTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** replicas of each partition, in partition order (null: the broker places them) */
  assignment: number[][] | null;
  /** topic configs as the request carries them: names and string values */
  configs: { name: string; value: string | null }[];
}

/** A topic's outcome in a CreateTopics or DeleteTopics response, with Kafka's error message. */
export interface TopicResult {
  name: string;
  error: string | null;
  message: string | null;
}

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ApiMap {
  // clients → brokers
  /** the broker answers that it is there; the versions it serves belong to its wire protocol (src/wire) */
  ApiVersions: { request: Record<string, never>; response: Record<string, never> };
  Metadata: { request: Record<string, never>; response: MetadataResponse };
  Produce: { request: ProduceRequest; response: ProducePartitionResponse[] };
  Fetch: { request: FetchRequest; response: FetchPartitionResponse[] };
  /** replicaId -1 for a consumer (it sees offsets below the high watermark only); read_committed: below the last
   *  stable offset (ListOffsets v2+ isolation_level 1) */
  ListOffsets: {
    request: { replicaId: number; partitions: ListOffsetsPartition[]; isolationLevel?: 'read_committed' };
    response: ListOffsetsPartitionResponse[];
  };
  CreateTopics: { request: { topics: CreatableTopic[]; timeoutMs: number; validateOnly: boolean }; response: TopicResult[] };
  DeleteTopics: { request: { topics: string[]; timeoutMs: number }; response: TopicResult[] };
  /** `groupId` is the key: a group id, or a transactional id with keyType TRANSACTION (Kafka's CoordinatorType:
   *  GROUP 0, TRANSACTION 1; absent means GROUP) */
  FindCoordinator: { request: { groupId: string; keyType?: 'GROUP' | 'TRANSACTION' }; response: FindCoordinatorResponse };
  InitProducerId: { request: InitProducerIdRequest; response: InitProducerIdResponse };
  /** `unknownPartitions`: the client's partitions the broker's metadata cache does not know (none was added) */
  AddPartitionsToTxn: { request: AddPartitionsToTxnRequest; response: { error: string | null; unknownPartitions?: string[] } };
  EndTxn: { request: EndTxnRequest; response: EndTxnResponse };
  JoinGroup: { request: JoinGroupRequest; response: JoinGroupResponse };
  SyncGroup: { request: SyncGroupRequest; response: SyncGroupResponse };
  Heartbeat: { request: HeartbeatRequest; response: string | null };
  LeaveGroup: { request: LeaveGroupRequest; response: string | null };
  OffsetCommit: { request: OffsetCommitRequest; response: OffsetCommitResponse };
  /** partitions null: every partition the group has committed an offset for */
  OffsetFetch: { request: { groupId: string; partitions: string[] | null }; response: OffsetFetchResponse };
  DescribeGroups: { request: { groups: string[] }; response: DescribedGroup[] };
  /** the groups this broker coordinates */
  ListGroups: { request: Record<string, never>; response: ListedGroup[] };
  /** the consumer protocol's only group API (KIP-848) */
  ConsumerGroupHeartbeat: { request: ConsumerGroupHeartbeatRequest; response: ConsumerGroupHeartbeatResponse };
  // brokers → brokers
  /** the transaction coordinator to each partition leader of a transaction */
  WriteTxnMarkers: { request: { markers: TxnMarkerEntry[] }; response: WriteTxnMarkersResponse[] };
  OffsetsForLeaderEpoch: {
    request: { partitions: EpochEndOffsetAsk[] };
    response: (EpochEndOffsetAsk & { error: string | null; endOffset: number; leaderEpoch: number })[];
  };
  // the controller → brokers (no response modelled)
  LeaderAndIsr: { request: LeaderAndIsrRequest; response: void };
  UpdateMetadata: { request: UpdateMetadataRequest; response: void };
  /** a deleted topic's replicas stop and delete their logs (deletePartition = true) */
  StopReplica: { request: StopReplicaRequest; response: void };
  /** kraft: the active controller pushes metadata records (as LeaderAndIsr or UpdateMetadata contents, or a
   *  RemoveTopicRecord as the replicas to delete) */
  MetadataFetch: { request: { leaderAndIsr?: LeaderAndIsrRequest; updateMetadata?: UpdateMetadataRequest; stopReplica?: StopReplicaRequest }; response: void };
  // brokers → the controller
  AlterIsr: {
    request: { brokerId: number; topic: string; partition: number; leaderEpoch: number; partitionEpoch: number; newIsr: number[] };
    response: { state: PartitionState | null; error: string | null };
  };
  ControlledShutdown: { request: { brokerId: number }; response: { remaining: number } };
  /** the first heartbeat of an incarnation registers it; `cleanShutdown` stands for BrokerRegistration's
   *  previousBrokerEpoch (the epoch Kafka keeps in .kafka_cleanshutdown): false after an unclean shutdown */
  BrokerHeartbeat: { request: { brokerId: number; incarnation: number; cleanShutdown: boolean }; response: void };
  // the KRaft quorum's own messages
  Vote: { request: { epoch: number; candidate: number; lastOffset: number }; response: { granted: boolean } };
  /** the leader's periodic fetch answer, which keeps followers from standing for election */
  FetchResponse: { request: { epoch: number; leader: number }; response: void };
  // ZooKeeper
  Ping: { request: { session: number }; response: void };
  WatchedEvent: { request: { session: number; watch: number; path: string }; response: void };
  SessionExpired: { request: { session: number }; response: void };
}

export type ApiName = keyof ApiMap;
export type RequestOf<A extends ApiName> = ApiMap[A]['request'];
export type ResponseOf<A extends ApiName> = ApiMap[A]['response'];
