// Delivery guarantees made visible: at-most-once, at-least-once, exactly-once with the idempotent
// producer and the input offsets stored with the output; offsets, positions, reset, seek, lag, the HW.
import { describe, expect, it } from 'vitest';
import { Driver } from './sim';
import type { Step } from '../../src/scenario/types';

const topic = (name: string, partitions = 1): Step => ({ do: 'createTopic', topic: name, partitions, replicationFactor: 3 }) as Step;
const join = (consumer: string, extra: Record<string, unknown> = {}, group = 'g'): Step =>
  ({ do: 'joinGroup', group, consumer, topics: ['in'], autoOffsetReset: 'earliest', ...extra }) as Step;
const offsets = (rs: { offset: number }[]) => rs.map((r) => r.offset);

/** The application's processing: each consumed record becomes one output record, keyed by its input offset. */
function process(d: Driver, records: { partition: number; offset: number; value: string | null }[], idempotent = true) {
  for (const r of records) d.exec({ do: 'produce', topic: 'out', partition: 0, key: `in-${r.partition}@${r.offset}`, value: r.value, acks: 'all', idempotent });
}

/** The output topic, read from the start by a consumer of another group. */
function outputKeys(d: Driver): string[] {
  d.exec({ do: 'joinGroup', group: 'auditor', consumer: 'audit', topics: ['out'], autoOffsetReset: 'earliest', autoCommit: false });
  d.exec({ do: 'seek', consumer: 'audit', topic: 'out', partition: 0, offset: 0 });
  const before = d.consumed('audit').length;
  d.exec({ do: 'poll', consumer: 'audit' });
  return d
    .consumed('audit')
    .slice(before)
    .map((r) => r.key!);
}

