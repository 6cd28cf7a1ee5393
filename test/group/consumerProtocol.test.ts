// The consumer protocol (KIP-848, group.protocol=consumer, kraft mode): members join with ConsumerGroupHeartbeat,
// the coordinator's assignor computes the target, and each member reconciles on its own heartbeats — a member to
// lose partitions first revokes them (UNREVOKED_PARTITIONS at its old epoch), the new member waits for them
// (UNRELEASED_PARTITIONS at the new epoch) — with no global sync barrier. The transitions follow Kafka's
// GroupMetadataManagerTest.testReconciliationProcess; the final assignment is the server-side assignor's.
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { EventOf, EventType } from '../../src/engine/events';

const join = (consumer: string, extra: Record<string, unknown> = {}) => ({
  do: 'joinGroup',
  consumer,
  group: 'fooup',
  topics: ['foo', 'bar'],
  groupProtocol: 'consumer',
  autoOffsetReset: 'earliest',
  ...extra,
});

function run(steps: unknown[], mode: 'kraft' | 'zookeeper' = 'kraft') {
  const v = validateScenario({
    version: 1,
    id: 'kip848',
    mode,
    brokers: 3,
    config: { 'offsets.topic.num.partitions': 1 },
    steps: [
      { do: 'createTopic', topic: 'foo', partitions: 6, replicationFactor: 3 },
      { do: 'createTopic', topic: 'bar', partitions: 3, replicationFactor: 3 },
      { do: 'produce', topic: 'foo', count: 60, key: 'f{n}' },
      { do: 'produce', topic: 'bar', count: 30, key: 'b{n}' },
      ...steps,
    ],
  });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r;
}

const of = <K extends EventType>(r: ScenarioRun, type: K) => r.events.filter((e) => e.type === type) as unknown as EventOf<K>[];

/** Who owns what after every client-side event: no partition may have two owners at any time. */
function ownershipOverTime(r: ScenarioRun): string[] {
  const owned = new Map<string, Set<string>>();
  const conflicts: string[] = [];
  for (const e of r.events) {
    if (e.type !== 'PartitionsAssigned' && e.type !== 'PartitionsRevoked') continue;
    const mine = owned.get(e.member as string) ?? new Set<string>();
    owned.set(e.member as string, mine);
    for (const tp of e.partitions as string[]) {
      if (e.type === 'PartitionsRevoked') mine.delete(tp);
      else {
        for (const [other, theirs] of owned) if (other !== e.member && theirs.has(tp)) conflicts.push(`${tp}: ${other} and ${e.member} at ${e.time}`);
        mine.add(tp);
      }
    }
  }
  return conflicts;
}

