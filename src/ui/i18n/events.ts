// Every event type as a sentence with its fields, in English and Chinese (the consumer groups' in events-groups.ts).
// The tables are typed by the engine's event map: an event without a sentence fails the type check.
import type { EventType, Lang, SimEvent } from '../../scenario/types';
import { fmt, nodeLabel } from './format';
import { enGroups, zhGroups } from './events-groups';
import { enKafka4, zhKafka4 } from './events-kafka4';
import type { PartialSentenceTable, Sentence, SentenceTable } from './sentence';

const tp = (v: (k: 'topic' | 'partition') => string) => `${v('topic')}-${v('partition')}`;

const en = {
  BrokerStarted: (_, v) => `Broker ${v('broker')} started.`,
  BrokerRegistered: (_, v) => `Broker ${v('broker')} registered with the cluster.`,
  BrokerStopped: (_, v) => `Broker ${v('broker')} shut down cleanly (controlled shutdown).`,
  BrokerCrashed: (e, v) =>
    e.loseUnflushed
      ? `Broker ${v('broker')} lost power: records not yet flushed to disk are gone.`
      : `Broker ${v('broker')} crashed (kill -9); what it wrote is still on disk.`,
  BrokerPaused: (_, v) => `Broker ${v('broker')} froze for ${v('ms')} ms (a long GC pause).`,
  BrokerResumed: (_, v) => `Broker ${v('broker')} resumed.`,
  BrokerAdded: (_, v) => `New empty broker ${v('broker')} joined the cluster.`,
  LinkCut: (_, _v, n) => `The network link between ${n('a')} and ${n('b')} was cut.`,
  LinkHealed: (_, _v, n) => `The network link between ${n('a')} and ${n('b')} was restored.`,
  ResponsesLost: (e, v) =>
    `The next ${v('count')} ${v('api')} response(s) from broker ${v('broker')}${e.client !== null ? ` to ${v('client')}` : ''} will be lost on the network; the requests themselves take effect.`,
  ZkSessionExpired: (_, v, n) => `ZooKeeper session ${v('session')} of ${n('node')} expired; its ephemeral znodes are deleted.`,
  ZnodeCreated: (e, v) => `ZooKeeper: ${e.ephemeral ? 'ephemeral ' : ''}znode ${v('path')} created.`,
  ZnodeDeleted: (_, v) => `ZooKeeper: znode ${v('path')} deleted.`,
  ZnodeChanged: (_, v) => `ZooKeeper: znode ${v('path')} set to ${v('data')}.`,
  StepStarted: (e, v) => `Step ${Number(e.index) + 1} begins: ${v('do')}${e.label ? ` (${v('label')})` : ''}.`,
  ProducerIdAssigned: (_, v) => `${v('producer')} got producer id ${v('producerId')} (epoch ${v('producerEpoch')}) for idempotent writes.`,
  ControllerElected: (e, v) =>
    e.mode === 'kraft'
      ? `Controller node ${v('broker')} is the active controller (epoch ${v('epoch')}).`
      : `Broker ${v('broker')} became the controller (controller epoch ${v('epoch')}).`,
  ControllerReady: (_, v) =>
    `Controller ${v('broker')} read ${v('zkReads')} znodes from ZooKeeper (${v('partitions')} partitions, ten requests in flight) in ${v('loadMs')} ms; only now does it act and tell the brokers.`,
  ControllerResigned: (_, v) => `Broker ${v('broker')} is no longer the controller.`,
  StaleControllerEpochRejected: (_, v) =>
    `Broker ${v('broker')} refused a request from broker ${v('from')}: its controller epoch ${v('epoch')} is older than the current ${v('currentEpoch')} (a zombie controller is fenced).`,
  BrokerFenced: (_, v) => `Broker ${v('broker')} was fenced: it missed its heartbeats.`,
  BrokerUnfenced: (_, v) => `Broker ${v('broker')} was unfenced and can lead partitions again.`,
  RaftLeaderElected: (_, v) => `Controller node ${v('node')} won the KRaft election (epoch ${v('epoch')}).`,
  TopicCreated: (_, v) =>
    `Topic ${v('topic')} created: ${v('partitions')} partitions, replication factor ${v('replicationFactor')}, replicas ${v('assignment')}.`,
  PartitionsAdded: (_, v) => `Topic ${v('topic')} grew from ${v('from')} to ${v('to')} partitions; existing data does not move.`,
  TopicDeleted: (_, v) =>
    `Topic ${v('topic')} (${v('partitions')} partitions) is deleted: its replicas stop and delete their logs, every broker drops it from its metadata.`,
  ReplicaDeleted: (_, v) => `Broker ${v('broker')} stopped its replica of ${tp(v)} and deleted its log directory.`,
  LeaderElected: (e, v) => {
    const why: Record<string, string> = {
      new: 'new partition',
      offline: 'the old leader went offline',
      controlledShutdown: 'controlled shutdown',
      preferred: 'preferred leader election',
      unclean: 'UNCLEAN election: records beyond this replica are lost',
      elr: 'an eligible leader replica (KIP-966): the ISR was empty, this replica holds every committed record',
    };
    return `Broker ${v('leader')} is the leader of ${tp(v)} (leader epoch ${v('leaderEpoch')}, ISR ${v('isr')}; ${why[String(e.reason)] ?? v('reason')}).`;
  },
  PartitionOffline: (e, v) =>
    e.elr
      ? `${tp(v)} is offline: no live replica in the ISR or the ELR (eligible leader replicas ${v('elr')}, leader epoch ${v('leaderEpoch')}).`
      : `${tp(v)} is offline: no replica in the ISR is alive (leader epoch ${v('leaderEpoch')}).`,
  IsrShrunk: (_, v) => `Leader ${v('leader')} removed ${v('removed')} from the ISR of ${tp(v)} (they fell behind); ISR is now ${v('isr')}.`,
  IsrExpanded: (_, v) => `Leader ${v('leader')} added ${v('added')} back to the ISR of ${tp(v)} (caught up); ISR is now ${v('isr')}.`,
  BecameLeader: (_, v) => `Broker ${v('broker')} now leads ${tp(v)} (leader epoch ${v('leaderEpoch')}).`,
  BecameFollower: (_, v) => `Broker ${v('broker')} follows broker ${v('leader')} for ${tp(v)} (leader epoch ${v('leaderEpoch')}).`,
  LogTruncated: (_, v) => `Broker ${v('broker')} truncated its log of ${tp(v)} from offset ${v('from')} back to ${v('to')} (${v('reason')}).`,
  FetcherPartitionFailed: (_, v) => `Broker ${v('broker')} stopped replicating ${v('topic')}-${v('partition')} from broker ${v('leader')}: ${v('error')}.`,
  Appended: (e, v) =>
    `Broker ${v('broker')} appended offsets ${v('firstOffset')}–${v('lastOffset')} (${v('bytes')} bytes) to ${tp(v)} ${e.asLeader ? 'as leader' : 'as a follower (fetched)'}.`,
  SegmentRolled: (_, v) => `Broker ${v('broker')} rolled a new segment of ${tp(v)} starting at offset ${v('baseOffset')}.`,
  HighWatermarkAdvanced: (_, v) => `The high watermark of ${tp(v)} on broker ${v('broker')} moved to ${v('hw')}: offsets below it are committed and readable.`,
  Flushed: (_, v) => `Broker ${v('broker')} flushed ${tp(v)} to disk up to offset ${v('offset')}.`,
  UnflushedLost: (_, v) => `Broker ${v('broker')} lost offsets ${v('from')}–${v('to')} of ${tp(v)} that were only in memory.`,
  LogRecovered: (_, v) => `Broker ${v('broker')} recovered its log of ${tp(v)}: log end offset ${v('leo')}, ${v('truncatedBytes')} bad bytes cut.`,
  LogDirFailed: (_, v) =>
    `Broker ${v('broker')}'s log directory ${v('dir')} failed (${v('error')}): its partitions are offline, and with no log directory left the broker halts.`,
  ProduceAcked: (_, v) => `${v('producer')}: ${v('count')} record(s) to ${tp(v)} acknowledged at offset ${v('baseOffset')}.`,
  ProduceFailed: (_, v) => `${v('producer')}: ${v('count')} record(s) to ${tp(v)} failed with ${v('error')}.`,
  MessageSent: (e, v, n) => `${n('from')} → ${n('to')}: ${v('api')}${e.response ? ' response' : ''}${e.lost ? ' — lost on the way' : ''}.`,
  SegmentsDeleted: (_, v) => `Retention: broker ${v('broker')} deleted ${v('files')} of ${tp(v)}.`,
  LogCleaned: (_, v) => `Compaction: broker ${v('broker')} cleaned ${tp(v)}, keeping the latest record per key.`,
  Lookup: (_, v) => `Broker ${v('broker')} looked up offset ${v('offset')} in ${tp(v)}.`,
  ConfigChanged: (e, v) =>
    `Config ${v('key')} = ${v('value')}${e.broker != null ? ` on broker ${v('broker')}` : e.topic != null ? ` for topic ${v('topic')}` : ''}.`,
  ExpectFailed: (_, v) => `Expectation failed at ${v('path')}.`,
  GroupRebalanceStarted: (_, v) => `Group ${v('group')} started rebalancing (${v('reason')}).`,
  GroupStable: (_, v) => `Group ${v('group')} is stable (generation ${v('generation')}).`,
  MemberJoined: (_, v) => `${v('member')} joined group ${v('group')}.`,
  MemberLeft: (_, v) => `${v('member')} left group ${v('group')}.`,
  OffsetCommitted: (_, v) => `Group ${v('group')} committed offset ${v('offset')} for ${tp(v)}.`,
  Polled: (_, v) => `${v('consumer')} polled records.`,
  PageCacheWrittenBack: (_, v) => `The OS wrote broker ${v('broker')}'s dirty pages to disk: ${v('files')}.`,
  InvariantViolated: (e, v) =>
    e.kind === 'CommittedRecordsLost'
      ? `Committed records lost: broker ${v('broker')} leads ${tp(v)} with offsets only up to ${v('from')}, below the high watermark ${v('to')} the partition reached.`
      : e.kind === 'TwoLeadersSameEpoch'
        ? `Two brokers ${v('brokers')} lead ${tp(v)} in the same leader epoch ${v('leaderEpoch')}.`
        : `Invariant violated: ${v('kind')}.`,
  AlterIsrFailed: (_, v) => `Leader ${v('broker')} could not change the ISR of ${tp(v)} to ${v('isr')}: ${v('error')}.`,
  AdminRequestFailed: (_, v) => `Kafka refused ${v('do')} (step ${v('index')}): ${v('error')}.`,
  BrokerRegistrationConflict: (_, v) => `Broker ${v('broker')} could not register: ${v('path')} still exists (the old session has not expired yet).`,
  ControlledShutdownStarted: (_, v) => `Broker ${v('broker')} asked the controller to move its leaderships away before stopping.`,
  ControllerWriteFailed: (_, v) => `Controller ${v('broker')} (epoch ${v('epoch')}) could not write ${v('path')}: ${v('error')} — it has been replaced.`,
  DuplicateBatchIgnored: (_, v) =>
    `Broker ${v('broker')} recognised a retried batch (producer ${v('producerId')}, sequence ${v('baseSequence')}) on ${tp(v)} and did not write it twice.`,
  LeaderImbalanceDetected: (_, v) => `Controller ${v('controller')} found broker ${v('broker')} is not leading its preferred partitions.`,
  LeadersElectionRequested: (_, v) => `A ${v('type')} leader election was requested.`,
  ProduceRejected: (_, v) =>
    `Broker ${v('broker')} refused a write to ${tp(v)}: ${v('error')} (ISR ${v('isr')} is smaller than min.insync.replicas = ${v('minIsr')}).`,
  ProduceRetried: (_, v) => `${v('producer')} retries ${v('count')} record(s) to ${tp(v)} after ${v('error')}.`,
  RaftElectionStarted: (_, v) => `Controller node ${v('node')} started a KRaft election (epoch ${v('epoch')}).`,
  StaleLeaderEpochIgnored: (_, v) => `Broker ${v('broker')} ignored an old leader epoch ${v('leaderEpoch')} for ${tp(v)} (it has ${v('current')}).`,
  ZkSessionLost: (e, v) =>
    e.broker !== undefined ? `Broker ${v('broker')} lost its ZooKeeper session.` : `${v('member')} lost its ZooKeeper session: it registers again.`,
  ZombieController: (_, v) => `Broker ${v('broker')} still believes it is the controller (epoch ${v('epoch')}): a zombie controller.`,
} satisfies PartialSentenceTable;

