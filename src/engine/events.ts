// Every event the engine writes to its trace: the event's type name and its fields, as data. `emit` is typed by
// this map, and the UI's sentence and code-path tables are keyed by it, so a new event without words in English
// and Chinese fails the type check. Adding an event: a line here, then the compiler names every table to fill.
import type { ConfigValue } from './config';
import type { ElectionReason } from './controller/ControllerCore';
import type { GroupState } from './group/rules/groupState';

type TP = { topic: string; partition: number };
/** an event about one replica of one partition, on one broker */
type Replica = TP & { broker: number };
/** an event of a consumer's group membership (the member is the consumer's name) */
type Member = { group: string; member: string; storage?: 'zookeeper' };

export interface EventMap {
  // --- the scenario runner
  StepStarted: { index: number; do: string; label: string | null };
  ExpectFailed: { index: number; path: string };
  AdminRequestFailed: { index: number; do: string; error: string };
  Lookup: TP & {
    broker: number | null;
    offset: number;
    segment: string | null;
    position: number | null;
    error: string | null;
    index?: number;
    indexEntry?: null;
    scannedBytes?: number;
  };

  // --- brokers: lifecycle and storage
  BrokerAdded: { broker: number };
  BrokerStarted: { broker: number };
  BrokerStopped: { broker: number };
  BrokerCrashed: { broker: number; loseUnflushed: boolean };
  BrokerPaused: { broker: number; ms: number };
  BrokerResumed: { broker: number };
  LogRecovered: Replica & { leo: number; truncatedBytes: number; clean: boolean; corrupt: number };
  LogDirFailed: { broker: number; dir: string; error: string };
  Flushed: Replica & { offset: number };
  UnflushedLost: Replica & { from: number; to: number };
  PageCacheWrittenBack: { broker: number; files: string[] };
  SegmentsDeleted: Replica & { files: string[]; logStartOffset: number };
  SegmentRolled: Replica & { baseOffset: number };
  LogCleaned: Replica & { removedRecords: number };
  LogTruncated: Replica & { from: number; to: number; reason: string };
  FetcherPartitionFailed: Replica & { leader: number; error: string };

  // --- the network
  MessageSent: { from: string; to: string; api: string; correlationId: number; arriveAt: number; response?: true; lost?: true };
  ResponsesLost: { broker: number; api: string; count: number; client: string | null };
  LinkCut: { a: string; b: string };
  LinkHealed: { a: string; b: string };

  // --- ZooKeeper
  ZkSessionExpired: { session: number; node: string };
  ZkSessionLost: { broker?: number; group?: string; member?: string; storage?: 'zookeeper' };
  ZnodeCreated: { path: string; ephemeral: boolean; data: string };
  ZnodeChanged: { path: string; data: string; version: number };
  ZnodeDeleted: { path: string };

  // --- the controller (both modes) and the KRaft quorum
  BrokerRegistered: { broker: number; session?: number; controller?: number };
  BrokerRegistrationConflict: { broker: number; path: string };
  BrokerFenced: { broker: number; controller: number };
  BrokerUnfenced: { broker: number; controller: number };
  ControllerElected: { broker: number; epoch: number; mode?: 'kraft' };
  /** zookeeper mode: the new controller has read every topic's and partition's znodes and told the brokers */
  ControllerReady: { broker: number; epoch: number; topics: number; partitions: number; zkReads: number; loadMs: number };
  ControllerResigned: { broker: number };
  ControllerWriteFailed: { broker: number; epoch: number; error: string; path: string };
  ZombieController: { broker: number; epoch: number };
  StaleControllerEpochRejected: { broker: number; from: number; epoch: number; currentEpoch: number };
  RaftElectionStarted: { node: number; epoch: number };
  RaftLeaderElected: { node: number; epoch: number };
  TopicCreated: { topic: string; partitions: number; replicationFactor: number; assignment: number[][]; mode: string };
  PartitionsAdded: { topic: string; from: number; to: number; assignment: number[][] };
  TopicDeleted: { topic: string; partitions: number };
  ReplicaDeleted: Replica;
  /** `isrBefore`: the ISR the controller changed; `elrBefore` / `elr`: with eligible leader replicas on (KIP-966),
   *  the ELR before and after the change */
  LeaderElected: TP & {
    leader: number;
    leaderEpoch: number;
    isr: number[];
    reason: ElectionReason;
    controller: number;
    isrBefore?: number[];
    elrBefore?: number[];
    elr?: number[];
  };
  /** the zookeeper controller processed a BrokerChange event (/brokers/ids changed) */
  BrokerChangeHandled: { controller: number; added: number[]; removed: number[] };
  PartitionOffline: TP & { leaderEpoch: number; isr: number[]; controller: number; isrBefore?: number[]; elrBefore?: number[]; elr?: number[] };
  LeaderImbalanceDetected: { broker: number; controller: number };
  LeadersElectionRequested: { type: 'preferred' | 'unclean'; topic: string | null; partition: number | null; results: (TP & { error: string | null })[] };
  ControlledShutdownStarted: { broker: number };
  ConfigChanged: { key: string; value: ConfigValue; broker: number | null; topic: string | null };

