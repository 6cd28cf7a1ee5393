/**
 * CooperativeStickyAssignor (clients/.../consumer/CooperativeStickyAssignor.java), KIP-429.
 *
 * Same target as the sticky assignor, but members keep their partitions while rebalancing, so a
 * partition may not be given to a new owner while the old owner may still be reading it: a
 * partition that moves from one member to another is left OUT of this rebalance's assignment
 * (adjustAssignment). Its old owner sees it missing from its assignment and revokes it; having
 * revoked something, it rejoins, and the follow-up rebalance finds the partition unowned and
 * hands it to the new owner.
 */
import { abstractStickyAssign, type StickyOptions, type StickyResult } from './abstractStickyAssignor';
import { compareTopicPartitions, sortTopicPartitions, type Assignment, type Assignor, type MemberSubscription, type TopicPartition } from './types';

export interface CooperativeRevocations {
  /** partition -> member it is moving to (Kafka's partitionsTransferringOwnership) */
  transferring: Record<TopicPartition, string>;
  /** per member of `previous`: what it owned and is not in `assignment`, so it revokes it now */
  revoked: Assignment;
  /** `target` without the transferring partitions: what the members are given in this rebalance */
  assignment: Assignment;
}

/**
 * CooperativeStickyAssignor.computePartitionsTransferringOwnership + adjustAssignment:
 * a partition is transferring when some member gains it (in `target`, not previously owned by
 * it) and some member loses it (previously owned, not in its `target`). It is taken out of the
 * gaining member's assignment for this rebalance.
 */
export function cooperativeRevocations(previous: Assignment, target: Assignment): CooperativeRevocations {
  const allAddedPartitions = new Map<TopicPartition, string>();
  const allRevokedPartitions = new Set<TopicPartition>();
  for (const [consumer, assigned] of Object.entries(target)) {
    const owned = new Set(previous[consumer] ?? []);
    for (const p of assigned) if (!owned.has(p)) allAddedPartitions.set(p, consumer);
  }
  for (const [consumer, owned] of Object.entries(previous)) {
    const assigned = new Set(target[consumer] ?? []);
    for (const p of owned) if (!assigned.has(p)) allRevokedPartitions.add(p);
  }
  const transferring = new Map([...allAddedPartitions].filter(([p]) => allRevokedPartitions.has(p)));
  return finish(previous, target, transferring);
}

function finish(previous: Assignment, target: Assignment, transferring: ReadonlyMap<TopicPartition, string>): CooperativeRevocations {
  const assignment: Assignment = {};
  for (const [consumer, assigned] of Object.entries(target)) {
    assignment[consumer] = assigned.filter((p) => transferring.get(p) !== consumer);
  }
  const revoked: Assignment = {};
  for (const [consumer, owned] of Object.entries(previous)) {
    const kept = new Set(assignment[consumer] ?? []);
    revoked[consumer] = sortTopicPartitions(owned.filter((p) => !kept.has(p)));
  }
  return {
    transferring: Object.fromEntries([...transferring].sort((a, b) => compareTopicPartitions(a[0], b[0]))),
    revoked,
    assignment,
  };
}

export interface CooperativeStickyResult extends StickyResult {
  /** the sticky target before adjustAssignment */
  target: Assignment;
  /** partition -> new owner, left out of this rebalance */
  transferring: Record<TopicPartition, string>;
  /** what each member must revoke now (owned, not in its new assignment) */
  revoked: Assignment;
}

/**
 * CooperativeStickyAssignor.assign with its details. The constrained builder records which
 * partitions it moved (partitionsTransferringOwnership); the general builder does not, so then
 * they are computed from the members' ownedPartitions (cooperativeRevocations).
 */
export function cooperativeStickyAssignDetailed(
  partitionsPerTopic: Record<string, number>,
  members: MemberSubscription[],
  options?: StickyOptions,
): CooperativeStickyResult {
  const result = abstractStickyAssign(partitionsPerTopic, members, options);
  const previous: Assignment = {};
  for (const m of members) previous[m.memberId] = sortTopicPartitions([...new Set(m.ownedPartitions)]);
  const adjusted =
    result.partitionsTransferringOwnership === null
      ? cooperativeRevocations(previous, result.assignment)
      : finish(previous, result.assignment, new Map(Object.entries(result.partitionsTransferringOwnership)));
  return {
    ...result,
    target: result.assignment,
    assignment: adjusted.assignment,
    transferring: adjusted.transferring,
    revoked: adjusted.revoked,
  };
}

export function cooperativeStickyAssign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[], options?: StickyOptions): Assignment {
  return cooperativeStickyAssignDetailed(partitionsPerTopic, members, options).assignment;
}

export const CooperativeStickyAssignor: Assignor = {
  name: 'cooperative-sticky',
  protocol: 'cooperative',
  assign: (partitionsPerTopic, members) => cooperativeStickyAssign(partitionsPerTopic, members),
};
