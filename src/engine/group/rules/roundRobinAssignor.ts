/**
 * RoundRobinAssignor (clients/.../consumer/RoundRobinAssignor.java), dynamic members only.
 *
 * allPartitionsSorted: every partition of every subscribed topic, topics in name order, partitions
 * in number order. They are dealt to the members sorted by memberId through a CircularIterator;
 * before each deal the iterator skips members not subscribed to that partition's topic.
 */
import {
  checkUniqueMemberIds,
  finishAssignment,
  sortMembers,
  subscribedPartitionsPerTopic,
  tp,
  type Assignment,
  type Assignor,
  type MemberSubscription,
  type TopicPartition,
} from './types';

/** AbstractPartitionAssignor / RoundRobinAssignor.allPartitionsSorted */
export function allPartitionsSorted(partitionsPerTopic: Record<string, number>, members: readonly MemberSubscription[]): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const [topic, n] of subscribedPartitionsPerTopic(partitionsPerTopic, members)) {
    for (let p = 0; p < n; p++) out.push(tp(topic, p));
  }
  return out;
}

export function roundRobinAssign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[]): Assignment {
  checkUniqueMemberIds(members);
  const sorted = sortMembers(members);
  const topicsOf = new Map(sorted.map((m) => [m.memberId, new Set(m.topics)] as const));
  const assignment = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
  let next = 0; // CircularIterator position
  for (const partition of allPartitionsSorted(partitionsPerTopic, members)) {
    const topic = partition.slice(0, partition.lastIndexOf('-'));
    // while (!subscriptions.get(assigner.peek()).topics().contains(topic)) assigner.next();
    // (a topic here always has a subscriber, so this loop ends)
    while (!topicsOf.get(sorted[next].memberId)!.has(topic)) next = (next + 1) % sorted.length;
    assignment.get(sorted[next].memberId)!.push(partition);
    next = (next + 1) % sorted.length;
  }
  return finishAssignment(members, assignment);
}

export const RoundRobinAssignor: Assignor = {
  name: 'roundrobin',
  protocol: 'eager',
  assign: roundRobinAssign,
};
