// The classic group coordinator of one broker (core/.../coordinator/group/GroupCoordinator.scala): it
// serves the groups whose __consumer_offsets partition this broker leads, loads them from that partition
// when it becomes leader (onElection) and drops them when it stops being leader (onResignation).
import type { Broker } from '../broker/Broker';
import type { EventMap, EventType } from '../events';
import { GroupMetadata, MemberMetadata } from './GroupMetadata';
import { appendOffsets, groupMetadataRecord, offsetCommitRecord, replayOffsets, type LoadedGroup } from './offsetsTopic';
import {
  NO_GENERATION,
  OFFSETS_TOPIC,
  UNKNOWN_MEMBER_ID,
  type HeartbeatRequest,
  type JoinGroupRequest,
  type JoinGroupResponse,
  type LeaveGroupRequest,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
  type OffsetFetchResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from './protocol';
import { compareTopicPartitions, type GroupState, type TopicPartition } from './rules';
import { ConsumerGroups, type ConsumerGroup } from './ConsumerGroups';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from './protocol';
import { call, NOOP, type Call } from '../sim/call';

export interface CoordinatorHost {
  partitionFor(groupId: string): number;
  /** a broker took over a __consumer_offsets partition: the groups it now coordinates */
  onElection(broker: number, partition: number, groups: string[]): void;
  /** a topic's id (drawn once per topic) and back, for the consumer protocol's assignors */
  topicId(topic: string): string;
  topicName(id: string): string | null;
}

export class GroupCoordinator {
  readonly groups = new Map<string, GroupMetadata>();
  /** __consumer_offsets partitions this broker leads and has loaded */
  private owned = new Set<number>();
  private incarnation = -1;
  /** the consumer protocol's groups (KIP-848), beside the classic ones, in the same group id space */
  readonly modern: ConsumerGroups;

  constructor(
    readonly broker: Broker,
    private host: CoordinatorHost,
  ) {
    this.modern = new ConsumerGroups(this);
  }

  // --- what the consumer protocol's groups ask (ConsumerGroupsHost) ---

  topicId(topic: string): string {
    return this.host.topicId(topic);
  }

  topicName(id: string): string | null {
    return this.host.topicName(id);
  }

  /** the partition count of a topic as this broker's metadata knows it */
  numPartitions(topic: string): number {
    let n = 0;
    for (const s of this.broker.metadata.partitions.values()) if (s.topic === topic) n = Math.max(n, s.partition + 1);
    return n;
  }

  private emit<K extends EventType>(type: K, fields: EventMap[K]): void {
    this.broker.ctx.emit(type, fields);
  }

  private cfg(key: string): number {
    return this.broker.config.num(key);
  }

  /** Brings the coordinator in line with the broker: a restarted process starts empty; leadership decides the rest. */
  sync(): void {
    const b = this.broker;
    if (b.incarnation !== this.incarnation) {
      this.groups.clear();
      this.modern.groups.clear();
      this.owned.clear();
      this.incarnation = b.incarnation;
    }
    if (!b.isUp) return;
    for (const n of [...this.owned]) {
      const p = b.replicaManager.getPartition(OFFSETS_TOPIC, n);
      if (!p || !p.isLeader) this.onResignation(n);
    }
    const led = [...b.replicaManager.partitions.values()].filter((p) => p.topic === OFFSETS_TOPIC && p.isLeader && !this.owned.has(p.partition));
    for (const p of led.sort((x, y) => x.partition - y.partition)) this.onElection(p.partition);
  }

  /** GroupMetadataManager.loadGroupsAndOffsets: replay the partition's records. */
  private onElection(partition: number): void {
    const p = this.broker.replicaManager.getPartition(OFFSETS_TOPIC, partition)!;
    const { groups, records } = replayOffsets(p);
    this.owned.add(partition);
    for (const [id, loaded] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) this.loadGroup(id, loaded);
    if (records > 0) this.emit('CoordinatorLoaded', { broker: this.broker.id, partition, records, groups: [...groups.keys()].sort() });
    this.host.onElection(this.broker.id, partition, [...groups.keys()].sort());
  }

  /** GroupMetadataManager.loadGroup + GroupCoordinator.onGroupLoaded: members resume, their session timers restart. */
  private loadGroup(id: string, loaded: LoadedGroup): void {
    const g = this.newGroup(id);
    for (const [tp, o] of loaded.offsets) g.offsets.set(tp, o);
    const v = loaded.metadata;
    if (!v) return;
    g.generationId = v.generation;
    for (const m of v.members) {
      const member = new MemberMetadata(m.memberId, m.clientId, m.sessionTimeout, m.rebalanceTimeout, [
        { name: v.protocol ?? 'range', subscription: m.subscription },
      ]);
      member.assignment = m.assignment;
      member.isNew = false;
      g.add(member);
    }
    g.leaderId = v.leader;
    g.protocolName = v.protocol;
    if (g.members.size) {
      g.state = 'Stable';
      this.emit('GroupStateChanged', { group: id, from: null, to: 'Stable', generation: g.generationId, loaded: true });
      for (const m of g.members.values()) this.scheduleHeartbeatExpiration(g, m);
    }
  }

  /** GroupMetadataManager.storeGroup: the generation's members and assignment, written with acks=all. */
  private storeGroup(g: GroupMetadata, done: Call<[error: string | null]>): void {
    const value = {
      protocolType: 'consumer',
      generation: g.generationId,
      protocol: g.protocolName,
      leader: g.leaderId,
      currentStateTimestamp: this.broker.now(),
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: `/${m.clientId}`,
        rebalanceTimeout: m.rebalanceTimeoutMs,
        sessionTimeout: m.sessionTimeoutMs,
        subscription: m.subscriptionFor(g.protocolName),
        assignment: m.assignment,
      })),
    };
    appendOffsets(this.broker, this.host.partitionFor(g.groupId), [groupMetadataRecord(g.groupId, value, this.broker.now())], done);
  }

  /** GroupCoordinator.onResignation: the groups of the partition become Dead here; their members look elsewhere. */
  private onResignation(partition: number): void {
    this.owned.delete(partition);
    this.modern.unload((id) => this.host.partitionFor(id) === partition);
    const unloaded: string[] = [];
    for (const g of [...this.groups.values()]) {
      if (this.host.partitionFor(g.groupId) !== partition) continue;
      unloaded.push(g.groupId);
      this.broker.ctx.scheduler.cancel(g.joinTimer);
      for (const m of g.members.values()) {
        this.broker.ctx.scheduler.cancel(m.heartbeatTimer);
        m.awaitingJoin?.(this.joinError('NOT_COORDINATOR', m.memberId));
        m.awaitingSync?.({ error: 'NOT_COORDINATOR', assignment: [] });
      }
      g.transitionTo('Dead');
      this.groups.delete(g.groupId);
    }
    if (unloaded.length) this.emit('CoordinatorUnloaded', { broker: this.broker.id, partition, groups: unloaded.sort() });
  }

  /** The group if this broker coordinates it now; no side effects (the state dump reads this). */
  peek(groupId: string): GroupMetadata | undefined {
    const b = this.broker;
    if (b.incarnation !== this.incarnation || !b.isUp) return undefined;
    const n = this.host.partitionFor(groupId);
    if (!this.owned.has(n) || !b.replicaManager.getPartition(OFFSETS_TOPIC, n)?.isLeader) return undefined;
    return this.groups.get(groupId);
  }

  peekGroupIds(): string[] {
    return [...new Set([...this.groups.keys(), ...this.modern.groups.keys()])].filter((g) => this.peek(g) !== undefined || this.peekModern(g) !== undefined);
  }

  /** A consumer-protocol group, if this broker coordinates it now (no side effects). */
  peekModern(groupId: string): ConsumerGroup | undefined {
    const b = this.broker;
    if (b.incarnation !== this.incarnation || !b.isUp) return undefined;
    const n = this.host.partitionFor(groupId);
    if (!this.owned.has(n) || !b.replicaManager.getPartition(OFFSETS_TOPIC, n)?.isLeader) return undefined;
    return this.modern.groups.get(groupId);
  }

  /** ConsumerGroupHeartbeat: the consumer protocol (a classic group of the same id with members is not converted here). */
  handleConsumerGroupHeartbeat(req: ConsumerGroupHeartbeatRequest, respond: Call<[r: ConsumerGroupHeartbeatResponse]>): void {
    const classic = this.isCoordinatorFor(req.groupId) ? this.groups.get(req.groupId) : undefined;
    if (classic && classic.members.size > 0)
      return respond({ error: 'GROUP_ID_NOT_FOUND', memberId: req.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null });
    this.modern.handleHeartbeat(req, respond);
  }

  isCoordinatorFor(groupId: string): boolean {
    this.sync();
    return this.owned.has(this.host.partitionFor(groupId));
  }

  private newGroup(id: string): GroupMetadata {
    const g = new GroupMetadata(id, call(this, this.onTransition));
    this.groups.set(id, g);
    return g;
  }

  private onTransition(grp: GroupMetadata, from: GroupState, to: GroupState): void {
    this.emit('GroupStateChanged', { group: grp.groupId, from, to, generation: grp.generationId });
  }

  private joinError(error: string, memberId: string): JoinGroupResponse {
    return { error, generationId: NO_GENERATION, protocolName: null, leader: '', memberId, members: [] };
  }

  /** A member id as Kafka makes one: clientId-UUID (the UUID drawn from the seeded PRNG). */
  private newMemberId(clientId: string): string {
    const hex = Array.from({ length: 4 }, () => this.broker.ctx.prng.nextUint32().toString(16).padStart(8, '0')).join('');
    return `${clientId}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  // --- JoinGroup ----------------------------------------------------------------------

  handleJoinGroup(req: JoinGroupRequest, respond: Call<[r: JoinGroupResponse]>): void {
    if (!this.isCoordinatorFor(req.groupId)) return respond(this.joinError('NOT_COORDINATOR', req.memberId));
    let g = this.groups.get(req.groupId);
    if (!g) {
      if (req.memberId !== UNKNOWN_MEMBER_ID) return respond(this.joinError('UNKNOWN_MEMBER_ID', req.memberId));
      g = this.newGroup(req.groupId);
    }
    if (!g.supportsProtocols(req.protocols.map((p) => p.name))) return respond(this.joinError('INCONSISTENT_GROUP_PROTOCOL', req.memberId));
    // a consumer-protocol group of this id with members: not a classic group to join
    if ((this.modern.groups.get(req.groupId)?.members.size ?? 0) > 0) return respond(this.joinError('INCONSISTENT_GROUP_PROTOCOL', req.memberId));
    if (req.memberId === UNKNOWN_MEMBER_ID) {
      // KIP-394: a new member first gets its id, then joins with it.
      const memberId = this.newMemberId(req.clientId);
      if (req.requireKnownMemberId === false) return this.addMemberAndRebalance(g, { ...req, memberId }, respond);
      g.pendingMembers.add(memberId);
      this.broker.timer(req.sessionTimeoutMs, call(this, this.pendingMemberExpired, g, memberId));
      return respond(this.joinError('MEMBER_ID_REQUIRED', memberId));
    }
    const m = g.members.get(req.memberId);
    if (!m) {
      if (!g.pendingMembers.has(req.memberId)) return respond(this.joinError('UNKNOWN_MEMBER_ID', req.memberId));
      return this.addMemberAndRebalance(g, req, respond);
    }
    switch (g.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(g, m, req, respond, 'memberRejoined');
      case 'CompletingRebalance':
        if (m.matches(req.protocols)) return respond(this.currentJoinResponse(g, m));
        return this.updateMemberAndRebalance(g, m, req, respond, 'metadataChanged');
      case 'Stable':
        if (g.leaderId === m.memberId) return this.updateMemberAndRebalance(g, m, req, respond, 'leaderRejoined');
        if (!m.matches(req.protocols)) return this.updateMemberAndRebalance(g, m, req, respond, 'metadataChanged');
        return respond(this.currentJoinResponse(g, m));
      default:
        return respond(this.joinError('UNKNOWN_MEMBER_ID', req.memberId));
    }
  }

  private pendingMemberExpired(group: GroupMetadata, memberId: string): void {
    if (group.pendingMembers.delete(memberId) && group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  private currentJoinResponse(g: GroupMetadata, m: MemberMetadata): JoinGroupResponse {
    const members =
      g.leaderId === m.memberId
        ? [...g.members.values()].map((x) => ({ memberId: x.memberId, clientId: x.clientId, subscription: x.subscriptionFor(g.protocolName) }))
        : [];
    return { error: null, generationId: g.generationId, protocolName: g.protocolName, leader: g.leaderId ?? '', memberId: m.memberId, members };
  }

  private addMemberAndRebalance(g: GroupMetadata, req: JoinGroupRequest, respond: Call<[r: JoinGroupResponse]>): void {
    const m = new MemberMetadata(req.memberId, req.clientId, req.sessionTimeoutMs, req.rebalanceTimeoutMs, req.protocols);
    g.pendingMembers.delete(req.memberId);
    m.awaitingJoin = respond;
    g.add(m);
    if (g.is('PreparingRebalance') && g.generationId === 0) g.newMemberAdded = true;
    this.emit('MemberJoined', { group: g.groupId, member: m.clientId, memberId: m.memberId });
    this.scheduleHeartbeatExpiration(g, m);
    this.maybePrepareRebalance(g, 'memberJoined', m.clientId);
    if (g.is('PreparingRebalance')) this.tryCompleteJoin(g);
  }

  private updateMemberAndRebalance(g: GroupMetadata, m: MemberMetadata, req: JoinGroupRequest, respond: Call<[r: JoinGroupResponse]>, reason: string): void {
    m.protocols = req.protocols;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.awaitingJoin = respond;
    this.maybePrepareRebalance(g, reason, m.clientId);
    this.tryCompleteJoin(g);
  }

  private maybePrepareRebalance(g: GroupMetadata, reason: string, member: string | null): void {
    if (g.is('Stable', 'CompletingRebalance', 'Empty')) this.prepareRebalance(g, reason, member);
  }

  private prepareRebalance(g: GroupMetadata, reason: string, member: string | null): void {
    if (g.is('CompletingRebalance')) {
      for (const m of g.members.values()) {
        m.awaitingSync?.({ error: 'REBALANCE_IN_PROGRESS', assignment: [] });
        m.awaitingSync = null;
      }
    }
    const initial = g.is('Empty');
    g.transitionTo('PreparingRebalance');
    this.emit('GroupRebalanceStarted', { group: g.groupId, reason, member, generation: g.generationId });
    const rebalanceTimeout = Math.max(0, ...[...g.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.broker.ctx.scheduler.cancel(g.joinTimer);
    if (initial) {
      const delay = this.cfg('group.initial.rebalance.delay.ms');
      this.initialDelayedJoin(g, Math.min(delay, rebalanceTimeout), Math.max(rebalanceTimeout - delay, 0));
    } else {
      g.initialDelay = false;
      g.joinTimer = this.broker.timer(rebalanceTimeout, call(this, this.onCompleteJoin, g));
      this.tryCompleteJoin(g); // tryCompleteElseWatch: an empty group completes at once
    }
  }

  /** InitialDelayedJoin: wait group.initial.rebalance.delay.ms, longer while new members keep arriving. */
  private initialDelayedJoin(g: GroupMetadata, delayMs: number, remainingMs: number): void {
    g.joinTimer = this.broker.timer(delayMs, call(this, this.initialDelayExpired, g, remainingMs));
    g.initialDelay = true;
  }

  private initialDelayExpired(g: GroupMetadata, remainingMs: number): void {
    if (g.newMemberAdded && remainingMs > 0) {
      g.newMemberAdded = false;
      const delay = Math.min(this.cfg('group.initial.rebalance.delay.ms'), remainingMs);
      this.initialDelayedJoin(g, delay, Math.max(remainingMs - delay, 0));
    } else this.onCompleteJoin(g);
  }

  /** DelayedJoin.tryComplete: every known member has rejoined (the initial delay always waits its timer). */
  private tryCompleteJoin(g: GroupMetadata): void {
    if (!g.is('PreparingRebalance') || g.initialDelay) return;
    if (g.allMembersJoined()) this.onCompleteJoin(g);
  }

  private onCompleteJoin(g: GroupMetadata): void {
    if (!g.is('PreparingRebalance') || this.groups.get(g.groupId) !== g) return;
    this.broker.ctx.scheduler.cancel(g.joinTimer);
    g.joinTimer = null;
    g.initialDelay = false;
    for (const m of [...g.members.values()]) {
      if (m.awaitingJoin) continue;
      this.removeMember(g, m, 'rebalanceTimeout');
    }
    g.pendingMembers.clear();
    g.newMemberAdded = false;
    g.initNextGeneration();
    if (g.is('Empty')) return this.storeGroup(g, NOOP);
    for (const m of g.members.values()) {
      const respond = m.awaitingJoin!;
      m.awaitingJoin = null;
      m.isNew = false;
      this.scheduleHeartbeatExpiration(g, m);
      respond(this.currentJoinResponse(g, m));
    }
  }

  // --- SyncGroup, Heartbeat, LeaveGroup -------------------------------------------------

  handleSyncGroup(req: SyncGroupRequest, respond: Call<[r: SyncGroupResponse]>): void {
    if (!this.isCoordinatorFor(req.groupId)) return respond({ error: 'NOT_COORDINATOR', assignment: [] });
    const g = this.groups.get(req.groupId);
    const m = g?.members.get(req.memberId);
    if (!g || !m) return respond({ error: 'UNKNOWN_MEMBER_ID', assignment: [] });
    if (req.generationId !== g.generationId) return respond({ error: 'ILLEGAL_GENERATION', assignment: [] });
    if (g.is('PreparingRebalance')) return respond({ error: 'REBALANCE_IN_PROGRESS', assignment: [] });
    if (g.is('Stable')) return respond({ error: null, assignment: m.assignment });
    if (!g.is('CompletingRebalance')) return respond({ error: 'UNKNOWN_MEMBER_ID', assignment: [] });
    m.awaitingSync = respond;
    this.scheduleHeartbeatExpiration(g, m);
    if (g.leaderId !== m.memberId) return;
    // The leader's assignment: Kafka persists the group (storeGroup), then gives every member its part.
    for (const x of g.members.values()) x.assignment = [...(req.assignments[x.memberId] ?? [])];
    this.storeGroup(g, call(this, this.groupStored, g, g.generationId));
  }

  private groupStored(g: GroupMetadata, generation: number, error: string | null): void {
    if (this.groups.get(g.groupId) !== g || !g.is('CompletingRebalance') || g.generationId !== generation) return;
    if (error) {
      for (const x of g.members.values()) x.assignment = [];
      this.prepareRebalance(g, 'storeGroupFailed', null);
      return;
    }
    g.transitionTo('Stable');
    this.emit('GroupStable', {
      group: g.groupId,
      generation: g.generationId,
      protocol: g.protocolName,
      leader: g.members.get(g.leaderId!)?.clientId ?? null,
      assignment: g.assignmentByClient(),
    });
    for (const x of g.members.values()) {
      const cb = x.awaitingSync;
      x.awaitingSync = null;
      cb?.({ error: null, assignment: x.assignment });
    }
  }

  handleHeartbeat(req: HeartbeatRequest, respond: Call<[error: string | null]>): void {
    if (!this.isCoordinatorFor(req.groupId)) return respond('NOT_COORDINATOR');
    const g = this.groups.get(req.groupId);
    const m = g?.members.get(req.memberId);
    if (!g || !m || g.is('Empty', 'Dead')) return respond('UNKNOWN_MEMBER_ID');
    if (req.generationId !== g.generationId) return respond('ILLEGAL_GENERATION');
    this.scheduleHeartbeatExpiration(g, m);
    respond(g.is('PreparingRebalance') ? 'REBALANCE_IN_PROGRESS' : null);
  }

  handleLeaveGroup(req: LeaveGroupRequest, respond: Call<[error: string | null]>): void {
    if (!this.isCoordinatorFor(req.groupId)) return respond('NOT_COORDINATOR');
    const g = this.groups.get(req.groupId);
    const m = g?.members.get(req.memberId);
    if (!g || !m) return respond('UNKNOWN_MEMBER_ID');
    this.removeMemberAndUpdateGroup(g, m, req.reason === 'pollTimeout' ? 'pollTimeout' : 'leave');
    respond(null);
  }

  private scheduleHeartbeatExpiration(g: GroupMetadata, m: MemberMetadata): void {
    this.broker.ctx.scheduler.cancel(m.heartbeatTimer);
    m.heartbeatTimer = this.broker.timer(m.sessionTimeoutMs, call(this, this.heartbeatExpired, g, m));
  }

  private heartbeatExpired(g: GroupMetadata, m: MemberMetadata): void {
    if (g.members.get(m.memberId) !== m || this.groups.get(g.groupId) !== g) return;
    // MemberMetadata.shouldKeepAlive: a member waiting on a join or sync response is not expired
    if (m.awaitingJoin || m.awaitingSync) return this.scheduleHeartbeatExpiration(g, m);
    this.removeMemberAndUpdateGroup(g, m, 'sessionTimeout');
  }

  private removeMember(g: GroupMetadata, m: MemberMetadata, reason: string): void {
    this.broker.ctx.scheduler.cancel(m.heartbeatTimer);
    g.remove(m.memberId);
    this.emit('MemberLeft', { group: g.groupId, member: m.clientId, memberId: m.memberId, reason });
  }

  private removeMemberAndUpdateGroup(g: GroupMetadata, m: MemberMetadata, reason: string): void {
    m.awaitingJoin?.(this.joinError('UNKNOWN_MEMBER_ID', m.memberId));
    m.awaitingJoin = null;
    this.removeMember(g, m, reason);
    if (g.is('Stable', 'CompletingRebalance')) this.prepareRebalance(g, reason === 'leave' ? 'memberLeft' : reason, m.clientId);
    else if (g.is('PreparingRebalance')) this.tryCompleteJoin(g);
  }

  // --- offsets ------------------------------------------------------------------------

  handleOffsetCommit(req: OffsetCommitRequest, respond: Call<[r: OffsetCommitResponse]>): void {
    const all = (error: string | null) => commitResponse(req, error);
    if (!this.isCoordinatorFor(req.groupId)) return respond(all('NOT_COORDINATOR'));
    let g = this.groups.get(req.groupId);
    const modern = this.modern.groups.get(req.groupId);
    if (modern && !(req.generationId < 0 && req.memberId === UNKNOWN_MEMBER_ID)) {
      // a consumer-protocol member commits with its member epoch as the generation
      const invalid = this.modern.validateOffsetCommit(req.groupId, req.memberId, req.generationId);
      if (invalid) return respond(all(invalid));
      g ??= this.newGroup(req.groupId);
    } else if (req.generationId < 0 && req.memberId === UNKNOWN_MEMBER_ID) {
      // a commit from outside any generation (assign() / a standalone consumer): allowed while the group is empty
      g ??= this.newGroup(req.groupId);
      if (!g.is('Empty')) return respond(all('UNKNOWN_MEMBER_ID'));
    } else {
      const m = g?.members.get(req.memberId);
      if (!g || !m) return respond(all('UNKNOWN_MEMBER_ID'));
      if (req.generationId !== g.generationId) return respond(all('ILLEGAL_GENERATION'));
      if (g.is('CompletingRebalance')) return respond(all('REBALANCE_IN_PROGRESS'));
    }
    const now = this.broker.now();
    const partition = this.host.partitionFor(req.groupId);
    const records = req.offsets.map((o) => offsetCommitRecord(req.groupId, o, now));
    appendOffsets(this.broker, partition, records, call(this, this.offsetsStored, g, req, now, respond));
  }

  private offsetsStored(group: GroupMetadata, req: OffsetCommitRequest, now: number, respond: Call<[r: OffsetCommitResponse]>, error: string | null): void {
    if (!error && this.groups.get(group.groupId) === group) {
      for (const o of req.offsets) {
        group.offsets.set(`${o.topic}-${o.partition}`, { offset: o.offset, leaderEpoch: o.leaderEpoch, commitTimestamp: now });
        this.emit('OffsetCommitted', { group: req.groupId, topic: o.topic, partition: o.partition, offset: o.offset, broker: this.broker.id });
      }
    }
    respond(commitResponse(req, error));
  }

  /** `partitions` null: every partition the group has an offset for. */
  handleOffsetFetch(groupId: string, partitions: TopicPartition[] | null, respond: Call<[r: OffsetFetchResponse]>): void {
    const split = (tp: TopicPartition) => ({ topic: tp.slice(0, tp.lastIndexOf('-')), partition: Number(tp.slice(tp.lastIndexOf('-') + 1)) });
    if (!this.isCoordinatorFor(groupId)) return respond({ error: 'NOT_COORDINATOR', offsets: [] });
    const g = this.groups.get(groupId);
    const tps = partitions ?? [...(g?.offsets.keys() ?? [])].sort(compareTopicPartitions);
    respond({
      error: null,
      offsets: tps.map((tp) => ({ ...split(tp), offset: g?.offsets.get(tp)?.offset ?? -1, leaderEpoch: g?.offsets.get(tp)?.leaderEpoch ?? -1 })),
    });
  }
}

function commitResponse(req: OffsetCommitRequest, error: string | null): OffsetCommitResponse {
  return { error, partitions: req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, error })) };
}
