/**
 * UniformHeterogeneousAssignmentBuilder (group-coordinator, trunk 4.0.0-SNAPSHOT, KAFKA-17710's rework): members
 * subscribe to different topics. Steps, as Kafka:
 *  1. keep every member's partitions of topics it still subscribes to;
 *  2. hand the unowned partitions out topic by topic — topics ordered by partitions per subscriber (descending),
 *     then subscriber count (ascending), then topic id — each to the least loaded subscriber;
 *  3. balance: for each topic with two or more subscribers, move partitions (the highest of the most loaded
 *     member) to the least loaded subscriber until their counts differ by at most one; repeat over the topics
 *     until a full pass moves nothing (at most 16 passes).
 * Members are numbered in the given `memberIds()` order; ties between equally loaded members go to the lower
 * number. The result is balanced per topic and almost balanced overall when subscriptions overlap.
 */
import { compareUuids } from './kafkaUuid';
import { finishServerAssignment, PartitionAssignorError, type NumPartitions, type ServerGroupAssignment, type ServerGroupSpec } from './serverAssignment';

const MAX_ITERATION_COUNT = 16;

/** MemberAssignmentBalancer: the least loaded range grows rightwards, the most loaded range leftwards. */
class MemberAssignmentBalancer {
  private sorted: number[] = [];
  private leastLoadedRangeEnd = 0;
  private leastLoadedRangePartitionCount = -1;
  private nextLeastLoaded = 0;
  private mostLoadedRangeStart = 0;
  private mostLoadedRangeEnd = 0;
  private mostLoadedRangePartitionCount = 1;
  private nextMostLoaded = -1;

  constructor(private readonly sizes: number[]) {}

  /** returns the difference in partition counts between the most and least loaded members */
  initialize(members: readonly number[]): number {
    if (members.length === 0) throw new Error('Cannot balance an empty subscriber list.');
    const sizes = this.sizes;
    this.sorted = [...members].sort((a, b) => sizes[a] - sizes[b] || a - b);
    const n = this.sorted.length;
    this.leastLoadedRangeEnd = 0;
    this.leastLoadedRangePartitionCount = sizes[this.sorted[0]] - 1;
    this.nextLeastLoaded = 0;
    this.mostLoadedRangeStart = n;
    this.mostLoadedRangeEnd = n;
    this.mostLoadedRangePartitionCount = sizes[this.sorted[n - 1]] + 1;
    this.nextMostLoaded = n - 1;
    return sizes[this.sorted[n - 1]] - sizes[this.sorted[0]];
  }

  nextLeastLoadedMember(): number {
    if (this.nextLeastLoaded >= this.leastLoadedRangeEnd) {
      this.leastLoadedRangePartitionCount++;
      while (this.leastLoadedRangeEnd < this.sorted.length && this.sizes[this.sorted[this.leastLoadedRangeEnd]] === this.leastLoadedRangePartitionCount)
        this.leastLoadedRangeEnd++;
      this.nextLeastLoaded = 0;
    }
    return this.sorted[this.nextLeastLoaded++];
  }

  nextMostLoadedMember(): number {
    if (this.nextMostLoaded < this.mostLoadedRangeStart) {
      if (this.mostLoadedRangeEnd <= this.mostLoadedRangeStart && this.mostLoadedRangeStart > 0) {
        // the range emptied through excludeMostLoadedMember(): reset the level so it expands below
        this.mostLoadedRangePartitionCount = this.sizes[this.sorted[this.mostLoadedRangeStart - 1]];
      } else {
        this.mostLoadedRangePartitionCount--;
      }
      while (this.mostLoadedRangeStart > 0 && this.sizes[this.sorted[this.mostLoadedRangeStart - 1]] === this.mostLoadedRangePartitionCount)
        this.mostLoadedRangeStart--;
      this.nextMostLoaded = this.mostLoadedRangeEnd - 1;
    }
    if (this.nextMostLoaded < 0) return -1;
    return this.sorted[this.nextMostLoaded--];
  }

  /** drops the member last returned by nextMostLoadedMember from the most loaded range */
  excludeMostLoadedMember(): void {
    const i = this.nextMostLoaded + 1;
    const member = this.sorted[i];
    this.sorted[i] = this.sorted[this.mostLoadedRangeEnd - 1];
    this.sorted[this.mostLoadedRangeEnd - 1] = member;
    this.mostLoadedRangeEnd--;
  }

  isBalanced(): boolean {
    return this.mostLoadedRangePartitionCount - this.leastLoadedRangePartitionCount <= 1;
  }
}

