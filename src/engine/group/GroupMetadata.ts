// A consumer group as its coordinator holds it (core/.../coordinator/group/GroupMetadata.scala and
// MemberMetadata.scala): state, generation, protocol, leader, members and committed offsets.
import type { Timer } from '../sim/scheduler';
import type { Call } from '../sim/call';
import { assertValidTransition, type AssignorName, type GroupState, type TopicPartition } from './rules';
import type { JoinGroupResponse, Subscription, SyncGroupResponse } from './protocol';
import { nameMap } from '../names';

export class MemberMetadata {
  assignment: TopicPartition[] = [];
  awaitingJoin: Call<[r: JoinGroupResponse]> | null = null;
  awaitingSync: Call<[r: SyncGroupResponse]> | null = null;
  /** the session timer (heartbeat expiration) */
  heartbeatTimer: Timer | null = null;
  /** the member joined since the last rebalance completed (InitialDelayedJoin's newMemberAdded) */
  isNew = true;

  constructor(
    readonly memberId: string,
    readonly clientId: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocols: { name: AssignorName; subscription: Subscription }[],
  ) {}

  subscriptionFor(protocol: AssignorName | null): Subscription {
    return (this.protocols.find((p) => p.name === protocol) ?? this.protocols[0]).subscription;
  }

  /** MemberMetadata.matches: same protocols and subscriptions (a rejoin with nothing new). */
  matches(protocols: { name: AssignorName; subscription: Subscription }[]): boolean {
    return JSON.stringify(protocols) === JSON.stringify(this.protocols);
  }
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  commitTimestamp: number;
}

export class GroupMetadata {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolName: AssignorName | null = null;
  leaderId: string | null = null;
  /** insertion order = join order (the first joiner leads) */
  readonly members = new Map<string, MemberMetadata>();
  /** member ids handed out with MEMBER_ID_REQUIRED, not yet joined (KIP-394) */
  readonly pendingMembers = new Set<string>();
  readonly offsets = new Map<TopicPartition, CommittedOffset>();
  /** the delayed join (DelayedJoin / InitialDelayedJoin) in progress */
  joinTimer: Timer | null = null;
  newMemberAdded = false;
  /** the join in progress is the InitialDelayedJoin (completes on its timer only) */
  initialDelay = false;

  constructor(
    readonly groupId: string,
    private onTransition: Call<[g: GroupMetadata, from: GroupState, to: GroupState]>,
  ) {}

  is(...states: GroupState[]): boolean {
    return states.includes(this.state);
  }

  transitionTo(to: GroupState): void {
    const from = this.state;
    this.state = assertValidTransition(from, to);
    this.onTransition(this, from, to);
  }

  add(m: MemberMetadata): void {
    if (this.members.size === 0) this.protocolName = null;
    this.members.set(m.memberId, m);
    if (this.leaderId === null) this.leaderId = m.memberId;
  }

  remove(memberId: string): void {
    this.members.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.size ? [...this.members.keys()][0] : null;
  }

  /** GroupMetadata.candidateProtocols: the protocols every member supports. */
  candidateProtocols(): AssignorName[] {
    const all = [...this.members.values()].map((m) => m.protocols.map((p) => p.name));
    if (!all.length) return [];
    return all[0].filter((n) => all.every((list) => list.includes(n)));
  }

  supportsProtocols(names: AssignorName[]): boolean {
    if (this.members.size === 0) return names.length > 0;
    const candidates = this.candidateProtocols();
    return names.some((n) => candidates.includes(n));
  }

  /** GroupMetadata.selectProtocol: each member votes for its most preferred candidate. */
  selectProtocol(): AssignorName {
    const candidates = this.candidateProtocols();
    const votes = new Map<AssignorName, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.map((p) => p.name).find((n) => candidates.includes(n))!;
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    return [...votes].sort((a, b) => b[1] - a[1])[0][0];
  }

  allMembersJoined(): boolean {
    return this.pendingMembers.size === 0 && [...this.members.values()].every((m) => m.awaitingJoin !== null);
  }

  /** GroupMetadata.initNextGeneration */
  initNextGeneration(): void {
    this.generationId += 1;
    if (this.members.size) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.transitionTo('Empty');
    }
  }

  /** memberId -> assignment, by the member's client id (the scenario's consumer name) */
  assignmentByClient(): Record<string, TopicPartition[]> {
    const out = nameMap<TopicPartition[]>();
    for (const m of [...this.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) out[m.clientId] = m.assignment;
    return out;
  }
}
