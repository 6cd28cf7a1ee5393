// Consumer groups in a cluster: one GroupCoordinator per broker (as every Kafka broker runs one), the
// FindCoordinator lookup with the creation of __consumer_offsets on first use, and the consumers.
import type { Cluster } from '../cluster/Cluster';
import type { Broker } from '../broker/Broker';
import { createTopic } from '../cluster/admin';
import { GroupCoordinator } from './GroupCoordinator';
import { coordinatorPartition } from './rules';
import { OFFSETS_TOPIC, type FindCoordinatorResponse } from './protocol';
import { OFFSETS_TOPIC_CONFIG } from './offsetsTopic';
import type { GroupMetadata } from './GroupMetadata';
import { Consumer, type ConsumerOptions } from './Consumer';
import { describeGroup, listGroups, type DescribedGroup, type ListedGroup } from './describeGroups';
import { call } from '../sim/call';
import type { CoordinatorHost } from './GroupCoordinator';
import type { ConsumerGroup } from './ConsumerGroups';
import { randomUuid } from './rules/kafkaUuid';

export class GroupSystem implements CoordinatorHost {
  private coordinators = new Map<number, GroupCoordinator>();
  /** the broker that last coordinated each group (for CoordinatorMoved) */
  private lastCoordinator = new Map<string, number>();
  readonly consumers = new Map<string, Consumer>();
  /** topic ids, drawn from the seeded PRNG when the consumer protocol first needs one (Kafka gives every topic a
   *  Uuid at creation; only the consumer protocol's assignors read them here) */
  private topicIds = new Map<string, string>();
  private topicNames = new Map<string, string>();

  constructor(readonly cluster: Cluster) {
    this.attach();
  }

  get ctx() {
    return this.cluster.ctx;
  }

  partitionFor(groupId: string): number {
    return coordinatorPartition(groupId, this.ctx.config.num('offsets.topic.num.partitions'));
  }

  /** A coordinator for every broker, told of each leadership change (brokers added later included). */
  attach(): void {
    for (const b of this.cluster.sortedBrokers()) {
      if (this.coordinators.has(b.id)) continue;
      const c = new GroupCoordinator(b, this);
      this.coordinators.set(b.id, c);
      b.leadershipListeners.push(call(c, c.sync));
    }
  }

  topicId(topic: string): string {
    let id = this.topicIds.get(topic);
    if (!id) {
      const prng = this.ctx.prng;
      id = randomUuid(() => prng.nextUint32());
      this.topicIds.set(topic, id);
      this.topicNames.set(id, topic);
    }
    return id;
  }

  topicName(id: string): string | null {
    return this.topicNames.get(id) ?? null;
  }

  /** A consumer-protocol group as its current coordinator holds it (no side effects). */
  findModernGroup(groupId: string): { group: ConsumerGroup; broker: number } | null {
    for (const b of this.cluster.sortedBrokers()) {
      const g = this.coordinators.get(b.id)?.peekModern(groupId);
      if (g) return { group: g, broker: b.id };
    }
    return null;
  }

  coordinatorAt(b: Broker): GroupCoordinator {
    this.attach();
    return this.coordinators.get(b.id)!;
  }
  /** DescribeGroups and ListGroups at a broker: what its coordinator holds. */
  describeGroup(b: Broker, groupId: string): DescribedGroup {
    return describeGroup(this.coordinatorAt(b), groupId);
  }

  listGroups(b: Broker): ListedGroup[] {
    return listGroups(this.coordinatorAt(b));
  }

  onElection(broker: number, partition: number, loaded: string[]): void {
    const groups = new Set(loaded);
    for (const g of this.lastCoordinator.keys()) if (this.partitionFor(g) === partition) groups.add(g);
    for (const g of [...groups].sort()) {
      const from = this.lastCoordinator.get(g) ?? null;
      if (from !== broker) this.ctx.emit('CoordinatorMoved', { group: g, from, to: broker, partition });
      this.lastCoordinator.set(g, broker);
    }
  }

  /**
   * FindCoordinator at a broker: the leader of the group's __consumer_offsets partition in its metadata
   * cache. The topic is created on first use (compacted, offsets.topic.replication.factor replicas).
   */
  handleFindCoordinator(b: Broker, groupId: string): FindCoordinatorResponse {
    const partition = this.partitionFor(groupId);
    const s = b.metadata.partitions.get(`${OFFSETS_TOPIC}-${partition}`);
    if (!s) {
      this.createOffsetsTopic();
      return { error: 'COORDINATOR_NOT_AVAILABLE', nodeId: -1 };
    }
    if (s.leader === null) return { error: 'COORDINATOR_NOT_AVAILABLE', nodeId: -1 };
    if (!this.lastCoordinator.has(groupId)) this.lastCoordinator.set(groupId, s.leader);
    return { error: null, nodeId: s.leader };
  }

  private createOffsetsTopic(): void {
    const core = this.cluster.activeController();
    if (!core || core.topics.has(OFFSETS_TOPIC)) return;
    // KafkaApis.createInternalTopic / AutoTopicCreationManager: with fewer live brokers than
    // offsets.topic.replication.factor the topic is not created, and FindCoordinator keeps answering
    // COORDINATOR_NOT_AVAILABLE (development set-ups lower the setting)
    const rf = this.ctx.config.num('offsets.topic.replication.factor');
    if (core.liveBrokers.size < rf) return;
    const r = createTopic(this.cluster, OFFSETS_TOPIC, this.ctx.config.num('offsets.topic.num.partitions'), rf, 'kafka', { ...OFFSETS_TOPIC_CONFIG });
    if (!r.error) this.ctx.emit('OffsetsTopicCreated', { topic: OFFSETS_TOPIC, replicationFactor: rf });
  }

  /** The group as its current coordinator holds it, with that broker's id (no side effects). */
  findGroup(groupId: string): { group: GroupMetadata; broker: number } | null {
    for (const b of this.cluster.sortedBrokers()) {
      const g = this.coordinators.get(b.id)?.peek(groupId);
      if (g) return { group: g, broker: b.id };
    }
    return null;
  }

  /** Every group a coordinator holds or a consumer names, sorted. */
  groupIds(): string[] {
    const ids = new Set<string>();
    for (const c of this.consumers.values()) ids.add(c.options.group);
    for (const c of this.coordinators.values()) for (const g of c.peekGroupIds()) ids.add(g);
    return [...ids].sort();
  }

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name);
  }

  /** joinGroup: a new consumer, a crashed or closed one started again, or a running one resubscribing. */
  join(options: ConsumerOptions): Consumer {
    let c = this.consumers.get(options.name);
    if (!c) {
      c = new Consumer(options, this);
      this.consumers.set(options.name, c);
      c.start();
    } else if (c.status !== 'active') {
      c.restart(options);
    } else c.resubscribe(options);
    return c;
  }
}
