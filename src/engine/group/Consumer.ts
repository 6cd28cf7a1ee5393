// A consumer client (KafkaConsumer) on node "consumer-<name>": subscription and metadata, positions,
// fetches from partition leaders (only below the high watermark), auto.offset.reset, seek, and commits
// (auto-commit as the Java client does it: on poll once the interval has passed, on rebalance, on close).
import type { Broker } from '../broker/Broker';
import type { FetchPartitionResponse, PartitionState } from '../broker/requests';
import { decodeRecordBatch } from '../../storage/format/recordBatch';
import { completedFetchRecords } from '../../storage/log/readCommitted';
import type { Cluster } from '../cluster/Cluster';
import { ClientNode } from './ClientNode';
import { ConsumerCoordinator } from './ConsumerCoordinator';
import { ZkConsumerCoordinator } from './ZkConsumerCoordinator';
import { ConsumerProtocolMember } from './ConsumerProtocolMember';
import type { Membership } from './membership';
import { OFFSETS_TOPIC } from './protocol';
import { sortTopicPartitions, topicOf, partitionOf, type AssignorName, type TopicPartition } from './rules';
import type { GroupSystem } from './GroupSystem';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type MetadataResponse, type ResponseOf } from '../apis';
import { call, Countdown, NOOP, type Call } from '../sim/call';
import type { Message } from '../sim/network';
import { AppendOnly } from '../sim/appendOnly';

/** One poll's fetches to the partitions' leaders, answered together. */
interface FetchRound {
  responses: FetchPartitionResponse[];
  pending: number;
  needMetadata: boolean;
  max: number;
  done: Call<[records: ConsumedRecord[]]>;
}

export interface ConsumerOptions {
  name: string;
  group: string;
  topics: string[];
  assignor: AssignorName;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  /** isolation.level: read_committed reads below the last stable offset and skips aborted transactions */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  /** group.protocol: "consumer" is KIP-848's (kraft mode) */
  groupProtocol?: 'classic' | 'consumer';
  /** group.remote.assignor with the consumer protocol (null: the coordinator's default) */
  serverAssignor?: 'uniform' | 'range' | null;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

/** fetch.max.wait.ms (Kafka's default 500) */
const FETCH_MAX_WAIT_MS = 500;
const dec = new TextDecoder();

export class Consumer {
  readonly node: ClientNode;
  status: 'active' | 'closed' | 'crashed' = 'active';
  coordinator: Membership;
  readonly positions = new Map<TopicPartition, number>();
  /** every record the application got, in order (chunked: a checkpoint's copy shares all but the last chunk) */
  readonly consumed = new AppendOnly<ConsumedRecord>();
  readonly errors: { error: string; time: number; partitions?: TopicPartition[] }[] = [];
  /** the high watermark each partition's last fetch response reported */
  readonly highWatermarks = new Map<TopicPartition, number>();
  private metadata = new Map<TopicPartition, PartitionState>();
  private counts = new Map<string, number>();
  private nextAutoCommit = 0;
  /** when the application last called poll() (joinGroup counts: the Java client joins inside poll) */
  lastPoll = 0;

  constructor(
    public options: ConsumerOptions,
    readonly system: GroupSystem,
  ) {
    this.node = new ClientNode(`consumer-${options.name}`, system.ctx, call(this, this.zkNotification));
    this.coordinator = this.newMembership();
  }

  private zkNotification(m: Message): void {
    this.system.cluster.zk?.deliver(m);
  }

  /** offsets.storage=zookeeper in zookeeper mode: the article's model; otherwise the group coordinator. */
  get zookeeperModel(): boolean {
    return this.cluster.zk !== null && this.ctx.config.get('offsets.storage') === 'zookeeper';
  }

  private newMembership(): Membership {
    if (this.options.groupProtocol === 'consumer') return new ConsumerProtocolMember(this);
    return this.zookeeperModel ? new ZkConsumerCoordinator(this, this.cluster.zk!) : new ConsumerCoordinator(this);
  }

  get name(): string {
    return this.options.name;
  }
  get readCommitted(): boolean {
    return this.options.isolationLevel === 'read_committed';
  }
  get ctx() {
    return this.system.ctx;
  }
  get cluster(): Cluster {
    return this.system.cluster;
  }
  cfg(key: string): number {
    return this.ctx.config.num(key);
  }

