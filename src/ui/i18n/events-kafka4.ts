// Sentences for the events of today's Kafka (issue 16): transactions, eligible leader replicas, the consumer
// protocol (KIP-848), in English and Chinese. Same shape as events.ts.
import type { PartialSentenceTable } from './sentence';

const tp = (v: (k: 'topic' | 'partition') => string) => `${v('topic')}-${v('partition')}`;

export const enKafka4 = {
  GroupEpochBumped: (e, v) =>
    `Group ${v('group')} moves to group epoch ${v('groupEpoch')}${e.member ? ` (${v('member')} joined or changed its subscription)` : ' (a member left)'}.`,
  TargetAssignmentComputed: (_, v) =>
    `The coordinator computed group ${v('group')}'s target assignment for epoch ${v('assignmentEpoch')} with the ${v('assignor')} assignor: ${v('assignment')}.`,
  MemberReconciled: (e, v) =>
    e.state === 'UNREVOKED_PARTITIONS'
      ? `${v('member')} must first give up ${v('revoking')} (member epoch ${v('memberEpoch')}).`
      : e.state === 'UNRELEASED_PARTITIONS'
        ? `${v('member')} moves to member epoch ${v('memberEpoch')} with ${v('assignment')}; more partitions follow once their owners release them.`
        : `${v('member')} reached member epoch ${v('memberEpoch')} with ${v('assignment')}.`,
  BrokerChangeHandled: (e, v) =>
    `Controller ${v('controller')} handled a broker change${e.added?.length ? `: ${v('added')} joined` : ''}${e.removed?.length ? `${e.added?.length ? ',' : ':'} ${v('removed')} left` : ''}.`,
  AppendFailed: (_, v) => `Broker ${v('broker')} refused a write to ${tp(v)}: ${v('error')}.`,
  TxnMarkerWritten: (_, v) =>
    `Broker ${v('broker')} wrote a ${v('marker')} marker for producer ${v('producerId')} (epoch ${v('producerEpoch')}) at offset ${v('offset')} of ${tp(v)}: one control record, one offset.`,
  TxnCoordinatorLoaded: (e, v) =>
    `Broker ${v('broker')} leads __transaction_state-${v('partition')} (coordinator epoch ${v('coordinatorEpoch')}) and loaded it${e.transactionalIds?.length ? `: ${v('transactionalIds')}` : ''}${e.resumed?.length ? `; it finishes the commit or abort of ${v('resumed')}` : ''}.`,
  TxnCoordinatorUnloaded: (_, v) => `Broker ${v('broker')} no longer coordinates the transactions of __transaction_state-${v('partition')}.`,
  TxnStateChanged: (_, v) =>
    `Transaction ${v('transactionalId')}: ${v('from')} → ${v('to')} (producer ${v('producerId')}, epoch ${v('producerEpoch')}), written to __transaction_state by broker ${v('broker')}.`,
  TxnMarkersRequested: (_, v) =>
    `The transaction coordinator (broker ${v('broker')}) sends ${v('result')} markers for ${v('transactionalId')} to the leaders of ${v('partitions')}.`,
  TxnFenced: (e, v) =>
    e.reason === 'timeout'
      ? `Transaction ${v('transactionalId')} ran past transaction.timeout.ms: the coordinator bumps the epoch to ${v('producerEpoch')} and aborts it.`
      : `A new producer with transactional id ${v('transactionalId')} started: the coordinator bumps the epoch to ${v('producerEpoch')} and aborts the old one's open transaction.`,
  TransactionInitialized: (_, v) =>
    `${v('producer')} initialized transactions as ${v('transactionalId')}: producer id ${v('producerId')}, epoch ${v('producerEpoch')}.`,
  TransactionBegun: (_, v) => `${v('producer')} began a transaction.`,
  TransactionEnding: (e, v) => `${v('producer')} asks the coordinator to ${e.committed ? 'commit' : 'abort'} its transaction (EndTxn).`,
  TransactionEnded: (e, v) =>
    `${v('producer')}'s transaction is ${e.committed ? 'committed' : 'aborted'}: the coordinator now writes the markers (next epoch ${v('producerEpoch')}).`,
  TransactionFailed: (e, v) =>
    e.fatal
      ? `${v('producer')} is fenced (${v('error')}): it must close; another producer owns ${v('transactionalId')}.`
      : `${v('producer')}'s transaction failed with ${v('error')}: it can only be aborted.`,
} satisfies PartialSentenceTable;

