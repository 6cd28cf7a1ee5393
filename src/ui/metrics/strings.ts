// The metrics view's words, in English and Chinese (two tables with the same keys, as ../i18n): one line per metric
// saying what it counts and what a healthy cluster shows, with its JMX MBean.
import type { Tables } from '../i18n/translator';

const en = {
  metricsTitle: 'Broker metrics: what operators watch',
  metricsIntro: 'Kafka’s own metric names (JMX). A coloured change is what the step on screen caused; tap a name for what it means.',
  metricsNone: 'No cluster yet.',
  colMetric: 'Metric',
  colCluster: 'Cluster',
  nodeBroker: 'Broker {id}',
  nodeController: 'Controller {id}',
  down: 'down',
  downHint: 'not running: no JMX, no metrics',
  wentDown: 'went down',
  cameUp: 'started',
  perSec: '{v}/s',
  countOf: 'Count {n}',
  kraftOnly: 'In KRaft mode the brokers report these; the controller metrics are on the controllers.',
  zkOnly: 'Only the ZooKeeper-mode controller has this metric; Kafka 4’s KRaft controller does not.',
  changedNone: 'Nothing here changed in this step.',
  changedSome: '{n} metrics changed in this step.',
  changedIn: 'This step only checks: the changes shown are step {k}’s ({n} metrics).',
  explain: 'What is {name}?',
  mbean: 'MBean: {m}',
  UnderReplicatedPartitions:
    'Partitions this broker leads whose ISR is smaller than their replica list. Healthy: 0 everywhere; above 0 means a follower is down or lagging.',
  OfflinePartitionsCount:
    'Partitions with no leader at all: nobody can write or read them. Reported by the active controller. Healthy: 0; anything else is an outage.',
  ActiveControllerCount: '1 on the node that is the active controller, 0 on the others. Healthy: exactly 1 in the whole cluster (0 or 2 means trouble).',
  LeaderCount: 'Partitions this broker leads. Healthy: about even across brokers; a broker at 0 after a restart has not got its leaders back yet.',
  PartitionCount: 'Partition replicas this broker hosts (leaders and followers). Healthy: about even across brokers.',
  IsrShrinksPerSec:
    'How often a leader removed a follower from an ISR (a one-minute rate; Count = how many times). Healthy: 0; a rise means followers fall behind.',
  IsrExpandsPerSec: 'How often a leader added a caught-up follower back to an ISR. Healthy: 0 at rest; it follows shrinks as brokers come back.',
  FailedProduceRequestsPerSec:
    'Produce requests refused for a partition, e.g. NOT_ENOUGH_REPLICAS below min.insync.replicas (not NOT_LEADER_OR_FOLLOWER). Healthy: 0.',
  UncleanLeaderElectionsPerSec: 'Leaders elected from outside the ISR (unclean.leader.election.enable): acknowledged data can be lost. Healthy: 0, always.',
  LeaderElectionRateAndTimeMs:
    'Leader elections the ZooKeeper controller ran (its broker-change events: rate and time). Healthy: near 0; it jumps when brokers fail.',
};

export type MetricsKey = keyof typeof en;

const zh: Record<MetricsKey, string> = {
  metricsTitle: 'Broker 指标：运维人员盯着看的数字',
  metricsIntro: '使用 Kafka 自己的指标名（JMX）。带颜色的变化是当前这一步造成的；点指标名可查看含义。',
  metricsNone: '还没有集群。',
  colMetric: '指标',
  colCluster: '整个集群',
  nodeBroker: 'Broker {id}',
  nodeController: '控制器 {id}',
  down: '宕机',
  downHint: '没有运行：没有 JMX，也就没有指标',
  wentDown: '宕机了',
  cameUp: '启动了',
  perSec: '{v}/秒',
  countOf: '累计 {n}',
  kraftOnly: 'KRaft 模式下 broker 报告这些指标；控制器指标由控制器节点报告。',
  zkOnly: '只有 ZooKeeper 模式的控制器有这个指标；Kafka 4 的 KRaft 控制器没有。',
  changedNone: '这一步没有改变任何指标。',
  changedSome: '这一步改变了 {n} 个指标。',
  changedIn: '这一步只做检查：显示的是第 {k} 步带来的变化（{n} 个指标）。',
  explain: '{name} 是什么？',
  mbean: 'MBean：{m}',
  UnderReplicatedPartitions: '本 broker 作为 leader 的分区中，ISR 比副本列表少的个数。健康值：处处为 0；大于 0 说明有 follower 宕机或落后。',
  OfflinePartitionsCount: '完全没有 leader 的分区数：既不能写也不能读。由活跃控制器报告。健康值：0；其他任何值都意味着故障。',
  ActiveControllerCount: '活跃控制器所在节点为 1，其他节点为 0。健康值：整个集群恰好为 1（0 或 2 都说明出了问题）。',
  LeaderCount: '本 broker 担任 leader 的分区数。健康值：各 broker 大致均衡；重启后为 0 说明它还没拿回 leader。',
  PartitionCount: '本 broker 上的分区副本数（leader 和 follower）。健康值：各 broker 大致均衡。',
  IsrShrinksPerSec: 'leader 把 follower 移出 ISR 的频率（一分钟速率；累计 = 总次数）。健康值：0；上升说明 follower 跟不上。',
  IsrExpandsPerSec: 'leader 把追上的 follower 加回 ISR 的频率。健康值：平时为 0；broker 恢复时会跟在收缩之后出现。',
  FailedProduceRequestsPerSec: '某个分区被拒绝的写请求，例如低于 min.insync.replicas 时的 NOT_ENOUGH_REPLICAS（不含 NOT_LEADER_OR_FOLLOWER）。健康值：0。',
  UncleanLeaderElectionsPerSec: '从 ISR 之外选出的 leader（unclean.leader.election.enable）：已确认的数据可能丢失。健康值：永远为 0。',
  LeaderElectionRateAndTimeMs: 'ZooKeeper 模式控制器执行的 leader 选举（它的 broker 变化事件：速率与耗时）。健康值：接近 0；broker 故障时会跳升。',
};

export const metricsStrings: Tables<MetricsKey> = { en, zh };

/** Each metric's JMX MBean (the name an operator types into a dashboard). */
export const MBEANS: Record<string, string> = {
  UnderReplicatedPartitions: 'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions',
  OfflinePartitionsCount: 'kafka.controller:type=KafkaController,name=OfflinePartitionsCount',
  ActiveControllerCount: 'kafka.controller:type=KafkaController,name=ActiveControllerCount',
  LeaderCount: 'kafka.server:type=ReplicaManager,name=LeaderCount',
  PartitionCount: 'kafka.server:type=ReplicaManager,name=PartitionCount',
  IsrShrinksPerSec: 'kafka.server:type=ReplicaManager,name=IsrShrinksPerSec',
  IsrExpandsPerSec: 'kafka.server:type=ReplicaManager,name=IsrExpandsPerSec',
  FailedProduceRequestsPerSec: 'kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec',
  UncleanLeaderElectionsPerSec: 'kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec',
  LeaderElectionRateAndTimeMs: 'kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs',
};
