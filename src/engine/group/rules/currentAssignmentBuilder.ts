/**
 * The reconciliation of one member of a consumer-protocol group (KIP-848) towards its target assignment, as Kafka's
 * CurrentAssignmentBuilder (group-coordinator modern.consumer, trunk 4.0.0-SNAPSHOT). There is no group-wide sync
 * barrier: each member moves on its own, on each ConsumerGroupHeartbeat.
 *
 * States (MemberState):
 *   STABLE                 – has its target; moves on when a newer target epoch exists;
 *   UNREVOKED_PARTITIONS   – must first give up `partitionsPendingRevocation` (it stays at its epoch until its
 *                            heartbeat no longer reports them as owned);
 *   UNRELEASED_PARTITIONS  – at the target epoch, but some target partitions are still owned by other members
 *                            (their current epoch is not -1); they are added once released;
 *   UNKNOWN                – fenced: must rejoin with no partitions (FENCED_MEMBER_EPOCH).
 * Next assigned = current ∩ target; pending revocation = current − next; pending assignment = target − next −
 * partitions still owned elsewhere. Revocation first, at the current epoch; otherwise the member takes the target
 * epoch with the free partitions added.
 */

export type MemberState = 'STABLE' | 'UNREVOKED_PARTITIONS' | 'UNRELEASED_PARTITIONS' | 'UNKNOWN';

/** topic id -> partitions */
export type Partitions = Readonly<Record<string, readonly number[]>>;

export interface ConsumerMemberState {
  memberId: string;
  state: MemberState;
  memberEpoch: number;
  previousMemberEpoch: number;
  assignedPartitions: Partitions;
  partitionsPendingRevocation: Partitions;
}

export class FencedMemberEpochError extends Error {
  readonly code = 'FENCED_MEMBER_EPOCH';
}

export interface ReconcileInput {
  targetAssignmentEpoch: number;
  targetAssignment: Partitions;
  /** epoch of the member currently owning a partition, -1 when free (currentPartitionEpoch) */
  currentPartitionEpoch: (topicId: string, partition: number) => number;
  /** the partitions the member reports in its heartbeat; null when the heartbeat did not say */
  ownedTopicPartitions: Partitions | null;
}

const get = (p: Partitions, t: string) => p[t] ?? [];

/** ownsRevokedPartitions: without a report of owned partitions the member is assumed to still own them. */
function ownsRevokedPartitions(owned: Partitions | null, pendingRevocation: Partitions): boolean {
  if (owned === null) return true;
  for (const [topicId, partitions] of Object.entries(owned)) {
    const pending = get(pendingRevocation, topicId);
    if (partitions.some((p) => pending.includes(p))) return true;
  }
  return false;
}

function sortedRecord(m: Map<string, Set<number>>): Record<string, number[]> {
  const out: Record<string, number[]> = Object.create(null) as Record<string, number[]>; // topic names as keys ("__proto__" included)
  for (const t of [...m.keys()].sort()) {
    const ps = [...m.get(t)!].sort((a, b) => a - b);
    if (ps.length) out[t] = ps;
  }
  return out;
}

function computeNextAssignment(member: ConsumerMemberState, memberEpoch: number, input: ReconcileInput): ConsumerMemberState {
  let hasUnreleasedPartitions = false;
  const assigned = new Map<string, Set<number>>();
  const pendingRevocation = new Map<string, Set<number>>();
  const pendingAssignment = new Map<string, Set<number>>();
  const current = member.assignedPartitions;
  for (const topicId of new Set([...Object.keys(input.targetAssignment), ...Object.keys(current)])) {
    const target = new Set(get(input.targetAssignment, topicId));
    const cur = get(current, topicId);
    const keep = new Set(cur.filter((p) => target.has(p)));
    const revoke = new Set(cur.filter((p) => !keep.has(p)));
    const add = new Set([...target].filter((p) => !keep.has(p)));
    for (const p of [...add]) {
      if (input.currentPartitionEpoch(topicId, p) !== -1) {
        add.delete(p);
        hasUnreleasedPartitions = true;
      }
    }
    if (keep.size) assigned.set(topicId, keep);
    if (revoke.size) pendingRevocation.set(topicId, revoke);
    if (add.size) pendingAssignment.set(topicId, add);
  }
  const base = { memberId: member.memberId, previousMemberEpoch: member.memberEpoch };
  const pendingRev = sortedRecord(pendingRevocation);
  if (pendingRevocation.size > 0 && ownsRevokedPartitions(input.ownedTopicPartitions, pendingRev)) {
    return { ...base, state: 'UNREVOKED_PARTITIONS', memberEpoch, assignedPartitions: sortedRecord(assigned), partitionsPendingRevocation: pendingRev };
  }
  if (pendingAssignment.size > 0) {
    for (const [t, ps] of pendingAssignment) assigned.set(t, new Set([...(assigned.get(t) ?? []), ...ps]));
    return {
      ...base,
      state: hasUnreleasedPartitions ? 'UNRELEASED_PARTITIONS' : 'STABLE',
      memberEpoch: input.targetAssignmentEpoch,
      assignedPartitions: sortedRecord(assigned),
      partitionsPendingRevocation: {},
    };
  }
  return {
    ...base,
    state: hasUnreleasedPartitions ? 'UNRELEASED_PARTITIONS' : 'STABLE',
    memberEpoch: input.targetAssignmentEpoch,
    assignedPartitions: sortedRecord(assigned),
    partitionsPendingRevocation: {},
  };
}

/** CurrentAssignmentBuilder.build: the member's next state, or the same object when it cannot move yet. */
export function reconcileMember(member: ConsumerMemberState, input: ReconcileInput): ConsumerMemberState {
  switch (member.state) {
    case 'STABLE':
      return member.memberEpoch !== input.targetAssignmentEpoch ? computeNextAssignment(member, member.memberEpoch, input) : member;
    case 'UNREVOKED_PARTITIONS':
      if (ownsRevokedPartitions(input.ownedTopicPartitions, member.partitionsPendingRevocation)) return member;
      return computeNextAssignment(member, member.memberEpoch + 1, input);
    case 'UNRELEASED_PARTITIONS':
      return computeNextAssignment(member, member.memberEpoch, input);
    case 'UNKNOWN':
      if (input.ownedTopicPartitions === null || Object.keys(input.ownedTopicPartitions).length > 0) {
        throw new FencedMemberEpochError('The consumer group member is in a unknown state. The member must abandon all its partitions and rejoin.');
      }
      return computeNextAssignment(member, input.targetAssignmentEpoch, input);
  }
}
