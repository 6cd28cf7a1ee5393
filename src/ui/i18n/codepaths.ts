// The Kafka code path (apache/kafka, 2.8 zookeeper mode / 3.x KRaft) that handles each event.
// Class and method names are not translated.
import type { SimEvent } from '../../scenario/types';
import { morePaths } from './events-more';

const paths: Record<string, string> = {
  BrokerStarted: 'KafkaServer.startup / BrokerServer.startup',
  BrokerRegistered: 'KafkaZkClient.registerBroker / BrokerLifecycleManager',
  BrokerStopped: 'KafkaServer.controlledShutdown → KafkaController.doControlledShutdown',
  BrokerCrashed: 'kill -9: no Kafka code runs',
  BrokerPaused: 'JVM stop-the-world pause',
  BrokerResumed: 'JVM resumes where it stopped',
  BrokerAdded: 'KafkaServer.startup → KafkaController.onBrokerStartup',
  LinkCut: 'network partition (outside Kafka)',
  LinkHealed: 'network partition healed (outside Kafka)',
  ZkSessionExpired: 'ZooKeeperClient (session Expired) → KafkaController.processExpire',
  ZnodeCreated: 'KafkaZkClient → ZooKeeper create',
  ZnodeChanged: 'KafkaZkClient → ZooKeeper setData',
  StepStarted: 'scenario runner',
  ProducerIdAssigned: 'TransactionCoordinator.handleInitProducerId (ProducerIdManager)',
  ZnodeDeleted: 'KafkaZkClient → ZooKeeper delete / session close',
  ControllerElected: 'KafkaController.elect → onControllerFailover',
  ControllerResigned: 'KafkaController.onControllerResignation',
  StaleControllerEpochRejected: 'ReplicaManager.becomeLeaderOrFollower (STALE_CONTROLLER_EPOCH)',
  BrokerFenced: 'BrokerHeartbeatManager / ClusterControlManager (KRaft)',
  BrokerUnfenced: 'BrokerHeartbeatManager / ClusterControlManager (KRaft)',
  RaftLeaderElected: 'KafkaRaftClient (KIP-595 election)',
  TopicCreated: 'ZkAdminManager.createTopics → AdminZkClient.createTopicWithAssignment',
  PartitionsAdded: 'AdminZkClient.addPartitions',
  LeaderElected: 'KafkaController / PartitionStateMachine.electLeaderForPartitions',
  PartitionOffline: 'PartitionStateMachine (OfflinePartition)',
  IsrShrunk: 'Partition.maybeShrinkIsr',
  IsrExpanded: 'Partition.maybeExpandIsr',
  BecameLeader: 'ReplicaManager.makeLeaders → Partition.makeLeader',
  BecameFollower: 'ReplicaManager.makeFollowers → Partition.makeFollower',
  LogTruncated: 'Partition.truncateTo / AbstractFetcherThread.truncate',
  Appended: 'ReplicaManager.appendRecords / UnifiedLog.append',
  SegmentRolled: 'UnifiedLog.roll',
  HighWatermarkAdvanced: 'Partition.maybeIncrementLeaderHW',
  Flushed: 'UnifiedLog.flush → LogSegment.flush',
  UnflushedLost: 'power loss: the OS page cache is gone',
  LogRecovered: 'LogLoader.recoverLog → LogSegment.recover',
  ProduceAcked: 'KafkaApis.handleProduceRequest / DelayedProduce → Sender.handleProduceResponse',
  ProduceFailed: 'Sender.completeBatch (error)',
  MessageSent: 'NetworkClient.send → SocketServer',
  SegmentsDeleted: 'UnifiedLog.deleteOldSegments (LogManager.cleanupLogs)',
  LogCleaned: 'LogCleaner → Cleaner.clean',
  Lookup: 'UnifiedLog.read → LogSegment.translateOffset → OffsetIndex.lookup',
  ConfigChanged: 'ConfigHandler / DynamicBrokerConfig',
  ExpectFailed: 'scenario expectation',
  GroupRebalanceStarted: 'GroupCoordinator.prepareRebalance',
  GroupStable: 'GroupCoordinator.setAndPropagateAssignment',
  MemberJoined: 'GroupCoordinator.handleJoinGroup',
  MemberLeft: 'GroupCoordinator.removeMemberAndUpdateGroup',
  OffsetCommitted: 'GroupCoordinator.handleCommitOffsets',
  Polled: 'KafkaConsumer.poll → Fetcher.fetchedRecords',
};

export function codePath(e: SimEvent): string | undefined {
  if (e.type === 'Appended' && e.asLeader === false) return 'ReplicaFetcherThread.processPartitionData → UnifiedLog.appendAsFollower';
  if (e.type === 'ControllerElected' && e.mode === 'kraft') return 'QuorumController (active controller)';
  return paths[e.type] ?? morePaths[e.type];
}
