import { describe, it, expect } from 'vitest';
import { assignors, rangeAssign, rangeSlice } from '../../src/engine/group/rules';
import { member } from './helpers';

// Cases from Kafka's RangeAssignorTest (clients/src/test/java/org/apache/kafka/clients/consumer).
describe('range (RangeAssignor)', () => {
  it('is named and eager', () => {
    expect(assignors.range.name).toBe('range');
    expect(assignors.range.protocol).toBe('eager');
  });

  it('testOneConsumerNoTopic: a member subscribed to nothing gets []', () => {
    expect(rangeAssign({}, [member('consumer1', [])])).toEqual({ consumer1: [] });
  });

  it('testOneConsumerNonexistentTopic: a topic without metadata is skipped', () => {
    expect(rangeAssign({}, [member('consumer1', ['topic1'])])).toEqual({ consumer1: [] });
  });

  it('testOneConsumerOneTopic', () => {
    expect(rangeAssign({ topic1: 3 }, [member('consumer1', ['topic1'])])).toEqual({ consumer1: ['topic1-0', 'topic1-1', 'topic1-2'] });
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(rangeAssign({ topic1: 3, other: 3 }, [member('consumer1', ['topic1'])])).toEqual({ consumer1: ['topic1-0', 'topic1-1', 'topic1-2'] });
  });

  it('testOneConsumerMultipleTopics', () => {
    expect(rangeAssign({ topic1: 1, topic2: 2 }, [member('consumer1', ['topic1', 'topic2'])])).toEqual({
      consumer1: ['topic1-0', 'topic2-0', 'topic2-1'],
    });
  });

  it('testTwoConsumersOneTopicOnePartition: more members than partitions leaves one idle', () => {
    expect(rangeAssign({ topic1: 1 }, [member('consumer1', ['topic1']), member('consumer2', ['topic1'])])).toEqual({
      consumer1: ['topic1-0'],
      consumer2: [],
    });
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    expect(rangeAssign({ topic1: 2 }, [member('consumer1', ['topic1']), member('consumer2', ['topic1'])])).toEqual({
      consumer1: ['topic1-0'],
      consumer2: ['topic1-1'],
    });
  });

  it('testMultipleConsumersMixedTopics', () => {
    const out = rangeAssign({ topic1: 3, topic2: 2 }, [
      member('consumer1', ['topic1']),
      member('consumer2', ['topic1', 'topic2']),
      member('consumer3', ['topic1']),
    ]);
    expect(out).toEqual({
      consumer1: ['topic1-0'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-1'],
      consumer3: ['topic1-2'],
    });
  });

  it("testTwoConsumersTwoTopicsSixPartitions: range's imbalance, 4 partitions against 2", () => {
    const out = rangeAssign({ topic1: 3, topic2: 3 }, [member('consumer1', ['topic1', 'topic2']), member('consumer2', ['topic1', 'topic2'])]);
    expect(out).toEqual({
      consumer1: ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'],
      consumer2: ['topic1-2', 'topic2-2'],
    });
    // each topic is split 2/1 on its own, and the same member comes first on both
    expect(out.consumer1.length - out.consumer2.length).toBe(2);
  });

  it('the imbalance grows with the number of topics: 10 topics x 3 partitions over 2 members = 20/10', () => {
    const topics = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const ppt = Object.fromEntries(topics.map((t) => [t, 3]));
    const out = rangeAssign(ppt, [member('a', topics), member('b', topics)]);
    expect(out.a).toHaveLength(20);
    expect(out.b).toHaveLength(10);
  });

  it('testStaticMemberRangeAssignmentPersistent (dynamic form): 5 and 4 partitions over 4 members', () => {
    const topics = ['topic1', 'topic2'];
    const out = rangeAssign(
      { topic1: 5, topic2: 4 },
      ['consumer1', 'consumer2', 'consumer3', 'consumer4'].map((c) => member(c, topics)),
    );
    expect(out).toEqual({
      consumer1: ['topic1-0', 'topic1-1', 'topic2-0'],
      consumer2: ['topic1-2', 'topic2-1'],
      consumer3: ['topic1-3', 'topic2-2'],
      consumer4: ['topic1-4', 'topic2-3'],
    });
  });

  it('members are sorted by memberId whatever order they come in', () => {
    const topics = ['topic1'];
    const a = rangeAssign({ topic1: 5 }, [member('c3', topics), member('c1', topics), member('c2', topics)]);
    expect(a).toEqual({ c1: ['topic1-0', 'topic1-1'], c2: ['topic1-2', 'topic1-3'], c3: ['topic1-4'] });
    expect(Object.keys(a)).toEqual(['c1', 'c2', 'c3']);
  });

  it('partition lists sort numerically: orders-10 after orders-9', () => {
    const out = rangeAssign({ orders: 12 }, [member('c1', ['orders'])]);
    expect(out.c1.slice(-3)).toEqual(['orders-9', 'orders-10', 'orders-11']);
  });

  it('rangeSlice: floor(P/C) each, the first P mod C one more', () => {
    // 7 partitions over 3 members: 3, 2, 2
    expect([0, 1, 2].map((i) => rangeSlice(7, 3, i))).toEqual([
      { start: 0, length: 3 },
      { start: 3, length: 2 },
      { start: 5, length: 2 },
    ]);
    // 2 partitions over 3 members: 1, 1, 0
    expect(rangeSlice(2, 3, 2)).toEqual({ start: 2, length: 0 });
  });
});