  start(): void {
    this.status = 'active';
    this.lastPoll = this.node.now();
    this.nextAutoCommit = this.node.now() + this.options.autoCommitIntervalMs;
    this.ctx.emit('ConsumerStarted', {
      consumer: this.name,
      group: this.options.group,
      topics: this.options.topics,
      assignor: this.options.groupProtocol === 'consumer' ? (this.options.serverAssignor ?? 'uniform') : this.options.assignor,
    });
    this.refreshMetadata(call(this, this.joinGroup));
    this.scheduleMetadataRefresh();
  }

  private joinGroup(): void {
    this.coordinator.joinGroup();
  }

  private rejoin(reason: string): void {
    this.coordinator.requestRejoin(reason);
  }

  /** A crashed or closed consumer started again under the same name: a new process (what it consumed stays listed). */
  restart(options: ConsumerOptions): void {
    this.node.restart();
    this.options = options;
    this.positions.clear();
    this.highWatermarks.clear();
    this.coordinator = this.newMembership();
    this.start();
  }

  /** subscribe() with other topics: the group rebalances (cooperative members revoke only what is unsubscribed). */
  resubscribe(options: ConsumerOptions): void {
    const changed = JSON.stringify([...options.topics].sort()) !== JSON.stringify([...this.options.topics].sort());
    this.options = { ...options, assignor: this.options.assignor };
    this.lastPoll = this.node.now();
    if (!changed) return;
    this.ctx.emit('SubscriptionChanged', { consumer: this.name, group: options.group, topics: options.topics });
    this.refreshMetadata(call(this, this.rejoin, 'subscriptionChanged'));
  }

  /** kill -9: no LeaveGroup, no commit; the coordinator notices after session.timeout.ms. */
  crash(): void {
    this.status = 'crashed';
    this.node.stop();
    this.ctx.emit('ConsumerCrashed', { consumer: this.name, group: this.options.group });
  }

  /** close(): auto-commit (if enabled), revoke, LeaveGroup. */
  close(done: Call): void {
    if (this.options.autoCommit && this.coordinator.state === 'stable' && this.positions.size)
      this.commitPositions('autoCommitOnClose', call(this, this.leave, done));
    else this.leave(done);
  }

  private leave(done: Call): void {
    this.coordinator.leaveGroup(call(this, this.closed, done));
  }

  private closed(done: Call): void {
    this.status = 'closed';
    this.node.stop();
    this.ctx.emit('ConsumerClosed', { consumer: this.name, group: this.options.group });
    done();
  }

  // --- metadata ---------------------------------------------------------------------

  leastLoadedBroker(): Broker | undefined {
    return this.cluster.sortedBrokers().find((b) => b.status === 'online' && this.ctx.network.connected(this.node.node, b.node));
  }

  refreshMetadata(then: Call): void {
    const b = this.leastLoadedBroker();
    if (!b) {
      this.node.timer(this.cfg('retry.backoff.ms'), call(this, this.refreshMetadata, then));
      return;
    }
    this.node.request(b, 'Metadata', {}, this.cfg('request.timeout.ms'), call(this, this.onMetadata, then));
  }

  private onMetadata(then: Call, r: MetadataResponse | null): void {
    if (!r) {
      this.node.timer(this.cfg('retry.backoff.ms'), call(this, this.refreshMetadata, then));
      return;
    }
    this.metadata.clear();
    this.counts.clear();
    for (const s of r.partitions) {
      if (s.topic === OFFSETS_TOPIC) continue;
      this.metadata.set(`${s.topic}-${s.partition}`, s);
      this.counts.set(s.topic, Math.max(this.counts.get(s.topic) ?? 0, s.partition + 1));
    }
    this.coordinator.checkMetadata();
    then();
  }

  /** metadata.max.age.ms: the client refreshes its metadata periodically (how a member sees new partitions). */
  private scheduleMetadataRefresh(): void {
    this.node.timer(this.cfg('metadata.max.age.ms'), call(this, this.refreshMetadata, call(this, this.scheduleMetadataRefresh)));
  }

  partitionCount(topic: string): number {
    return this.counts.get(topic) ?? 0;
  }

  // --- positions --------------------------------------------------------------------

  dropPositions(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.positions.delete(tp);
  }

