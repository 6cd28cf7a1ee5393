// The state dump of the scenario contract (docs/spec/scenario-format.md) as types: what `dumpState` returns,
// what `expect` paths read, and what the UI's views draw. Keys beyond the contract's are marked (project).

export interface SegmentDump {
  baseOffset: number;
  file: string;
  sizeBytes: number;
  indexEntries: number;
}

export interface ReplicaLogDump {
  logStartOffset: number;
  leo: number;
  hw: number;
  segments: SegmentDump[];
  /** (project) the role and leader epoch as this replica believes them */
  role?: 'leader' | 'follower' | 'offline';
  leaderEpoch?: number;
}

export interface PartitionDump {
  leader: number | null;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  hw: number | null;
  logs: Record<string, ReplicaLogDump>;
  /** (project) */
  underReplicated?: boolean;
  /** v1.1: the last stable offset, on partitions with transactional data (the leader's) */
  lso?: number;
  /** (project) kraft with eligible.leader.replicas.version 1: eligible leader replicas (KIP-966) */
  elr?: number[];
  lastKnownElr?: number[];
}

export interface BrokerDump {
  status: 'online' | 'stopped' | 'crashed' | 'paused';
  /** (project, zookeeper mode) the controller epoch this broker believes it holds */
  actsAsController?: number | null;
  /** v1.1: broker.rack, when it has one */
  rack?: string;
  /** v1.1: Kafka's metrics by name (gauges, and each meter's one-minute rate in events per second of simulated
   *  time); null while the broker is down (no JMX) */
  metrics?: Record<string, number> | null;
  /** (project) each meter's Count: a step's change shows here before the next 5-second tick moves the rate */
  metricCounts?: Record<string, number> | null;
}

export interface GroupMemberDump {
  assignment: string[];
  memberId: string;
  state?: 'awaitingJoin' | 'awaitingSync' | 'stable' | 'rebalancing';
  topics?: string[];
  /** (project) the consumer protocol (KIP-848): the member's epoch, its reconciliation state, its target, and what
   *  it must still give up */
  memberEpoch?: number;
  reconciliation?: string;
  target?: string[];
  revoking?: string[];
}

export interface GroupDump {
  state: string;
  generation: number | null;
  assignor: string | null;
  coordinator: number | null;
  coordinatorPartition?: number;
  leader: string | null;
  members: Record<string, GroupMemberDump>;
  committed: Record<string, number>;
  lag: Record<string, number>;
  /** offsets.storage=zookeeper: the group as its znodes show it */
  storage?: 'zookeeper';
  /** (project) a consumer-protocol group (KIP-848): `generation` is its group epoch, this its target assignment's */
  protocol?: 'consumer';
  assignmentEpoch?: number;
}

export interface ConsumedRecordDump {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export interface ConsumerDump {
  group: string;
  status: 'active' | 'closed' | 'crashed';
  state: string;
  memberId: string | null;
  generation: number;
  coordinator: number | null;
  assignor: string;
  topics: string[];
  assignment: string[];
  position: Record<string, number>;
  lag: Record<string, number>;
  consumed: ConsumedRecordDump[];
  consumedCount: number;
  errors: { error: string; time: number; partitions?: string[] }[];
  /** (project) shown when read_committed */
  isolationLevel?: 'read_committed';
}

/** acked, failed and consumed list at most their first DUMP_LIST_MAX entries (contract v1.1); the counts say how many in all */
export const DUMP_LIST_MAX = 10_000;

export interface ProducerDump {
  acked: { topic: string; partition: number; offset: number }[];
  failed: { topic: string; partition: number; error: string }[];
  ackedCount: number;
  failedCount: number;
  /** (project) a transactional producer: its id, epoch and TransactionManager state, and the errors of its
   *  transaction calls (beginTransaction / commitTransaction / abortTransaction) */
  transactionalId?: string;
  producerId?: number;
  producerEpoch?: number;
  transactionState?: string;
  transactionErrors?: string[];
}

/** (project) a transactional id as its coordinator holds it */
export interface TransactionDump {
  coordinator: number;
  /** its __transaction_state partition */
  partition: number;
  coordinatorEpoch: number;
  state: string;
  pendingState: string | null;
  producerId: number;
  producerEpoch: number;
  partitions: string[];
  timeoutMs: number;
}

export interface LookupDump {
  topic: string;
  partition: number;
  offset: number;
  broker: number | null;
  segment: string | null;
  indexEntry: { offset: number; position: number } | null;
  scannedBytes: number;
  position: number | null;
  error: string | null;
  /** (project) what the animated lookup draws */
  segmentsProbed?: number[];
  indexProbed?: { offset: number; position: number }[];
  scanned?: { baseOffset: number; lastOffset: number; position: number; sizeBytes: number }[];
}

export interface QuorumDump {
  voters: Record<
    string,
    {
      role: 'leader' | 'follower' | 'candidate';
      epoch: number;
      status: 'online' | 'crashed';
      metrics?: Record<string, number> | null;
      metricCounts?: Record<string, number> | null;
    }
  >;
  metadataLogEndOffset: number;
  fencedBrokers: number[];
}

export interface InvariantViolation {
  kind: string;
  time: number;
  [field: string]: unknown;
}

export interface StateDump {
  time: number;
  /** (project) */
  mode?: 'zookeeper' | 'kraft';
  controller: { id: number | null; epoch: number };
  brokers: Record<string, BrokerDump>;
  topics: Record<string, { partitions: Record<string, PartitionDump> }>;
  groups: Record<string, GroupDump>;
  consumers: Record<string, ConsumerDump>;
  producers: Record<string, ProducerDump>;
  errors: { step: number; do: string; error: string }[];
  lookups: LookupDump[];
  /** zookeeper mode: the znode tree as {path: data} */
  zookeeper?: Record<string, string>;
  /** (project) kraft mode */
  quorum?: QuorumDump;
  /** (project) the cut links */
  network?: { cut: string[] };
  /** (project) what the invariant monitor found */
  invariantViolations?: InvariantViolation[];
  /** (project) transactional ids, as their coordinators hold them */
  transactions?: Record<string, TransactionDump>;
  /** more keys may be added (the contract's rule) */
  [key: string]: unknown;
}
