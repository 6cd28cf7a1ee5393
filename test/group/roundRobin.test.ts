import { describe, it, expect } from 'vitest';
import { allPartitionsSorted, assignors, roundRobinAssign } from '../../src/engine/group/rules';
import { member } from './helpers';

// Cases from Kafka's RoundRobinAssignorTest.
describe('roundrobin (RoundRobinAssignor)', () => {
  it('is named and eager', () => {
    expect(assignors.roundrobin.name).toBe('roundrobin');
    expect(assignors.roundrobin.protocol).toBe('eager');
  });

  it('testOneConsumerNoTopic / testOneConsumerNonexistentTopic', () => {
    expect(roundRobinAssign({}, [member('consumer', [])])).toEqual({ consumer: [] });
    expect(roundRobinAssign({}, [member('consumer', ['topic'])])).toEqual({ consumer: [] });
  });

  it('testOneConsumerOneTopic / testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(roundRobinAssign({ topic: 3, other: 3 }, [member('consumer', ['topic'])])).toEqual({ consumer: ['topic-0', 'topic-1', 'topic-2'] });
  });

  it('testOneConsumerMultipleTopics', () => {
    expect(roundRobinAssign({ topic1: 1, topic2: 2 }, [member('consumer', ['topic1', 'topic2'])])).toEqual({
      consumer: ['topic1-0', 'topic2-0', 'topic2-1'],
    });
  });

  it('testTwoConsumersOneTopicOnePartition: the second member is idle', () => {
    expect(roundRobinAssign({ topic: 1 }, [member('consumer1', ['topic']), member('consumer2', ['topic'])])).toEqual({
      consumer1: ['topic-0'],
      consumer2: [],
    });
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    expect(roundRobinAssign({ topic: 2 }, [member('consumer1', ['topic']), member('consumer2', ['topic'])])).toEqual({
      consumer1: ['topic-0'],
      consumer2: ['topic-1'],
    });
  });

  it('testMultipleConsumersMixedTopics: members not subscribed to a topic are skipped', () => {
    const out = roundRobinAssign({ topic1: 3, topic2: 2 }, [
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

  it('testTwoDynamicConsumersTwoTopicsSixPartitions: 3 each, interleaved', () => {
    const out = roundRobinAssign({ topic1: 3, topic2: 3 }, [member('consumer1', ['topic1', 'topic2']), member('consumer2', ['topic1', 'topic2'])]);
    expect(out).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });
  });

  it('testStaticMemberAssignmentPersistent (dynamic form): 6 partitions over 4 members', () => {
    const t = ['topic1', 'topic2'];
    const out = roundRobinAssign(
      { topic1: 3, topic2: 3 },
      ['consumer1', 'consumer2', 'consumer3', 'consumer4'].map((c) => member(c, t)),
    );
    expect(out).toEqual({
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-2'],
      consumer3: ['topic1-2'],
      consumer4: ['topic2-0'],
    });
  });

  it('the poor case of AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario: consumer3 ends idle', () => {
    const ppt = { topic1: 2, topic2: 1, topic3: 2, topic4: 1, topic5: 2 };
    const all = ['topic1', 'topic2', 'topic3', 'topic4', 'topic5'];
    const odd = ['topic1', 'topic3', 'topic5'];
    const out = roundRobinAssign(ppt, [member('consumer1', all), member('consumer2', odd), member('consumer3', odd), member('consumer4', all)]);
    // the result the test's comment gives for round robin
    expect(out).toEqual({
      consumer1: ['topic1-0', 'topic3-0', 'topic5-0'],
      consumer2: ['topic1-1', 'topic3-1', 'topic5-1'],
      consumer3: [],
      consumer4: ['topic2-0', 'topic4-0'],
    });
  });

  it('allPartitionsSorted: topics by name, then partition number', () => {
    expect(allPartitionsSorted({ b: 2, a: 11, unused: 4 }, [member('x', ['b', 'a'])])).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `a-${i}`),
      'b-0',
      'b-1',
    ]);
  });
});
