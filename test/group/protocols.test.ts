// Eager versus cooperative (KIP-429) rebalancing, the assignors running inside a live group, and the
// protocol agreement between members.
import { describe, expect, it } from 'vitest';
import { Driver } from './sim';
import type { Step } from '../../src/scenario/types';

const join = (consumer: string, assignor: string, topics = ['t']): Step =>
  ({ do: 'joinGroup', group: 'g', consumer, topics, assignor, autoOffsetReset: 'earliest', autoCommit: false }) as Step;

function group(assignor: string) {
  const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 }, join('c1', assignor)]);
  d.exec({ do: 'produce', topic: 't', partition: 0, count: 2 })
    .exec({ do: 'produce', topic: 't', partition: 3, count: 2 })
    .exec({ do: 'poll', consumer: 'c1' });
  return d;
}

describe('eager and cooperative rebalancing', () => {
  it('eager (range): every member revokes everything before rejoining; one rebalance', () => {
    const d = group('range');
    expect(d.state.consumers.c1.position).toEqual({ 't-0': 2, 't-1': 0, 't-2': 0, 't-3': 2 });
    const m = d.mark;
    d.exec(join('c2', 'range')).exec({ do: 'advance', ms: 10000 });
    expect(d.events('PartitionsRevoked', m).map((e) => [e.member, e.partitions])).toEqual([['c1', ['t-0', 't-1', 't-2', 't-3']]]);
    expect(d.events('GroupStable', m).map((e) => e.generation)).toEqual([2]);
    expect(d.state.groups.g.members.c1.assignment).toEqual(['t-0', 't-1']);
    // positions went with the revocation: t-0 is read again from the (absent) committed offset
    d.exec({ do: 'poll', consumer: 'c1' });
    expect(
      d
        .consumed('c1')
        .filter((r) => r.partition === 0)
        .map((r) => r.offset),
    ).toEqual([0, 1, 0, 1]);
  });

  it('cooperative-sticky: only the partitions that move are revoked, in a second rebalance (KIP-429)', () => {
    const d = group('cooperative-sticky');
    const m = d.mark;
    d.exec(join('c2', 'cooperative-sticky')).exec({ do: 'advance', ms: 10000 });
    const revoked = d.events('PartitionsRevoked', m).map((e) => [e.member, e.partitions]);
    expect(revoked).toHaveLength(1);
    expect(revoked[0][0]).toBe('c1');
    expect(revoked[0][1]).toHaveLength(2);
    // two generations: the first takes the moving partitions away, the second hands them over
    expect(d.events('GroupStable', m).map((e) => e.generation)).toEqual([2, 3]);
    const first = d.events('GroupStable', m)[0].assignment as Record<string, string[]>;
    expect(first.c2).toEqual([]);
    expect(d.events('RejoinRequested', m).map((e) => [e.member, e.reason])).toContainEqual(['c1', 'revokedPartitions']);
    const final = d.state.groups.g.members;
    expect(final.c1.assignment).toHaveLength(2);
    expect(final.c2.assignment).toEqual(revoked[0][1]);
    // c1 kept its retained partitions and their positions: nothing is read twice
    const kept = final.c1.assignment as string[];
    for (const tp of kept) expect(d.state.consumers.c1.position[tp]).toBeDefined();
    d.exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'poll', consumer: 'c2' });
    const all = [...d.consumed('c1'), ...d.consumed('c2')].map((r) => `${r.partition}@${r.offset}`);
    expect(new Set(all).size).toBe(all.length - (kept.includes('t-0') ? 0 : 2) - (kept.includes('t-3') ? 0 : 2));
  });

  it('sticky (eager) keeps what it can when a member leaves', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 },
      join('c1', 'sticky'),
      join('c2', 'sticky'),
      join('c3', 'sticky'),
    ]);
    const before = d.state.groups.g.members;
    d.exec({ do: 'leaveGroup', consumer: 'c2' }).exec({ do: 'advance', ms: 5000 });
    const after = d.state.groups.g.members;
    for (const c of ['c1', 'c3']) for (const tp of before[c].assignment) expect(after[c].assignment).toContain(tp);
    expect([...after.c1.assignment, ...after.c3.assignment].sort()).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4', 't-5']);
  });

  it('roundrobin deals all partitions of all topics in turn; range leaves two-topic imbalance', () => {
    const setup: Step[] = [
      { do: 'createTopic', topic: 'a', partitions: 3, replicationFactor: 3 },
      { do: 'createTopic', topic: 'b', partitions: 3, replicationFactor: 3 },
    ];
    const rr = new Driver({}, [...setup, join('c1', 'roundrobin', ['a', 'b']), join('c2', 'roundrobin', ['a', 'b'])]);
    expect(rr.state.groups.g.members.c1.assignment).toEqual(['a-0', 'a-2', 'b-1']);
    expect(rr.state.groups.g.members.c2.assignment).toEqual(['a-1', 'b-0', 'b-2']);
    const range = new Driver({}, [...setup, join('c1', 'range', ['a', 'b']), join('c2', 'range', ['a', 'b'])]);
    expect(range.state.groups.g.members.c1.assignment).toEqual(['a-0', 'a-1', 'b-0', 'b-1']);
    expect(range.state.groups.g.members.c2.assignment).toEqual(['a-2', 'b-2']);
  });

  it('more members than partitions leave some idle', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1', 'range'),
      join('c2', 'range'),
      join('c3', 'range'),
    ]);
    expect(d.state.groups.g.members.c3.assignment).toEqual([]);
    expect(d.state.consumers.c3.state).toBe('stable');
  });

  it('a member with an assignor the group does not share is refused (INCONSISTENT_GROUP_PROTOCOL)', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 }, join('c1', 'range'), join('c2', 'roundrobin')]);
    expect(d.state.consumers.c2.state).not.toBe('stable');
    expect(Object.keys(d.state.groups.g.members)).toEqual(['c1']);
    expect(d.events('ConsumerFailed')[0]).toMatchObject({ member: 'c2', error: 'INCONSISTENT_GROUP_PROTOCOL' });
  });
});
