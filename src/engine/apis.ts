// Every message of the simulated protocols: API name → request body and response body (`void` when none is sent
// back). Kafka's APIs keep Kafka's names; ZooKeeper's and the Raft quorum's messages are listed after them.
import type { FetchPartitionResponse, FetchRequest, LeaderAndIsrRequest, PartitionState, ProducePartitionResponse, ProduceRequest, UpdateMetadataRequest } from './broker/requests';
import type { AddPartitionsToTxnRequest, EndTxnRequest, EndTxnResponse, InitProducerIdRequest, InitProducerIdResponse, TxnMarkerEntry, WriteTxnMarkersResponse } from './txn/protocol';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, FindCoordinatorResponse, HeartbeatRequest, JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest, OffsetCommitRequest, OffsetCommitResponse, OffsetFetchResponse, SyncGroupRequest, SyncGroupResponse } from './group/protocol';

export interface EpochEndOffsetAsk {
  topic: string;
  partition: number;
  /** the follower's latest epoch (null: it has none) */
  epoch: number | null;
}

export interface ApiMap {
  // clients → brokers
  Metadata: { request: Record<string, never>; response: PartitionState[] };
  Produce: { request: ProduceRequest; response: ProducePartitionResponse[] };
  Fetch: { request: FetchRequest; response: FetchPartitionResponse[] };
  ListOffsets: { request: { topic: string; partition: number; timestamp: 'earliest' | 'latest'; isolationLevel?: 'read_committed' }; response: number | null };
  /** `groupId` is the key: a group id, or a transactional id with keyType TRANSACTION */
  FindCoordinator: { request: { groupId: string; keyType?: 'TRANSACTION' }; response: FindCoordinatorResponse };
  InitProducerId: { request: InitProducerIdRequest; response: InitProducerIdResponse };
  AddPartitionsToTxn: { request: AddPartitionsToTxnRequest; response: { error: string | null } };
  EndTxn: { request: EndTxnRequest; response: EndTxnResponse };
  JoinGroup: { request: JoinGroupRequest; response: JoinGroupResponse };
  SyncGroup: { request: SyncGroupRequest; response: SyncGroupResponse };
  Heartbeat: { request: HeartbeatRequest; response: string | null };
  LeaveGroup: { request: LeaveGroupRequest; response: string | null };
  OffsetCommit: { request: OffsetCommitRequest; response: OffsetCommitResponse };
  OffsetFetch: { request: { groupId: string; partitions: string[] }; response: OffsetFetchResponse };
  /** the consumer protocol's only group API (KIP-848) */
  ConsumerGroupHeartbeat: { request: ConsumerGroupHeartbeatRequest; response: ConsumerGroupHeartbeatResponse };
  // brokers → brokers
  /** the transaction coordinator to each partition leader of a transaction */
  WriteTxnMarkers: { request: { markers: TxnMarkerEntry[] }; response: WriteTxnMarkersResponse[] };
  OffsetsForLeaderEpoch: { request: { partitions: EpochEndOffsetAsk[] }; response: (EpochEndOffsetAsk & { error: string | null; endOffset: number; leaderEpoch: number })[] };
  // the controller → brokers (no response modelled)
  LeaderAndIsr: { request: LeaderAndIsrRequest; response: void };
  UpdateMetadata: { request: UpdateMetadataRequest; response: void };
  /** kraft: the active controller pushes metadata records (as LeaderAndIsr or UpdateMetadata contents) */
  MetadataFetch: { request: { leaderAndIsr?: LeaderAndIsrRequest; updateMetadata?: UpdateMetadataRequest }; response: void };
  // brokers → the controller
  AlterIsr: { request: { brokerId: number; topic: string; partition: number; leaderEpoch: number; partitionEpoch: number; newIsr: number[] }; response: { state: PartitionState | null; error: string | null } };
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