describe('the consumer protocol (KIP-848)', () => {
  it('a third member joins: revoke first, then the released partitions move, one member at a time (testReconciliationProcess)', () => {
    const r = run([
      join('c1', { assignor: 'range' }),
      join('c2', { assignor: 'range' }),
      { do: 'poll', consumer: 'c1' },
      { do: 'poll', consumer: 'c2' },
      join('c3', { assignor: 'range' }),
    ]);
    const joinedAt = of(r, 'MemberJoined').find((e) => e.member === 'c3')!.seq;
    const after = of(r, 'MemberReconciled')
      .filter((e) => e.seq > joinedAt)
      .map((e) => `${e.member}:${e.state}@${e.memberEpoch}`);
    const epoch = of(r, 'GroupEpochBumped').find((e) => e.member === 'c3')!.groupEpoch;
    // "Member 3 joins … transitions to epoch 11 and the Unreleased Partitions state"
    expect(after[0]).toBe(`c3:UNRELEASED_PARTITIONS@${epoch}`);
    // "Member 1 heartbeats. It remains at epoch 10 but transitions to Unrevoked Partitions"; then, having
    // acknowledged the revocation, "transition to epoch 11 and to the Stable state"
    // (a member may also wait, UNRELEASED_PARTITIONS at the new epoch, for a partition the other still revokes)
    for (const m of ['c1', 'c2']) {
      const mine = after.filter((x) => x.startsWith(m));
      expect(mine[0]).toBe(`${m}:UNREVOKED_PARTITIONS@${epoch - 1}`);
      expect(mine[mine.length - 1]).toBe(`${m}:STABLE@${epoch}`);
      expect(mine.slice(1, -1).every((x) => x === `${m}:UNRELEASED_PARTITIONS@${epoch}`)).toBe(true);
    }
    expect(after.filter((x) => x.startsWith('c3')).pop()).toBe(`c3:STABLE@${epoch}`);
    expect(ownershipOverTime(r)).toEqual([]);
    // no barrier: c1 and c2 revoked only what moves, and kept the rest all along
    const d = r.dump();
    for (const m of ['c1', 'c2']) {
      const revoked = of(r, 'PartitionsRevoked')
        .filter((e) => e.seq > joinedAt && e.member === m)
        .flatMap((e) => e.partitions);
      expect(revoked.length).toBeGreaterThan(0);
      expect(revoked.length).toBeLessThan(4.5); // each owned 4 or 5 of the 9 partitions before
      expect(
        revoked.some(
          (tp) =>
            d.consumers[m].assignment.includes(tp) && !of(r, 'PartitionsAssigned').some((e) => e.member === m && e.seq > joinedAt && e.partitions.includes(tp)),
        ),
      ).toBe(false);
    }
    // the range assignor: 6 foo partitions and 3 bar partitions over 3 members, 2 + 1 each
    for (const c of ['c1', 'c2', 'c3']) {
      const a = d.consumers[c].assignment;
      expect(a.filter((tp) => tp.startsWith('foo-'))).toHaveLength(2);
      expect(a.filter((tp) => tp.startsWith('bar-'))).toHaveLength(1);
    }
    expect(d.groups.fooup).toMatchObject({ protocol: 'consumer', state: 'Stable', generation: epoch, assignmentEpoch: epoch, assignor: 'range' });
    expect(
      Object.values(d.groups.fooup.members)
        .flatMap((m) => m.assignment)
        .sort(),
    ).toEqual(['bar-0', 'bar-1', 'bar-2', 'foo-0', 'foo-1', 'foo-2', 'foo-3', 'foo-4', 'foo-5']);
  });

  it('the uniform assignor (the default) converges to a balanced, sticky assignment as members come and go', () => {
    const r = run([join('c1'), join('c2'), join('c3'), { do: 'leaveGroup', consumer: 'c2' }, { do: 'advance', ms: 20000 }]);
    const d = r.dump();
    expect(d.groups.fooup).toMatchObject({ state: 'Stable', assignor: 'uniform' });
    const sizes = ['c1', 'c3'].map((c) => d.consumers[c].assignment.length);
    expect(sizes.sort()).toEqual([4, 5]); // 9 partitions over 2 members
    expect([...d.consumers.c1.assignment, ...d.consumers.c3.assignment].sort()).toEqual([
      'bar-0',
      'bar-1',
      'bar-2',
      'foo-0',
      'foo-1',
      'foo-2',
      'foo-3',
      'foo-4',
      'foo-5',
    ]);
    // stickiness: when c2 left, c1 and c3 kept what they had and only took c2's partitions
    const leftAt = of(r, 'MemberLeft').find((e) => e.member === 'c2')!.seq;
    expect(of(r, 'PartitionsRevoked').filter((e) => e.seq > leftAt && e.member !== 'c2')).toEqual([]);
    expect(ownershipOverTime(r)).toEqual([]);
  });

  it('a crashed member is fenced after group.consumer.session.timeout.ms and its partitions move', () => {
    const r = run([join('c1'), join('c2'), { do: 'crashConsumer', consumer: 'c2' }, { do: 'advance', ms: 60000 }]);
    const d = r.dump();
    expect(of(r, 'MemberLeft').map((e) => [e.member, e.reason])).toEqual([['c2', 'sessionTimeout']]);
    expect(d.consumers.c1.assignment).toHaveLength(9);
    expect(Object.keys(d.groups.fooup.members)).toEqual(['c1']);
  });

  it('classic eager rebalancing, for comparison: every member gives up everything at once', () => {
    const r = run([
      { do: 'joinGroup', consumer: 'c1', group: 'classic', topics: ['foo', 'bar'], autoOffsetReset: 'earliest' },
      { do: 'joinGroup', consumer: 'c2', group: 'classic', topics: ['foo', 'bar'], autoOffsetReset: 'earliest' },
      { do: 'joinGroup', consumer: 'c3', group: 'classic', topics: ['foo', 'bar'], autoOffsetReset: 'earliest' },
    ]);
    const third = of(r, 'ConsumerStarted').find((e) => e.consumer === 'c3')!.seq;
    const revoked = of(r, 'PartitionsRevoked').filter((e) => e.seq > third);
    expect(revoked.map((e) => [e.member, e.partitions.length]).sort()).toEqual(
      [
        ['c1', 5],
        ['c2', 4],
      ].sort(),
    );
  });

  it('needs kraft mode, and server-side assignors', () => {
    const bad = (mode: 'kraft' | 'zookeeper', step: Record<string, unknown>) => {
      const v = validateScenario({
        version: 1,
        id: 'x',
        mode,
        steps: [
          { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
          { do: 'joinGroup', consumer: 'c', group: 'g', topics: ['t'], ...step },
        ],
      });
      return v.ok ? null : v.problem.field;
    };
    expect(bad('zookeeper', { groupProtocol: 'consumer' })).toBe('groupProtocol');
    expect(bad('kraft', { groupProtocol: 'consumer', assignor: 'sticky' })).toBe('assignor');
    expect(bad('kraft', { assignor: 'uniform' })).toBe('assignor');
    expect(bad('kraft', { groupProtocol: 'consumer', assignor: 'range' })).toBeNull();
  });
});
