// The consumer protocol's groups at one group coordinator (KIP-848; GroupMetadataManager.consumerGroupHeartbeat,
// group-coordinator, Kafka 4.0): a member joins, changes its subscription, reports what it owns and leaves with
// ConsumerGroupHeartbeat only. A new member or a new subscription bumps the group epoch; the coordinator then
// computes a new target assignment with a server-side assignor (uniform or range) and each member reconciles towards
// its part on its own heartbeats (CurrentAssignmentBuilder): it revokes what moves away first, and gets a partition
// only once its previous owner has released it. No member waits for the others: there is no sync barrier.
// Simplified: the groups' records (ConsumerGroupMetadata, TargetAssignment, CurrentMemberAssignment) are kept in
// memory only, so a coordinator failover fences the members, which rejoin; offsets go to __consumer_offsets as ever.
import type { Broker } from '../broker/Broker';
import type { Timer } from '../sim/scheduler';
import { reconcileMember, type ConsumerMemberState, type Partitions } from './rules/currentAssignmentBuilder';
import { subscriptionTypeOf, type ServerMember } from './rules/serverAssignment';
import { uniformAssign } from './rules/uniformAssignor';
import { serverRangeAssign } from './rules/serverRangeAssignor';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from './protocol';
import { call, type Call } from '../sim/call';

export const SERVER_ASSIGNORS = ['uniform', 'range'] as const;
export type ServerAssignorName = (typeof SERVER_ASSIGNORS)[number];

export interface ModernMember {
  /** the consumer's name (client.id) */
  clientId: string;
  state: ConsumerMemberState;
  subscribedTopicNames: string[];
  serverAssignor: ServerAssignorName | null;
  rebalanceTimeoutMs: number;
  sessionTimer: Timer | null;
  rebalanceTimer: Timer | null;
}

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ModernMember>();
  /** member id → topic id → partitions */
  targetAssignment = new Map<string, Record<string, number[]>>();
  /** the subscribed topics' partition counts the target was computed for (ConsumerGroup.subscriptionMetadata) */
  subscriptionMetadata = '';
  constructor(readonly groupId: string) {}

  /** ConsumerGroup.currentPartitionEpoch: the epoch of the member owning (or still revoking) a partition, else -1. */
  currentPartitionEpoch(topicId: string, partition: number): number {
    for (const m of this.members.values()) {
      const s = m.state;
      if ((s.assignedPartitions[topicId] ?? []).includes(partition) || (s.partitionsPendingRevocation[topicId] ?? []).includes(partition)) return s.memberEpoch;
    }
    return -1;
  }

  /** ConsumerGroup.state: EMPTY, ASSIGNING (the target lags the group epoch), RECONCILING, STABLE. */
  get state(): 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) if (m.state.memberEpoch !== this.assignmentEpoch || m.state.state !== 'STABLE') return 'Reconciling';
    return 'Stable';
  }
}

export interface ConsumerGroupsHost {
  broker: Broker;
  isCoordinatorFor(groupId: string): boolean;
  /** the topic's id (Kafka keeps a Uuid per topic) and back; the partition count the coordinator's metadata knows */
  topicId(topic: string): string;
  topicName(id: string): string | null;
  numPartitions(topic: string): number;
}

const sameAssignment = (a: Partitions, b: Partitions) => JSON.stringify(a) === JSON.stringify(b);

export class ConsumerGroups {
  readonly groups = new Map<string, ConsumerGroup>();

  constructor(private host: ConsumerGroupsHost) {}

  private get broker(): Broker {
    return this.host.broker;
  }

  private cfg(key: string): number {
    return this.broker.config.num(key);
  }

