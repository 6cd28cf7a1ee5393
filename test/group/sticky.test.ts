import { describe, it, expect } from 'vitest';
import { abstractStickyAssign, assignors, stickyAssign, DEFAULT_GENERATION } from '../../src/engine/group/rules';
import { isFullyBalanced, member, verifyValidityAndBalance } from './helpers';

// Cases from Kafka's AbstractStickyAssignorTest (clients/src/test/java/org/apache/kafka/clients/
// consumer/internals), run by both StickyAssignorTest and CooperativeStickyAssignorTest. Kafka's
// tests build member names "consumer1".."consumer4", whose java.util.HashMap order is
// consumer4, consumer3, consumer2, consumer1 - the order the builders visit them in.

const T12 = ['topic1', 'topic2'];
const GEN = 1; // AbstractStickyAssignorTest.generationId

describe('sticky (StickyAssignor / AbstractStickyAssignor)', () => {
  it('is named and eager', () => {
    expect(assignors.sticky.name).toBe('sticky');
    expect(assignors.sticky.protocol).toBe('eager');
  });

  it('testOneConsumerNoTopic / testOneConsumerNonexistentTopic', () => {
    expect(stickyAssign({}, [member('consumer', [])])).toEqual({ consumer: [] });
    expect(stickyAssign({ topic: 0 }, [member('consumer', ['topic'])])).toEqual({ consumer: [] });
  });

  it('testOneConsumerOneTopic', () => {
    expect(stickyAssign({ topic: 3 }, [member('consumer', ['topic'])])).toEqual({ consumer: ['topic-0', 'topic-1', 'topic-2'] });
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics: owned partitions of an unknown topic are dropped', () => {
    const r = abstractStickyAssign({ topic: 2 }, [member('consumer', ['topic'], ['topic-0', 'topic-1', 'other-0', 'other-1'], GEN)]);
    expect(r.assignment).toEqual({ consumer: ['topic-0', 'topic-1'] });
    expect(r.partitionsTransferringOwnership).toEqual({});
  });

  it('testOneConsumerMultipleTopics', () => {
    expect(stickyAssign({ topic1: 1, topic2: 2 }, [member('consumer', T12)])).toEqual({ consumer: ['topic1-0', 'topic2-0', 'topic2-1'] });
  });

  it('testTwoConsumersOneTopicOnePartition: one member idle', () => {
    const members = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    const out = stickyAssign({ topic: 1 }, members);
    verifyValidityAndBalance(members, out, { topic: 1 });
    expect(out.consumer1.length + out.consumer2.length).toBe(1);
    expect(isFullyBalanced(out)).toBe(true);
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    expect(stickyAssign({ topic: 2 }, [member('consumer1', ['topic']), member('consumer2', ['topic'])])).toEqual({
      consumer1: ['topic-0'],
      consumer2: ['topic-1'],
    });
  });

  it('testMultipleConsumersMixedTopicSubscriptions: the general builder', () => {
    const members = [member('consumer1', ['topic1']), member('consumer2', T12), member('consumer3', ['topic1'])];
    const r = abstractStickyAssign({ topic1: 3, topic2: 2 }, members);
    expect(r.algorithm).toBe('general');
    expect(r.partitionsTransferringOwnership).toBeNull();
    expect(r.assignment).toEqual({
      consumer1: ['topic1-0', 'topic1-2'],
      consumer2: ['topic2-0', 'topic2-1'],
      consumer3: ['topic1-1'],
    });
  });

  it('testTwoConsumersTwoTopicsSixPartitions: the constrained builder deals round-robin', () => {
    const r = abstractStickyAssign({ topic1: 3, topic2: 3 }, [member('consumer1', T12), member('consumer2', T12)]);
    expect(r.algorithm).toBe('constrained');
    expect(r.assignment).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });
  });

  it('testConsumerOwningMinQuotaExpectedMaxQuota', () => {
    const r = abstractStickyAssign({ topic1: 2, topic2: 3 }, [
      member('consumer1', T12, ['topic1-0', 'topic2-1'], GEN),
      member('consumer2', T12, ['topic1-1', 'topic2-2'], GEN),
    ]);
    expect(r.assignment).toEqual({ consumer1: ['topic1-0', 'topic2-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-2'] });
    expect(r.partitionsTransferringOwnership).toEqual({});
  });

  it('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers: only one member may keep maxQuota', () => {
    const r = abstractStickyAssign({ topic1: 2, topic2: 2 }, [
      member('consumer1', T12, ['topic1-0', 'topic2-0'], GEN),
      member('consumer2', T12, ['topic1-1', 'topic2-1'], GEN),
      member('consumer3', T12, [], GEN),
    ]);
    // consumer2 is visited before consumer1 (HashMap order), so it is the one that keeps two
    expect(r.assignment).toEqual({ consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: ['topic2-0'] });
    expect(r.partitionsTransferringOwnership).toEqual({ 'topic2-0': 'consumer3' });
  });

  it('testAllConsumersAreUnderMinQuota', () => {
    const r = abstractStickyAssign({ topic1: 2, topic2: 3 }, [
      member('consumer1', T12, ['topic1-0'], GEN),
      member('consumer2', T12, ['topic1-1'], GEN),
      member('consumer3', T12, [], GEN),
    ]);
    expect(r.assignment).toEqual({ consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-2'], consumer3: ['topic2-0'] });
    expect(r.partitionsTransferringOwnership).toEqual({});
  });

  it('testAddRemoveConsumerOneTopic: a joining member takes one, a leaving one gives all back', () => {
    const ppt = { topic: 3 };
    const a1 = abstractStickyAssign(ppt, [member('consumer1', ['topic'])]);
    expect(a1.assignment).toEqual({ consumer1: ['topic-0', 'topic-1', 'topic-2'] });

    const a2 = abstractStickyAssign(ppt, [member('consumer1', ['topic'], a1.assignment.consumer1, GEN), member('consumer2', ['topic'], [], GEN)]);
    expect(a2.assignment).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(a2.partitionsTransferringOwnership).toEqual({ 'topic-2': 'consumer2' });

    const a3 = abstractStickyAssign(ppt, [member('consumer2', ['topic'], a2.assignment.consumer2, GEN)]);
    expect(a3.assignment).toEqual({ consumer2: ['topic-0', 'topic-1', 'topic-2'] });
    expect(a3.partitionsTransferringOwnership).toEqual({});
  });

  describe('testAddRemoveTwoConsumersTwoTopics', () => {
    const ppt = { topic1: 3, topic2: 4 };
    const first = { consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'] };

    it('first assignment', () => {
      expect(stickyAssign(ppt, [member('consumer1', T12), member('consumer2', T12)])).toEqual(first);
    });

    it("Kafka before 3.8 (owned partitions walked in the member's order): Kafka's published expectations", () => {
      const opts = { sortOwnedPartitionsByPartition: false };
      const a2 = abstractStickyAssign(
        ppt,
        [
          member('consumer1', T12, first.consumer1, GEN),
          member('consumer2', T12, first.consumer2, GEN),
          member('consumer3', T12, [], GEN),
          member('consumer4', T12, [], GEN),
        ],
        opts,
      );
      expect(a2.partitionsTransferringOwnership).toEqual({ 'topic2-1': 'consumer3', 'topic2-2': 'consumer4', 'topic2-3': 'consumer3' });
      expect(a2.assignment).toEqual({
        consumer1: ['topic1-0', 'topic1-2'],
        consumer2: ['topic1-1', 'topic2-0'],
        consumer3: ['topic2-1', 'topic2-3'],
        consumer4: ['topic2-2'],
      });
      // remove consumer1 and consumer2
      const a3 = abstractStickyAssign(
        ppt,
        [member('consumer3', T12, a2.assignment.consumer3, GEN), member('consumer4', T12, a2.assignment.consumer4, GEN)],
        opts,
      );
      expect(a3.assignment).toEqual({
        consumer3: ['topic1-0', 'topic2-0', 'topic2-1', 'topic2-3'],
        consumer4: ['topic1-1', 'topic1-2', 'topic2-2'],
      });
      expect(a3.partitionsTransferringOwnership).toEqual({});
    });

    it('Kafka 3.8+ (KAFKA-16277: owned partitions walked by partition number, so kept ones spread over topics)', () => {
      const a2 = abstractStickyAssign(ppt, [
        member('consumer1', T12, first.consumer1, GEN),
        member('consumer2', T12, first.consumer2, GEN),
        member('consumer3', T12, [], GEN),
        member('consumer4', T12, [], GEN),
      ]);
      // consumer2 (visited first) walks topic2-0, topic1-1, topic2-2 and keeps maxQuota = 2;
      // consumer1 walks topic1-0, topic2-1, topic1-2, topic2-3 and keeps 2; the three given back
      // are dealt to consumer3, consumer4, then consumer3 again.
      expect(a2.assignment).toEqual({
        consumer1: ['topic1-0', 'topic2-1'],
        consumer2: ['topic1-1', 'topic2-0'],
        consumer3: ['topic1-2', 'topic2-3'],
        consumer4: ['topic2-2'],
      });
      expect(a2.partitionsTransferringOwnership).toEqual({ 'topic1-2': 'consumer3', 'topic2-2': 'consumer4', 'topic2-3': 'consumer3' });
    });
  });

  it('testAddRemoveTopicTwoConsumers: adding a topic keeps old partitions, removing one keeps the rest', () => {
    const p1 = { topic: 3 };
    const m1 = [member('consumer1', ['topic']), member('consumer2', ['topic'])];
    const a1 = stickyAssign(p1, m1);
    verifyValidityAndBalance(m1, a1, p1);

    const p2 = { topic: 3, topic2: 3 };
    const m2 = [member('consumer1', ['topic', 'topic2'], a1.consumer1, GEN), member('consumer2', ['topic', 'topic2'], a1.consumer2, GEN)];
    const a2 = stickyAssign(p2, m2);
    verifyValidityAndBalance(m2, a2, p2);
    expect(a2.consumer1).toHaveLength(3);
    expect(a2.consumer2).toHaveLength(3);
    expect(a2.consumer1).toEqual(expect.arrayContaining(a1.consumer1));
    expect(a2.consumer2).toEqual(expect.arrayContaining(a1.consumer2));

    const p3 = { topic2: 3 };
    const m3 = [member('consumer1', ['topic2'], a2.consumer1, GEN), member('consumer2', ['topic2'], a2.consumer2, GEN)];
    const a3 = stickyAssign(p3, m3);
    verifyValidityAndBalance(m3, a3, p3);
    expect(isFullyBalanced(a3)).toBe(true);
    expect(a2.consumer1).toEqual(expect.arrayContaining(a3.consumer1));
    expect(a2.consumer2).toEqual(expect.arrayContaining(a3.consumer2));
  });

  it('testPoorRoundRobinAssignmentScenario: every member gets two', () => {
    const ppt = { topic1: 2, topic2: 1, topic3: 2, topic4: 1, topic5: 2 };
    const all = ['topic1', 'topic2', 'topic3', 'topic4', 'topic5'];
    const odd = ['topic1', 'topic3', 'topic5'];
    const members = [member('consumer1', all), member('consumer2', odd), member('consumer3', odd), member('consumer4', all)];
    const out = stickyAssign(ppt, members);
    verifyValidityAndBalance(members, out, ppt);
    expect(Object.values(out).map((l) => l.length)).toEqual([2, 2, 2, 2]);
  });

  it('testReassignmentAfterOneConsumerLeaves: general case, 19 topics, member 10 leaves, valid and balanced', () => {
    const name = (i: number): string => `consumer${String(i).padStart(2, '0')}`;
    const topic = (i: number): string => `topic${String(i).padStart(2, '0')}`;
    const ppt = Object.fromEntries(Array.from({ length: 19 }, (_, k) => [topic(k + 1), k + 1]));
    const subs = (i: number): string[] => Array.from({ length: i }, (_, j) => topic(j + 1));
    const m1 = Array.from({ length: 19 }, (_, k) => member(name(k + 1), subs(k + 1)));
    const a1 = stickyAssign(ppt, m1);
    verifyValidityAndBalance(m1, a1, ppt);
    const m2 = m1.filter((m) => m.memberId !== name(10)).map((m) => member(m.memberId, m.topics, a1[m.memberId], GEN));
    const a2 = stickyAssign(ppt, m2);
    verifyValidityAndBalance(m2, a2, ppt);
  });

  it('sticky keeps partitions after a member leaves: the others keep everything and share the orphans', () => {
    const ppt = { orders: 6 };
    const m1 = ['c1', 'c2', 'c3'].map((c) => member(c, ['orders']));
    const a1 = stickyAssign(ppt, m1);
    expect(a1).toEqual({ c1: ['orders-0', 'orders-3'], c2: ['orders-1', 'orders-4'], c3: ['orders-2', 'orders-5'] });
    const a2 = stickyAssign(ppt, [member('c1', ['orders'], a1.c1, GEN), member('c3', ['orders'], a1.c3, GEN)]);
    // c2's orders-1 and orders-4 are dealt one each, in c1, c3 order
    expect(a2).toEqual({ c1: ['orders-0', 'orders-1', 'orders-3'], c3: ['orders-2', 'orders-4', 'orders-5'] });
    // range, by contrast, reshuffles
    const r2 = assignors.range.assign(ppt, [member('c1', ['orders']), member('c3', ['orders'])]);
    expect(r2).toEqual({ c1: ['orders-0', 'orders-1', 'orders-2'], c3: ['orders-3', 'orders-4', 'orders-5'] });
  });

  it('consumers outnumber partitions: the extra members get []', () => {
    const members = ['c1', 'c2', 'c3', 'c4'].map((c) => member(c, ['orders']));
    expect(stickyAssign({ orders: 2 }, members)).toEqual({ c1: ['orders-0'], c2: ['orders-1'], c3: [], c4: [] });
  });

  describe('generations (KAFKA-12984, KAFKA-14639)', () => {
    it('a partition claimed by two members of the same generation is taken from both and reassigned', () => {
      const r = abstractStickyAssign({ topic: 3 }, [
        member('consumer1', ['topic'], ['topic-0', 'topic-1'], 2),
        member('consumer2', ['topic'], ['topic-1', 'topic-2'], 2),
        member('consumer3', ['topic'], [], 2),
      ]);
      // consumer2 (visited before consumer1) claims topic-1 first; consumer1's claim invalidates
      // it for both. Each keeps its other partition (minQuota = 1); topic-1 goes to consumer3.
      expect(r.assignment).toEqual({ consumer1: ['topic-0'], consumer2: ['topic-2'], consumer3: ['topic-1'] });
      expect(r.partitionsTransferringOwnership).toEqual({ 'topic-1': 'consumer3' });
    });

    it('claimed in different generations, the newer generation keeps it', () => {
      const r = abstractStickyAssign({ topic: 2 }, [member('consumer1', ['topic'], ['topic-0', 'topic-1'], 1), member('consumer2', ['topic'], ['topic-1'], 2)]);
      expect(r.assignment).toEqual({ consumer1: ['topic-0'], consumer2: ['topic-1'] });
      expect(r.maxGeneration).toBe(2);
    });

    it('a new member reports DEFAULT_GENERATION', () => {
      expect(DEFAULT_GENERATION).toBe(-1);
      const r = abstractStickyAssign({ topic: 2 }, [member('consumer1', ['topic'])]);
      expect(r.maxGeneration).toBe(-1);
    });
  });

  it("empty subscription: Kafka's allSubscriptionsEqual skips its check while the first member visited subscribes to nothing", () => {
    // HashMap order of "c0" and "c3" is c3 (bucket 0), then c0 (bucket 13). c3 subscribes to
    // nothing, so subscribedTopics is still empty when c0 is checked and is simply filled with
    // c0's topics: the group counts as "all equal" and the constrained builder deals z-1 to c3.
    const r = abstractStickyAssign({ z: 2 }, [member('c0', ['z']), member('c3', [])]);
    expect(r.algorithm).toBe('constrained');
    expect(r.assignment).toEqual({ c0: ['z-0'], c3: ['z-1'] });
    // with the subscribing member visited first the check works: the general builder runs
    const r2 = abstractStickyAssign({ z: 2 }, [member('c3', ['z']), member('c0', [])]);
    expect(r2.algorithm).toBe('general');
    expect(r2.assignment).toEqual({ c0: [], c3: ['z-0', 'z-1'] });
  });

  it('the result does not depend on the order members are passed in', () => {
    const ppt = { a: 5, b: 4, c: 1 };
    const ms = [
      member('m1', ['a', 'b'], ['a-0', 'a-1', 'b-3'], 3),
      member('m2', ['a', 'b', 'c'], ['b-0', 'c-0'], 3),
      member('m3', ['b'], [], 3),
      member('m4', ['a', 'c'], ['a-4'], 3),
    ];
    const expected = stickyAssign(ppt, ms);
    verifyValidityAndBalance(ms, expected, ppt);
    expect(stickyAssign(ppt, [...ms].reverse())).toEqual(expected);
    expect(stickyAssign(ppt, [ms[2], ms[0], ms[3], ms[1]])).toEqual(expected);
  });
});