export const zhKafka4 = {
  GroupEpochBumped: (e, v) => `消费者组 ${v('group')} 进入组纪元 ${v('groupEpoch')}${e.member ? `（${v('member')} 加入或更改了订阅）` : '（有成员离开）'}。`,
  TargetAssignmentComputed: (_, v) =>
    `协调者用 ${v('assignor')} 分配器为消费者组 ${v('group')} 计算了纪元 ${v('assignmentEpoch')} 的目标分配：${v('assignment')}。`,
  MemberReconciled: (e, v) =>
    e.state === 'UNREVOKED_PARTITIONS'
      ? `${v('member')} 必须先交出 ${v('revoking')}（成员纪元 ${v('memberEpoch')}）。`
      : e.state === 'UNRELEASED_PARTITIONS'
        ? `${v('member')} 进入成员纪元 ${v('memberEpoch')}，分得 ${v('assignment')}；其余分区等原持有者释放后再给它。`
        : `${v('member')} 到达成员纪元 ${v('memberEpoch')}，分得 ${v('assignment')}。`,
  BrokerChangeHandled: (e, v) =>
    `控制器 ${v('controller')} 处理了一次 Broker 变化${e.added?.length ? `：${v('added')} 加入` : ''}${e.removed?.length ? `${e.added?.length ? '，' : '：'}${v('removed')} 离开` : ''}。`,
  AppendFailed: (_, v) => `Broker ${v('broker')} 拒绝写入 ${tp(v)}：${v('error')}。`,
  TxnMarkerWritten: (_, v) =>
    `Broker ${v('broker')} 在 ${tp(v)} 的位移 ${v('offset')} 写入生产者 ${v('producerId')}（纪元 ${v('producerEpoch')}）的 ${v('marker')} 标记：一条控制记录，占一个位移。`,
  TxnCoordinatorLoaded: (e, v) =>
    `Broker ${v('broker')} 成为 __transaction_state-${v('partition')} 的 leader（协调者纪元 ${v('coordinatorEpoch')}）并加载了它${e.transactionalIds?.length ? `：${v('transactionalIds')}` : ''}${e.resumed?.length ? `；它继续完成 ${v('resumed')} 的提交或中止` : ''}。`,
  TxnCoordinatorUnloaded: (_, v) => `Broker ${v('broker')} 不再协调 __transaction_state-${v('partition')} 的事务。`,
  TxnStateChanged: (_, v) =>
    `事务 ${v('transactionalId')}：${v('from')} → ${v('to')}（生产者 ${v('producerId')}，纪元 ${v('producerEpoch')}），由 Broker ${v('broker')} 写入 __transaction_state。`,
  TxnMarkersRequested: (_, v) => `事务协调者（Broker ${v('broker')}）向 ${v('partitions')} 的 leader 发送 ${v('transactionalId')} 的 ${v('result')} 标记。`,
  TxnFenced: (e, v) =>
    e.reason === 'timeout'
      ? `事务 ${v('transactionalId')} 超过了 transaction.timeout.ms：协调者把纪元提升到 ${v('producerEpoch')} 并中止它。`
      : `一个使用事务 ID ${v('transactionalId')} 的新生产者启动了：协调者把纪元提升到 ${v('producerEpoch')}，并中止旧生产者未完成的事务。`,
  TransactionInitialized: (_, v) => `${v('producer')} 以 ${v('transactionalId')} 初始化事务：生产者 ID ${v('producerId')}，纪元 ${v('producerEpoch')}。`,
  TransactionBegun: (_, v) => `${v('producer')} 开始了一个事务。`,
  TransactionEnding: (e, v) => `${v('producer')} 请求协调者${e.committed ? '提交' : '中止'}它的事务（EndTxn）。`,
  TransactionEnded: (e, v) => `${v('producer')} 的事务已${e.committed ? '提交' : '中止'}：协调者接着写入标记（下一个纪元 ${v('producerEpoch')}）。`,
  TransactionFailed: (e, v) =>
    e.fatal
      ? `${v('producer')} 被隔离（${v('error')}）：它必须关闭；${v('transactionalId')} 已属于另一个生产者。`
      : `${v('producer')} 的事务因 ${v('error')} 失败：只能中止它。`,
} satisfies PartialSentenceTable;

/** The Kafka code path of each of these events. */
export const kafka4Paths = {
  GroupEpochBumped: 'GroupMetadataManager.consumerGroupHeartbeat (newConsumerGroupEpochRecord)',
  TargetAssignmentComputed: 'GroupMetadataManager.updateTargetAssignment → TargetAssignmentBuilder (server-side assignor)',
  MemberReconciled: 'GroupMetadataManager.maybeReconcile → CurrentAssignmentBuilder',
  BrokerChangeHandled: 'KafkaController.processBrokerChange (ControllerState.BrokerChange: LeaderElectionRateAndTimeMs)',
  AppendFailed: 'ReplicaManager.appendToLocalLog (FailedProduceRequestsPerSec)',
  TxnMarkerWritten: 'KafkaApis.handleWriteTxnMarkersRequest → ReplicaManager.appendRecords (AppendOrigin.COORDINATOR)',
  TxnCoordinatorLoaded: 'TransactionCoordinator.onElection → TransactionStateManager.loadTransactionsForTxnTopicPartition',
  TxnCoordinatorUnloaded: 'TransactionCoordinator.onResignation',
  TxnStateChanged: 'TransactionStateManager.appendTransactionToLog → TransactionMetadata.completeTransitionTo',
  TxnMarkersRequested: 'TransactionMarkerChannelManager.addTxnMarkersToSend',
  TxnFenced: 'TransactionMetadata.prepareFenceProducerEpoch (InitProducerId / abortTimedOutTransactions)',
  TransactionInitialized: 'KafkaProducer.initTransactions → TransactionManager.InitProducerIdHandler',
  TransactionBegun: 'KafkaProducer.beginTransaction',
  TransactionEnding: 'KafkaProducer.commitTransaction / abortTransaction → EndTxn',
  TransactionEnded: 'TransactionManager.EndTxnHandler',
  TransactionFailed: 'TransactionManager.transitionToAbortableError / transitionToFatalError',
} as const;