  // --- replication
  BecameLeader: Replica & { leaderEpoch: number; isr: number[]; leo: number };
  BecameFollower: Replica & { leader: number | null; leaderEpoch: number };
  StaleLeaderEpochIgnored: Replica & { leaderEpoch: number; current: number };
  IsrShrunk: Replica & { leader: number; isr: number[]; removed: number[] };
  IsrExpanded: Replica & { leader: number; isr: number[]; added: number[] };
  AlterIsrFailed: Replica & { error: string | null; isr: number[] };
  /** `transactional` and `producerId` on a leader's append of a transactional batch (attributes bit 4), so the
   *  log view can tell committed, aborted and open transactions apart from the markers that follow */
  Appended: Replica & {
    firstOffset: number;
    lastOffset: number;
    bytes: number;
    leaderEpoch: number;
    asLeader: boolean;
    transactional?: true;
    producerId?: number;
  };
  HighWatermarkAdvanced: Replica & { hw: number };
  InvariantViolated: {
    kind: string;
    topic?: string;
    partition?: number;
    broker?: number;
    brokers?: number[];
    from?: number;
    to?: number;
    leaderEpoch?: number;
  };

  // --- producers
  ProducerIdAssigned: { producer: string; producerId: number; producerEpoch: number };
  ProduceRejected: Replica & { error: string; isr: number[]; minIsr: number };
  DuplicateBatchIgnored: Replica & { producerId: number; baseSequence: number; baseOffset: number };
  ProduceAcked: TP & { producer: string; baseOffset: number; count: number; acks: number };
  ProduceRetried: TP & { producer: string; error: string; count: number };
  ProduceFailed: TP & { producer: string; error: string; count: number };

  // --- transactions: the partition leaders, the transaction coordinator (a broker's side) and the producer's
  /** an append failed with an error Kafka counts in FailedProduceRequestsPerSec (ReplicaManager.appendToLocalLog) */
  AppendFailed: Replica & { error: string };
  TxnMarkerWritten: Replica & {
    offset: number;
    /** the control batch's size in the .log */
    bytes: number;
    marker: 'COMMIT' | 'ABORT';
    producerId: number;
    producerEpoch: number;
    coordinatorEpoch: number;
    leaderEpoch: number;
  };
  TxnCoordinatorLoaded: { broker: number; partition: number; coordinatorEpoch: number; transactionalIds: string[]; resumed: string[] };
  TxnCoordinatorUnloaded: { broker: number; partition: number; transactionalIds: string[] };
  TxnStateChanged: { transactionalId: string; broker: number; from: string; to: string; producerId: number; producerEpoch: number; partitions: string[] };
  TxnMarkersRequested: {
    transactionalId: string;
    broker: number;
    result: 'COMMIT' | 'ABORT';
    partitions: string[];
    coordinatorEpoch: number;
    producerEpoch: number;
  };
  TxnFenced: { transactionalId: string; broker: number; producerId: number; producerEpoch: number; reason: 'initProducerId' | 'timeout' };
  TransactionInitialized: { producer: string; transactionalId: string; producerId: number; producerEpoch: number };
  TransactionBegun: { producer: string; transactionalId: string };
  TransactionEnding: { producer: string; transactionalId: string; committed: boolean };
  TransactionEnded: { producer: string; transactionalId: string; committed: boolean; producerEpoch: number };
  TransactionFailed: { producer: string; transactionalId: string; error: string; fatal: boolean };

