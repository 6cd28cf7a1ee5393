// The consumer's side of the group protocol (clients/.../consumer/internals/AbstractCoordinator.java and
// ConsumerCoordinator.java): FindCoordinator, JoinGroup (the leader runs the assignor), SyncGroup, the
// heartbeat thread, eager and cooperative (KIP-429) revocation, offset commit and fetch, LeaveGroup.
import type { Broker } from '../broker/Broker';
import type { EventMap, MemberEvent } from '../events';
import type { ApiName, RequestOf, ResponseOf } from '../apis';
import { assignors, sortTopicPartitions, topicOf, type MemberSubscription, type TopicPartition } from './rules';
import {
  COORDINATOR_ERRORS,
  NO_GENERATION,
  UNKNOWN_MEMBER_ID,
  type FindCoordinatorResponse,
  type JoinGroupResponse,
  type OffsetCommitResponse,
  type OffsetFetchResponse,
  type Subscription,
  type SyncGroupResponse,
} from './protocol';
import type { Consumer } from './Consumer';
import type { MemberState, Membership } from './membership';
import { nameMap } from '../names';
import { call, NOOP, type Call } from '../sim/call';

type Done<A extends ApiName> = Call<[r: ResponseOf<A> | null, error: string | null]>;

export type { MemberState } from './membership';

export class ConsumerCoordinator implements Membership {
  state: MemberState = 'unjoined';
  memberId = UNKNOWN_MEMBER_ID;
  generation = NO_GENERATION;
  coordinatorId: number | null = null;
  isLeader = false;
  /** the partitions this member owns now */
  owned: TopicPartition[] = [];
  /** the last assignment received (the eager sticky assignor's user data) */
  lastAssignment: TopicPartition[] = [];
  /** rebalances completed by this member (a step waits for the next one) */
  joinCount = 0;
  /** partition counts of the subscribed topics when this member, as leader, last assigned */
  assignmentSnapshot: Record<string, number> | null = null;
  private needsJoinPrepare = true;
  private rejoinPending = false;
  private heartbeatScheduled = false;
  fatalError: string | null = null;

  constructor(private c: Consumer) {}

  private get group(): string {
    return this.c.options.group;
  }

  private emit<K extends MemberEvent>(type: K, fields: Omit<EventMap[K], 'group' | 'member'>): void {
    this.c.ctx.emit(type, { group: this.group, member: this.c.name, ...fields } as EventMap[K]);
  }

  private get protocol() {
    return assignors[this.c.options.assignor].protocol;
  }

  get rebalancing(): boolean {
    return this.state === 'joining' || this.state === 'syncing' || this.state === 'unjoined';
  }

  private broker(id: number | null): Broker | undefined {
    return id === null ? undefined : this.c.cluster.brokers.get(id);
  }

  // --- coordinator lookup ---------------------------------------------------------------

