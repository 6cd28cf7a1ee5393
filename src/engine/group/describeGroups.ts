// Requests a group coordinator answers from its state without changing it (GroupCoordinator.handleDescribeGroup and
// handleListGroups), and the checks handleJoinGroup makes before a member reaches the group.
import type { GroupCoordinator } from './GroupCoordinator';
import type { Subscription } from './protocol';
import type { TopicPartition } from './rules';

export interface DescribedMember {
  memberId: string;
  clientId: string;
  /** the member's subscription and assignment, shown once the group is stable (GroupMetadata.summary) */
  subscription: Subscription | null;
  assignment: TopicPartition[] | null;
}

export interface DescribedGroup {
  groupId: string;
  error: string | null;
  /** Kafka's state names (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead) */
  state: string;
  protocolType: string;
  protocolName: string;
  generationId: number;
  members: DescribedMember[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
}

/** A group this coordinator does not know is described as Dead, without an error (Kafka's GroupSummary for it). */
export function describeGroup(c: GroupCoordinator, groupId: string): DescribedGroup {
  const base = { groupId, protocolType: '', protocolName: '', generationId: -1, members: [] };
  if (!c.isCoordinatorFor(groupId)) return { ...base, error: 'NOT_COORDINATOR', state: '' };
  const g = c.peek(groupId);
  if (!g) return { ...base, error: null, state: 'Dead' };
  const stable = g.is('Stable');
  return {
    groupId,
    error: null,
    state: g.state,
    protocolType: g.members.size || g.generationId > 0 ? 'consumer' : '',
    protocolName: stable ? (g.protocolName ?? '') : '',
    generationId: g.generationId,
    members: [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      subscription: stable ? m.subscriptionFor(g.protocolName) : null,
      assignment: stable ? m.assignment : null,
    })),
  };
}

export function listGroups(c: GroupCoordinator): ListedGroup[] {
  return c
    .peekGroupIds()
    .sort()
    .map((groupId) => ({ groupId, protocolType: 'consumer' }));
}

/**
 * GroupCoordinator.handleJoinGroup's first checks: a group id is not empty (INVALID_GROUP_ID), and the session
 * timeout lies within group.min.session.timeout.ms and group.max.session.timeout.ms (INVALID_SESSION_TIMEOUT).
 */
export function joinGroupError(groupId: string, sessionTimeoutMs: number, minSessionMs: number, maxSessionMs: number): string | null {
  if (groupId === '') return 'INVALID_GROUP_ID';
  if (sessionTimeoutMs < minSessionMs || sessionTimeoutMs > maxSessionMs) return 'INVALID_SESSION_TIMEOUT';
  return null;
}
