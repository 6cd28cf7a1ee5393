// The consumer's side of the consumer protocol (KIP-848; clients' ConsumerMembershipManager and
// ConsumerHeartbeatRequestManager, Kafka 4.0, group.protocol=consumer): the member generates its id (KIP-1082),
// joins with member epoch 0 and then only heartbeats. A heartbeat answer may carry a new assignment: the member
// revokes what it lost (committing first with auto-commit), takes what it gained, and acknowledges at once with its
// owned partitions in the next heartbeat. It never waits for other members, and never stops fetching from the
// partitions it keeps.
import type { Broker } from '../broker/Broker';
import type { EventMap, MemberEvent } from '../events';
import type { ApiName, RequestOf, ResponseOf } from '../apis';
import { sortTopicPartitions, topicOf, partitionOf, type TopicPartition } from './rules';
import { COORDINATOR_ERRORS, NO_GENERATION } from './protocol';
import type { Consumer } from './Consumer';
import type { MemberState, Membership } from './membership';
import { randomUuid } from './rules/kafkaUuid';
import { call, type Call } from '../sim/call';

type Done<A extends ApiName> = Call<[r: ResponseOf<A> | null, error: string | null]>;

/** group.consumer.heartbeat.interval.ms until the coordinator says otherwise */
const INITIAL_HEARTBEAT_MS = 5000;

export class ConsumerProtocolMember implements Membership {
  state: MemberState = 'unjoined';
  memberId: string;
  /** the member epoch (the dump's generation) */
  generation = NO_GENERATION;
  coordinatorId: number | null = null;
  owned: TopicPartition[] = [];
  joinCount = 0;
  fatalError: string | null = null;
  private heartbeatIntervalMs = INITIAL_HEARTBEAT_MS;
  /** what the last heartbeat told the coordinator (null fields are "unchanged") */
  private sentOwned: string | null = null;
  private sentTopics: string | null = null;
  private inFlight = false;
  private nextBeat = 0;
  private reconciling = false;

  constructor(private c: Consumer) {
    this.memberId = randomUuid(() => c.ctx.prng.nextUint32());
  }

  private get group(): string {
    return this.c.options.group;
  }

  private emit<K extends MemberEvent>(type: K, fields: Omit<EventMap[K], 'group' | 'member'>): void {
    this.c.ctx.emit(type, { group: this.group, member: this.c.name, ...fields } as EventMap[K]);
  }

  get rebalancing(): boolean {
    return this.state === 'joining' || this.state === 'unjoined' || this.reconciling;
  }

  private broker(id: number | null): Broker | undefined {
    return id === null ? undefined : this.c.cluster.brokers.get(id);
  }