  /** GroupMetadataManager.consumerGroupHeartbeat (a join with epoch 0, a leave with -1, otherwise a heartbeat). */
  handleHeartbeat(req: ConsumerGroupHeartbeatRequest, respond: Call<[r: ConsumerGroupHeartbeatResponse]>): void {
    const fail = (error: string) => respond({ error, memberId: req.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null });
    if (!this.host.isCoordinatorFor(req.groupId)) return fail('NOT_COORDINATOR');
    let g = this.groups.get(req.groupId);
    if (req.memberEpoch === -1) {
      const m = g?.members.get(req.memberId);
      if (g && m) this.fenceMember(g, req.memberId, 'leave');
      return respond({ error: null, memberId: req.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null });
    }
    if (!g) {
      if (req.memberEpoch !== 0) return fail('UNKNOWN_MEMBER_ID');
      g = new ConsumerGroup(req.groupId);
      this.groups.set(req.groupId, g);
    }
    let member = g.members.get(req.memberId);
    let bump = false;
    if (!member) {
      if (req.memberEpoch !== 0) return fail('UNKNOWN_MEMBER_ID');
      member = {
        clientId: req.clientId,
        state: { memberId: req.memberId, state: 'STABLE', memberEpoch: 0, previousMemberEpoch: -1, assignedPartitions: {}, partitionsPendingRevocation: {} },
        subscribedTopicNames: [],
        serverAssignor: null,
        rebalanceTimeoutMs: -1,
        sessionTimer: null,
        rebalanceTimer: null,
      };
      g.members.set(req.memberId, member);
      this.broker.ctx.emit('MemberJoined', { group: g.groupId, member: req.clientId, memberId: req.memberId });
      bump = true;
    } else if (req.memberEpoch !== member.state.memberEpoch) {
      // throwIfConsumerGroupMemberEpochIsInvalid: a lost response's previous epoch is accepted with a subset of the assignment
      const owned = this.ownedById(req.topicPartitions);
      const subset = owned !== null && Object.entries(owned).every(([t, ps]) => ps.every((p) => (member!.state.assignedPartitions[t] ?? []).includes(p)));
      if (req.memberEpoch === 0 || req.memberEpoch > member.state.memberEpoch || req.memberEpoch !== member.state.previousMemberEpoch || !subset)
        return fail('FENCED_MEMBER_EPOCH');
    }
    if (req.rebalanceTimeoutMs !== -1) member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    if (req.serverAssignor !== null) member.serverAssignor = req.serverAssignor;
    if (req.subscribedTopicNames !== null && JSON.stringify([...req.subscribedTopicNames].sort()) !== JSON.stringify(member.subscribedTopicNames)) {
      member.subscribedTopicNames = [...req.subscribedTopicNames].sort();
      bump = true;
    }
    // the subscribed topics' partitions changed (a new topic, added partitions): a new target too
    const topics = [...new Set([...g.members.values()].flatMap((m) => m.subscribedTopicNames))].sort();
    const metadata = JSON.stringify(topics.map((t) => [t, this.host.numPartitions(t)]));
    if (metadata !== g.subscriptionMetadata) {
      g.subscriptionMetadata = metadata;
      bump = true;
    }
    if (bump) this.bumpGroupEpoch(g, member.clientId);
    // 2. the target assignment, when the group epoch moved past it
    if (g.groupEpoch > g.assignmentEpoch) this.updateTargetAssignment(g, member);
    // 3. reconcile this member
    const before = member.state;
    const next = reconcileMember(before, {
      targetAssignmentEpoch: g.assignmentEpoch,
      targetAssignment: g.targetAssignment.get(req.memberId) ?? {},
      currentPartitionEpoch: (t, p) => g!.currentPartitionEpoch(t, p),
      ownedTopicPartitions: this.ownedById(req.topicPartitions),
    });
    member.state = next;
    if (
      next !== before &&
      (next.memberEpoch !== before.memberEpoch || next.state !== before.state || !sameAssignment(next.assignedPartitions, before.assignedPartitions))
    ) {
      this.broker.ctx.emit('MemberReconciled', {
        group: g.groupId,
        member: member.clientId,
        memberEpoch: next.memberEpoch,
        state: next.state,
        assignment: this.names(next.assignedPartitions),
        revoking: this.names(next.partitionsPendingRevocation),
      });
    }
    this.scheduleSessionTimeout(g, req.memberId);
    this.scheduleRebalanceTimeout(g, req.memberId);
    const full = req.memberEpoch === 0 || (req.rebalanceTimeoutMs !== -1 && req.subscribedTopicNames !== null && req.topicPartitions !== null);
    respond({
      error: null,
      memberId: req.memberId,
      memberEpoch: next.memberEpoch,
      heartbeatIntervalMs: this.cfg('group.consumer.heartbeat.interval.ms'),
      assignment: full || !sameAssignment(before.assignedPartitions, next.assignedPartitions) ? this.names(next.assignedPartitions) : null,
    });
  }

  private bumpGroupEpoch(g: ConsumerGroup, clientId: string | null): void {
    g.groupEpoch += 1;
    this.broker.ctx.emit('GroupEpochBumped', { group: g.groupId, groupEpoch: g.groupEpoch, member: clientId });
  }

  /** TargetAssignmentBuilder with the member's assignor (or the group's default, the first of group.consumer.assignors). */
  private updateTargetAssignment(g: ConsumerGroup, asking: ModernMember): void {
    const assignorName: ServerAssignorName =
      asking.serverAssignor ??
      [...g.members.values()].find((m) => m.serverAssignor)?.serverAssignor ??
      (String(this.broker.config.get('group.consumer.assignors')).startsWith('range') ? 'range' : 'uniform');
    const members: ServerMember[] = [...g.members].map(([memberId, m]) => ({
      memberId,
      subscribedTopicIds: m.subscribedTopicNames.filter((t) => this.host.numPartitions(t) > 0).map((t) => this.host.topicId(t)),
      assignment: Object.entries(g.targetAssignment.get(memberId) ?? {}),
    }));
    const spec = { members, subscriptionType: subscriptionTypeOf(members) };
    const numPartitions = (id: string) => {
      const name = this.host.topicName(id);
      return name === null ? -1 : this.host.numPartitions(name);
    };
    const assignment = assignorName === 'range' ? serverRangeAssign(spec, numPartitions) : uniformAssign(spec, numPartitions);
    g.targetAssignment = new Map([...g.members.keys()].map((id) => [id, assignment[id] ?? {}]));
    g.assignmentEpoch = g.groupEpoch;
    const byClient: Record<string, string[]> = {};
    for (const [id, m] of [...g.members].sort(([, a], [, b]) => (a.clientId < b.clientId ? -1 : 1)))
      byClient[m.clientId] = this.names(g.targetAssignment.get(id)!);
    this.broker.ctx.emit('TargetAssignmentComputed', { group: g.groupId, assignmentEpoch: g.assignmentEpoch, assignor: assignorName, assignment: byClient });
  }