  // --- the group coordinator (a broker's side)
  OffsetsTopicCreated: { topic: string; replicationFactor: number };
  CoordinatorLoaded: { broker: number; partition: number; records: number; groups: string[] };
  CoordinatorUnloaded: { broker: number; partition: number; groups: string[] };
  CoordinatorMoved: { group: string; from: number | null; to: number; partition: number };
  GroupStateChanged: { group: string; from: GroupState | null; to: GroupState; generation: number; loaded?: true };
  GroupRebalanceStarted: { group: string; member: string | null; reason: string; generation?: number; storage?: 'zookeeper' };
  GroupStable: {
    group: string;
    generation: number;
    assignment: Record<string, string[]>;
    protocol?: string | null;
    leader?: string | null;
    member?: string;
    storage?: 'zookeeper';
  };
  MemberJoined: Member & { memberId: string };
  MemberLeft: Member & { memberId: string; reason: string };
  OffsetCommitted: TP & { group: string; offset: number; broker?: number; member?: string; storage?: 'zookeeper' };
  /** the consumer protocol (KIP-848), at the coordinator */
  GroupEpochBumped: { group: string; groupEpoch: number; member: string | null };
  TargetAssignmentComputed: { group: string; assignmentEpoch: number; assignor: string; assignment: Record<string, string[]> };
  MemberReconciled: { group: string; member: string; memberEpoch: number; state: string; assignment: string[]; revoking: string[] };

  // --- consumers (the client's side)
  ConsumerStarted: { consumer: string; group: string; topics: string[]; assignor: string };
  ConsumerCrashed: { consumer: string; group: string };
  ConsumerClosed: { consumer: string; group: string };
  ConsumerFailed: Member & { error: string | null };
  SubscriptionChanged: { consumer: string; group: string; topics: string[] };
  CoordinatorFound: Member & { coordinator: number };
  CoordinatorLost: Member & { coordinator: number };
  RejoinRequested: Member & { reason: string };
  AssignmentComputed: Member & {
    generation: number;
    protocol: string | null;
    partitionsPerTopic: Record<string, number>;
    assignment: Record<string, string[]>;
  };
  PartitionsAssigned: Member & { generation: number; partitions: string[]; assignment: string[] };
  PartitionsRevoked: Member & { partitions: string[]; lost?: true };
  OwnershipConflict: Member & { partition: string; owner: string | null };
  PollTimeoutExpired: Member & { lastPoll: number; maxPollIntervalMs: number };
  CommitRequested: { consumer: string; group: string; reason: string; offsets: (TP & { offset: number })[] };
  Seeked: TP & { consumer: string; offset: number };
  NoOffsetForPartition: { consumer: string; partitions: string[] };
  OffsetReset: TP & { consumer: string; offset: number; strategy: string };
  Polled: { consumer: string; group: string; records: number; partitions: Record<string, number>; first: (TP & { offset: number }) | null };
}

export type EventType = keyof EventMap;

/** Events a consumer's group membership emits, stamped with its group and its name. */
export type MemberEvent =
  | 'CoordinatorFound'
  | 'CoordinatorLost'
  | 'RejoinRequested'
  | 'PartitionsRevoked'
  | 'PartitionsAssigned'
  | 'ConsumerFailed'
  | 'AssignmentComputed'
  | 'PollTimeoutExpired'
  | 'MemberJoined'
  | 'ZkSessionLost'
  | 'GroupRebalanceStarted'
  | 'OwnershipConflict'
  | 'GroupStable'
  | 'OffsetCommitted';

/** Where and when an event happened: its place in the trace, the simulated time, the scenario step. */
export interface EventStamp {
  seq: number;
  time: number;
  step: number;
}

/** One event of a known type, with its fields. */
export type EventOf<K extends EventType> = EventStamp & { type: K } & EventMap[K];

/** One event of the trace as a reader sees it generically (a view reads fields by name). */
export interface SimEvent extends EventStamp {
  type: string;
  [field: string]: unknown;
}

/** Appends an event (data only: a type and its fields) to the trace. */
export type Emit = <K extends EventType>(type: K, fields: EventMap[K]) => void;