  private ensureCoordinator(then: Call): void {
    if (this.coordinatorId !== null) return then();
    const b = this.c.leastLoadedBroker();
    if (!b) return void this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.ensureCoordinator, then));
    this.c.node.request(b, 'FindCoordinator', { groupId: this.group }, this.c.cfg('request.timeout.ms'), call(this, this.onFindCoordinator, then));
  }

  private onFindCoordinator(then: Call, r: ResponseOf<'FindCoordinator'> | null): void {
    if (r && !r.error) {
      this.coordinatorId = r.nodeId;
      this.emit('CoordinatorFound', { coordinator: r.nodeId });
      return then();
    }
    this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.ensureCoordinator, then));
  }

  private toCoordinator<A extends ApiName>(api: A, body: RequestOf<A>, done: Done<A>): void {
    this.ensureCoordinator(call(this, this.sendToCoordinator, api as ApiName, body as never, done as Done<ApiName>));
  }

  private sendToCoordinator(api: ApiName, body: RequestOf<ApiName>, done: Done<ApiName>): void {
    this.c.node.request(this.broker(this.coordinatorId), api, body, this.c.cfg('request.timeout.ms'), call(this, this.fromCoordinator, done));
  }

  private fromCoordinator(done: Done<ApiName>, r: ResponseOf<ApiName> | null, e: string | null): void {
    if (e && COORDINATOR_ERRORS.has(e)) {
      if (this.coordinatorId !== null) this.emit('CoordinatorLost', { coordinator: this.coordinatorId });
      this.coordinatorId = null;
    }
    done(r, e);
  }

  // --- joining and heartbeats ----------------------------------------------------------

  joinGroup(): void {
    if (this.fatalError) return;
    this.state = 'joining';
    this.generation = 0;
    this.sentOwned = null;
    this.sentTopics = null;
    this.heartbeat();
  }

  requestRejoin(reason: string): void {
    // a new subscription travels with the next heartbeat; nobody else stops
    if (this.state === 'left' || this.fatalError) return;
    this.emit('RejoinRequested', { reason });
    if (this.state === 'unjoined') return this.joinGroup();
    this.heartbeat();
  }

  ensureActiveGroup(): void {
    if (this.state === 'unjoined' && !this.fatalError) this.joinGroup();
  }

  checkMetadata(): void {
    // the coordinator watches the subscribed topics' partitions itself (subscription metadata)
  }

  /** ConsumerHeartbeatRequestManager: one heartbeat in flight; the next after heartbeatIntervalMs, or at once to acknowledge. */
  private heartbeat(): void {
    if (this.inFlight || this.state === 'left' || this.fatalError) return;
    this.inFlight = true;
    const owned = JSON.stringify(sortTopicPartitions(this.owned));
    const topics = JSON.stringify([...this.c.options.topics].sort());
    const full = this.generation === 0;
    const byTopic: Record<string, number[]> = {};
    for (const tp of this.owned) (byTopic[topicOf(tp)] ??= []).push(partitionOf(tp));
    const req = {
      groupId: this.group,
      memberId: this.memberId,
      memberEpoch: this.generation,
      clientId: this.c.name,
      rebalanceTimeoutMs: full ? this.c.cfg('max.poll.interval.ms') : -1,
      subscribedTopicNames: full || topics !== this.sentTopics ? [...this.c.options.topics].sort() : null,
      serverAssignor: full ? (this.c.options.serverAssignor ?? null) : null,
      topicPartitions: full || owned !== this.sentOwned ? byTopic : null,
    };
    this.toCoordinator('ConsumerGroupHeartbeat', req, call(this, this.onHeartbeatResponse, owned, topics, this.generation));
  }

  private onHeartbeatResponse(owned: string, topics: string, epoch: number, r: ResponseOf<'ConsumerGroupHeartbeat'> | null, e: string | null): void {
    this.inFlight = false;
    if (this.state === 'left' || this.fatalError) return;
    const error = e ?? r!.error;
    if (!error) {
      this.sentOwned = owned;
      this.sentTopics = topics;
      return this.onHeartbeat(r!);
    }
    if (error === 'FENCED_MEMBER_EPOCH' || error === 'UNKNOWN_MEMBER_ID') return this.fenced(error, epoch);
    if (error === 'GROUP_ID_NOT_FOUND' || error === 'UNSUPPORTED_VERSION' || error === 'GROUP_MAX_SIZE_REACHED') {
      this.fatalError = error;
      this.state = 'unjoined';
      return this.emit('ConsumerFailed', { error });
    }
    this.schedule(this.c.cfg('retry.backoff.ms'));
  }

  private schedule(ms: number): void {
    const at = this.c.node.now() + ms;
    this.nextBeat = at;
    this.c.node.timer(ms, call(this, this.heartbeatDue, at));
  }

  private heartbeatDue(at: number): void {
    if (this.nextBeat === at) this.heartbeat();
  }

  private onHeartbeat(r: ResponseOf<'ConsumerGroupHeartbeat'>): void {
    this.heartbeatIntervalMs = r.heartbeatIntervalMs || INITIAL_HEARTBEAT_MS;
    if (this.state === 'joining') this.state = 'stable';
    this.generation = r.memberEpoch;
    if (r.assignment === null) return this.schedule(this.heartbeatIntervalMs);
    this.reconcile(sortTopicPartitions(r.assignment));
  }

  /** ConsumerMembershipManager.maybeReconcile: revoke (commit first), assign, then acknowledge with a heartbeat. */
  private reconcile(target: TopicPartition[]): void {
    const revoked = this.owned.filter((tp) => !target.includes(tp));
    const added = target.filter((tp) => !this.owned.includes(tp));
    this.reconciling = true;
    if (revoked.length && this.c.options.autoCommit && this.c.positions.size)
      this.c.commitPositions('autoCommitOnRevocation', call(this, this.reconciled, target, revoked, added));
    else this.reconciled(target, revoked, added);
  }

  private reconciled(target: TopicPartition[], revoked: TopicPartition[], added: TopicPartition[]): void {
    if (this.state === 'left') return;
    if (revoked.length) {
      this.owned = this.owned.filter((tp) => !revoked.includes(tp));
      this.c.dropPositions(revoked);
      this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(revoked) });
    }
    this.owned = [...target];
    this.reconciling = false;
    this.joinCount += 1;
    if (added.length) this.emit('PartitionsAssigned', { generation: this.generation, partitions: added, assignment: target });
    // the acknowledgement goes at once, with the partitions now owned
    if (revoked.length || added.length) this.heartbeat();
    else this.schedule(this.heartbeatIntervalMs);
  }

  /** transitionToFenced: every partition is lost (no commit), and the member joins again with epoch 0. */
  private fenced(error: string, epoch: number): void {
    if (epoch !== this.generation) return this.heartbeat();
    if (this.owned.length) {
      const lost = this.owned;
      this.owned = [];
      this.c.dropPositions(lost);
      this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(lost), lost: true });
    }
    this.emit('RejoinRequested', { reason: error === 'UNKNOWN_MEMBER_ID' ? 'unknownMemberId' : 'fencedMemberEpoch' });
    this.joinGroup();
  }

  // --- offsets and leave ------------------------------------------------------------------

  commitOffsets(offsets: { topic: string; partition: number; offset: number }[], done: Call<[error: string | null]>, deadline: number): void {
    const req = { groupId: this.group, generationId: this.generation, memberId: this.memberId, offsets: offsets.map((o) => ({ ...o, leaderEpoch: -1 })) };
    this.toCoordinator('OffsetCommit', req, call(this, this.onOffsetCommitResponse, offsets, done, deadline));
  }

  private onOffsetCommitResponse(
    offsets: { topic: string; partition: number; offset: number }[],
    done: Call<[error: string | null]>,
    deadline: number,
    r: ResponseOf<'OffsetCommit'> | null,
    e: string | null,
  ): void {
    const error = e ?? r!.error;
    if (error && (COORDINATOR_ERRORS.has(error) || error === 'STALE_MEMBER_EPOCH') && this.c.node.now() < deadline) {
      this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.commitOffsets, offsets, done, deadline));
      return;
    }
    done(error === 'UNKNOWN_MEMBER_ID' || error === 'FENCED_MEMBER_EPOCH' ? 'CommitFailedException' : error);
  }

  fetchCommitted(partitions: TopicPartition[], done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>, deadline: number): void {
    this.toCoordinator('OffsetFetch', { groupId: this.group, partitions }, call(this, this.onOffsetFetchResponse, partitions, done, deadline));
  }

  private onOffsetFetchResponse(
    partitions: TopicPartition[],
    done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>,
    deadline: number,
    r: ResponseOf<'OffsetFetch'> | null,
    e: string | null,
  ): void {
    const error = e ?? r!.error;
    if (error && COORDINATOR_ERRORS.has(error) && this.c.node.now() < deadline) {
      this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.fetchCommitted, partitions, done, deadline));
      return;
    }
    if (error) return done(null, error);
    done(new Map(r!.offsets.map((o) => [`${o.topic}-${o.partition}`, o.offset])), null);
  }

  /** close(): revoke, then a heartbeat with member epoch -1. */
  leaveGroup(done: Call): void {
    if (this.owned.length) {
      this.c.dropPositions(this.owned);
      this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(this.owned) });
      this.owned = [];
    }
    const wasMember = this.generation > 0;
    this.state = 'left';
    if (!wasMember) return done();
    const req = {
      groupId: this.group,
      memberId: this.memberId,
      memberEpoch: -1,
      clientId: this.c.name,
      rebalanceTimeoutMs: -1,
      subscribedTopicNames: null,
      serverAssignor: null,
      topicPartitions: null,
    };
    this.toCoordinator('ConsumerGroupHeartbeat', req, done);
  }
}