  ensureCoordinator(then: Call): void {
    if (this.coordinatorId !== null) return then();
    const b = this.c.leastLoadedBroker();
    if (!b) {
      this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.ensureCoordinator, then));
      return;
    }
    this.c.node.request(b, 'FindCoordinator', { groupId: this.group }, this.c.cfg('request.timeout.ms'), call(this, this.onFindCoordinator, then));
  }

  private onFindCoordinator(then: Call, r: FindCoordinatorResponse | null): void {
    if (r && !r.error) {
      this.coordinatorId = r.nodeId;
      this.emit('CoordinatorFound', { coordinator: r.nodeId });
      return then();
    }
    this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.ensureCoordinator, then));
  }

  private markCoordinatorUnknown(): void {
    if (this.coordinatorId !== null) this.emit('CoordinatorLost', { coordinator: this.coordinatorId });
    this.coordinatorId = null;
  }

  /** Sends a request to the coordinator; coordinator errors mark it unknown (the caller decides to retry). */
  private toCoordinator<A extends ApiName>(api: A, body: RequestOf<A>, timeoutMs: number, done: Done<A>): void {
    this.ensureCoordinator(call(this, this.sendToCoordinator, api, body as never, timeoutMs, done as Done<ApiName>));
  }

  private sendToCoordinator(api: ApiName, body: RequestOf<ApiName>, timeoutMs: number, done: Done<ApiName>): void {
    this.c.node.request(this.broker(this.coordinatorId), api, body, timeoutMs, call(this, this.fromCoordinator, done));
  }

  private fromCoordinator(done: Done<ApiName>, r: ResponseOf<ApiName> | null, e: string | null): void {
    if (e && COORDINATOR_ERRORS.has(e)) this.markCoordinatorUnknown();
    done(r, e);
  }

  // --- join and sync --------------------------------------------------------------------

  /** requestRejoin: the next join starts now (the application's poll loop is always running here). */
  requestRejoin(reason: string): void {
    if (this.state === 'left' || this.fatalError) return;
    if (this.state === 'joining' || this.state === 'syncing') {
      this.rejoinPending = true;
      return;
    }
    this.emit('RejoinRequested', { reason });
    this.joinGroup();
  }

  joinGroup(): void {
    this.state = 'joining';
    this.rejoinPending = false;
    if (!this.needsJoinPrepare) return this.sendJoinGroup();
    this.needsJoinPrepare = false;
    this.onJoinPrepare(call(this, this.sendJoinGroup));
  }

  /** ConsumerCoordinator.onJoinPrepare: auto-commit, then eager revokes everything, cooperative what is unsubscribed. */
  private onJoinPrepare(then: Call): void {
    if (this.c.options.autoCommit && this.generation !== NO_GENERATION && this.owned.length)
      this.c.commitPositions('autoCommitOnRebalance', call(this, this.revokeBeforeJoin, then));
    else this.revokeBeforeJoin(then);
  }

  private revokeBeforeJoin(then: Call): void {
    if (this.generation === NO_GENERATION && this.owned.length) return this.lose(this.owned, then);
    const revoked = this.protocol === 'eager' ? this.owned : this.owned.filter((tp) => !this.c.options.topics.includes(topicOf(tp)));
    this.revoke(revoked);
    then();
  }

  revoke(partitions: TopicPartition[]): void {
    if (!partitions.length) return;
    const set = new Set(partitions);
    this.owned = this.owned.filter((tp) => !set.has(tp));
    this.c.dropPositions(partitions);
    this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(partitions) });
  }

  /** onPartitionsLost: the member fell out of the group; its partitions are gone without a commit. */
  private lose(partitions: TopicPartition[], then: Call): void {
    const lost = [...partitions];
    this.owned = [];
    this.c.dropPositions(lost);
    this.emit('PartitionsRevoked', { partitions: sortTopicPartitions(lost), lost: true });
    then();
  }

  private subscription(): Subscription {
    const ownedForAssignor = this.c.options.assignor === 'sticky' ? this.lastAssignment : this.owned;
    return { topics: [...this.c.options.topics].sort(), ownedPartitions: sortTopicPartitions(ownedForAssignor), generation: this.generation };
  }

  private sendJoinGroup(): void {
    const rebalanceTimeoutMs = this.c.cfg('max.poll.interval.ms');
    const req = {
      groupId: this.group,
      memberId: this.memberId,
      clientId: this.c.name,
      sessionTimeoutMs: this.c.cfg('session.timeout.ms'),
      rebalanceTimeoutMs,
      protocols: [{ name: this.c.options.assignor, subscription: this.subscription() }],
      reason: '',
    };
    this.toCoordinator('JoinGroup', req, rebalanceTimeoutMs + 5000, call(this, this.onJoinGroupResponse));
  }

  private onJoinGroupResponse(r: JoinGroupResponse | null, e: string | null): void {
    if (this.state !== 'joining') return; // closed (or left on a poll timeout) meanwhile
    const error = e ?? r!.error;
    if (error === 'MEMBER_ID_REQUIRED') {
      this.memberId = r!.memberId;
      return this.sendJoinGroup();
    }
    if (error === 'INCONSISTENT_GROUP_PROTOCOL') {
      this.fatalError = error;
      this.state = 'unjoined';
      this.emit('ConsumerFailed', { error });
      return;
    }
    if (error) return this.retryJoin(error);
    this.memberId = r!.memberId;
    this.generation = r!.generationId;
    this.isLeader = r!.leader === r!.memberId;
    this.state = 'syncing';
    const assignments = this.isLeader ? this.performAssignment(r!) : {};
    this.sendSyncGroup(assignments);
  }

  private retryJoin(error: string): void {
    if (error === 'UNKNOWN_MEMBER_ID' || error === 'ILLEGAL_GENERATION') this.resetGeneration(error === 'UNKNOWN_MEMBER_ID');
    this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.joinAgain));
  }

  private joinAgain(): void {
    if (this.state === 'joining') this.sendJoinGroup();
  }

  private resetGeneration(forgetMemberId: boolean): void {
    this.generation = NO_GENERATION;
    if (forgetMemberId) this.memberId = UNKNOWN_MEMBER_ID;
  }

  /** The leader's ConsumerCoordinator.onLeaderElected: run the group's assignor over the members' subscriptions. */
  private performAssignment(r: JoinGroupResponse): Record<string, TopicPartition[]> {
    const topics = new Set<string>();
    for (const m of r.members) for (const t of m.subscription.topics) topics.add(t);
    const partitionsPerTopic = nameMap<number>();
    for (const t of [...topics].sort()) {
      const n = this.c.partitionCount(t);
      if (n > 0) partitionsPerTopic[t] = n;
    }
    this.assignmentSnapshot = partitionsPerTopic;
    const members: MemberSubscription[] = r.members.map((m) => ({
      memberId: m.memberId,
      topics: m.subscription.topics,
      ownedPartitions: m.subscription.ownedPartitions,
      generation: m.subscription.generation,
    }));
    const assignment = assignors[r.protocolName!].assign(partitionsPerTopic, members);
    this.emit('AssignmentComputed', {
      generation: r.generationId,
      protocol: r.protocolName,
      partitionsPerTopic,
      assignment: Object.fromEntries(r.members.map((m) => [m.clientId, assignment[m.memberId] ?? []])),
    });
    return assignment;
  }

  private sendSyncGroup(assignments: Record<string, TopicPartition[]>): void {
    const req = { groupId: this.group, generationId: this.generation, memberId: this.memberId, assignments };
    this.toCoordinator('SyncGroup', req, this.c.cfg('request.timeout.ms'), call(this, this.onSyncGroupResponse));
  }

  private onSyncGroupResponse(r: SyncGroupResponse | null, e: string | null): void {
    if (this.state !== 'syncing') return;
    const error = e ?? r!.error;
    if (error) {
      this.state = 'joining';
      return this.retryJoin(error);
    }
    this.onJoinComplete(r!.assignment);
  }

  /** ConsumerCoordinator.onJoinComplete */
  private onJoinComplete(assignment: TopicPartition[]): void {
    const assigned = sortTopicPartitions(assignment);
    let added = assigned;
    let revokedNow: TopicPartition[] = [];
    if (this.protocol === 'cooperative') {
      added = assigned.filter((tp) => !this.owned.includes(tp));
      revokedNow = this.owned.filter((tp) => !assigned.includes(tp));
      this.revoke(revokedNow);
    }
    this.owned = assigned;
    this.lastAssignment = assigned;
    this.state = 'stable';
    this.needsJoinPrepare = true;
    this.joinCount += 1;
    this.emit('PartitionsAssigned', { generation: this.generation, partitions: added, assignment: assigned });
    this.scheduleHeartbeat();
    if (revokedNow.length) this.requestRejoin('revokedPartitions');
    else if (this.rejoinPending) this.requestRejoin('rejoinPending');
  }

  // --- heartbeat thread -------------------------------------------------------------------

  private scheduleHeartbeat(): void {
    if (this.heartbeatScheduled) return;
    this.heartbeatScheduled = true;
    this.c.node.timer(this.c.cfg('heartbeat.interval.ms'), call(this, this.heartbeatDue));
  }

  private heartbeatDue(): void {
    this.heartbeatScheduled = false;
    if (this.state !== 'stable') return;
    if (this.c.node.now() - this.c.lastPoll > this.c.cfg('max.poll.interval.ms')) return this.pollTimeoutExpired();
    this.sendHeartbeat();
  }

  /** The heartbeat thread's check: the application has not called poll() within max.poll.interval.ms, so it leaves. */
  private pollTimeoutExpired(): void {
    this.emit('PollTimeoutExpired', { lastPoll: this.c.lastPoll, maxPollIntervalMs: this.c.cfg('max.poll.interval.ms') });
    const req = { groupId: this.group, memberId: this.memberId, reason: 'pollTimeout' };
    this.toCoordinator('LeaveGroup', req, this.c.cfg('request.timeout.ms'), NOOP);
    // resetGenerationOnLeaveGroup: the next poll() rejoins as a new member; what it owned is lost then
    this.resetGeneration(true);
    this.state = 'unjoined';
  }

  /** poll() first makes sure the member is in the group (after a poll timeout it joins again). */
  ensureActiveGroup(): void {
    if (this.state === 'unjoined' && !this.fatalError) this.joinGroup();
  }

  private sendHeartbeat(): void {
    const req = { groupId: this.group, generationId: this.generation, memberId: this.memberId };
    this.toCoordinator('Heartbeat', req, this.c.cfg('request.timeout.ms'), call(this, this.onHeartbeatResponse, this.generation));
  }

  private onHeartbeatResponse(gen: number, r: string | null, e: string | null): void {
    if (this.state !== 'stable' || gen !== this.generation) return;
    const error = e ?? r;
    if (error === 'REBALANCE_IN_PROGRESS') return this.requestRejoin('rebalanceInProgress');
    if (error === 'UNKNOWN_MEMBER_ID' || error === 'ILLEGAL_GENERATION') {
      this.resetGeneration(error === 'UNKNOWN_MEMBER_ID');
      return this.requestRejoin(error === 'UNKNOWN_MEMBER_ID' ? 'unknownMemberId' : 'illegalGeneration');
    }
    this.scheduleHeartbeat();
  }

  // --- offsets and leave --------------------------------------------------------------

  commitOffsets(offsets: { topic: string; partition: number; offset: number }[], done: Call<[error: string | null]>, deadline: number): void {
    const req = { groupId: this.group, generationId: this.generation, memberId: this.memberId, offsets: offsets.map((o) => ({ ...o, leaderEpoch: -1 })) };
    this.toCoordinator('OffsetCommit', req, this.c.cfg('request.timeout.ms'), call(this, this.onOffsetCommitResponse, offsets, done, deadline));
  }

  private onOffsetCommitResponse(
    offsets: { topic: string; partition: number; offset: number }[],
    done: Call<[error: string | null]>,
    deadline: number,
    r: OffsetCommitResponse | null,
    e: string | null,
  ): void {
    const error = e ?? r!.error;
    if (error && COORDINATOR_ERRORS.has(error) && this.c.node.now() < deadline) {
      this.c.node.timer(this.c.cfg('retry.backoff.ms'), call(this, this.commitOffsets, offsets, done, deadline));
      return;
    }
    if (error === 'UNKNOWN_MEMBER_ID' || error === 'ILLEGAL_GENERATION') {
      // CommitFailedException: the member is no longer part of that generation (a rebalance in progress
      // is already taking care of it; otherwise it rejoins)
      if (this.state === 'stable') {
        this.resetGeneration(error === 'UNKNOWN_MEMBER_ID');
        this.requestRejoin('commitFailed');
      }
      return done('CommitFailedException');
    }
    done(error);
  }

  fetchCommitted(partitions: TopicPartition[], done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>, deadline: number): void {
    this.toCoordinator(
      'OffsetFetch',
      { groupId: this.group, partitions },
      this.c.cfg('request.timeout.ms'),
      call(this, this.onOffsetFetchResponse, partitions, done, deadline),
    );
  }

  private onOffsetFetchResponse(
    partitions: TopicPartition[],
    done: Call<[offsets: Map<TopicPartition, number> | null, error: string | null]>,
    deadline: number,
    r: OffsetFetchResponse | null,
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

  /** close(): revoke (onPartitionsRevoked), then LeaveGroup. */
  leaveGroup(done: Call): void {
    this.revoke(this.owned);
    const req = { groupId: this.group, memberId: this.memberId, reason: 'close' };
    const wasMember = this.memberId !== UNKNOWN_MEMBER_ID && this.generation !== NO_GENERATION;
    this.state = 'left';
    if (!wasMember && this.memberId === UNKNOWN_MEMBER_ID) return done();
    this.toCoordinator('LeaveGroup', req, this.c.cfg('request.timeout.ms'), done);
  }

  /** The leader checks the subscribed topics' partition counts against its last assignment's. */
  checkMetadata(): void {
    if (!this.isLeader || this.state !== 'stable' || !this.assignmentSnapshot) return;
    for (const t of Object.keys(this.assignmentSnapshot)) {
      if (this.c.partitionCount(t) !== this.assignmentSnapshot[t]) return this.requestRejoin('metadataChanged');
    }
  }
}
