// KIP-848 server-side assignors and member reconciliation, checked with Kafka's own test cases
// (group-coordinator, trunk 4.0.0-SNAPSHOT): OptimizedUniformAssignmentBuilderTest,
// UniformHeterogeneousAssignmentBuilderTest, RangeAssignorTest (server side), CurrentAssignmentBuilderTest.
import { describe, expect, it } from 'vitest';
import { compareUuids, randomUuid, uuidFromString, uuidHashCode, uuidToString } from '../../src/engine/group/rules/kafkaUuid';
import {
  inJavaHashMapOrder,
  subscriptionTypeOf,
  topicIdsInJavaHashOrder,
  type ServerGroupAssignment,
  type ServerGroupSpec,
  type ServerMember,
  type TopicAssignment,
} from '../../src/engine/group/rules/serverAssignment';
import { uniformAssign } from '../../src/engine/group/rules/uniformAssignor';
import { serverRangeAssign } from '../../src/engine/group/rules/serverRangeAssignor';
import { FencedMemberEpochError, reconcileMember, type ConsumerMemberState, type Partitions } from '../../src/engine/group/rules/currentAssignmentBuilder';
import { Prng } from '../../src/engine/sim/prng';

// the topic ids of Kafka's assignor tests
const T1 = 'T1-A4s3VTwiI5CTbEp6POw';
const T2 = 'T2-B4s3VTwiI5YHbPp6YUe';
const T3 = 'T3-CU8fVTLCz5YMkLoDQsa';
const T4 = 'T4-Tw9fVTLCz5HbPp6YQsa';

const topics = (counts: Record<string, number>) => (t: string) => counts[t] ?? -1;
/** mkAssignment: a HashMap, so its entries iterate in Java hash order */
const mk = (a: Record<string, number[]>): TopicAssignment => inJavaHashMapOrder(Object.entries(a));
/** mkOrderedAssignment: a LinkedHashMap, entries in the order written */
const mkOrdered = (...entries: [string, number[]][]): TopicAssignment => entries;
const member = (memberId: string, subscribedTopicIds: string[], assignment: TopicAssignment = [], instanceId: string | null = null): ServerMember => ({
  memberId,
  subscribedTopicIds,
  assignment,
  instanceId,
});
const spec = (members: ServerMember[]): ServerGroupSpec => ({ members, subscriptionType: subscriptionTypeOf(members) });

/** checkValidityAndBalance: subscribed topics only, no partition twice, sizes within one */
function checkValidityAndBalance(members: ServerMember[], a: ServerGroupAssignment): void {
  const seen = new Set<string>();
  for (const m of members) {
    for (const [t, ps] of Object.entries(a[m.memberId] ?? {})) {
      expect(m.subscribedTopicIds).toContain(t);
      for (const p of ps) {
        expect(seen.has(`${t}-${p}`)).toBe(false);
        seen.add(`${t}-${p}`);
      }
    }
  }
  const sizes = members.map((m) => Object.values(a[m.memberId] ?? {}).reduce((s, ps) => s + ps.length, 0));
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
}

describe('Uuid (org.apache.kafka.common.Uuid)', () => {
  it('decodes, encodes, hashes and compares as Kafka', () => {
    expect(uuidToString(uuidFromString(T1))).toBe(T1);
    // T2's last character carries non-zero padding bits, which Java's base64 decoder drops as this one does
    expect(uuidToString(uuidFromString(T2))).toBe('T2-B4s3VTwiI5YHbPp6YUQ');
    // Uuid.hashCode = (int)(xor >> 32) ^ (int) xor; checked against an independent BigInt computation
    const bytes = Buffer.from(T1.replace(/-/g, '+').replace(/_/g, '/') + '==', 'base64');
    const xor = bytes.readBigInt64BE(0) ^ bytes.readBigInt64BE(8);
    expect(uuidHashCode(T1)).toBe(Number(BigInt.asIntN(32, xor >> 32n)) ^ Number(BigInt.asIntN(32, xor)));
    expect([T3, T1, T4, T2].sort(compareUuids)).toEqual([T1, T2, T3, T4]); // 'T1-…' < 'T2-…': msb compared signed
    expect(() => uuidFromString('abc')).toThrow(/16 bytes/);
    const prng = new Prng(9);
    const ids = Array.from({ length: 50 }, () => randomUuid(() => prng.nextUint32()));
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect([id.length, id.startsWith('-'), uuidToString(uuidFromString(id))]).toEqual([22, false, id]);
  });
});

