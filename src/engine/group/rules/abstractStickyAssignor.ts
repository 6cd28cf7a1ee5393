/**
 * AbstractStickyAssignor (clients/.../consumer/internals/AbstractStickyAssignor.java), the engine
 * shared by StickyAssignor (eager) and CooperativeStickyAssignor, as of Kafka 3.8/3.9:
 * ConstrainedAssignmentBuilder when every member subscribes to the same topics,
 * GeneralAssignmentBuilder otherwise. Method and field names follow Kafka's so the two can be
 * read side by side.
 *
 * Left out: rack-aware assignment (KIP-881: the simulator's consumers have no client.rack, so
 * Kafka's RackInfo is empty and every rack branch is skipped), logging, and the isSticky() cycle
 * check (a diagnostic that does not change the result).
 *
 * Where Kafka walks a java.util.HashMap (the order members are visited when their owned
 * partitions are re-assigned, which decides who keeps maxQuota partitions) or takes
 * `HashSet.iterator().next()` (PartitionMovements), this port reproduces Java's hash order
 * (see javaOrder.ts) so the results are Kafka's own, not merely "a" sticky assignment.
 */
import { JavaTopicPartitionHashSet, javaStringHashMapOrder } from './javaOrder';
import {
  checkUniqueMemberIds,
  compareStrings,
  compareTopicPartitions,
  finishAssignment,
  partitionOf,
  sortMembers,
  subscribedPartitionsPerTopic,
  topicOf,
  tp,
  type Assignment,
  type MemberSubscription,
  type TopicPartition,
} from './types';

/** AbstractStickyAssignor.DEFAULT_GENERATION */
export const DEFAULT_GENERATION = -1;

export interface StickyOptions {
  /**
   * KAFKA-16277 (Kafka 3.8+): the constrained builder walks each member's owned partitions by
   * partition number, then topic, so a member that must give some back keeps a spread over
   * topics. Before 3.8 it walked them in the order the member listed them. Default true.
   */
  sortOwnedPartitionsByPartition?: boolean;
}

export interface StickyResult {
  assignment: Assignment;
  /** Which builder ran: all subscriptions equal -> 'constrained', else 'general'. */
  algorithm: 'constrained' | 'general';
  /**
   * partitionsTransferringOwnership: partitions the constrained builder moved from a previous
   * owner to another member, with the new owner. Kafka sets it to null in the general case
   * (the cooperative assignor then computes it from ownedPartitions).
   */
  partitionsTransferringOwnership: Record<TopicPartition, string> | null;
  /** Highest generation any member reported (DEFAULT_GENERATION if none). */
  maxGeneration: number;
}

interface ConsumerGenerationPair {
  consumer: string;
  generation: number;
}

function removeFirst<T>(list: T[], x: T): boolean {
  const i = list.indexOf(x);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/** KAFKA-16277 order of owned partitions: partition number, then topic. */
function byPartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return partitionOf(a) - partitionOf(b) || compareStrings(topicOf(a), topicOf(b));
}

// ---------------------------------------------------------------------------------------------
// allSubscriptionsEqual
// ---------------------------------------------------------------------------------------------

interface SubscriptionAnalysis {
  isAllSubscriptionsEqual: boolean;
  /** consumerToOwnedPartitions, in Java HashMap iteration order */
  consumerToOwnedPartitions: Map<string, TopicPartition[]>;
  partitionsWithMultiplePreviousOwners: Set<TopicPartition>;
  maxGeneration: number;
}

/**
 * allSubscriptionsEqual: true iff all members subscribe to the same topics; also collects each
 * member's still-valid owned partitions. A partition claimed by two members of the same
 * generation is taken from both (partitionsWithMultiplePreviousOwners); claimed in different
 * generations, the higher generation keeps it.
 */