const zh = {
  BrokerStarted: (_, v) => `Broker ${v('broker')} 已启动。`,
  BrokerRegistered: (_, v) => `Broker ${v('broker')} 已在集群中注册。`,
  BrokerStopped: (_, v) => `Broker ${v('broker')} 已正常关闭（受控关闭）。`,
  BrokerCrashed: (e, v) =>
    e.loseUnflushed ? `Broker ${v('broker')} 断电：尚未刷盘的消息丢失。` : `Broker ${v('broker')} 崩溃（kill -9）；已写入的数据仍在磁盘上。`,
  BrokerPaused: (_, v) => `Broker ${v('broker')} 停顿了 ${v('ms')} 毫秒（长时间 GC 停顿）。`,
  BrokerResumed: (_, v) => `Broker ${v('broker')} 恢复运行。`,
  BrokerAdded: (_, v) => `新的空 Broker ${v('broker')} 加入集群。`,
  LinkCut: (_, _v, n) => `${n('a')} 与 ${n('b')} 之间的网络被切断。`,
  LinkHealed: (_, _v, n) => `${n('a')} 与 ${n('b')} 之间的网络已恢复。`,
  ResponsesLost: (e, v) =>
    `Broker ${v('broker')} 接下来 ${v('count')} 个${e.client !== null ? `发往 ${v('client')} 的` : ''} ${v('api')} 响应将在网络中丢失；请求本身仍然生效。`,
  ZkSessionExpired: (_, v, n) => `${n('node')} 的 ZooKeeper 会话 ${v('session')} 过期；它的临时节点被删除。`,
  ZnodeCreated: (e, v) => `ZooKeeper：创建${e.ephemeral ? '临时' : ''}节点 ${v('path')}。`,
  ZnodeDeleted: (_, v) => `ZooKeeper：删除节点 ${v('path')}。`,
  ZnodeChanged: (_, v) => `ZooKeeper：节点 ${v('path')} 的值改为 ${v('data')}。`,
  StepStarted: (e, v) => `第 ${Number(e.index) + 1} 步开始：${v('do')}${e.label ? `（${v('label')}）` : ''}。`,
  ProducerIdAssigned: (_, v) => `${v('producer')} 获得生产者 id ${v('producerId')}（纪元 ${v('producerEpoch')}），用于幂等写入。`,
  ControllerElected: (e, v) =>
    e.mode === 'kraft' ? `控制器节点 ${v('broker')} 成为活跃控制器（纪元 ${v('epoch')}）。` : `Broker ${v('broker')} 成为控制器（控制器纪元 ${v('epoch')}）。`,
  ControllerReady: (_, v) =>
    `控制器 ${v('broker')} 从 ZooKeeper 读取了 ${v('zkReads')} 个 znode（${v('partitions')} 个分区，同时最多十个请求），用时 ${v('loadMs')} 毫秒；直到此刻它才开始行动并通知各 broker。`,
  ControllerResigned: (_, v) => `Broker ${v('broker')} 不再是控制器。`,
  StaleControllerEpochRejected: (_, v) =>
    `Broker ${v('broker')} 拒绝了来自 Broker ${v('from')} 的请求：其控制器纪元 ${v('epoch')} 旧于当前的 ${v('currentEpoch')}（僵尸控制器被隔离）。`,
  BrokerFenced: (_, v) => `Broker ${v('broker')} 被隔离（fenced）：错过了心跳。`,
  BrokerUnfenced: (_, v) => `Broker ${v('broker')} 解除隔离，可以再次担任 leader。`,
  RaftLeaderElected: (_, v) => `控制器节点 ${v('node')} 赢得 KRaft 选举（纪元 ${v('epoch')}）。`,
  TopicCreated: (_, v) => `创建主题 ${v('topic')}：${v('partitions')} 个分区，副本因子 ${v('replicationFactor')}，副本分配 ${v('assignment')}。`,
  PartitionsAdded: (_, v) => `主题 ${v('topic')} 的分区数从 ${v('from')} 增加到 ${v('to')}；已有数据不移动。`,
  TopicDeleted: (_, v) => `删除主题 ${v('topic')}（${v('partitions')} 个分区）：副本停止并删除日志，所有 broker 从元数据中移除它。`,
  ReplicaDeleted: (_, v) => `Broker ${v('broker')} 停止了 ${tp(v)} 的副本并删除了它的日志目录。`,
  LeaderElected: (e, v) => {
    const why: Record<string, string> = {
      new: '新分区',
      offline: '原 leader 下线',
      controlledShutdown: '受控关闭',
      preferred: '优先副本选举',
      unclean: '不干净选举：超出该副本的消息丢失',
      elr: '合格 leader 副本（KIP-966）：ISR 为空，这个副本拥有全部已提交的消息',
    };
    return `Broker ${v('leader')} 成为 ${tp(v)} 的 leader（leader 纪元 ${v('leaderEpoch')}，ISR ${v('isr')}；${why[String(e.reason)] ?? v('reason')}）。`;
  },
  PartitionOffline: (e, v) =>
    e.elr
      ? `${tp(v)} 离线：ISR 和 ELR 中都没有存活的副本（合格 leader 副本 ${v('elr')}，leader 纪元 ${v('leaderEpoch')}）。`
      : `${tp(v)} 离线：ISR 中没有存活的副本（leader 纪元 ${v('leaderEpoch')}）。`,
  IsrShrunk: (_, v) => `Leader ${v('leader')} 将 ${v('removed')} 移出 ${tp(v)} 的 ISR（落后太多）；ISR 现为 ${v('isr')}。`,
  IsrExpanded: (_, v) => `Leader ${v('leader')} 将 ${v('added')} 重新加入 ${tp(v)} 的 ISR（已追上）；ISR 现为 ${v('isr')}。`,
  BecameLeader: (_, v) => `Broker ${v('broker')} 现在是 ${tp(v)} 的 leader（leader 纪元 ${v('leaderEpoch')}）。`,
  BecameFollower: (_, v) => `Broker ${v('broker')} 作为 ${tp(v)} 的 follower 跟随 Broker ${v('leader')}（leader 纪元 ${v('leaderEpoch')}）。`,
  LogTruncated: (_, v) => `Broker ${v('broker')} 将 ${tp(v)} 的日志从位移 ${v('from')} 截断到 ${v('to')}（${v('reason')}）。`,
  FetcherPartitionFailed: (_, v) => `Broker ${v('broker')} 停止从 Broker ${v('leader')} 复制 ${v('topic')}-${v('partition')}：${v('error')}。`,
  Appended: (e, v) =>
    `Broker ${v('broker')} ${e.asLeader ? '作为 leader' : '作为 follower（拉取后）'}向 ${tp(v)} 追加了位移 ${v('firstOffset')}–${v('lastOffset')}（${v('bytes')} 字节）。`,
  SegmentRolled: (_, v) => `Broker ${v('broker')} 为 ${tp(v)} 滚动出新的段，起始位移 ${v('baseOffset')}。`,
  HighWatermarkAdvanced: (_, v) => `Broker ${v('broker')} 上 ${tp(v)} 的高水位移到 ${v('hw')}：其下的消息已提交、可被读取。`,
  Flushed: (_, v) => `Broker ${v('broker')} 将 ${tp(v)} 刷盘到位移 ${v('offset')}。`,
  UnflushedLost: (_, v) => `Broker ${v('broker')} 丢失了 ${tp(v)} 仅在内存中的位移 ${v('from')}–${v('to')}。`,
  LogRecovered: (_, v) => `Broker ${v('broker')} 恢复了 ${tp(v)} 的日志：日志末端位移 ${v('leo')}，截掉 ${v('truncatedBytes')} 个坏字节。`,
  LogDirFailed: (_, v) => `Broker ${v('broker')} 的日志目录 ${v('dir')} 出错（${v('error')}）：其中的分区下线；没有可用的日志目录，Broker 随即停止。`,
  ProduceAcked: (_, v) => `${v('producer')}：发往 ${tp(v)} 的 ${v('count')} 条消息已确认，起始位移 ${v('baseOffset')}。`,
  ProduceFailed: (_, v) => `${v('producer')}：发往 ${tp(v)} 的 ${v('count')} 条消息失败：${v('error')}。`,
  MessageSent: (e, v, n) => `${n('from')} → ${n('to')}：${v('api')}${e.response ? ' 响应' : ''}${e.lost ? '——在途中丢失' : ''}。`,
  SegmentsDeleted: (_, v) => `保留策略：Broker ${v('broker')} 删除了 ${tp(v)} 的 ${v('files')}。`,
  LogCleaned: (_, v) => `压缩：Broker ${v('broker')} 清理了 ${tp(v)}，每个键只保留最新的消息。`,
  Lookup: (_, v) => `Broker ${v('broker')} 在 ${tp(v)} 中查找位移 ${v('offset')}。`,
  ConfigChanged: (e, v) =>
    `配置 ${v('key')} = ${v('value')}${e.broker != null ? `（Broker ${v('broker')}）` : e.topic != null ? `（主题 ${v('topic')}）` : ''}。`,
  ExpectFailed: (_, v) => `断言失败：${v('path')}。`,
  GroupRebalanceStarted: (_, v) => `消费者组 ${v('group')} 开始再均衡（${v('reason')}）。`,
  GroupStable: (_, v) => `消费者组 ${v('group')} 已稳定（第 ${v('generation')} 代）。`,
  MemberJoined: (_, v) => `${v('member')} 加入消费者组 ${v('group')}。`,
  MemberLeft: (_, v) => `${v('member')} 离开消费者组 ${v('group')}。`,
  OffsetCommitted: (_, v) => `消费者组 ${v('group')} 为 ${tp(v)} 提交位移 ${v('offset')}。`,
  Polled: (_, v) => `${v('consumer')} 拉取了消息。`,
  PageCacheWrittenBack: (_, v) => `操作系统把 Broker ${v('broker')} 的脏页写回磁盘：${v('files')}。`,
  InvariantViolated: (e, v) =>
    e.kind === 'CommittedRecordsLost'
      ? `已提交的消息丢失：Broker ${v('broker')} 成为 ${tp(v)} 的 leader，但位移只到 ${v('from')}，低于该分区曾达到的高水位 ${v('to')}。`
      : e.kind === 'TwoLeadersSameEpoch'
        ? `两个 Broker ${v('brokers')} 在同一 leader 纪元 ${v('leaderEpoch')} 中都是 ${tp(v)} 的 leader。`
        : `不变量被破坏：${v('kind')}。`,
  AlterIsrFailed: (_, v) => `Leader ${v('broker')} 无法把 ${tp(v)} 的 ISR 改为 ${v('isr')}：${v('error')}。`,
  AdminRequestFailed: (_, v) => `Kafka 拒绝了 ${v('do')}（第 ${v('index')} 步）：${v('error')}。`,
  BrokerRegistrationConflict: (_, v) => `Broker ${v('broker')} 无法注册：${v('path')} 仍然存在（旧会话尚未过期）。`,
  ControlledShutdownStarted: (_, v) => `Broker ${v('broker')} 请求控制器在停止前把它的 leader 迁走。`,
  ControllerWriteFailed: (_, v) => `控制器 ${v('broker')}（纪元 ${v('epoch')}）无法写入 ${v('path')}：${v('error')}——它已被取代。`,
  DuplicateBatchIgnored: (_, v) => `Broker ${v('broker')} 识别出 ${tp(v)} 上重试的批次（生产者 ${v('producerId')}，序号 ${v('baseSequence')}），没有重复写入。`,
  LeaderImbalanceDetected: (_, v) => `控制器 ${v('controller')} 发现 Broker ${v('broker')} 没有担任它的优先分区的 leader。`,
  LeadersElectionRequested: (_, v) => `请求进行 ${v('type')} leader 选举。`,
  ProduceRejected: (_, v) => `Broker ${v('broker')} 拒绝写入 ${tp(v)}：${v('error')}（ISR ${v('isr')} 小于 min.insync.replicas = ${v('minIsr')}）。`,
  ProduceRetried: (_, v) => `${v('producer')} 在 ${v('error')} 之后重试发往 ${tp(v)} 的 ${v('count')} 条消息。`,
  RaftElectionStarted: (_, v) => `控制器节点 ${v('node')} 发起 KRaft 选举（纪元 ${v('epoch')}）。`,
  StaleLeaderEpochIgnored: (_, v) => `Broker ${v('broker')} 忽略了 ${tp(v)} 的旧 leader 纪元 ${v('leaderEpoch')}（当前为 ${v('current')}）。`,
  ZkSessionLost: (e, v) => (e.broker !== undefined ? `Broker ${v('broker')} 失去了 ZooKeeper 会话。` : `${v('member')} 失去了 ZooKeeper 会话：它重新注册。`),
  ZombieController: (_, v) => `Broker ${v('broker')} 仍以为自己是控制器（纪元 ${v('epoch')}）：僵尸控制器。`,
} satisfies PartialSentenceTable;

const tables: Record<Lang, SentenceTable> = { en: { ...en, ...enGroups, ...enKafka4 }, zh: { ...zh, ...zhGroups, ...zhKafka4 } };

export function knownEventTypes(): EventType[] {
  return Object.keys(tables.en) as EventType[];
}

export function describeEvent(e: SimEvent, lang: Lang): string {
  const v = (k: string) => fmt(e[k], lang);
  const n = (k: string) => nodeLabel(e[k], lang);
  const s = tables[lang][e.type as EventType] as Sentence<EventType> | undefined;
  if (s) {
    try {
      return s(e as never, v, n);
    } catch {
      /* fall through to the generic sentence */
    }
  }
  const fields = Object.keys(e)
    .filter((k) => !['seq', 'time', 'step', 'type'].includes(k))
    .map((k) => `${k}=${fmt(e[k], lang)}`)
    .join(', ');
  return `${e.type}${fields ? ': ' + fields : ''}`;
}