  seek(topic: string, partition: number, offset: number): string | null {
    const tp = `${topic}-${partition}`;
    if (!this.coordinator.owned.includes(tp)) {
      this.errors.push({ error: 'IllegalStateException', time: this.node.now(), partitions: [tp] });
      return 'IllegalStateException';
    }
    this.positions.set(tp, offset);
    this.ctx.emit('Seeked', { consumer: this.name, topic, partition, offset });
    return null;
  }

  /** commitSync(positions): what earlier polls returned. */
  commitPositions(reason: string, done: Call<[error: string | null]>): void {
    const offsets = sortTopicPartitions([...this.positions.keys()]).map((tp) => ({
      topic: topicOf(tp),
      partition: partitionOf(tp),
      offset: this.positions.get(tp)!,
    }));
    if (!offsets.length) return done(null);
    this.ctx.emit('CommitRequested', { consumer: this.name, group: this.options.group, reason, offsets });
    this.coordinator.commitOffsets(offsets, call(this, this.committed, done), this.node.now() + this.cfg('request.timeout.ms'));
  }

  private committed(done: Call<[error: string | null]>, error: string | null): void {
    if (error) this.errors.push({ error, time: this.node.now() });
    done(error);
  }

  /** Positions for owned partitions without one: the committed offset, else auto.offset.reset. */
  private updateFetchPositions(then: Call): void {
    const missing = this.coordinator.owned.filter((tp) => !this.positions.has(tp));
    if (!missing.length) return then();
    this.coordinator.fetchCommitted(missing, call(this, this.gotCommitted, missing, then), this.node.now() + this.cfg('request.timeout.ms'));
  }

  private gotCommitted(missing: TopicPartition[], then: Call, committed: Map<TopicPartition, number> | null, error: string | null): void {
    if (error || !committed) {
      this.errors.push({ error: error ?? 'UNKNOWN', time: this.node.now() });
      return then();
    }
    const reset: TopicPartition[] = [];
    for (const tp of missing) {
      const o = committed.get(tp) ?? -1;
      if (!this.coordinator.owned.includes(tp)) continue;
      if (o >= 0) this.positions.set(tp, o);
      else reset.push(tp);
    }
    this.resetPositions(reset, then);
  }

  /** auto.offset.reset: ListOffsets to each leader (earliest = log start, latest = high watermark). */
  private resetPositions(partitions: TopicPartition[], then: Call): void {
    if (!partitions.length) return then();
    if (this.options.autoOffsetReset === 'none') {
      this.errors.push({ error: 'NoOffsetForPartitionException', time: this.node.now(), partitions });
      this.ctx.emit('NoOffsetForPartition', { consumer: this.name, partitions });
      return then();
    }
    const all = new Countdown(partitions.length, then);
    const earliest = this.options.autoOffsetReset === 'earliest';
    for (const tp of partitions) {
      const leader = this.metadata.get(tp)?.leader ?? null;
      const req = {
        replicaId: -1,
        partitions: [{ topic: topicOf(tp), partition: partitionOf(tp), timestamp: earliest ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP, currentLeaderEpoch: -1 }],
        ...(this.readCommitted ? { isolationLevel: 'read_committed' as const } : {}),
      };
      this.node.request(
        leader === null ? undefined : this.cluster.brokers.get(leader),
        'ListOffsets',
        req,
        this.cfg('request.timeout.ms'),
        call(this, this.offsetListed, tp, all),
      );
    }
  }

  private offsetListed(tp: TopicPartition, all: Countdown, res: ResponseOf<'ListOffsets'> | null | undefined): void {
    const r = res?.[0];
    if (r && !r.error && this.coordinator.owned.includes(tp) && !this.positions.has(tp)) {
      this.positions.set(tp, r.offset);
      this.ctx.emit('OffsetReset', {
        consumer: this.name,
        topic: topicOf(tp),
        partition: partitionOf(tp),
        offset: r.offset,
        strategy: this.options.autoOffsetReset,
      });
    }
    all.tick();
  }

  // --- poll ---------------------------------------------------------------------------

  /** poll(): auto-commit if due, positions, then one fetch to each leader; up to `max` records. */
  poll(max: number, done: Call<[records: ConsumedRecord[]]>): void {
    this.lastPoll = this.node.now();
    if (this.options.autoCommit && this.node.now() >= this.nextAutoCommit && this.coordinator.state === 'stable') {
      this.nextAutoCommit = this.node.now() + this.options.autoCommitIntervalMs;
      this.commitPositions('autoCommit', NOOP);
    }
    this.updateFetchPositions(call(this, this.fetch, max, done));
  }

