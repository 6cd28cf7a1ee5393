// Every rebalance trigger of a consumer group, end to end on the simulated cluster.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../../src/scenario/validate';
import { runScenario } from '../../src/scenario/runner';
import { Driver, of } from './sim';
import type { Step } from '../../src/scenario/types';

const join = (consumer: string, topics = ['t'], extra: Record<string, unknown> = {}): Step =>
  ({ do: 'joinGroup', group: 'g', consumer, topics, ...extra }) as Step;

describe('rebalance triggers', () => {
  it('member join: the shared range-assignor scenario passes, one rebalance per joiner', () => {
    const p = parseScenarioText(readFileSync('/work/shared/scenarios/range-assignor.json', 'utf8'));
    if (!p.ok) throw new Error(p.problem.message);
    const r = runScenario(p.scenario);
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    const g = (r.final.groups as Record<string, any>).g;
    expect(g.generation).toBe(3);
    expect(of(r.events, 'GroupRebalanceStarted').map((e) => [e.reason, e.member])).toEqual([
      ['memberJoined', 'c1'],
      ['memberJoined', 'c2'],
      ['memberJoined', 'c3'],
    ]);
    // the first join waited group.initial.rebalance.delay.ms (3000)
    const started = of(r.events, 'GroupRebalanceStarted')[0].time;
    expect(of(r.events, 'GroupStable')[0].time - started).toBeGreaterThanOrEqual(3000);
    // __consumer_offsets was created on the first group request: compacted, RF 3, 50 partitions
    expect(Object.keys((r.final.topics as any).__consumer_offsets.partitions)).toHaveLength(50);
    expect((r.final.topics as any).__consumer_offsets.partitions['0'].replicas).toHaveLength(3);
    expect(g.coordinator).toBe((r.final.topics as any).__consumer_offsets.partitions[String(g.coordinatorPartition)].leader);
  });

  it('clean leave: LeaveGroup rebalances at once, the rest take over', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 }, join('c1'), join('c2')]);
    expect(d.state.groups.g.members.c2.assignment).toEqual(['t-2', 't-3']);
    const m = d.mark;
    d.exec({ do: 'leaveGroup', consumer: 'c2' }).exec({ do: 'advance', ms: 5000 });
    expect(d.events('MemberLeft', m).map((e) => [e.member, e.reason])).toEqual([['c2', 'leave']]);
    expect(d.events('GroupRebalanceStarted', m)[0].reason).toBe('memberLeft');
    expect(d.state.groups.g.members).toEqual({ c1: expect.objectContaining({ assignment: ['t-0', 't-1', 't-2', 't-3'] }) });
    expect(d.state.groups.g.generation).toBe(3);
    expect(d.state.consumers.c2.status).toBe('closed');
  });

  it('crash: nothing happens until session.timeout.ms passes, then the member is removed', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 }, join('c1'), join('c2')]);
    const m = d.mark;
    d.exec({ do: 'crashConsumer', consumer: 'c2' }).exec({ do: 'advance', ms: 40000 });
    expect(d.state.groups.g.state).toBe('Stable');
    expect(Object.keys(d.state.groups.g.members)).toEqual(['c1', 'c2']);
    d.exec({ do: 'advance', ms: 10000 });
    expect(d.events('MemberLeft', m).map((e) => [e.member, e.reason])).toEqual([['c2', 'sessionTimeout']]);
    const left = d.events('MemberLeft', m)[0].time;
    const crashed = d.events('ConsumerCrashed', m)[0].time;
    expect(left - crashed).toBeGreaterThanOrEqual(45000 - 3000);
    expect(left - crashed).toBeLessThanOrEqual(45000);
    expect(d.state.groups.g.members.c1.assignment).toEqual(['t-0', 't-1', 't-2', 't-3']);
  });

  it('subscription change: a member subscribing to another topic rebalances the group', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 'a', partitions: 2, replicationFactor: 3 },
      { do: 'createTopic', topic: 'b', partitions: 2, replicationFactor: 3 },
      join('c1', ['a']),
      join('c2', ['a']),
    ]);
    expect(d.state.groups.g.members.c2.assignment).toEqual(['a-1']);
    const m = d.mark;
    d.exec(join('c2', ['a', 'b'])).exec({ do: 'advance', ms: 5000 });
    expect(d.events('SubscriptionChanged', m)).toHaveLength(1);
    expect(d.events('GroupRebalanceStarted', m)[0].reason).toBe('metadataChanged');
    expect(d.state.groups.g.members.c2.assignment).toEqual(['a-1', 'b-0', 'b-1']);
    expect(d.state.groups.g.members.c1.assignment).toEqual(['a-0']);
  });

  it('partition count change: the leader sees more partitions in its metadata and rejoins', () => {
    const d = new Driver({ config: { 'metadata.max.age.ms': 10000 } }, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1'),
      join('c2'),
    ]);
    const m = d.mark;
    d.exec({ do: 'addPartitions', topic: 't', partitions: 4 }).exec({ do: 'advance', ms: 15000 });
    expect(d.events('RejoinRequested', m).map((e) => [e.member, e.reason])).toContainEqual(['c1', 'metadataChanged']);
    expect(d.state.groups.g.members.c1.assignment).toEqual(['t-0', 't-1']);
    expect(d.state.groups.g.members.c2.assignment).toEqual(['t-2', 't-3']);
  });

  it('a broker joining or leaving does not rebalance the group (kafka-facts: Corrections)', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 }, join('c1'), join('c2')]);
    const coordinator = d.state.groups.g.coordinator;
    const other = [1, 2, 3].find((b) => b !== coordinator)!;
    const m = d.mark;
    d.exec({ do: 'addBroker', broker: 4 }).exec({ do: 'stopBroker', broker: other }).exec({ do: 'advance', ms: 20000 });
    expect(d.events('GroupRebalanceStarted', m)).toEqual([]);
    expect(d.state.groups.g.generation).toBe(2);
    expect(d.state.groups.g.state).toBe('Stable');
  });

  it('coordinator failover: the new leader of the offsets partition reloads offsets and the group; the members carry on', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1', ['t'], { autoOffsetReset: 'earliest', autoCommit: false }),
      join('c2', ['t'], { autoOffsetReset: 'earliest', autoCommit: false }),
      { do: 'produce', topic: 't', partition: 0, count: 5 },
      { do: 'produce', topic: 't', partition: 1, count: 3 },
      { do: 'poll', consumer: 'c1' },
      { do: 'poll', consumer: 'c2' },
      { do: 'commit', consumer: 'c1' },
      { do: 'commit', consumer: 'c2' },
    ]);
    const before = d.state.groups.g;
    expect(before.committed).toEqual({ 't-0': 5, 't-1': 3 });
    const m = d.mark;
    d.exec({ do: 'crashBroker', broker: before.coordinator }).exec({ do: 'advance', ms: 30000 });
    const after = d.state.groups.g;
    expect(after.coordinator).not.toBe(before.coordinator);
    expect(d.events('CoordinatorMoved', m).map((e) => [e.group, e.from, e.to])).toEqual([['g', before.coordinator, after.coordinator]]);
    // offsets replayed from the compacted topic's records on the new leader
    expect(after.committed).toEqual({ 't-0': 5, 't-1': 3 });
    expect(d.events('CoordinatorLoaded', m)[0]).toMatchObject({ broker: after.coordinator, groups: ['g'] });
    // Kafka 3.x persists the group too: same generation, same members, no rebalance
    expect(after.generation).toBe(before.generation);
    expect(after.members).toEqual(before.members);
    expect(d.events('GroupRebalanceStarted', m)).toEqual([]);
    expect(d.state.consumers.c1.coordinator).toBe(after.coordinator);
    // and a consumer that starts now begins at the committed offsets
    d.exec({ do: 'produce', topic: 't', partition: 0, count: 1 })
      .exec({ do: 'leaveGroup', consumer: 'c1' })
      .exec({ do: 'advance', ms: 5000 })
      .exec({ do: 'poll', consumer: 'c2' });
    expect(
      d
        .consumed('c2')
        .filter((r) => r.partition === 0)
        .map((r) => r.offset),
    ).toEqual([5]);
  });

  it('a crashed member holds up a rebalance until its session expires, then the join completes without it', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 }, join('c1'), join('c2')]);
    const m = d.mark;
    // c2 crashes, then c3 joins: the rebalance waits for c2 until its session expires
    d.exec({ do: 'crashConsumer', consumer: 'c2' }).exec(join('c3')).exec({ do: 'advance', ms: 50000 });
    expect(d.events('MemberLeft', m).map((e) => e.reason)).toEqual(['sessionTimeout']);
    expect(d.state.groups.g.state).toBe('Stable');
    expect(Object.keys(d.state.groups.g.members)).toEqual(['c1', 'c3']);
  });

  it('max.poll.interval.ms: a member whose application stops polling leaves; its next poll joins again', () => {
    const d = new Driver({ config: { 'max.poll.interval.ms': 20000 } }, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1'),
      join('c2'),
    ]);
    const m = d.mark;
    for (let i = 0; i < 4; i++) d.exec({ do: 'poll', consumer: 'c2' }).exec({ do: 'advance', ms: 8000 });
    expect(d.events('PollTimeoutExpired', m).map((e) => e.member)).toEqual(['c1']);
    expect(d.events('MemberLeft', m).map((e) => [e.member, e.reason])).toEqual([['c1', 'pollTimeout']]);
    expect(d.state.groups.g.members).toEqual({ c2: expect.objectContaining({ assignment: ['t-0', 't-1'] }) });
    const m2 = d.mark;
    d.exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'advance', ms: 5000 });
    expect(d.events('MemberJoined', m2).map((e) => e.member)).toEqual(['c1']);
    expect(d.state.groups.g.members.c1.assignment).toEqual(['t-0']);
  });

  it('the last member leaving empties the group: a new generation, state Empty, offsets kept', () => {
    const d = new Driver({}, [
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 },
      join('c1', ['t'], { autoOffsetReset: 'earliest' }),
      { do: 'produce', topic: 't', partition: 0, count: 2 },
      { do: 'poll', consumer: 'c1' },
    ]);
    d.exec({ do: 'leaveGroup', consumer: 'c1' }).exec({ do: 'advance', ms: 1000 });
    expect(d.state.groups.g).toMatchObject({ state: 'Empty', generation: 2, members: {}, committed: { 't-0': 2, 't-1': 0 } });
    expect(
      d
        .events('GroupStateChanged')
        .slice(-2)
        .map((e) => [e.from, e.to]),
    ).toEqual([
      ['Stable', 'PreparingRebalance'],
      ['PreparingRebalance', 'Empty'],
    ]);
  });

  it('a member closed while the group is rebalancing leaves for good', () => {
    const d = new Driver({}, [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 }, join('c1'), join('c2')]);
    // c3 joins without waiting for the end (its step times out early); c1 closes while the group is PreparingRebalance
    d.exec({ do: 'setConfig', key: 'request.timeout.ms', value: 500 }).exec(join('c3')).exec({ do: 'setConfig', key: 'request.timeout.ms', value: 30000 });
    d.exec({ do: 'leaveGroup', consumer: 'c1' }).exec({ do: 'advance', ms: 10000 });
    expect(d.state.consumers.c1.status).toBe('closed');
    expect(Object.keys(d.state.groups.g.members)).toEqual(['c2', 'c3']);
    expect(d.state.groups.g.state).toBe('Stable');
    expect(d.events('MemberJoined').filter((e) => e.member === 'c1')).toHaveLength(1);
  });
});
