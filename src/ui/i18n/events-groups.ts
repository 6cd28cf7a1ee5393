// The consumer groups' events as sentences, in English and Chinese: the group coordinator (a broker's side) and
// the consumer client. Same shape as events.ts.
import type { PartialSentenceTable } from './sentence';

const tp = (v: (k: 'topic' | 'partition') => string) => `${v('topic')}-${v('partition')}`;

export const enGroups = {
  OwnershipConflict: (_, v) => `Partition ${v('partition')} is still owned by ${v('owner')} in ZooKeeper: the consumer waits for it to be released.`,
  PollTimeoutExpired: (_, v) => `The consumer did not poll within max.poll.interval.ms (${v('maxPollIntervalMs')} ms): it leaves the group.`,
  OffsetsTopicCreated: (_, v) => `The internal topic ${v('topic')} was created (replication factor ${v('replicationFactor')}).`,
  AssignmentComputed: (_, v) => `The group leader computed the ${v('protocol')} assignment for generation ${v('generation')}.`,
  CommitRequested: (_, v) => `${v('consumer')} commits its offsets (${v('reason')}).`,
  ConsumerClosed: (_, v) => `${v('consumer')} closed.`,
  ConsumerCrashed: (_, v) => `${v('consumer')} crashed: it stops heartbeating.`,
  ConsumerFailed: (_, v) => `A consumer failed: ${v('error')}.`,
  ConsumerStarted: (_, v) => `${v('consumer')} started in group ${v('group')}, subscribed to ${v('topics')} (${v('assignor')}).`,
  CoordinatorFound: (_, v) => `The group coordinator is broker ${v('coordinator')}.`,
  CoordinatorLoaded: (_, v) => `Broker ${v('broker')} loaded __consumer_offsets-${v('partition')} and now coordinates ${v('groups')}.`,
  CoordinatorLost: (_, v) => `The consumer lost its coordinator (broker ${v('coordinator')}).`,
  CoordinatorMoved: (_, v) => `Group ${v('group')}'s coordinator moved from broker ${v('from')} to broker ${v('to')}.`,
  CoordinatorUnloaded: (_, v) => `Broker ${v('broker')} no longer coordinates __consumer_offsets-${v('partition')}.`,
  GroupStateChanged: (_, v) => `Group ${v('group')}: ${v('from')} → ${v('to')} (generation ${v('generation')}).`,
  NoOffsetForPartition: (_, v) => `${v('consumer')} has no committed offset for ${v('partitions')}.`,
  OffsetReset: (_, v) => `${v('consumer')} starts ${tp(v)} at offset ${v('offset')} (auto.offset.reset = ${v('strategy')}).`,
  PartitionsAssigned: (_, v) => `Generation ${v('generation')}: assigned ${v('partitions')}.`,
  PartitionsRevoked: (e, v) => `Partitions ${v('partitions')} revoked${e.lost ? ' (lost)' : ''}.`,
  RejoinRequested: (_, v) => `The consumer must rejoin its group (${v('reason')}).`,
  Seeked: (_, v) => `${v('consumer')} moved its position on ${tp(v)} to ${v('offset')}.`,
  SubscriptionChanged: (_, v) => `${v('consumer')} now subscribes to ${v('topics')}.`,
} satisfies PartialSentenceTable;

export const zhGroups = {
  OwnershipConflict: (_, v) => `分区 ${v('partition')} 在 ZooKeeper 中仍归 ${v('owner')} 所有：消费者等待它被释放。`,
  PollTimeoutExpired: (_, v) => `消费者在 max.poll.interval.ms（${v('maxPollIntervalMs')} 毫秒）内没有 poll：它离开消费者组。`,
  OffsetsTopicCreated: (_, v) => `创建内部主题 ${v('topic')}（副本因子 ${v('replicationFactor')}）。`,
  AssignmentComputed: (_, v) => `组 leader 为第 ${v('generation')} 代计算了 ${v('protocol')} 分配。`,
  CommitRequested: (_, v) => `${v('consumer')} 提交位移（${v('reason')}）。`,
  ConsumerClosed: (_, v) => `${v('consumer')} 已关闭。`,
  ConsumerCrashed: (_, v) => `${v('consumer')} 崩溃：停止发送心跳。`,
  ConsumerFailed: (_, v) => `消费者出错：${v('error')}。`,
  ConsumerStarted: (_, v) => `${v('consumer')} 在消费者组 ${v('group')} 中启动，订阅 ${v('topics')}（${v('assignor')}）。`,
  CoordinatorFound: (_, v) => `组协调者是 Broker ${v('coordinator')}。`,
  CoordinatorLoaded: (_, v) => `Broker ${v('broker')} 加载了 __consumer_offsets-${v('partition')}，现在协调 ${v('groups')}。`,
  CoordinatorLost: (_, v) => `消费者失去了协调者（Broker ${v('coordinator')}）。`,
  CoordinatorMoved: (_, v) => `消费者组 ${v('group')} 的协调者从 Broker ${v('from')} 迁到 Broker ${v('to')}。`,
  CoordinatorUnloaded: (_, v) => `Broker ${v('broker')} 不再协调 __consumer_offsets-${v('partition')}。`,
  GroupStateChanged: (_, v) => `消费者组 ${v('group')}：${v('from')} → ${v('to')}（第 ${v('generation')} 代）。`,
  NoOffsetForPartition: (_, v) => `${v('consumer')} 在 ${v('partitions')} 上没有已提交的位移。`,
  OffsetReset: (_, v) => `${v('consumer')} 从位移 ${v('offset')} 开始读 ${tp(v)}（auto.offset.reset = ${v('strategy')}）。`,
  PartitionsAssigned: (_, v) => `第 ${v('generation')} 代：分配到 ${v('partitions')}。`,
  PartitionsRevoked: (e, v) => `分区 ${v('partitions')} 被收回${e.lost ? '（已丢失）' : ''}。`,
  RejoinRequested: (_, v) => `消费者必须重新加入消费者组（${v('reason')}）。`,
  Seeked: (_, v) => `${v('consumer')} 把 ${tp(v)} 的位置移到 ${v('offset')}。`,
  SubscriptionChanged: (_, v) => `${v('consumer')} 现在订阅 ${v('topics')}。`,
} satisfies PartialSentenceTable;