function allSubscriptionsEqual(allTopics: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, MemberSubscription>): SubscriptionAnalysis {
  let isAllSubscriptionsEqual = true;
  const subscribedTopics = new Set<string>();
  const allPreviousPartitionsToOwner = new Map<TopicPartition, string>();
  const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
  const partitionsWithMultiplePreviousOwners = new Set<TopicPartition>();
  let maxGeneration = DEFAULT_GENERATION;

  for (const [consumer, subscription] of subscriptions) {
    const topics = new Set(subscription.topics);
    if (subscribedTopics.size === 0) {
      for (const t of topics) subscribedTopics.add(t);
    } else if (isAllSubscriptionsEqual && !(topics.size === subscribedTopics.size && [...topics].every((t) => subscribedTopics.has(t)))) {
      isAllSubscriptionsEqual = false;
    }

    const memberGeneration = subscription.generation;
    maxGeneration = Math.max(maxGeneration, memberGeneration);

    const ownedPartitions: TopicPartition[] = [];
    consumerToOwnedPartitions.set(consumer, ownedPartitions);

    for (const p of new Set(subscription.ownedPartitions)) {
      const n = allTopics.get(topicOf(p));
      // filter out topics that no longer exist (and partitions the topic does not have)
      if (n === undefined || partitionOf(p) >= n) continue;
      const otherConsumer = allPreviousPartitionsToOwner.get(p);
      if (otherConsumer === undefined) {
        ownedPartitions.push(p);
        allPreviousPartitionsToOwner.set(p, consumer);
      } else {
        const otherMemberGeneration = subscriptions.get(otherConsumer)!.generation;
        if (memberGeneration === otherMemberGeneration) {
          // two members of the same generation claim it: invalidate it for both
          partitionsWithMultiplePreviousOwners.add(p);
          removeFirst(consumerToOwnedPartitions.get(otherConsumer)!, p);
          allPreviousPartitionsToOwner.set(p, consumer);
        } else if (memberGeneration > otherMemberGeneration) {
          // the member with the newer generation keeps it
          ownedPartitions.push(p);
          removeFirst(consumerToOwnedPartitions.get(otherConsumer)!, p);
          allPreviousPartitionsToOwner.set(p, consumer);
        }
        // else: the other member (newer generation) keeps it
      }
    }
  }
  return { isAllSubscriptionsEqual, consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners, maxGeneration };
}

// ---------------------------------------------------------------------------------------------
// ConstrainedAssignmentBuilder
// ---------------------------------------------------------------------------------------------

/**
 * All members subscribe to the same topics. minQuota = floor(P/C), maxQuota = ceil(P/C), and
 * exactly P mod C members (expectedNumMembersWithOverMinQuotaPartitions) end with maxQuota.
 * 1. assignOwnedPartitions: each member keeps its owned partitions up to its quota
 *    (maxQuota while fewer than P mod C members got maxQuota, else minQuota); the rest are revoked.
 * 2. assignRoundRobin: the unassigned partitions, in topic/partition order, go round-robin to the
 *    members under minQuota (sorted by id), then one each to members at exactly minQuota.
 */
function constrainedAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  consumerToOwnedPartitions: ReadonlyMap<string, TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: ReadonlySet<TopicPartition>,
  sortOwnedPartitionsByPartition: boolean,
): { assignment: Map<string, TopicPartition[]>; partitionsTransferringOwnership: Map<TopicPartition, string> } {
  const partitionsTransferringOwnership = new Map<TopicPartition, string>();
  const allRevokedPartitions = new Set<TopicPartition>();
  // the consumers which may still be assigned one or more partitions to reach expected capacity
  const unfilledMembersWithUnderMinQuotaPartitions: string[] = [];
  let unfilledMembersWithExactlyMinQuotaPartitions: string[] = [];

  let totalPartitionsCount = 0;
  for (const n of partitionsPerTopic.values()) totalPartitionsCount += n;
  const numberOfConsumers = consumerToOwnedPartitions.size;
  const minQuota = Math.floor(totalPartitionsCount / numberOfConsumers);
  const maxQuota = Math.ceil(totalPartitionsCount / numberOfConsumers);
  const expectedNumMembersWithOverMinQuotaPartitions = totalPartitionsCount % numberOfConsumers;
  let currentNumMembersWithOverMinQuotaPartitions = 0;

  const assignment = new Map<string, TopicPartition[]>();
  for (const c of consumerToOwnedPartitions.keys()) assignment.set(c, []);
  const assignedPartitions = new Set<TopicPartition>();

  // --- assignOwnedPartitions
  for (const [consumer, owned] of consumerToOwnedPartitions) {
    const ownedPartitions = sortOwnedPartitionsByPartition ? [...owned].sort(byPartitionThenTopic) : [...owned];
    const consumerAssignment = assignment.get(consumer)!;
    for (const doublyClaimedPartition of partitionsWithMultiplePreviousOwners) removeFirst(ownedPartitions, doublyClaimedPartition);

    if (ownedPartitions.length < minQuota) {
      // keep all owned partitions; this member is still unfilled
      for (const p of ownedPartitions) {
        consumerAssignment.push(p);
        assignedPartitions.add(p);
      }
      unfilledMembersWithUnderMinQuotaPartitions.push(consumer);
    } else if (ownedPartitions.length >= maxQuota && currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
      // keep maxQuota, revoke the rest
      currentNumMembersWithOverMinQuotaPartitions++;
      if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions = [];
      }
      for (const p of ownedPartitions.slice(0, maxQuota)) {
        consumerAssignment.push(p);
        assignedPartitions.add(p);
      }
      for (const p of ownedPartitions.slice(maxQuota)) allRevokedPartitions.add(p);
    } else {
      // keep minQuota, revoke the rest; may still take one more
      for (const p of ownedPartitions.slice(0, minQuota)) {
        consumerAssignment.push(p);
        assignedPartitions.add(p);
      }
      for (const p of ownedPartitions.slice(minQuota)) allRevokedPartitions.add(p);
      if (currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
      }
    }
  }

  // --- getUnassignedPartitions: all partitions sorted by topic then partition, minus the kept ones
  const unassignedPartitions: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareStrings)) {
    const n = partitionsPerTopic.get(topic)!;
    for (let i = 0; i < n; i++) {
      const p = tp(topic, i);
      if (!assignedPartitions.has(p)) unassignedPartitions.push(p);
    }
  }

  unfilledMembersWithUnderMinQuotaPartitions.sort(compareStrings);
  unfilledMembersWithExactlyMinQuotaPartitions.sort(compareStrings);

  const assignNewPartition = (p: TopicPartition, consumer: string): number => {
    const consumerAssignment = assignment.get(consumer)!;
    consumerAssignment.push(p);
    // already handed back every owned partition it could keep, so this one is new to `consumer`
    if (allRevokedPartitions.has(p) || partitionsWithMultiplePreviousOwners.has(p)) partitionsTransferringOwnership.set(p, consumer);
    return consumerAssignment.length;
  };

  // --- assignRoundRobin (a java.util.LinkedList iterator over the under-minQuota members:
  // `pos` is the iterator's cursor; remove() takes out the element last returned)
  let pos = 0;
  for (const unassignedPartition of unassignedPartitions) {
    let consumer: string;
    if (pos < unfilledMembersWithUnderMinQuotaPartitions.length) {
      consumer = unfilledMembersWithUnderMinQuotaPartitions[pos++];
    } else if (unfilledMembersWithUnderMinQuotaPartitions.length === 0 && unfilledMembersWithExactlyMinQuotaPartitions.length === 0) {
      throw new Error('No more unfilled consumers to be assigned.');
    } else if (unfilledMembersWithUnderMinQuotaPartitions.length === 0) {
      consumer = unfilledMembersWithExactlyMinQuotaPartitions.shift()!;
    } else {
      pos = 0;
      consumer = unfilledMembersWithUnderMinQuotaPartitions[pos++];
    }

    const currentAssignedCount = assignNewPartition(unassignedPartition, consumer);
    if (currentAssignedCount === minQuota) {
      unfilledMembersWithUnderMinQuotaPartitions.splice(--pos, 1);
      unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
    } else if (currentAssignedCount === maxQuota) {
      currentNumMembersWithOverMinQuotaPartitions++;
    }
  }

  // --- verifyUnfilledMembers
  if (unfilledMembersWithUnderMinQuotaPartitions.length > 0) {
    if (currentNumMembersWithOverMinQuotaPartitions !== expectedNumMembersWithOverMinQuotaPartitions) {
      throw new Error("We haven't reached the expected number of members with more than the minQuota partitions, but no more partitions to be assigned");
    }
    for (const m of unfilledMembersWithUnderMinQuotaPartitions) {
      if (assignment.get(m)!.length !== minQuota) {
        throw new Error(`Consumer: [${m}] doesn't reach minQuota partitions, and no more partitions to be assigned`);
      }
    }
  }
  return { assignment, partitionsTransferringOwnership };
}

// ---------------------------------------------------------------------------------------------
// GeneralAssignmentBuilder
// ---------------------------------------------------------------------------------------------

/** AbstractStickyAssignor.PartitionMovements: which partitions moved between which members. */
class PartitionMovements {
  private readonly partitionMovementsByTopic = new Map<string, Map<string, JavaTopicPartitionHashSet>>();
  private readonly partitionMovements = new Map<TopicPartition, { src: string; dst: string }>();

