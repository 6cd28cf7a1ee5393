// The article's consumer groups: the old high-level consumer (ZookeeperConsumerConnector, Kafka 0.8.2
// with offsets.storage=zookeeper). No coordinator: each consumer registers an ephemeral
// /consumers/<group>/ids/<id>, watches its group's members and its topics, and on any change runs the
// same assignment itself, releases what it owned and claims its share by creating ephemeral
// /consumers/<group>/owners/<topic>/<partition> znodes (a claim still held by another consumer fails the
// attempt: back off rebalance.backoff.ms and retry, up to rebalance.max.retries). Offsets are znodes
// /consumers/<group>/offsets/<topic>/<partition>. A crashed consumer is noticed when its ZooKeeper
// session expires. (Since 0.8 the consumer no longer watches /brokers/ids: brokers coming and going
// do not rebalance it; kafka-facts.md, Corrections.)
import { ZK_NODE } from '../sim/context';
import type { EventMap, MemberEvent } from '../events';
import { ZkError, type ZooKeeper } from '../zookeeper/ZooKeeper';
import { assignors, sortTopicPartitions, topicOf, partitionOf, type MemberSubscription, type TopicPartition } from './rules';
import type { MemberState, Membership } from './membership';
import type { Consumer } from './Consumer';
import { nameMap } from '../names';
import { call, type Call } from '../sim/call';

/** rebalance.backoff.ms and rebalance.max.retries of the old consumer (defaults 2000 and 4) */
const REBALANCE_BACKOFF_MS = 2000;
const REBALANCE_MAX_RETRIES = 4;

export class ZkConsumerCoordinator implements Membership {
  state: MemberState = 'unjoined';
  memberId = '';
  generation = -1;
  readonly coordinatorId = null;
  owned: TopicPartition[] = [];
  joinCount = 0;
  fatalError: string | null = null;
  private session: number | null = null;
  private rebalanceScheduled = false;
  private watchedTopics = new Set<string>();

  constructor(
    private c: Consumer,
    private zk: ZooKeeper,
  ) {}

  private get group(): string {
    return this.c.options.group;
  }

  private get dir(): string {
    return `/consumers/${this.group}`;
  }

  get rebalancing(): boolean {
    return this.state !== 'stable' && this.state !== 'left';
  }

  private emit<K extends MemberEvent>(type: K, fields: Omit<EventMap[K], 'group' | 'member'>): void {
    this.c.ctx.emit(type, { group: this.group, member: this.c.name, ...fields } as EventMap[K]);
  }

  /** Runs a ZooKeeper operation; a lost connection or session counts as a failure. */
  private op<T>(f: (session: number) => T): T | null {
    if (this.session === null || !this.zk.isAlive(this.session)) return null;
    try {
      return f(this.session);
    } catch (e) {
      if (e instanceof ZkError) return null;
      throw e;
    }
  }

