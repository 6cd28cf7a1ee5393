/**
 * RangeAssignor (clients/.../consumer/RangeAssignor.java), without racks (KIP-881 rack matching
 * needs rack ids the simulator does not have) and with dynamic members only (no
 * group.instance.id, so members compare by memberId).
 *
 * Per topic, on its own: the members subscribed to it, sorted; the partitions in order; each
 * member gets floor(P/C), and the first P mod C members one more. Topics are independent, so the
 * same members come first on every topic: with two topics of 3 partitions and 2 members, member 1
 * gets 2+2 and member 2 gets 1+1.
 */
import {
  checkUniqueMemberIds,
  compareStrings,
  finishAssignment,
  sortMembers,
  subscribedPartitionsPerTopic,
  tp,
  type Assignment,
  type Assignor,
  type MemberSubscription,
  type TopicPartition,
} from './types';

/** The [start, start+length) slice of a topic's partitions that the i-th of C members gets. */
export function rangeSlice(numPartitionsForTopic: number, consumersForTopic: number, i: number): { start: number; length: number } {
  const numPartitionsPerConsumer = Math.floor(numPartitionsForTopic / consumersForTopic);
  const consumersWithExtraPartition = numPartitionsForTopic % consumersForTopic;
  const start = numPartitionsPerConsumer * i + Math.min(i, consumersWithExtraPartition);
  const length = numPartitionsPerConsumer + (i + 1 > consumersWithExtraPartition ? 0 : 1);
  return { start, length };
}

export function rangeAssign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[]): Assignment {
  checkUniqueMemberIds(members);
  const perTopic = subscribedPartitionsPerTopic(partitionsPerTopic, members);
  const assignment = new Map<string, TopicPartition[]>();
  // consumersPerTopic
  const consumersPerTopic = new Map<string, string[]>();
  for (const m of sortMembers(members)) {
    assignment.set(m.memberId, []);
    for (const topic of new Set(m.topics)) {
      const list = consumersPerTopic.get(topic) ?? [];
      list.push(m.memberId);
      consumersPerTopic.set(topic, list);
    }
  }
  for (const [topic, consumers] of consumersPerTopic) {
    const numPartitionsForTopic = perTopic.get(topic);
    if (numPartitionsForTopic === undefined) continue; // no metadata for this topic
    const consumersForTopic = [...consumers].sort(compareStrings);
    consumersForTopic.forEach((memberId, i) => {
      const { start, length } = rangeSlice(numPartitionsForTopic, consumersForTopic.length, i);
      const target = assignment.get(memberId)!;
      for (let p = start; p < start + length; p++) target.push(tp(topic, p));
    });
  }
  return finishAssignment(members, assignment);
}

export const RangeAssignor: Assignor = {
  name: 'range',
  protocol: 'eager',
  assign: rangeAssign,
};