describe('uniform assignor, homogeneous (OptimizedUniformAssignmentBuilderTest)', () => {
  it('testOneMemberNoTopicSubscription and testOneMemberSubscribedToNonexistentTopic', () => {
    expect(uniformAssign(spec([member('A', [])]), topics({ [T1]: 3 }))).toEqual({});
    expect(() => uniformAssign(spec([member('A', [T2])]), topics({ [T1]: 3 }))).toThrow(/doesn't exist in the topic metadata/);
  });

  it('testFirstAssignmentTwoMembersTwoTopicsNoMemberRacks: topics in Java HashSet order (topic3 before topic1)', () => {
    expect(topicIdsInJavaHashOrder([T1, T3])).toEqual([T3, T1]);
    const members = [member('A', [T1, T3]), member('B', [T1, T3])];
    const a = uniformAssign(spec(members), topics({ [T1]: 3, [T3]: 2 }));
    expect(a).toEqual({ A: { [T1]: [0], [T3]: [0, 1] }, B: { [T1]: [1, 2] } });
    checkValidityAndBalance(members, a);
  });

  it('testFirstAssignmentNumMembersGreaterThanTotalNumPartitions', () => {
    const a = uniformAssign(spec([member('A', [T3]), member('B', [T3]), member('C', [T3])]), topics({ [T3]: 2 }));
    expect(a).toEqual({ A: { [T3]: [0] }, B: { [T3]: [1] }, C: {} });
  });

  it('testValidityAndBalanceForLargeSampleSet (99 topics of 3 partitions, 49 members)', () => {
    const prng = new Prng(3);
    const ids = Array.from({ length: 99 }, () => randomUuid(() => prng.nextUint32()));
    const members = Array.from({ length: 49 }, (_, i) => member(`member${i + 1}`, ids)).sort((x, y) => (x.memberId < y.memberId ? -1 : 1));
    checkValidityAndBalance(members, uniformAssign(spec(members), topics(Object.fromEntries(ids.map((t) => [t, 3])))));
  });

  it('testReassignmentForTwoMembersTwoTopicsGivenUnbalancedPrevAssignment', () => {
    const members = [member('A', [T1, T2], mkOrdered([T1, [0, 1]], [T2, [0, 1]])), member('B', [T1, T2], mkOrdered([T1, [2]], [T2, [2]]))];
    expect(uniformAssign(spec(members), topics({ [T1]: 3, [T2]: 3 }))).toEqual({ A: { [T1]: [0, 1], [T2]: [0] }, B: { [T1]: [2], [T2]: [1, 2] } });
  });

  it('testReassignmentWhenPartitionsAreAddedForTwoMembersTwoTopics', () => {
    const members = [member('A', [T1, T2], mkOrdered([T1, [0, 2]], [T2, [0]])), member('B', [T1, T2], mkOrdered([T1, [1]], [T2, [1, 2]]))];
    expect(uniformAssign(spec(members), topics({ [T1]: 6, [T2]: 5 }))).toEqual({
      A: { [T1]: [0, 2, 3], [T2]: [0, 3, 4] },
      B: { [T1]: [1, 4, 5], [T2]: [1, 2] },
    });
  });

  it('testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const members = [
      member('A', [T1, T2], mkOrdered([T1, [0, 2]], [T2, [0]])),
      member('B', [T1, T2], mkOrdered([T1, [1]], [T2, [1, 2]])),
      member('C', [T1, T2]),
    ];
    const a = uniformAssign(spec(members), topics({ [T1]: 3, [T2]: 3 }));
    expect(a).toEqual({ A: { [T1]: [0, 2] }, B: { [T1]: [1], [T2]: [1] }, C: { [T2]: [0, 2] } });
    checkValidityAndBalance(members, a);
  });

  it('testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersTwoTopics', () => {
    const members = [member('A', [T1, T2], mk({ [T1]: [0], [T2]: [0] })), member('B', [T1, T2], mk({ [T1]: [1], [T2]: [1] }))];
    expect(uniformAssign(spec(members), topics({ [T1]: 3, [T2]: 3 }))).toEqual({ A: { [T1]: [0], [T2]: [0, 2] }, B: { [T1]: [1, 2], [T2]: [1] } });
  });

  it('testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const members = [member('A', [T2], mk({ [T1]: [0], [T2]: [0] })), member('B', [T2], mk({ [T1]: [1], [T2]: [1] }))];
    expect(uniformAssign(spec(members), topics({ [T1]: 2, [T2]: 2 }))).toEqual({ A: { [T2]: [0] }, B: { [T2]: [1] } });
  });
});

