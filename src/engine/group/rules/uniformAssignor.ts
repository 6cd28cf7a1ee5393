/**
 * The server-side `uniform` assignor of the consumer protocol (KIP-848; the default of
 * `group.consumer.assignors`), as Kafka's UniformAssignor and UniformHomogeneousAssignmentBuilder
 * (group-coordinator org.apache.kafka.coordinator.group.assignor, trunk 4.0.0-SNAPSHOT, after KAFKA-17710).
 * Balance first, then stickiness: every member keeps what it has up to its quota (total partitions / members, the
 * first `total % members` members one more); what is over quota, unsubscribed or unowned is handed out, in order,
 * to the members still under quota. When members subscribe to different topics the heterogeneous builder runs
 * instead (uniformHeterogeneous.ts).
 *
 * Orders that decide Kafka's exact answer are reproduced: topic ids iterate in java.util.HashSet order
 * (Uuid.hashCode), members in the given `memberIds()` order, a member's assignment in the given entry order.
 * Limit: partitions of one topic iterate in ascending order (HashSet<Integer> does so while the partition numbers
 * stay below the set's capacity, i.e. for the small topics shown here).
 */
import {
  finishServerAssignment,
  PartitionAssignorError,
  topicIdsInJavaHashOrder,
  type NumPartitions,
  type ServerGroupAssignment,
  type ServerGroupSpec,
} from './serverAssignment';
import { uniformHeterogeneousAssign } from './uniformHeterogeneous';

export const UNIFORM_ASSIGNOR_NAME = 'uniform';

export function uniformAssign(spec: ServerGroupSpec, numPartitions: NumPartitions): ServerGroupAssignment {
  if (spec.members.length === 0) return {};
  return spec.subscriptionType === 'HOMOGENEOUS' ? uniformHomogeneousAssign(spec, numPartitions) : uniformHeterogeneousAssign(spec, numPartitions);
}

/** UniformHomogeneousAssignmentBuilder.build: all members subscribe to the same topics. */
export function uniformHomogeneousAssign(spec: ServerGroupSpec, numPartitions: NumPartitions): ServerGroupAssignment {
  const subscribed = topicIdsInJavaHashOrder([...new Set(spec.members[0].subscribedTopicIds)]);
  if (subscribed.length === 0) return {};
  const subscribedSet = new Set(subscribed);
  // GroupSpec.isPartitionAssigned: owned in the current target assignment by some member
  const assigned = new Set<string>();
  for (const m of spec.members) for (const [t, ps] of m.assignment) for (const p of ps) assigned.add(`${t}:${p}`);

  const unassigned: [string, number][] = [];
  let total = 0;
  for (const topicId of subscribed) {
    const count = numPartitions(topicId);
    if (count === -1) throw new PartitionAssignorError(`Members are subscribed to topic ${topicId} which doesn't exist in the topic metadata.`);
    for (let i = 0; i < count; i++) if (!assigned.has(`${topicId}:${i}`)) unassigned.push([topicId, i]);
    total += count;
  }
  const minimumMemberQuota = Math.floor(total / spec.members.length);
  let remainingMembersToGetAnExtraPartition = total % spec.members.length;

  // maybeRevokePartitions: keep up to the quota, in the member's own order; revoked partitions go to the end
  const target = new Map<string, Map<string, number[]>>();
  const unfilled: { memberId: string; remainingQuota: number }[] = [];
  for (const m of spec.members) {
    let quota = minimumMemberQuota;
    if (remainingMembersToGetAnExtraPartition > 0) {
      quota++;
      remainingMembersToGetAnExtraPartition--;
    }
    const next = new Map<string, number[]>();
    for (const [topicId, partitions] of m.assignment) {
      if (!subscribedSet.has(topicId)) continue; // the whole topic is dropped
      if (partitions.length <= quota) {
        quota -= partitions.length;
        next.set(topicId, [...partitions]);
        continue;
      }
      const kept: number[] = [];
      for (const p of partitions) {
        if (quota > 0) {
          quota--;
          kept.push(p);
        } else unassigned.push([topicId, p]);
      }
      if (kept.length) next.set(topicId, kept);
    }
    if (quota > 0) unfilled.push({ memberId: m.memberId, remainingQuota: quota });
    target.set(m.memberId, next);
  }

  // assignRemainingPartitions: hand out in order to the members under quota, in member order
  let i = 0;
  for (const u of unfilled) {
    const a = target.get(u.memberId)!;
    for (let k = 0; k < u.remainingQuota && i < unassigned.length; k++) {
      const [topicId, p] = unassigned[i++];
      a.set(topicId, [...(a.get(topicId) ?? []), p]);
    }
  }
  if (i < unassigned.length) throw new PartitionAssignorError('Partitions were left unassigned');
  return finishServerAssignment(target);
}
