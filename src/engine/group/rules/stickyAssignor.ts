/**
 * StickyAssignor (clients/.../consumer/StickyAssignor.java): the eager protocol. Every member
 * revokes all its partitions before rejoining, and reports its previous assignment and generation
 * in its user data (`MemberSubscription.ownedPartitions` / `.generation` here); the leader
 * computes a balanced assignment that keeps as much of it as it can (AbstractStickyAssignor).
 */
import { abstractStickyAssign, type StickyOptions } from './abstractStickyAssignor';
import type { Assignment, Assignor, MemberSubscription } from './types';

export function stickyAssign(partitionsPerTopic: Record<string, number>, members: MemberSubscription[], options?: StickyOptions): Assignment {
  return abstractStickyAssign(partitionsPerTopic, members, options).assignment;
}

export const StickyAssignor: Assignor = {
  name: 'sticky',
  protocol: 'eager',
  assign: (partitionsPerTopic, members) => stickyAssign(partitionsPerTopic, members),
};
