// What a new controller pays before it can act (issue 13, the lesson "Why KRaft"). A pure rule, tested alone.
//
// zookeeper mode (Kafka 2.8, KafkaController.onControllerFailover → initializeControllerContext): the new controller
// knows nothing and reads the cluster from ZooKeeper: the topic list (getAllTopicsInCluster), one GetData per topic
// for its replica assignment (KafkaZkClient.getReplicaAssignmentAndTopicIdForTopics) and one GetData per partition
// for its leader, ISR and epochs (updateLeaderAndIsrCache → getTopicPartitionStatesRaw). The reads are pipelined
// by ZooKeeperClient.handleRequests, which keeps at most zookeeper.max.in.flight.requests (10) unanswered: a
// round trip to ZooKeeper per ten znodes. Only then does it send UpdateMetadata and LeaderAndIsr.
//
// kraft mode (KIP-500, KIP-631, QuorumController): the standby controllers already replay the metadata log into
// memory; the new Raft leader has the whole state when it wins the election and pays nothing per partition.

export interface ZkLoadInput {
  topics: number;
  partitions: number;
  /** zookeeper.max.in.flight.requests */
  maxInFlight: number;
  /** one request's round trip to ZooKeeper */
  roundTripMs: number;
}

/** ZooKeeper reads of initializeControllerContext: the topic list, each topic's assignment, each partition's state. */
export function zkControllerContextReads(topics: number, partitions: number): number {
  return topics === 0 ? 0 : 1 + topics + partitions;
}

/** Simulated ms the zookeeper-mode controller spends reading ZooKeeper before it acts: pipelined round trips. */
export function zkControllerLoadMs(i: ZkLoadInput): number {
  const reads = zkControllerContextReads(i.topics, i.partitions);
  return Math.ceil(reads / Math.max(1, i.maxInFlight)) * i.roundTripMs;
}