  /** ZkUtils.makeSurePersistentPathExists: the parents of a znode, created empty where missing. */
  private ensureParents(path: string): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const p = '/' + parts.slice(0, i).join('/');
      if (!this.zk.get(p)) this.op((s) => this.zk.create(s, p, '', false));
    }
  }

  /** ZookeeperConsumerConnector: connect, register the consumer id, watch, rebalance. */
  joinGroup(): void {
    this.state = 'joining';
    const node = this.c.node;
    if (!this.c.ctx.network.connected(node.node, ZK_NODE)) {
      node.timer(1000, call(this, this.joinGroup));
      return;
    }
    const timeout = this.c.cfg('zookeeper.session.timeout.ms');
    const session = this.zk.openSession(node.node, timeout, null);
    this.zk.onSessionExpired(session, node.guard(call(this, this.onSessionExpired, session)));
    this.session = session;
    this.memberId = this.c.name;
    const subscription = Object.fromEntries([...this.c.options.topics].sort().map((t) => [t, 1]));
    this.ensureParents(`${this.dir}/ids/${this.memberId}`);
    this.op((s) =>
      this.zk.create(
        s,
        `${this.dir}/ids/${this.memberId}`,
        JSON.stringify({ version: 1, subscription, pattern: 'static', timestamp: String(node.now()) }),
        true,
      ),
    );
    this.emit('MemberJoined', { memberId: this.memberId, storage: 'zookeeper' });
    this.zk.watch(session, 'children', `${this.dir}/ids`, node.guard(call(this, this.scheduleRebalance, 'membersChanged')));
    this.watchTopics();
    this.ping(session);
    this.scheduleRebalance('memberJoined');
  }

  private watchTopics(): void {
    if (this.session === null) return;
    for (const t of this.c.options.topics) {
      if (this.watchedTopics.has(t)) continue;
      this.watchedTopics.add(t);
      this.zk.watch(this.session, 'data', `/brokers/topics/${t}`, this.c.node.guard(call(this, this.scheduleRebalance, 'partitionsChanged')));
    }
  }

  /** The ZooKeeper client's heartbeat: a ping every third of the session timeout. */
  private ping(session: number): void {
    this.c.node.timer(this.c.cfg('zookeeper.session.timeout.ms') / 3, call(this, this.pingNow, session));
  }

  private pingNow(session: number): void {
    if (this.session !== session) return;
    this.zk.ping(this.c.node.node, session);
    this.ping(session);
  }

  private onSessionExpired(session: number): void {
    if (this.session !== session || this.state === 'left') return;
    this.emit('ZkSessionLost', { storage: 'zookeeper' });
    this.session = null;
    this.watchedTopics.clear();
    this.joinGroup();
  }

  /** ZKRebalancerListener: rebalance events coalesce into one rebalance. */
  private scheduleRebalance(reason: string): void {
    if (this.rebalanceScheduled || this.state === 'left') return;
    this.rebalanceScheduled = true;
    this.c.node.timer(0, call(this, this.rebalanceNow, reason));
  }

  private rebalanceNow(reason: string): void {
    this.rebalanceScheduled = false;
    this.rebalance(reason, 0);
  }

  requestRejoin(reason: string): void {
    this.watchTopics();
    this.op((s) =>
      this.zk.setData(
        s,
        `${this.dir}/ids/${this.memberId}`,
        JSON.stringify({
          version: 1,
          subscription: Object.fromEntries([...this.c.options.topics].sort().map((t) => [t, 1])),
          pattern: 'static',
          timestamp: String(this.c.node.now()),
        }),
      ),
    );
    this.scheduleRebalance(reason);
  }

  ensureActiveGroup(): void {
    if (this.state === 'unjoined' && !this.fatalError) this.joinGroup();
  }

  checkMetadata(): void {
    // the topic's znode watch triggers the rebalance on a partition count change
  }

  /** syncedRebalance: commit, release, assign, claim; retried on a conflicting claim. */
  private rebalance(reason: string, attempt: number): void {
    if (this.state === 'left') return;
    this.state = 'joining';
    if (attempt === 0) this.emit('GroupRebalanceStarted', { reason, storage: 'zookeeper' });
    if (this.c.options.autoCommit && this.owned.length) this.c.commitPositions('autoCommitOnRebalance', call(this, this.claim, reason, attempt));
    else this.claim(reason, attempt);
  }

  /** The rest of a rebalance: release, assign, claim its share. */
  private claim(reason: string, attempt: number): void {
    this.release();
    const mine = this.assignment();
    if (mine === null) return this.retry(reason, attempt);
    const claimed: TopicPartition[] = [];
    for (const tp of mine) {
      this.ensureParents(`${this.dir}/owners/${topicOf(tp)}/${partitionOf(tp)}`);
      const ok = this.op((s) => this.zk.create(s, `${this.dir}/owners/${topicOf(tp)}/${partitionOf(tp)}`, this.memberId, true));
      if (ok === null) {
        this.emit('OwnershipConflict', { partition: tp, owner: this.zk.get(`${this.dir}/owners/${topicOf(tp)}/${partitionOf(tp)}`)?.data ?? null });
        for (const x of claimed) this.op((s) => this.zk.delete(s, `${this.dir}/owners/${topicOf(x)}/${partitionOf(x)}`));
        return this.retry(reason, attempt);
      }
      claimed.push(tp);
    }
    this.owned = mine;
    this.generation += 1;
    this.joinCount += 1;
    this.state = 'stable';
    this.emit('PartitionsAssigned', { generation: this.generation, partitions: mine, assignment: mine, storage: 'zookeeper' });
    this.emit('GroupStable', { generation: this.generation, assignment: { [this.c.name]: mine }, storage: 'zookeeper' });
  }

  private retry(reason: string, attempt: number): void {
    if (attempt + 1 >= REBALANCE_MAX_RETRIES) {
      this.fatalError = 'ConsumerRebalanceFailedException';
      this.state = 'unjoined';
      this.emit('ConsumerFailed', { error: this.fatalError });
      return;
    }
    this.c.node.timer(REBALANCE_BACKOFF_MS, call(this, this.rebalance, reason, attempt + 1));
  }

  /** Gives up ownership: deletes its owner znodes (closeFetchers, releasePartitionOwnership). */
  private release(): void {
    if (!this.owned.length) return;
    const revoked = this.owned;
    for (const tp of revoked) {
      const path = `${this.dir}/owners/${topicOf(tp)}/${partitionOf(tp)}`;
      if (this.zk.get(path)?.data === this.memberId) this.op((s) => this.zk.delete(s, path));
    }
    this.owned = [];
    this.c.dropPositions(revoked);
    this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(revoked), storage: 'zookeeper' });
  }

  /** The consumers and partitions as ZooKeeper shows them, through the named assignor (range or roundrobin). */
  private assignment(): TopicPartition[] | null {
    const ids = this.zk.children(`${this.dir}/ids`);
    if (!ids.includes(this.memberId)) return null;
    const members: MemberSubscription[] = ids.map((id) => {
      const sub = JSON.parse(this.zk.get(`${this.dir}/ids/${id}`)!.data) as { subscription: Record<string, number> };
      return { memberId: id, topics: Object.keys(sub.subscription), ownedPartitions: [], generation: -1 };
    });
    const partitionsPerTopic = nameMap<number>();
    for (const m of members) {
      for (const t of m.topics) {
        const z = this.zk.get(`/brokers/topics/${t}`);
        if (z) partitionsPerTopic[t] = Object.keys((JSON.parse(z.data) as { partitions: Record<string, number[]> }).partitions).length;
      }
    }
    const name = this.c.options.assignor === 'roundrobin' ? 'roundrobin' : 'range';
    return assignors[name].assign(partitionsPerTopic, members)[this.memberId] ?? [];
  }

  commitOffsets(offsets: { topic: string; partition: number; offset: number }[], done: Call<[error: string | null]>): void {
    for (const o of offsets) {
      this.ensureParents(`${this.dir}/offsets/${o.topic}/${o.partition}`);
      const ok = this.op((s) => this.zk.upsert(s, `${this.dir}/offsets/${o.topic}/${o.partition}`, String(o.offset)));
      if (ok === null) return done('ZkConnectionLoss');
      this.emit('OffsetCommitted', { topic: o.topic, partition: o.partition, offset: o.offset, storage: 'zookeeper' });
    }
    done(null);
  }

  fetchCommitted(partitions: TopicPartition[], done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>): void {
    const out = new Map<TopicPartition, number>();
    for (const tp of partitions) {
      const z = this.zk.get(`${this.dir}/offsets/${topicOf(tp)}/${partitionOf(tp)}`);
      out.set(tp, z ? Number(z.data) : -1);
    }
    done(out, null);
  }

  /** shutdown(): release ownership and close the session (its ephemeral id znode goes at once). */
  leaveGroup(done: Call): void {
    this.release();
    this.state = 'left';
    if (this.session !== null) this.zk.closeSession(this.session);
    this.session = null;
    done();
  }
}