describe('uniform assignor, heterogeneous (UniformHeterogeneousAssignmentBuilderTest, members sorted)', () => {
  it('testTwoMembersNoTopicSubscription, testTwoMembersSubscribedToNonexistentTopics', () => {
    expect(uniformAssign({ members: [member('A', []), member('B', [])], subscriptionType: 'HETEROGENEOUS' }, topics({ [T1]: 3 }))).toEqual({});
    expect(() => uniformAssign(spec([member('A', [T3]), member('B', [T2])]), topics({ [T1]: 3 }))).toThrow(/doesn't exist/);
  });

  it('testFirstAssignmentTwoMembersTwoTopics', () => {
    const members = [member('A', [T1, T3]), member('B', [T3])];
    expect(spec(members).subscriptionType).toBe('HETEROGENEOUS');
    expect(uniformAssign(spec(members), topics({ [T1]: 3, [T3]: 6 }))).toEqual({ A: { [T1]: [0, 1, 2], [T3]: [4] }, B: { [T3]: [0, 1, 2, 3, 5] } });
  });

  it('testFirstAssignmentNumMembersGreaterThanTotalNumPartitions', () => {
    expect(uniformAssign(spec([member('A', [T3]), member('B', [T3]), member('C', [T1])]), topics({ [T3]: 1, [T1]: 2 }))).toEqual({
      A: { [T3]: [0] },
      B: {},
      C: { [T1]: [0, 1] },
    });
  });

  it('testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment', () => {
    const members = [
      member('A', [T1], mk({ [T1]: [0, 1, 2] })),
      member('B', [T1, T2], mk({ [T1]: [3], [T2]: [0] })),
      member('C', [T1, T2, T3], mk({ [T1]: [4, 5], [T2]: [1, 2, 3], [T3]: [0, 1, 2, 3] })),
    ];
    expect(uniformAssign(spec(members), topics({ [T1]: 6, [T2]: 4, [T3]: 4 }))).toEqual({
      A: { [T1]: [0, 1, 2, 5] },
      B: { [T1]: [3], [T2]: [0, 1, 2, 3] },
      C: { [T1]: [4], [T3]: [0, 1, 2, 3] },
    });
  });

  it('testReassignmentWhenPartitionsAreAddedForTwoMembers', () => {
    const members = [member('A', [T1, T3], mk({ [T1]: [0, 1, 2, 3], [T3]: [0, 1] })), member('B', [T1, T2, T3, T4], mk({ [T2]: [0, 1, 2], [T4]: [0, 1, 2] }))];
    expect(uniformAssign(spec(members), topics({ [T1]: 6, [T2]: 5, [T3]: 3, [T4]: 3 }))).toEqual({
      A: { [T1]: [0, 1, 2, 3, 4, 5], [T3]: [0, 1, 2] },
      B: { [T2]: [0, 1, 2, 3, 4], [T4]: [0, 1, 2] },
    });
  });

  it('testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics', () => {
    const members = [member('A', [T1], mk({ [T1]: [0, 2], [T2]: [0] })), member('B', [T1, T2], mk({ [T1]: [1], [T2]: [1, 2] })), member('C', [T1, T2])];
    expect(uniformAssign(spec(members), topics({ [T1]: 6, [T2]: 7 }))).toEqual({
      A: { [T1]: [0, 2, 3, 4, 5] },
      B: { [T1]: [1], [T2]: [1, 2, 6] },
      C: { [T2]: [0, 3, 4, 5] },
    });
  });

  it('testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersThreeTopics', () => {
    const members = [member('A', [T1, T3], mk({ [T1]: [0, 1, 2], [T3]: [0, 1] })), member('B', [T2], mk({ [T2]: [3, 4, 5, 6] }))];
    expect(uniformAssign(spec(members), topics({ [T1]: 3, [T2]: 8, [T3]: 3 }))).toEqual({
      A: { [T1]: [0, 1, 2], [T3]: [0, 1, 2] },
      B: { [T2]: [0, 1, 2, 3, 4, 5, 6, 7] },
    });
  });

  it('testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics', () => {
    const members = [member('A', [T1], mk({ [T1]: [0, 2], [T2]: [1, 3] })), member('B', [T1, T2], mk({ [T1]: [1], [T2]: [0, 2, 4] }))];
    expect(uniformAssign(spec(members), topics({ [T1]: 3, [T2]: 5 }))).toEqual({ A: { [T1]: [0, 1, 2] }, B: { [T2]: [0, 1, 2, 3, 4] } });
  });

  it('testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions', () => {
    const members = [member('A', [T1, T2, T3], mk({ [T1]: [0, 1], [T2]: [0, 1], [T3]: [0, 1] })), member('B', [T1, T2, T3])];
    // same subscriptions, but Kafka's test forces the heterogeneous builder
    expect(uniformAssign({ members, subscriptionType: 'HETEROGENEOUS' }, topics({ [T1]: 2, [T2]: 2, [T3]: 2 }))).toEqual({
      A: { [T2]: [0], [T3]: [0, 1] },
      B: { [T1]: [0, 1], [T2]: [1] },
    });
  });

  it('testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions', () => {
    expect(uniformAssign(spec([member('A', [T1]), member('B', [])]), topics({ [T1]: 3 }))).toEqual({ A: { [T1]: [0, 1, 2] }, B: {} });
  });

  it('balances overlapping subscriptions of many members (property)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const prng = new Prng(seed);
      const ids = Array.from({ length: 6 }, () => randomUuid(() => prng.nextUint32()));
      const counts = Object.fromEntries(ids.map((t) => [t, 1 + prng.nextInt(8)]));
      const members = Array.from({ length: 2 + prng.nextInt(5) }, (_, i) => member(`m${i}`, ids.filter(() => prng.nextInt(2) === 0).concat(ids[0])));
      const a = uniformAssign(spec(members), topics(counts));
      // every partition of a subscribed topic is assigned exactly once, to a subscriber
      for (const t of ids) {
        const owners = members.flatMap((m) => (a[m.memberId]?.[t] ?? []).map((p) => [p, m] as const));
        const subscribed = members.some((m) => m.subscribedTopicIds.includes(t));
        expect(owners.map(([p]) => p).sort((x, y) => x - y)).toEqual(subscribed ? Array.from({ length: counts[t] }, (_, i) => i) : []);
        for (const [, m] of owners) expect(m.subscribedTopicIds).toContain(t);
      }
    }
  });
});