  private static key(src: string, dst: string): string {
    return `${src}\u0000${dst}`;
  }

  private removeMovementRecordOfPartition(partition: TopicPartition): { src: string; dst: string } {
    const pair = this.partitionMovements.get(partition)!;
    this.partitionMovements.delete(partition);
    const topic = topicOf(partition);
    const forTopic = this.partitionMovementsByTopic.get(topic)!;
    const k = PartitionMovements.key(pair.src, pair.dst);
    const set = forTopic.get(k)!;
    set.delete(partition);
    if (set.size === 0) forTopic.delete(k);
    if (forTopic.size === 0) this.partitionMovementsByTopic.delete(topic);
    return pair;
  }

  private addPartitionMovementRecord(partition: TopicPartition, pair: { src: string; dst: string }): void {
    this.partitionMovements.set(partition, pair);
    const topic = topicOf(partition);
    let forTopic = this.partitionMovementsByTopic.get(topic);
    if (!forTopic) this.partitionMovementsByTopic.set(topic, (forTopic = new Map()));
    const k = PartitionMovements.key(pair.src, pair.dst);
    let set = forTopic.get(k);
    if (!set) forTopic.set(k, (set = new JavaTopicPartitionHashSet()));
    set.add(partition);
  }

  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.partitionMovements.has(partition)) {
      // this partition has moved before
      const existingPair = this.removeMovementRecordOfPartition(partition);
      if (existingPair.src !== newConsumer) {
        // not moving back to its previous consumer
        this.addPartitionMovementRecord(partition, { src: existingPair.src, dst: newConsumer });
      }
    } else {
      this.addPartitionMovementRecord(partition, { src: oldConsumer, dst: newConsumer });
    }
  }

  /**
   * If some partition of the same topic already moved newConsumer -> oldConsumer, move that one
   * back instead (so partitions of a topic do not swap between two members).
   */
  getTheActualPartitionToBeMoved(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const topic = topicOf(partition);
    const forTopic = this.partitionMovementsByTopic.get(topic);
    if (!forTopic) return partition;
    const moved = this.partitionMovements.get(partition);
    if (moved) oldConsumer = moved.src;
    const reverse = forTopic.get(PartitionMovements.key(newConsumer, oldConsumer));
    if (!reverse) return partition;
    return reverse.first()!;
  }
}

/** A java.util.TreeSet<String> ordered by SubscriptionComparator (assignment size, then id). */
class SortedCurrentSubscriptions {
  private readonly list: string[] = [];
  constructor(private readonly sizeOf: (consumer: string) => number) {}

  private compare(a: string, b: string): number {
    return this.sizeOf(a) - this.sizeOf(b) || compareStrings(a, b);
  }

  add(consumer: string): void {
    if (this.list.includes(consumer)) return;
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(this.list[mid], consumer) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.list.splice(lo, 0, consumer);
  }

  remove(consumer: string): void {
    removeFirst(this.list, consumer);
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }
  first(): string {
    return this.list[0];
  }
  last(): string {
    return this.list[this.list.length - 1];
  }
  [Symbol.iterator](): Iterator<string> {
    return this.list[Symbol.iterator]();
  }
}

/**
 * Members subscribe to different topics. Keep every still-valid owned partition, give each
 * unassigned partition to the least-loaded member that can take it, then move partitions from
 * members with 2+ more than another eligible member (back to their previous owner when one
 * exists), keeping the result only if its balance score improved.
 */
function generalAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: ReadonlyMap<string, MemberSubscription>,
  currentAssignment: Map<string, TopicPartition[]>,
  maxGeneration: number,
): Map<string, TopicPartition[]> {
  let totalPartitionsCount = 0;
  for (const n of partitionsPerTopic.values()) totalPartitionsCount += n;

  // a mapping of all topics to all consumers that can be assigned to them
  const topic2AllPotentialConsumers = new Map<string, string[]>();
  // a mapping of all consumers to all potential topics that can be assigned to them
  const consumer2AllPotentialTopics = new Map<string, string[]>();
  for (const topic of partitionsPerTopic.keys()) topic2AllPotentialConsumers.set(topic, []);
  for (const [consumerId, subscription] of subscriptions) {
    const subscribedTopics: string[] = [];
    consumer2AllPotentialTopics.set(consumerId, subscribedTopics);
    for (const topic of new Set(subscription.topics)) {
      if (!partitionsPerTopic.has(topic)) continue;
      subscribedTopics.push(topic);
      topic2AllPotentialConsumers.get(topic)!.push(consumerId);
    }
    if (!currentAssignment.has(consumerId)) currentAssignment.set(consumerId, []);
  }

  // a mapping of partition to current consumer
  const currentPartitionConsumer = new Map<TopicPartition, string>();
  for (const [consumer, partitions] of currentAssignment) for (const p of partitions) currentPartitionConsumer.set(p, consumer);

  // TopicComparator: topics with fewer potential consumers first, then by name
  const sortedAllTopics = [...topic2AllPotentialConsumers.keys()].sort(
    (a, b) => topic2AllPotentialConsumers.get(a)!.length - topic2AllPotentialConsumers.get(b)!.length || compareStrings(a, b),
  );
  let sortedAllPartitions: TopicPartition[] = [];
  for (const topic of sortedAllTopics) for (let i = 0; i < partitionsPerTopic.get(topic)!; i++) sortedAllPartitions.push(tp(topic, i));

  const sortedCurrentSubscriptions = new SortedCurrentSubscriptions((c) => currentAssignment.get(c)!.length);
  let revocationRequired = false;
  const partitionMovements = new PartitionMovements();

  // --- prepopulateCurrentAssignments: who had each partition in an older generation
  const prevAssignment = new Map<TopicPartition, ConsumerGenerationPair>();
  for (const [consumer, subscription] of subscriptions) {
    if (subscription.generation < maxGeneration) {
      for (const partition of subscription.ownedPartitions) {
        const existing = prevAssignment.get(partition);
        if (!existing || subscription.generation > existing.generation) {
          prevAssignment.set(partition, { consumer, generation: subscription.generation });
        }
      }
    }
  }

  // --- assignOwnedPartitions
  const assignedPartitions: TopicPartition[] = [];
  for (const [consumer, partitions] of [...currentAssignment]) {
    const consumerSubscription = subscriptions.get(consumer);
    if (!consumerSubscription) {
      for (const p of partitions) currentPartitionConsumer.delete(p);
      currentAssignment.delete(consumer);
      continue;
    }
    const topics = new Set(consumerSubscription.topics);
    for (const partition of [...partitions]) {
      if (!topic2AllPotentialConsumers.has(topicOf(partition))) {
        removeFirst(partitions, partition);
        currentPartitionConsumer.delete(partition);
      } else if (!topics.has(topicOf(partition))) {
        // no longer subscribed to this topic
        removeFirst(partitions, partition);
        revocationRequired = true;
      } else {
        assignedPartitions.push(partition);
      }
    }
  }

  // --- getUnassignedPartitions
  const assignedSet = new Set(assignedPartitions);
  let unassignedPartitions = sortedAllPartitions.filter((p) => !assignedSet.has(p));

  for (const c of currentAssignment.keys()) sortedCurrentSubscriptions.add(c);

  const getMaxAssignmentSize = (allSubscribedTopics: readonly string[]): number => {
    if (allSubscribedTopics.length === partitionsPerTopic.size) return totalPartitionsCount;
    let sum = 0;
    for (const t of allSubscribedTopics) sum += partitionsPerTopic.get(t)!;
    return sum;
  };

  const isBalanced = (): boolean => {
    if (sortedCurrentSubscriptions.isEmpty) return true;
    const min = currentAssignment.get(sortedCurrentSubscriptions.first())!.length;
    const max = currentAssignment.get(sortedCurrentSubscriptions.last())!.length;
    if (min >= max - 1) return true;

    const allPartitions = new Map<TopicPartition, string>();
    for (const [consumer, partitions] of currentAssignment) for (const p of partitions) allPartitions.set(p, consumer);

    // can any consumer short of everything it could get take a partition from a member with 2+ more?
    for (const consumer of sortedCurrentSubscriptions) {
      const consumerPartitions = currentAssignment.get(consumer)!;
      const consumerPartitionCount = consumerPartitions.length;
      const allSubscribedTopics = consumer2AllPotentialTopics.get(consumer)!;
      if (consumerPartitionCount === getMaxAssignmentSize(allSubscribedTopics)) continue;
      const mine = new Set(consumerPartitions);
      for (const topic of allSubscribedTopics) {
        const partitionCount = partitionsPerTopic.get(topic)!;
        for (let i = 0; i < partitionCount; i++) {
          const topicPartition = tp(topic, i);
          if (mine.has(topicPartition)) continue;
          const otherConsumer = allPartitions.get(topicPartition);
          if (otherConsumer === undefined) continue;
          if (consumerPartitionCount + 1 < currentAssignment.get(otherConsumer)!.length) return false;
        }
      }
    }
    return true;
  };

  /** sum over member pairs of |size difference|; 0 = perfectly balanced */
  const getBalanceScore = (assignment: ReadonlyMap<string, readonly TopicPartition[]>): number => {
    const sizes = [...assignment.values()].map((l) => l.length);
    let score = 0;
    for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i] - sizes[j]);
    return score;
  };

  const maybeAssignPartition = (partition: TopicPartition): boolean => {
    const topic = topicOf(partition);
    for (const consumer of sortedCurrentSubscriptions) {
      if (consumer2AllPotentialTopics.get(consumer)!.includes(topic)) {
        sortedCurrentSubscriptions.remove(consumer);
        currentAssignment.get(consumer)!.push(partition);
        currentPartitionConsumer.set(partition, consumer);
        sortedCurrentSubscriptions.add(consumer);
        return true;
      }
    }
    return false;
  };

  // a topic with two or more potential consumers is subject to reassignment
  const canTopicParticipateInReassignment = (topic: string): boolean => topic2AllPotentialConsumers.get(topic)!.length >= 2;

  const canConsumerParticipateInReassignment = (consumer: string): boolean => {
    const currentPartitions = currentAssignment.get(consumer)!;
    if (currentPartitions.length < getMaxAssignmentSize(consumer2AllPotentialTopics.get(consumer)!)) return true;
    return currentPartitions.some((p) => canTopicParticipateInReassignment(topicOf(p)));
  };

  const processPartitionMovement = (partition: TopicPartition, newConsumer: string): void => {
    const oldConsumer = currentPartitionConsumer.get(partition)!;
    sortedCurrentSubscriptions.remove(oldConsumer);
    sortedCurrentSubscriptions.remove(newConsumer);
    partitionMovements.movePartition(partition, oldConsumer, newConsumer);
    removeFirst(currentAssignment.get(oldConsumer)!, partition);
    currentAssignment.get(newConsumer)!.push(partition);
    currentPartitionConsumer.set(partition, newConsumer);
    sortedCurrentSubscriptions.add(newConsumer);
    sortedCurrentSubscriptions.add(oldConsumer);
  };

  const reassignPartitionTo = (partition: TopicPartition, newConsumer: string): void => {
    const consumer = currentPartitionConsumer.get(partition)!;
    // find the correct partition movement considering the stickiness requirement
    const partitionToBeMoved = partitionMovements.getTheActualPartitionToBeMoved(partition, consumer, newConsumer);
    processPartitionMovement(partitionToBeMoved, newConsumer);
  };

  const reassignPartition = (partition: TopicPartition): void => {
    const topic = topicOf(partition);
    for (const anotherConsumer of sortedCurrentSubscriptions) {
      if (consumer2AllPotentialTopics.get(anotherConsumer)!.includes(topic)) {
        reassignPartitionTo(partition, anotherConsumer);
        return;
      }
    }
  };

  const performReassignments = (reassignablePartitions: readonly TopicPartition[]): boolean => {
    let reassignmentPerformed = false;
    let modified: boolean;
    // repeat until no partition can be moved to improve the balance
    do {
      modified = false;
      for (let i = 0; i < reassignablePartitions.length && !isBalanced(); i++) {
        const partition = reassignablePartitions[i];
        const consumer = currentPartitionConsumer.get(partition);
        if (consumer === undefined) continue;
        const consumerSize = currentAssignment.get(consumer)!.length;

        const prev = prevAssignment.get(partition);
        const prevSize = prev ? currentAssignment.get(prev.consumer)?.length : undefined;
        if (prev && prevSize !== undefined && consumerSize > prevSize + 1) {
          // move it back to the member that had it in the previous generation
          reassignPartitionTo(partition, prev.consumer);
          reassignmentPerformed = true;
          modified = true;
          continue;
        }

        // is there a better-suited consumer for it?
        for (const otherConsumer of topic2AllPotentialConsumers.get(topicOf(partition))!) {
          const otherSize = currentAssignment.get(otherConsumer)?.length;
          if (otherSize !== undefined && consumerSize > otherSize + 1) {
            reassignPartition(partition);
            reassignmentPerformed = true;
            modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  };

  // --- balance
  const initializing = currentAssignment.get(sortedCurrentSubscriptions.last())!.length === 0;
  for (const partition of unassignedPartitions) {
    // skip if there is no potential consumer for the topic
    if (topic2AllPotentialConsumers.get(topicOf(partition))!.length === 0) continue;
    maybeAssignPartition(partition);
  }

  // narrow the reassignment scope to partitions that can actually move...
  const fixedPartitions = new Set<TopicPartition>();
  for (const topic of topic2AllPotentialConsumers.keys()) {
    if (!canTopicParticipateInReassignment(topic)) for (let i = 0; i < partitionsPerTopic.get(topic)!; i++) fixedPartitions.add(tp(topic, i));
  }
  sortedAllPartitions = sortedAllPartitions.filter((p) => !fixedPartitions.has(p));
  unassignedPartitions = unassignedPartitions.filter((p) => !fixedPartitions.has(p));

  // ...and to members that can take part
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const consumer of consumer2AllPotentialTopics.keys()) {
    if (!canConsumerParticipateInReassignment(consumer)) {
      sortedCurrentSubscriptions.remove(consumer);
      fixedAssignments.set(consumer, currentAssignment.get(consumer)!);
      currentAssignment.delete(consumer);
    }
  }

  // a copy to go back to if reassigning does not give a more balanced assignment
  const preBalanceAssignment = new Map([...currentAssignment].map(([c, l]) => [c, [...l]] as const));
  const preBalancePartitionConsumers = new Map(currentPartitionConsumer);

  // unless something must be revoked anyway, first try to balance by moving only new partitions
  if (!revocationRequired) performReassignments(unassignedPartitions);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);

  if (!initializing && reassignmentPerformed && getBalanceScore(currentAssignment) >= getBalanceScore(preBalanceAssignment)) {
    currentAssignment.clear();
    for (const [c, l] of preBalanceAssignment) currentAssignment.set(c, [...l]);
    currentPartitionConsumer.clear();
    for (const [p, c] of preBalancePartitionConsumers) currentPartitionConsumer.set(p, c);
  }

  // add the fixed assignments back
  for (const [consumer, partitions] of fixedAssignments) currentAssignment.set(consumer, partitions);
  return currentAssignment;
}

// ---------------------------------------------------------------------------------------------

/**
 * AbstractStickyAssignor.assign: the sticky target assignment with the details a lesson can show.
 * `members` may come in any order; like Kafka's leader, which receives them in a HashMap, the
 * builders visit them in Java HashMap order of their memberIds.
 */
export function abstractStickyAssign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[], options: StickyOptions = {}): StickyResult {
  checkUniqueMemberIds(members);
  if (members.length === 0) return { assignment: {}, algorithm: 'constrained', partitionsTransferringOwnership: {}, maxGeneration: DEFAULT_GENERATION };
  const sortOwnedPartitionsByPartition = options.sortOwnedPartitionsByPartition ?? true;
  const perTopic = subscribedPartitionsPerTopic(partitionsPerTopic, members);
  const byId = new Map(members.map((m) => [m.memberId, m] as const));
  const subscriptions = new Map<string, MemberSubscription>();
  for (const id of javaStringHashMapOrder(sortMembers(members).map((m) => m.memberId))) subscriptions.set(id, byId.get(id)!);

  const analysis = allSubscriptionsEqual(perTopic, subscriptions);
  if (analysis.isAllSubscriptionsEqual) {
    const { assignment, partitionsTransferringOwnership } = constrainedAssign(
      perTopic,
      analysis.consumerToOwnedPartitions,
      analysis.partitionsWithMultiplePreviousOwners,
      sortOwnedPartitionsByPartition,
    );
    return {
      assignment: finishAssignment(members, assignment),
      algorithm: 'constrained',
      partitionsTransferringOwnership: Object.fromEntries([...partitionsTransferringOwnership].sort((a, b) => compareTopicPartitions(a[0], b[0]))),
      maxGeneration: analysis.maxGeneration,
    };
  }
  const assignment = generalAssign(perTopic, subscriptions, analysis.consumerToOwnedPartitions, analysis.maxGeneration);
  return {
    assignment: finishAssignment(members, assignment),
    algorithm: 'general',
    partitionsTransferringOwnership: null,
    maxGeneration: analysis.maxGeneration,
  };
}
