/**
 * The server-side `range` assignor of the consumer protocol (KIP-848), as Kafka's
 * org.apache.kafka.coordinator.group.assignor.RangeAssignor (rewritten in KAFKA-16944, trunk 4.0.0-SNAPSHOT).
 * Like the client's range assignor, but on the coordinator and without stickiness: members are sorted — static
 * members (group.instance.id) first, by instance id, then the others by member id — and each topic's partitions
 * are cut into contiguous ranges in that order, the first `partitions % subscribers` members getting one more.
 * With equal subscriptions and equal partition counts the result is co-partitioned (member i gets the same
 * partition numbers of every topic).
 */
import { compareStrings } from './types';
import {
  finishServerAssignment,
  PartitionAssignorError,
  type NumPartitions,
  type ServerGroupAssignment,
  type ServerGroupSpec,
  type ServerMember,
} from './serverAssignment';

export const SERVER_RANGE_ASSIGNOR_NAME = 'range';

/** RangeAssignor.sortMemberIds */
export function sortRangeMembers(members: readonly ServerMember[]): ServerMember[] {
  return [...members].sort((a, b) => {
    const ia = a.instanceId ?? null,
      ib = b.instanceId ?? null;
    if (ia !== null && ib !== null) return compareStrings(ia, ib);
    if (ia !== null) return -1;
    if (ib !== null) return 1;
    return compareStrings(a.memberId, b.memberId);
  });
}

interface TopicRange {
  numPartitions: number;
  numMembers: number;
  minQuota: number;
  extraPartitions: number;
  nextRange: number;
}

export function serverRangeAssign(spec: ServerGroupSpec, numPartitions: NumPartitions): ServerGroupAssignment {
  if (spec.members.length === 0) return {};
  const members = sortRangeMembers(spec.members);
  const topics = new Map<string, TopicRange>();
  const subscriptionsOf = (m: ServerMember) => (spec.subscriptionType === 'HOMOGENEOUS' ? members[0].subscribedTopicIds : m.subscribedTopicIds);
  for (const m of members) {
    for (const topicId of new Set(subscriptionsOf(m))) {
      let t = topics.get(topicId);
      if (!t) {
        const n = numPartitions(topicId);
        if (n === -1) throw new PartitionAssignorError('Member is subscribed to a non-existent topic');
        t = { numPartitions: n, numMembers: 0, minQuota: -1, extraPartitions: -1, nextRange: 0 };
        topics.set(topicId, t);
      }
      t.numMembers++;
    }
  }
  const out = new Map<string, Map<string, number[]>>();
  for (const m of members) {
    const assignment = new Map<string, number[]>();
    for (const topicId of new Set(subscriptionsOf(m))) {
      const t = topics.get(topicId)!;
      if (t.minQuota === -1) {
        t.minQuota = Math.floor(t.numPartitions / t.numMembers);
        t.extraPartitions = t.numPartitions % t.numMembers;
      }
      let quota = t.minQuota;
      if (t.extraPartitions > 0) {
        quota++;
        t.extraPartitions--;
      }
      const start = t.nextRange;
      const end = Math.min(start + quota, t.numPartitions);
      t.nextRange = end;
      if (start < end)
        assignment.set(
          topicId,
          Array.from({ length: end - start }, (_, i) => start + i),
        ); // RangeSet(start, end)
    }
    out.set(m.memberId, assignment);
  }
  return finishServerAssignment(out);
}