  private fetch(max: number, done: Call<[records: ConsumedRecord[]]>): void {
    const byLeader = new Map<number, TopicPartition[]>();
    let needMetadata = false;
    for (const tp of sortTopicPartitions(this.coordinator.owned)) {
      if (!this.positions.has(tp)) continue;
      const leader = this.metadata.get(tp)?.leader ?? null;
      if (leader === null) needMetadata = true;
      else byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
    }
    const round: FetchRound = { responses: [], pending: byLeader.size, needMetadata, max, done };
    if (!round.pending) return this.fetched(round);
    for (const [leader, tps] of [...byLeader].sort((a, b) => a[0] - b[0])) {
      const req = {
        replicaId: -1,
        maxWaitMs: FETCH_MAX_WAIT_MS,
        isolation: 'consumer' as const,
        ...(this.readCommitted ? { isolationLevel: 'read_committed' as const } : {}),
        partitions: tps.map((tp) => ({ topic: topicOf(tp), partition: partitionOf(tp), fetchOffset: this.positions.get(tp)!, currentLeaderEpoch: -1 })),
      };
      this.node.request(this.cluster.brokers.get(leader), 'Fetch', req, this.cfg('request.timeout.ms'), call(this, this.fetchAnswered, round));
    }
  }

  private fetchAnswered(round: FetchRound, r: FetchPartitionResponse[] | null, e: string | null): void {
    if (r) round.responses.push(...r);
    if (e || r?.some((x) => x.error === 'NOT_LEADER_OR_FOLLOWER')) round.needMetadata = true;
    if (--round.pending === 0) this.fetched(round);
  }

  private fetched(round: FetchRound): void {
    const records = this.collect(round.responses, round.max);
    if (round.needMetadata) this.refreshMetadata(NOOP);
    round.done(records);
  }

  /** The fetched records in partition order, from each position on, up to `max`; positions move past them. */
  private collect(responses: FetchPartitionResponse[], max: number): ConsumedRecord[] {
    const out: ConsumedRecord[] = [];
    const reset: TopicPartition[] = [];
    for (const r of [...responses].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))) {
      const tp = `${r.topic}-${r.partition}`;
      if (!this.coordinator.owned.includes(tp) || !this.positions.has(tp)) continue;
      if (r.error === 'OFFSET_OUT_OF_RANGE') {
        this.positions.delete(tp);
        reset.push(tp);
        continue;
      }
      if (r.error) continue;
      this.highWatermarks.set(tp, r.highWatermark);
      const pos = this.positions.get(tp)!;
      // CompletedFetch.nextFetchedRecord: control records move the position but are never returned; with
      // read_committed, batches of aborted transactions are skipped
      const fetched = completedFetchRecords(
        r.batches.map((b) => decodeRecordBatch(b.bytes)),
        pos,
        this.readCommitted ? 'read_committed' : 'read_uncommitted',
        r.abortedTransactions ?? [],
      );
      let next = fetched.nextFetchOffset;
      for (const rec of fetched.records) {
        if (out.length >= max) {
          next = rec.offset;
          break;
        }
        // frozen: never changed once consumed, so a checkpoint shares it instead of copying (sim/snapshot.ts)
        out.push(
          Object.freeze({
            topic: r.topic,
            partition: r.partition,
            offset: rec.offset,
            key: rec.key ? dec.decode(rec.key) : null,
            value: rec.value ? dec.decode(rec.value) : null,
          }),
        );
      }
      this.positions.set(tp, next);
    }
    if (reset.length) this.resetPositions(reset, NOOP);
    this.consumed.push(...out);
    const counts: Record<string, number> = {};
    for (const rec of out) counts[`${rec.topic}-${rec.partition}`] = (counts[`${rec.topic}-${rec.partition}`] ?? 0) + 1;
    this.ctx.emit('Polled', {
      consumer: this.name,
      group: this.options.group,
      records: out.length,
      partitions: counts,
      first: out[0] ? { topic: out[0].topic, partition: out[0].partition, offset: out[0].offset } : null,
    });
    return out;
  }
}