describe('server-side range assignor (coordinator RangeAssignorTest)', () => {
  it('testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions: co-partitioned', () => {
    expect(serverRangeAssign(spec([member('A', [T1, T3]), member('B', [T1, T3])]), topics({ [T1]: 3, [T3]: 2 }))).toEqual({
      A: { [T1]: [0, 1], [T3]: [0] },
      B: { [T1]: [2], [T3]: [1] },
    });
  });

  it('testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions', () => {
    const a = serverRangeAssign(spec([member('A', [T1, T2]), member('B', [T3]), member('C', [T2, T3])]), topics({ [T1]: 3, [T2]: 3, [T3]: 2 }));
    expect(a).toEqual({ A: { [T1]: [0, 1, 2], [T2]: [0, 1] }, B: { [T3]: [0] }, C: { [T2]: [2], [T3]: [1] } });
  });

  it('testFirstAssignmentNumMembersGreaterThanNumPartitions and testReassignmentWhenOneMemberAddedAndOnePartition…', () => {
    expect(serverRangeAssign(spec([member('A', [T1]), member('B', [T1]), member('C', [T1])]), topics({ [T1]: 2 }))).toEqual({
      A: { [T1]: [0] },
      B: { [T1]: [1] },
      C: {},
    });
    const members = [member('A', [T1, T2], mk({ [T1]: [0, 1], [T2]: [0, 1] })), member('B', [T1, T2], mk({ [T1]: [2], [T2]: [2] })), member('C', [T1])];
    expect(serverRangeAssign(spec(members), topics({ [T1]: 4, [T2]: 3 }))).toEqual({
      A: { [T1]: [0, 1], [T2]: [0, 1] },
      B: { [T1]: [2], [T2]: [2] },
      C: { [T1]: [3] },
    });
  });

  it('testStaticMembership / testMixedStaticMembership: static members first by instance id, so a rejoin keeps its range', () => {
    const before = serverRangeAssign(spec([member('A', [T1], [], 'instanceA'), member('C', [T1], [], 'instanceC'), member('B', [T1])]), topics({ [T1]: 5 }));
    const after = serverRangeAssign(
      spec([member('memberA1', [T1], [], 'instanceA'), member('C', [T1], [], 'instanceC'), member('B', [T1])]),
      topics({ [T1]: 5 }),
    );
    expect(before).toEqual({ A: { [T1]: [0, 1] }, B: { [T1]: [4] }, C: { [T1]: [2, 3] } });
    expect([after.memberA1, after.B, after.C]).toEqual([before.A, before.B, before.C]);
    expect(() => serverRangeAssign(spec([member('A', [T2])]), topics({ [T1]: 1 }))).toThrow(/non-existent topic/);
  });
});