  /** consumerGroupFenceMember: the member leaves (or is fenced); the group epoch moves, the target follows on the next heartbeat. */
  private fenceMember(g: ConsumerGroup, memberId: string, reason: string): void {
    const m = g.members.get(memberId);
    if (!m) return;
    this.broker.ctx.scheduler.cancel(m.sessionTimer);
    this.broker.ctx.scheduler.cancel(m.rebalanceTimer);
    g.members.delete(memberId);
    g.targetAssignment.delete(memberId);
    this.broker.ctx.emit('MemberLeft', { group: g.groupId, member: m.clientId, memberId, reason });
    this.bumpGroupEpoch(g, null);
  }

  /** group.consumer.session.timeout.ms without a heartbeat: the member is fenced. */
  private scheduleSessionTimeout(g: ConsumerGroup, memberId: string): void {
    const m = g.members.get(memberId)!;
    this.broker.ctx.scheduler.cancel(m.sessionTimer);
    m.sessionTimer = this.broker.timer(this.cfg('group.consumer.session.timeout.ms'), call(this, this.expire, g, memberId, m, 'sessionTimeout'));
  }

  /** scheduleConsumerGroupRebalanceTimeout: a member that keeps partitions to revoke past its rebalance timeout is fenced. */
  private scheduleRebalanceTimeout(g: ConsumerGroup, memberId: string): void {
    const m = g.members.get(memberId)!;
    if (m.state.state !== 'UNREVOKED_PARTITIONS') {
      this.broker.ctx.scheduler.cancel(m.rebalanceTimer);
      m.rebalanceTimer = null;
      return;
    }
    if (m.rebalanceTimer) return;
    m.rebalanceTimer = this.broker.timer(Math.max(1, m.rebalanceTimeoutMs), call(this, this.rebalanceTimedOut, g, memberId, m, m.state.memberEpoch));
  }

  private rebalanceTimedOut(g: ConsumerGroup, memberId: string, m: ModernMember, epoch: number): void {
    if (m.state.memberEpoch === epoch) this.expire(g, memberId, m, 'rebalanceTimeout');
  }

  private expire(g: ConsumerGroup, memberId: string, m: ModernMember, reason: string): void {
    if (this.groups.get(g.groupId) !== g || g.members.get(memberId) !== m) return;
    this.fenceMember(g, memberId, reason);
  }

  /** An OffsetCommit from a member of a consumer group: its member epoch must be current (throwIfStaleMemberEpoch). */
  validateOffsetCommit(groupId: string, memberId: string, memberEpoch: number): string | null {
    const m = this.groups.get(groupId)?.members.get(memberId);
    if (!m) return 'UNKNOWN_MEMBER_ID';
    if (memberEpoch > m.state.memberEpoch) return 'FENCED_MEMBER_EPOCH';
    if (memberEpoch < m.state.memberEpoch) return 'STALE_MEMBER_EPOCH';
    return null;
  }

  /** The coordinator lost the group's partition: the groups are gone from here. */
  unload(groupIds: (id: string) => boolean): void {
    for (const [id, g] of [...this.groups]) {
      if (!groupIds(id)) continue;
      for (const m of g.members.values()) {
        this.broker.ctx.scheduler.cancel(m.sessionTimer);
        this.broker.ctx.scheduler.cancel(m.rebalanceTimer);
      }
      this.groups.delete(id);
    }
  }

  private ownedById(owned: Record<string, number[]> | null): Record<string, number[]> | null {
    if (owned === null) return null;
    const out: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
    for (const [t, ps] of Object.entries(owned)) if (ps.length) out[this.host.topicId(t)] = [...ps].sort((a, b) => a - b);
    return out;
  }

  /** topic id → partitions as "topic-partition" strings, sorted by topic name then partition */
  names(p: Partitions): string[] {
    const out: { t: string; p: number }[] = [];
    for (const [id, ps] of Object.entries(p)) for (const x of ps) out.push({ t: this.host.topicName(id) ?? id, p: x });
    return out.sort((a, b) => (a.t === b.t ? a.p - b.p : a.t < b.t ? -1 : 1)).map((x) => `${x.t}-${x.p}`);
  }
}