describe('delivery guarantees', () => {
  it('at least once: auto-commit on a later poll; a crash after processing and before that commit means records are read again', () => {
    const d = new Driver({}, [topic('in'), topic('out'), join('c1'), { do: 'produce', topic: 'in', partition: 0, count: 5 }]);
    const first = d.exec({ do: 'poll', consumer: 'c1' }).consumed('c1');
    expect(offsets(first)).toEqual([0, 1, 2, 3, 4]);
    process(d, first);
    // auto.commit.interval.ms has not passed: nothing was committed yet
    expect(d.state.groups.g.committed).toEqual({});
    d.exec({ do: 'crashConsumer', consumer: 'c1' }).exec(join('c2')).exec({ do: 'advance', ms: 50000 }).exec({ do: 'poll', consumer: 'c2' });
    expect(offsets(d.consumed('c2'))).toEqual([0, 1, 2, 3, 4]);
    process(d, d.consumed('c2'));
    expect(outputKeys(d)).toEqual([...first, ...first].map((r) => `in-0@${r.offset}`)); // every record processed twice
  });

  it('auto-commit commits, on a later poll, the positions earlier polls returned; a restart resumes there', () => {
    const d = new Driver({}, [topic('in'), join('c1'), { do: 'produce', topic: 'in', partition: 0, count: 3 }, { do: 'poll', consumer: 'c1' }]);
    d.exec({ do: 'produce', topic: 'in', partition: 0, count: 2 }).exec({ do: 'advance', ms: 5000 });
    const m = d.mark;
    d.exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'advance', ms: 100 });
    // the (asynchronous) commit sent by this poll carries the position after the first poll (3), not what this poll returns
    expect(d.events('OffsetCommitted', m).map((e) => e.offset)).toEqual([3]);
    expect(d.state.groups.g.committed).toEqual({ 'in-0': 3 });
    expect(d.state.consumers.c1.position).toEqual({ 'in-0': 5 });
    // close() commits the position (5) before LeaveGroup
    d.exec({ do: 'leaveGroup', consumer: 'c1' });
    expect(d.state.groups.g.committed).toEqual({ 'in-0': 5 });
    d.exec({ do: 'produce', topic: 'in', partition: 0, count: 1 }).exec(join('c1')).exec({ do: 'poll', consumer: 'c1' });
    expect(offsets(d.consumed('c1'))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('at most once: commit first, crash before processing: the records are never processed', () => {
    const d = new Driver({}, [topic('in'), topic('out'), join('c1', { autoCommit: false }), { do: 'produce', topic: 'in', partition: 0, count: 5 }]);
    d.exec({ do: 'poll', consumer: 'c1' }).exec({ do: 'commit', consumer: 'c1' });
    expect(d.state.groups.g.committed).toEqual({ 'in-0': 5 });
    d.exec({ do: 'crashConsumer', consumer: 'c1' }).exec({ do: 'produce', topic: 'in', partition: 0, count: 1 });
    d.exec(join('c2', { autoCommit: false }))
      .exec({ do: 'advance', ms: 50000 })
      .exec({ do: 'poll', consumer: 'c2' });
    expect(offsets(d.consumed('c2'))).toEqual([5]);
    process(d, d.consumed('c2'));
    expect(outputKeys(d)).toEqual(['in-0@5']); // 0..4 were lost to processing
  });

  it('exactly once: idempotent producer, and the input offsets stored with the output decide where to resume', () => {
    const d = new Driver({}, [topic('in'), topic('out'), join('c1', { autoCommit: false }), { do: 'produce', topic: 'in', partition: 0, count: 6 }]);
    const got = d.exec({ do: 'poll', consumer: 'c1', max: 4 }).consumed('c1');
    expect(offsets(got)).toEqual([0, 1, 2, 3]);
    process(d, got);
    // crash before any commit: the group has no offset, the output holds the truth
    d.exec({ do: 'crashConsumer', consumer: 'c1' })
      .exec(join('c2', { autoCommit: false }))
      .exec({ do: 'advance', ms: 50000 });
    expect(d.state.groups.g.committed).toEqual({});
    const stored = outputKeys(d).map((k) => Number(k.split('@')[1]));
    d.exec({ do: 'seek', consumer: 'c2', topic: 'in', partition: 0, offset: Math.max(...stored) + 1 });
    d.exec({ do: 'poll', consumer: 'c2' });
    process(d, d.consumed('c2'));
    const keys = outputKeys(d);
    expect(keys).toEqual([0, 1, 2, 3, 4, 5].map((o) => `in-0@${o}`)); // each input exactly once in the output
    // the producer was idempotent (producer id + sequence numbers): a retried batch is not written twice
    expect(d.state.producers['producer-1'].failed).toEqual([]);
  });

  it('several groups read one topic independently', () => {
    const d = new Driver({}, [topic('in', 2), join('a1', {}, 'A'), join('b1', {}, 'B'), join('b2', {}, 'B')]);
    d.exec({ do: 'produce', topic: 'in', partition: 0, count: 3 }).exec({ do: 'produce', topic: 'in', partition: 1, count: 2 });
    d.exec({ do: 'poll', consumer: 'a1' }).exec({ do: 'commit', consumer: 'a1' });
    d.exec({ do: 'poll', consumer: 'b1' }).exec({ do: 'poll', consumer: 'b2' });
    expect(d.consumed('a1')).toHaveLength(5);
    expect([...d.consumed('b1'), ...d.consumed('b2')]).toHaveLength(5);
    expect(d.state.groups.A.committed).toEqual({ 'in-0': 3, 'in-1': 2 });
    expect(d.state.groups.B.committed).toEqual({});
    expect(d.state.groups.A.members.a1.assignment).toEqual(['in-0', 'in-1']);
    expect(d.state.groups.B.members.b1.assignment).toEqual(['in-0']);
    expect(d.state.groups.B.members.b2.assignment).toEqual(['in-1']);
  });

  it('auto.offset.reset: latest skips what is there, earliest reads it, none fails without a committed offset', () => {
    const d = new Driver({}, [topic('in'), { do: 'produce', topic: 'in', partition: 0, count: 3 }]);
    d.exec({ do: 'joinGroup', group: 'L', consumer: 'l', topics: ['in'] })
      .exec({ do: 'joinGroup', group: 'E', consumer: 'e', topics: ['in'], autoOffsetReset: 'earliest' })
      .exec({ do: 'joinGroup', group: 'N', consumer: 'n', topics: ['in'], autoOffsetReset: 'none' });
    d.exec({ do: 'poll', consumer: 'l' }).exec({ do: 'poll', consumer: 'e' }).exec({ do: 'poll', consumer: 'n' });
    d.exec({ do: 'produce', topic: 'in', partition: 0, count: 1 }).exec({ do: 'poll', consumer: 'l' });
    expect(offsets(d.consumed('l'))).toEqual([3]);
    expect(offsets(d.consumed('e'))).toEqual([0, 1, 2]);
    expect(d.consumed('n')).toEqual([]);
    expect(d.state.consumers.n.errors[0]).toMatchObject({ error: 'NoOffsetForPartitionException', partitions: ['in-0'] });
  });

  it('seek moves the position; lag is the high watermark minus the position', () => {
    const d = new Driver({}, [topic('in'), join('c1', { autoCommit: false }), { do: 'produce', topic: 'in', partition: 0, count: 5 }]);
    d.exec({ do: 'poll', consumer: 'c1', max: 2 });
    expect(d.state.consumers.c1.position).toEqual({ 'in-0': 2 });
    expect(d.state.consumers.c1.lag).toEqual({ 'in-0': 3 });
    d.exec({ do: 'commit', consumer: 'c1' });
    expect(d.state.groups.g.lag).toEqual({ 'in-0': 3 });
    d.exec({ do: 'seek', consumer: 'c1', topic: 'in', partition: 0, offset: 1 }).exec({ do: 'poll', consumer: 'c1' });
    expect(offsets(d.consumed('c1'))).toEqual([0, 1, 1, 2, 3, 4]);
    expect(d.state.consumers.c1.lag).toEqual({ 'in-0': 0 });
  });

  it('consumers read only below the high watermark', () => {
    const d = new Driver({}, [topic('in'), join('c1', { autoCommit: false })]);
    const leader = d.state.topics.in.partitions['0'].leader;
    d.exec({ do: 'isolate', broker: leader, from: 'brokers' }).exec({ do: 'produce', topic: 'in', partition: 0, count: 3, acks: 1 });
    expect(d.state.topics.in.partitions['0'].logs[String(leader)].leo).toBe(3);
    expect(d.state.topics.in.partitions['0'].hw).toBe(0);
    d.exec({ do: 'poll', consumer: 'c1' });
    expect(d.consumed('c1')).toEqual([]);
    d.exec({ do: 'heal', broker: leader }).exec({ do: 'advance', ms: 35000 }).exec({ do: 'poll', consumer: 'c1' });
    expect(offsets(d.consumed('c1'))).toEqual([0, 1, 2]);
  });
});
