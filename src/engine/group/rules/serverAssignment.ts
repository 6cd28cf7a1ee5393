/**
 * Shapes shared by the server-side assignors of the consumer protocol (KIP-848,
 * org.apache.kafka.coordinator.group.api.assignor: GroupSpec, MemberSubscription, SubscribedTopicDescriber,
 * GroupAssignment). Topics are identified by their Kafka topic id (a base64 Uuid string), as the group
 * coordinator does; a member's assignment is a list of (topic id, partitions) entries in the order Kafka's map of
 * it would iterate (a HashMap in production: `inJavaHashMapOrder`).
 */
import { compareStrings } from './types';
import { javaHashMapOrder, javaStringHashMapOrder } from './javaOrder';
import { uuidHashCode } from './kafkaUuid';

export type SubscriptionType = 'HOMOGENEOUS' | 'HETEROGENEOUS';

/** topic id -> partitions, as entries in iteration order */
export type TopicAssignment = ReadonlyArray<readonly [string, readonly number[]]>;

export interface ServerMember {
  memberId: string;
  /** group.instance.id of a static member */
  instanceId?: string | null;
  /** subscribed topic ids (MemberSubscription.subscribedTopicIds) */
  subscribedTopicIds: readonly string[];
  /** the member's current target assignment */
  assignment: TopicAssignment;
}

/** GroupSpec: members in `memberIds()` order (Kafka: the keys of a HashMap of member ids). */
export interface ServerGroupSpec {
  members: readonly ServerMember[];
  subscriptionType: SubscriptionType;
}

/** SubscribedTopicDescriber.numPartitions: -1 for a topic the metadata does not know. */
export type NumPartitions = (topicId: string) => number;

/** GroupAssignment: member id -> topic id -> sorted partitions (members without partitions map to {}). */
export type ServerGroupAssignment = Record<string, Record<string, number[]>>;

export class PartitionAssignorError extends Error {
  readonly code = 'PARTITION_ASSIGNOR';
}

/** ModernGroup.subscriptionType: homogeneous when every subscribed topic has every member as subscriber. */
export function subscriptionTypeOf(members: readonly Pick<ServerMember, 'subscribedTopicIds'>[]): SubscriptionType {
  const counts = new Map<string, number>();
  for (const m of members) for (const t of new Set(m.subscribedTopicIds)) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const c of counts.values()) if (c !== members.length) return 'HETEROGENEOUS';
  return 'HOMOGENEOUS';
}

/** The iteration order of a java.util.HashMap / HashSet keyed by topic ids inserted in this order. */
export function topicIdsInJavaHashOrder(topicIds: readonly string[]): string[] {
  return javaHashMapOrder(topicIds, uuidHashCode);
}

export function inJavaHashMapOrder(assignment: TopicAssignment): TopicAssignment {
  const order = topicIdsInJavaHashOrder(assignment.map(([t]) => t));
  const byTopic = new Map(assignment);
  return order.map((t) => [t, byTopic.get(t)!] as const);
}

/** The iteration order of a HashMap keyed by member ids inserted in this order (TargetAssignmentBuilder's memberSpecs). */
export function memberIdsInJavaHashOrder(memberIds: readonly string[]): string[] {
  return javaStringHashMapOrder(memberIds);
}

/** Builds the result: partitions sorted, topics and members in sorted order for a stable dump. */
export function finishServerAssignment(raw: ReadonlyMap<string, ReadonlyMap<string, Iterable<number>>>): ServerGroupAssignment {
  const out: ServerGroupAssignment = {};
  for (const memberId of [...raw.keys()].sort(compareStrings)) {
    const topics: Record<string, number[]> = Object.create(null) as Record<string, number[]>; // topic names as keys ("__proto__" included)
    const m = raw.get(memberId)!;
    for (const t of [...m.keys()].sort(compareStrings)) {
      const ps = [...m.get(t)!].sort((a, b) => a - b);
      if (ps.length) topics[t] = ps;
    }
    out[memberId] = topics;
  }
  return out;
}
