import { describe, it, expect } from 'vitest';
import {
  assignors,
  cooperativeRevocations,
  cooperativeStickyAssign,
  cooperativeStickyAssignDetailed,
  stickyAssign,
  type Assignment,
  type MemberSubscription,
} from '../../src/engine/group/rules';
import { member, verifyValidityAndBalance } from './helpers';

/** What a cooperative member sends when it rejoins: what it still owns after revoking. */
function rejoin(members: MemberSubscription[], assignment: Assignment, generation: number): MemberSubscription[] {
  return members.map((m) => member(m.memberId, m.topics, assignment[m.memberId] ?? [], generation));
}

describe('cooperative-sticky (CooperativeStickyAssignor, KIP-429)', () => {
  it('is named and cooperative', () => {
    expect(assignors['cooperative-sticky'].name).toBe('cooperative-sticky');
    expect(assignors['cooperative-sticky'].protocol).toBe('cooperative');
  });

  it('revoke, then assign: a joining member gets the moved partition only in the follow-up rebalance', () => {
    const ppt = { topic: 3 };
    // generation 1: consumer1 alone owns everything
    const g1 = cooperativeStickyAssign(ppt, [member('consumer1', ['topic'])]);
    expect(g1).toEqual({ consumer1: ['topic-0', 'topic-1', 'topic-2'] });

    // consumer2 joins. The sticky target moves topic-2 to it...
    const members2 = [member('consumer1', ['topic'], g1.consumer1, 1), member('consumer2', ['topic'], [], 1)];
    expect(stickyAssign(ppt, members2)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    // ...but cooperatively topic-2 is only taken from consumer1 in this rebalance
    const r2 = cooperativeStickyAssignDetailed(ppt, members2);
    expect(r2.target).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(r2.assignment).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: [] });
    expect(r2.transferring).toEqual({ 'topic-2': 'consumer2' });
    expect(r2.revoked).toEqual({ consumer1: ['topic-2'], consumer2: [] });
    expect(assignors['cooperative-sticky'].assign(ppt, members2)).toEqual(r2.assignment);

    // consumer1 revoked topic-2 and rejoins: the follow-up rebalance hands it to consumer2
    const r3 = cooperativeStickyAssignDetailed(ppt, rejoin(members2, r2.assignment, 2));
    expect(r3.assignment).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(r3.transferring).toEqual({});
    expect(r3.revoked).toEqual({ consumer1: [], consumer2: [] });
  });

  it('testAddRemoveTwoConsumersTwoTopics, cooperatively: the three moved partitions wait one rebalance', () => {
    const ppt = { topic1: 3, topic2: 4 };
    const T = ['topic1', 'topic2'];
    const g1 = { consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'] };
    const members = ['consumer1', 'consumer2', 'consumer3', 'consumer4'].map((c) => member(c, T, g1[c as keyof typeof g1] ?? [], 1));
    const r = cooperativeStickyAssignDetailed(ppt, members);
    expect(r.transferring).toEqual({ 'topic1-2': 'consumer3', 'topic2-2': 'consumer4', 'topic2-3': 'consumer3' });
    expect(r.assignment).toEqual({
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-0'],
      consumer3: [],
      consumer4: [],
    });
    expect(r.revoked).toEqual({ consumer1: ['topic1-2', 'topic2-3'], consumer2: ['topic2-2'], consumer3: [], consumer4: [] });
    const r2 = cooperativeStickyAssignDetailed(ppt, rejoin(members, r.assignment, 2));
    expect(r2.assignment).toEqual(r.target);
    verifyValidityAndBalance(members, r2.assignment, ppt);
  });

  it('general case (different subscriptions): transfers computed from ownedPartitions', () => {
    const ppt = { a: 2, b: 2 };
    // m1 owned everything; m2 joins subscribed to a only, m3 to both
    const members = [member('m1', ['a', 'b'], ['a-0', 'a-1', 'b-0', 'b-1'], 1), member('m2', ['a'], [], 1), member('m3', ['a', 'b'], [], 1)];
    const r = cooperativeStickyAssignDetailed(ppt, members);
    expect(r.algorithm).toBe('general');
    verifyValidityAndBalance(members, r.target, ppt);
    // whatever moved away from m1 is missing from this round and revoked by m1
    for (const [p, to] of Object.entries(r.transferring)) {
      expect(r.target[to]).toContain(p);
      expect(r.assignment[to]).not.toContain(p);
      expect(r.revoked.m1).toContain(p);
    }
    expect(Object.keys(r.transferring).length).toBeGreaterThan(0);
    const r2 = cooperativeStickyAssignDetailed(ppt, rejoin(members, r.assignment, 2));
    verifyValidityAndBalance(members, r2.assignment, ppt);
    expect(r2.transferring).toEqual({});
  });

  describe('cooperativeRevocations', () => {
    it('a partition that changes owner is revoked now and assigned later', () => {
      const previous = { c1: ['t-0', 't-1', 't-2'], c2: [] };
      const target = { c1: ['t-0', 't-1'], c2: ['t-2'] };
      expect(cooperativeRevocations(previous, target)).toEqual({
        transferring: { 't-2': 'c2' },
        revoked: { c1: ['t-2'], c2: [] },
        assignment: { c1: ['t-0', 't-1'], c2: [] },
      });
    });

    it('a partition nobody owned is assigned at once; one nobody gets is revoked without transfer', () => {
      const previous = { c1: ['t-0', 'old-0'] };
      const target = { c1: ['t-0'], c2: ['t-1'] };
      expect(cooperativeRevocations(previous, target)).toEqual({
        transferring: {},
        revoked: { c1: ['old-0'] },
        assignment: { c1: ['t-0'], c2: ['t-1'] },
      });
    });

    it('nothing moves: nothing revoked', () => {
      const a = { c1: ['t-0'], c2: ['t-1'] };
      expect(cooperativeRevocations(a, a)).toEqual({ transferring: {}, revoked: { c1: [], c2: [] }, assignment: a });
    });
  });
});
