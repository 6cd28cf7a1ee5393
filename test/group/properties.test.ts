import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assignors, cooperativeStickyAssignDetailed, type Assignment, type AssignorName, type MemberSubscription } from '../../src/engine/group/rules';
import { isFullyBalanced, member, partitionsOf, verifyValidityAndBalance } from './helpers';

const TOPICS = ['orders', 'payments', 'a-b', 'z'];

const arbPartitionsPerTopic = fc
  .tuple(...TOPICS.map(() => fc.integer({ min: 0, max: 12 })))
  .map((counts) => Object.fromEntries(TOPICS.map((t, i) => [t, counts[i]])));

const arbMemberIds = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 9 }).map((ns) => ns.map((n) => `consumer-${n}`));

/** equal subscriptions: every member subscribes to the same non-empty topic set */
const arbEqualGroup = fc.record({
  ppt: arbPartitionsPerTopic,
  ids: arbMemberIds,
  topics: fc.subarray(TOPICS, { minLength: 1 }),
});

/**
 * any non-empty subscriptions (a member subscribed to nothing can trip Kafka's
 * allSubscriptionsEqual; see sticky.test.ts "empty subscription")
 */
const arbMixedGroup = fc.record({
  ppt: arbPartitionsPerTopic,
  subs: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.subarray(TOPICS, { minLength: 1 })), {
    minLength: 1,
    maxLength: 9,
    selector: (t) => t[0],
  }),
});

const ALL: AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

function everyPartitionOnce(members: MemberSubscription[], a: Assignment, ppt: Record<string, number>): void {
  const subscribed = new Set(members.flatMap((m) => m.topics));
  const given = Object.values(a).flat();
  expect(new Set(given).size).toBe(given.length);
  expect([...given].sort()).toEqual(partitionsOf(ppt, subscribed).sort());
  for (const m of members) for (const p of a[m.memberId]) expect(m.topics).toContain(p.slice(0, p.lastIndexOf('-')));
}

describe('assignor properties (fast-check)', () => {
  it('every partition of a subscribed topic is assigned exactly once, to a subscriber; every member appears', () => {
    fc.assert(
      fc.property(arbMixedGroup, ({ ppt, subs }) => {
        const members = subs.map(([n, topics]) => member(`c${n}`, topics));
        for (const name of ALL) {
          const a = assignors[name].assign(ppt, members);
          expect(Object.keys(a).sort()).toEqual(members.map((m) => m.memberId).sort());
          everyPartitionOnce(members, a, ppt);
          for (const list of Object.values(a))
            expect(list).toEqual(
              [...list].sort((x, y) => {
                const tx = x.slice(0, x.lastIndexOf('-'));
                const ty = y.slice(0, y.lastIndexOf('-'));
                return tx < ty ? -1 : tx > ty ? 1 : Number(x.slice(x.lastIndexOf('-') + 1)) - Number(y.slice(y.lastIndexOf('-') + 1));
              }),
            );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sticky and roundrobin are balanced (max - min <= 1) when subscriptions are equal', () => {
    fc.assert(
      fc.property(arbEqualGroup, ({ ppt, ids, topics }) => {
        const members = ids.map((id) => member(id, topics));
        for (const name of ['roundrobin', 'sticky', 'cooperative-sticky'] as const) {
          expect(isFullyBalanced(assignors[name].assign(ppt, members))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sticky after a membership change: valid, balanced, and a leaving member costs the others nothing', () => {
    fc.assert(
      fc.property(arbEqualGroup, fc.nat(), fc.boolean(), ({ ppt, ids, topics }, pick, leave) => {
        const gen1 = ids.map((id) => member(id, topics));
        const a1 = assignors.sticky.assign(ppt, gen1);
        let gen2: MemberSubscription[] = gen1.map((m) => member(m.memberId, topics, a1[m.memberId], 1));
        const left = leave && gen2.length > 1;
        if (left) gen2 = gen2.filter((_, i) => i !== pick % gen2.length);
        else gen2 = [...gen2, member('consumer-new', topics, [], -1)];
        const a2 = assignors.sticky.assign(ppt, gen2);
        verifyValidityAndBalance(gen2, a2, ppt);
        expect(isFullyBalanced(a2)).toBe(true);
        if (left) for (const m of gen2) expect(a2[m.memberId]).toEqual(expect.arrayContaining(a1[m.memberId]));
      }),
      { numRuns: 300 },
    );
  });

  it('sticky with different subscriptions after a change: valid and without avoidable imbalance', () => {
    fc.assert(
      fc.property(arbMixedGroup, fc.nat(), ({ ppt, subs }, pick) => {
        const gen1 = subs.map(([n, topics]) => member(`c${n}`, topics));
        const a1 = assignors.sticky.assign(ppt, gen1);
        const gen2 = gen1.filter((_, i) => gen1.length === 1 || i !== pick % gen1.length).map((m) => member(m.memberId, m.topics, a1[m.memberId], 1));
        const a2 = assignors.sticky.assign(ppt, gen2);
        verifyValidityAndBalance(gen2, a2, ppt);
      }),
      { numRuns: 200 },
    );
  });

  it('cooperative-sticky: never hands a partition to a new owner in the rebalance that takes it away; converges in one more', () => {
    fc.assert(
      fc.property(arbEqualGroup, fc.nat(), fc.boolean(), ({ ppt, ids, topics }, pick, leave) => {
        const gen1 = ids.map((id) => member(id, topics));
        const a1 = assignors['cooperative-sticky'].assign(ppt, gen1);
        let gen2 = gen1.map((m) => member(m.memberId, topics, a1[m.memberId], 1));
        if (leave && gen2.length > 1) gen2 = gen2.filter((_, i) => i !== pick % gen2.length);
        else gen2 = [...gen2, member('consumer-new', topics, [], -1)];
        const r2 = cooperativeStickyAssignDetailed(ppt, gen2);
        // no partition is given to a member while another member of this round owned it
        const ownerBefore = new Map(gen2.flatMap((m) => m.ownedPartitions.map((p) => [p, m.memberId] as const)));
        for (const [id, list] of Object.entries(r2.assignment)) {
          for (const p of list) expect(ownerBefore.get(p) ?? id).toBe(id);
        }
        // follow-up rebalance with what each member kept: everything assigned, nothing moving
        const gen3 = gen2.map((m) => member(m.memberId, topics, r2.assignment[m.memberId], 2));
        const r3 = cooperativeStickyAssignDetailed(ppt, gen3);
        expect(r3.transferring).toEqual({});
        verifyValidityAndBalance(gen3, r3.assignment, ppt);
        expect(isFullyBalanced(r3.assignment)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('all assignors are deterministic (same input, same output)', () => {
    fc.assert(
      fc.property(arbMixedGroup, ({ ppt, subs }) => {
        const members = subs.map(([n, topics]) => member(`c${n}`, topics, [], -1));
        for (const name of ALL) expect(assignors[name].assign(ppt, members)).toEqual(assignors[name].assign(ppt, [...members].reverse()));
      }),
      { numRuns: 100 },
    );
  });
});