const m = (
  state: ConsumerMemberState['state'],
  memberEpoch: number,
  previousMemberEpoch: number,
  assignedPartitions: Partitions,
  partitionsPendingRevocation: Partitions = {},
): ConsumerMemberState => ({
  memberId: 'member',
  state,
  memberEpoch,
  previousMemberEpoch,
  assignedPartitions,
  partitionsPendingRevocation,
});
const t1 = 'topic1',
  t2 = 'topic2';
const epochs = (e: number) => () => e;

describe('member reconciliation (CurrentAssignmentBuilderTest)', () => {
  it('testStableToStable and testStableToStableWithNewPartitions', () => {
    const stable = m('STABLE', 10, 10, { [t1]: [1, 2, 3], [t2]: [4, 5, 6] });
    expect(
      reconcileMember(stable, {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [1, 2, 3], [t2]: [4, 5, 6] },
        currentPartitionEpoch: epochs(10),
        ownedTopicPartitions: null,
      }),
    ).toEqual(m('STABLE', 11, 10, { [t1]: [1, 2, 3], [t2]: [4, 5, 6] }));
    expect(
      reconcileMember(stable, {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [1, 2, 3, 4], [t2]: [4, 5, 6, 7] },
        currentPartitionEpoch: epochs(-1),
        ownedTopicPartitions: null,
      }),
    ).toEqual(m('STABLE', 11, 10, { [t1]: [1, 2, 3, 4], [t2]: [4, 5, 6, 7] }));
  });

  it('testStableToUnrevokedPartitions: revocation first, at the current epoch', () => {
    const stable = m('STABLE', 10, 10, { [t1]: [1, 2, 3], [t2]: [4, 5, 6] });
    expect(
      reconcileMember(stable, {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [2, 3, 4], [t2]: [5, 6, 7] },
        currentPartitionEpoch: epochs(-1),
        ownedTopicPartitions: null,
      }),
    ).toEqual(m('UNREVOKED_PARTITIONS', 10, 10, { [t1]: [2, 3], [t2]: [5, 6] }, { [t1]: [1], [t2]: [4] }));
  });

  it('testStableToUnreleasedPartitions and …WithOwnedPartitionsNotHavingRevokedPartitions', () => {
    const stable = m('STABLE', 10, 10, { [t1]: [1, 2, 3], [t2]: [4, 5, 6] });
    expect(
      reconcileMember(stable, {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [1, 2, 3, 4], [t2]: [4, 5, 6, 7] },
        currentPartitionEpoch: epochs(10),
        ownedTopicPartitions: null,
      }),
    ).toEqual(m('UNRELEASED_PARTITIONS', 11, 10, { [t1]: [1, 2, 3], [t2]: [4, 5, 6] }));
    expect(
      reconcileMember(stable, {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [1, 2, 3], [t2]: [4, 5, 7] },
        currentPartitionEpoch: (t) => (t === t2 ? 10 : -1),
        ownedTopicPartitions: {},
      }),
    ).toEqual(m('UNRELEASED_PARTITIONS', 11, 10, { [t1]: [1, 2, 3], [t2]: [4, 5] }));
  });

  it('testUnrevokedPartitionsToStable, testRemainsInUnrevokedPartitions, testUnrevokedPartitionsToUnrevokedPartitions', () => {
    const unrevoked = m('UNREVOKED_PARTITIONS', 10, 10, { [t1]: [2, 3], [t2]: [5, 6] }, { [t1]: [1], [t2]: [4] });
    const owned = { [t1]: [2, 3], [t2]: [5, 6] };
    expect(
      reconcileMember(unrevoked, { targetAssignmentEpoch: 11, targetAssignment: owned, currentPartitionEpoch: epochs(-1), ownedTopicPartitions: owned }),
    ).toEqual(m('STABLE', 11, 10, owned));
    const to12 = { targetAssignmentEpoch: 12, targetAssignment: { [t1]: [3], [t2]: [6] }, currentPartitionEpoch: epochs(-1) };
    expect(reconcileMember(unrevoked, { ...to12, ownedTopicPartitions: null })).toBe(unrevoked);
    expect(reconcileMember(unrevoked, { ...to12, ownedTopicPartitions: { [t1]: [1, 2, 3], [t2]: [5, 6] } })).toBe(unrevoked);
    expect(reconcileMember(unrevoked, { ...to12, ownedTopicPartitions: { [t1]: [2, 3], [t2]: [4, 5, 6] } })).toBe(unrevoked);
    expect(reconcileMember(unrevoked, { ...to12, ownedTopicPartitions: owned })).toEqual(
      m('UNREVOKED_PARTITIONS', 11, 10, { [t1]: [3], [t2]: [6] }, { [t1]: [2], [t2]: [5] }),
    );
  });

  it('testUnrevokedPartitionsToUnreleasedPartitions and the UNRELEASED_PARTITIONS transitions', () => {
    const owned = { [t1]: [2, 3], [t2]: [5, 6] };
    expect(
      reconcileMember(m('UNREVOKED_PARTITIONS', 11, 10, owned), {
        targetAssignmentEpoch: 11,
        targetAssignment: { [t1]: [2, 3, 4], [t2]: [5, 6, 7] },
        currentPartitionEpoch: epochs(10),
        ownedTopicPartitions: owned,
      }),
    ).toEqual(m('UNRELEASED_PARTITIONS', 11, 11, owned));
    const unreleased = m('UNRELEASED_PARTITIONS', 11, 11, owned);
    expect(
      reconcileMember(unreleased, { targetAssignmentEpoch: 12, targetAssignment: owned, currentPartitionEpoch: epochs(10), ownedTopicPartitions: null }),
    ).toEqual(m('STABLE', 12, 11, owned)); // testUnreleasedPartitionsToStable
    const grown = { targetAssignmentEpoch: 11, targetAssignment: { [t1]: [2, 3, 4], [t2]: [5, 6, 7] }, ownedTopicPartitions: null };
    expect(reconcileMember(unreleased, { ...grown, currentPartitionEpoch: epochs(-1) })).toEqual(m('STABLE', 11, 11, { [t1]: [2, 3, 4], [t2]: [5, 6, 7] })); // …ToStableWithNewPartitions
    expect(reconcileMember(unreleased, { ...grown, currentPartitionEpoch: epochs(10) })).toEqual(unreleased); // …ToUnreleasedPartitions
    expect(
      reconcileMember(unreleased, {
        targetAssignmentEpoch: 12,
        targetAssignment: { [t1]: [3], [t2]: [6] },
        currentPartitionEpoch: epochs(10),
        ownedTopicPartitions: null,
      }),
    ).toEqual(m('UNREVOKED_PARTITIONS', 11, 11, { [t1]: [3], [t2]: [6] }, { [t1]: [2], [t2]: [5] })); // testUnreleasedPartitionsToUnrevokedPartitions
  });

  it('testUnknownState: fenced until it rejoins with no partitions', () => {
    const unknown = m('UNKNOWN', 11, 11, { [t1]: [3], [t2]: [6] }, { [t1]: [2], [t2]: [5] });
    const target = { targetAssignmentEpoch: 12, targetAssignment: { [t1]: [3], [t2]: [6] } };
    expect(() => reconcileMember(unknown, { ...target, currentPartitionEpoch: epochs(10), ownedTopicPartitions: null })).toThrow(FencedMemberEpochError);
    expect(reconcileMember(unknown, { ...target, currentPartitionEpoch: epochs(11), ownedTopicPartitions: {} })).toEqual(
      m('STABLE', 12, 11, { [t1]: [3], [t2]: [6] }),
    );
  });

  it('converges a group to its balanced target without a global barrier: revoke, release, then assign', () => {
    // A owned all 4 partitions at epoch 1; B joins; the target (epoch 2) gives B two of them
    const target = uniformAssign(spec([member('A', [T1], mk({ [T1]: [0, 1, 2, 3] })), member('B', [T1])]), topics({ [T1]: 4 }));
    expect(target).toEqual({ A: { [T1]: [0, 1] }, B: { [T1]: [2, 3] } });
    let a: ConsumerMemberState = { ...m('STABLE', 1, 0, { [T1]: [0, 1, 2, 3] }), memberId: 'A' };
    let b: ConsumerMemberState = { ...m('STABLE', 0, -1, {}), memberId: 'B' };
    const epochOf = (t: string, p: number) => {
      for (const x of [a, b]) if ((x.assignedPartitions[t] ?? []).includes(p) || (x.partitionsPendingRevocation[t] ?? []).includes(p)) return x.memberEpoch;
      return -1;
    };
    // ConsumerGroup.currentPartitionEpoch: the epoch of the member holding the partition (assigned or being revoked)
    const step = (x: ConsumerMemberState, owned: Partitions | null) =>
      reconcileMember(x, { targetAssignmentEpoch: 2, targetAssignment: target[x.memberId], currentPartitionEpoch: epochOf, ownedTopicPartitions: owned });
    b = step(b, {}); // B's heartbeat: 2 and 3 are still A's
    expect([b.state, b.memberEpoch, b.assignedPartitions]).toEqual(['UNRELEASED_PARTITIONS', 2, {}]);
    a = step(a, { [T1]: [0, 1, 2, 3] }); // A must give up 2 and 3 first
    expect([a.state, a.memberEpoch, a.partitionsPendingRevocation]).toEqual(['UNREVOKED_PARTITIONS', 1, { [T1]: [2, 3] }]);
    a = step(a, { [T1]: [0, 1] }); // A's next heartbeat no longer owns them
    expect([a.state, a.memberEpoch, a.assignedPartitions]).toEqual(['STABLE', 2, { [T1]: [0, 1] }]);
    b = step(b, {}); // now free: B takes them
    expect([b.state, b.memberEpoch, b.assignedPartitions]).toEqual(['STABLE', 2, { [T1]: [2, 3] }]);
  });
});