export function uniformHeterogeneousAssign(spec: ServerGroupSpec, numPartitions: NumPartitions): ServerGroupAssignment {
  const memberIds = spec.members.map((m) => m.memberId);
  const subscribers = new Map<string, number[]>(); // topicSubscribers, ascending member index
  spec.members.forEach((m, i) => {
    for (const topicId of new Set(m.subscribedTopicIds)) {
      if (numPartitions(topicId) === -1)
        throw new PartitionAssignorError(`Members are subscribed to topic ${topicId} which doesn't exist in the topic metadata.`);
      subscribers.set(topicId, [...(subscribers.get(topicId) ?? []), i]);
    }
  });
  if (subscribers.size === 0) return {};

  const sizes = new Array<number>(memberIds.length).fill(0); // memberTargetAssignmentSizes
  const owners = new Map<string, number[]>(); // targetAssignmentPartitionOwners, -1 = unassigned
  for (const t of subscribers.keys()) owners.set(t, new Array<number>(numPartitions(t)).fill(-1));
  const target = memberIds.map(() => new Map<string, Set<number>>());

  const topicOrder = (a: string, b: string) => {
    const pa = numPartitions(a),
      pb = numPartitions(b);
    const sa = subscribers.get(a)!.length,
      sb = subscribers.get(b)!.length;
    return pb / sb - pa / sa || sa - sb || compareUuids(a, b);
  };

  const assignPartition = (topicId: string, partition: number, memberIndex: number) => {
    const own = owners.get(topicId)!;
    const old = own[partition];
    if (old !== -1) {
      const set = target[old].get(topicId);
      set?.delete(partition);
      if (set && set.size === 0) target[old].delete(topicId);
      sizes[old]--;
    }
    const set = target[memberIndex].get(topicId) ?? new Set<number>();
    set.add(partition);
    target[memberIndex].set(topicId, set);
    own[partition] = memberIndex;
    sizes[memberIndex]++;
  };

  // 1. maybeRevokePartitions: keep subscribed topics' partitions
  spec.members.forEach((m, i) => {
    const subscribed = new Set(m.subscribedTopicIds);
    for (const [topicId, partitions] of m.assignment) {
      if (!subscribed.has(topicId)) continue;
      target[i].set(topicId, new Set(partitions));
      sizes[i] += partitions.length;
      for (const p of partitions) owners.get(topicId)![p] = i;
    }
  });

  // 2. assignRemainingPartitions
  const balancer = new MemberAssignmentBalancer(sizes);
  const unassigned = [...owners].map(([t, own]) => [t, own.flatMap((o, p) => (o === -1 ? [p] : []))] as const).filter(([, ps]) => ps.length > 0);
  const unassignedByTopic = new Map(unassigned);
  for (const topicId of [...unassignedByTopic.keys()].sort(topicOrder)) {
    balancer.initialize(subscribers.get(topicId)!);
    for (const p of unassignedByTopic.get(topicId)!) assignPartition(topicId, p, balancer.nextLeastLoadedMember());
  }

  // 3. balance / balanceTopics over topics with two or more subscribers
  const topics = [...subscribers.keys()].filter((t) => subscribers.get(t)!.length >= 2).sort(topicOrder);
  if (topics.length > 0) {
    let lastRebalanceTopicIndex = -1;
    outer: for (let i = 0; i < MAX_ITERATION_COUNT; i++) {
      for (let ti = 0; ti < topics.length; ti++) {
        if (ti === lastRebalanceTopicIndex) break outer; // a full pass without moves
        const moved = balanceTopic(topics[ti]);
        if (moved > 0 || lastRebalanceTopicIndex === -1) lastRebalanceTopicIndex = ti;
      }
    }
  }

  function balanceTopic(topicId: string): number {
    let moved = 0;
    const own = owners.get(topicId)!;
    if (balancer.initialize(subscribers.get(topicId)!) <= 1) return moved;
    // partitions grouped by owner (unowned first), each owner's run in partition order
    const partitions = own.map((_, p) => p).sort((a, b) => own[a] - own[b] || a - b);
    const start = new Map<number, number>();
    const end = new Map<number, number>(); // exclusive
    partitions.forEach((p, i) => {
      if (!start.has(own[p])) start.set(own[p], i);
      end.set(own[p], i + 1);
    });
    while (!balancer.isBalanced()) {
      let most: number;
      for (;;) {
        most = balancer.nextMostLoadedMember();
        if (most === -1) break;
        if (!end.has(most) || end.get(most)! - start.get(most)! <= 0) {
          balancer.excludeMostLoadedMember();
          continue;
        }
        break;
      }
      if (most === -1) break;
      const partition = partitions[end.get(most)! - 1]; // the most loaded member's last partition
      end.set(most, end.get(most)! - 1);
      const least = balancer.nextLeastLoadedMember();
      if (balancer.isBalanced()) break;
      assignPartition(topicId, partition, least);
      moved++;
    }
    return moved;
  }

  return finishServerAssignment(new Map(memberIds.map((id, i) => [id, target[i]])));
}
