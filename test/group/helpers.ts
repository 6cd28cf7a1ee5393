import { expect } from 'vitest';
import type { Assignment, MemberSubscription, TopicPartition } from '../../src/engine/group/rules';

/** A member as Kafka's tests build one: subscription(topics), or buildSubscriptionV2Above(topics, owned, generation). */
export function member(memberId: string, topics: string[], ownedPartitions: TopicPartition[] = [], generation = -1): MemberSubscription {
  return { memberId, topics, ownedPartitions, generation };
}

export function partitionsOf(partitionsPerTopic: Record<string, number>, topics: Iterable<string>): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const t of topics) for (let i = 0; i < (partitionsPerTopic[t] ?? 0); i++) out.push(`${t}-${i}`);
  return out;
}

const topicOf = (p: string): string => p.slice(0, p.lastIndexOf('-'));

/**
 * AbstractStickyAssignorTest.verifyValidityAndBalance, ported: every subscribed partition is
 * assigned exactly once, only to a member subscribed to its topic; and whenever two members
 * differ by more than one partition, the bigger one holds nothing the smaller one could take.
 */
export function verifyValidityAndBalance(
  members: MemberSubscription[],
  assignment: Assignment,
  partitionsPerTopic: Record<string, number>,
  opts: { allAssigned?: boolean } = {},
): void {
  const size = (id: string): number => assignment[id].length;
  expect(Object.keys(assignment).sort()).toEqual(members.map((m) => m.memberId).sort());
  const owner = new Map<TopicPartition, string>();
  for (const m of members) {
    for (const p of assignment[m.memberId]) {
      expect(m.topics, `${p} given to ${m.memberId}, not subscribed`).toContain(topicOf(p));
      expect(owner.has(p), `${p} assigned to ${owner.get(p)} and ${m.memberId}`).toBe(false);
      owner.set(p, m.memberId);
    }
  }
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const all = partitionsOf(partitionsPerTopic, subscribed);
  if (opts.allAssigned ?? true) expect([...owner.keys()].sort()).toEqual([...all].sort());
  const ids = members.map((m) => m.memberId);
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [small, big] = size(ids[i]) <= size(ids[j]) ? [ids[i], ids[j]] : [ids[j], ids[i]];
      if (size(big) - size(small) <= 1) continue;
      const smallTopics = members.find((m) => m.memberId === small)!.topics;
      for (const p of assignment[big]) {
        expect(smallTopics, `${small} (${size(small)}) could take ${p} from ${big} (${size(big)})`).not.toContain(topicOf(p));
      }
    }
  }
}

export function isFullyBalanced(assignment: Assignment): boolean {
  const sizes = Object.values(assignment).map((l) => l.length);
  return sizes.length === 0 || Math.max(...sizes) - Math.min(...sizes) <= 1;
}
