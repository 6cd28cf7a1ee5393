/**
 * Shared shapes of the consumer-group assignors, after Kafka's
 * `ConsumerPartitionAssignor` (clients/.../consumer/ConsumerPartitionAssignor.java).
 *
 * Kafka's `assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions)`
 * becomes `assign(partitionsPerTopic, members)`; a `Subscription` (topics, ownedPartitions,
 * generationId) becomes a `MemberSubscription`; a `TopicPartition` becomes the string "topic-partition".
 */

/** "topic-partition", e.g. "orders-3". The partition number is after the LAST '-'. */
export type TopicPartition = string;

export interface MemberSubscription {
  memberId: string;
  /** Subscription.topics() */
  topics: string[];
  /**
   * Subscription.ownedPartitions() (cooperative-sticky), or, for the eager `sticky` assignor,
   * the previous assignment the member sends in its StickyAssignor user data (an eager
   * member has revoked everything before it rejoins, but it still reports what it had).
   * range and roundrobin ignore it.
   */
  ownedPartitions: TopicPartition[];
  /** Subscription.generationId(); -1 (AbstractStickyAssignor.DEFAULT_GENERATION) = none. */
  generation: number;
}

/** memberId -> partitions, each list sorted by topic then partition number. */
export type Assignment = Record<string, TopicPartition[]>;

export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

/** ConsumerPartitionAssignor.RebalanceProtocol */
export type RebalanceProtocol = 'eager' | 'cooperative';

export interface Assignor {
  name: AssignorName;
  protocol: RebalanceProtocol;
  assign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[]): Assignment;
}

/** new TopicPartition(topic, partition) */
export function tp(topic: string, partition: number): TopicPartition {
  return `${topic}-${partition}`;
}

/** TopicPartition.topic() */
export function topicOf(p: TopicPartition): string {
  const i = p.lastIndexOf('-');
  if (i <= 0) throw new Error(`not a topic-partition: ${p}`);
  return p.slice(0, i);
}

/** TopicPartition.partition() */
export function partitionOf(p: TopicPartition): number {
  const i = p.lastIndexOf('-');
  const n = Number(p.slice(i + 1));
  if (i <= 0 || !Number.isInteger(n) || n < 0) throw new Error(`not a topic-partition: ${p}`);
  return n;
}

/** Java String.compareTo: lexicographic over UTF-16 code units (what JS `<` does on strings). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Utils.TopicPartitionComparator: topic, then partition number. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  const t = compareStrings(topicOf(a), topicOf(b));
  return t !== 0 ? t : partitionOf(a) - partitionOf(b);
}

export function sortTopicPartitions(list: readonly TopicPartition[]): TopicPartition[] {
  return [...list].sort(compareTopicPartitions);
}

/** Members sorted by memberId (the project names members by consumer name). */
export function sortMembers(members: readonly MemberSubscription[]): MemberSubscription[] {
  return [...members].sort((a, b) => compareStrings(a.memberId, b.memberId));
}

/**
 * What AbstractPartitionAssignor.assign(Cluster, GroupSubscription) hands to assign(): only the
 * topics some member subscribes to, and only those the metadata knows with at least one
 * partition ("Skipping assignment for topic ... since no metadata is available").
 */
export function subscribedPartitionsPerTopic(partitionsPerTopic: Record<string, number>, members: readonly MemberSubscription[]): Map<string, number> {
  const out = new Map<string, number>();
  const topics = new Set<string>();
  for (const m of members) for (const t of m.topics) topics.add(t);
  for (const t of [...topics].sort(compareStrings)) {
    const n = Object.prototype.hasOwnProperty.call(partitionsPerTopic, t) ? partitionsPerTopic[t] : undefined;
    if (n !== undefined && n > 0) out.set(t, n);
  }
  return out;
}

/** Every member present, every list sorted by topic then partition; keys in memberId order. */
export function finishAssignment(
  members: readonly MemberSubscription[],
  raw: ReadonlyMap<string, readonly TopicPartition[]> | Record<string, readonly TopicPartition[]>,
): Assignment {
  const get = (id: string): readonly TopicPartition[] | undefined =>
    raw instanceof Map ? raw.get(id) : (raw as Record<string, readonly TopicPartition[]>)[id];
  const out: Assignment = {};
  for (const m of sortMembers(members)) out[m.memberId] = sortTopicPartitions(get(m.memberId) ?? []);
  return out;
}

export function checkUniqueMemberIds(members: readonly MemberSubscription[]): void {
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.memberId)) throw new Error(`duplicate memberId ${m.memberId}`);
    seen.add(m.memberId);
  }
}
