// Contract v1.1: a dump stays small whatever the history. `acked`, `failed` and `consumed` list at most their first
// 10,000 entries, in order; `ackedCount`, `failedCount` and `consumedCount` give the totals.
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { DUMP_LIST_MAX } from '../../src/engine/stateDump';

function run(steps: unknown[], brokers = 1) {
  const v = validateScenario({ version: 1, id: 'lists', brokers, config: { 'offsets.topic.replication.factor': 1 }, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r.dump();
}

describe('bounded dump lists', () => {
  it('acked: the first 10,000 records in acknowledgement order, and the total', () => {
    const d = run([
      { do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 1 },
      { do: 'produce', topic: 't', partition: 1, count: 7000, acks: 1 },
      { do: 'produce', topic: 't', partition: 0, count: 8000, acks: 1 },
    ]);
    const p = d.producers['producer-1'];
    expect(DUMP_LIST_MAX).toBe(10_000);
    expect(p.ackedCount).toBe(15_000);
    expect(p.acked).toHaveLength(10_000);
    expect(p.acked[6999]).toEqual({ topic: 't', partition: 1, offset: 6999 });
    expect(p.acked[7000]).toEqual({ topic: 't', partition: 0, offset: 0 });
    expect(p.acked[9999]).toEqual({ topic: 't', partition: 0, offset: 2999 });
    expect(p.failedCount).toBe(0);
  });

  it('failed: the first 10,000 records given up on, and the total', () => {
    // acks=all to a topic that wants 2 in-sync replicas of 1: retried until delivery.timeout.ms, then given up
    const d = run([
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1, config: { 'min.insync.replicas': 2 } },
      { do: 'produce', topic: 't', count: 12_345, acks: 'all' },
    ]);
    const p = d.producers['producer-1'];
    expect(p.failedCount).toBe(12_345);
    expect(p.failed).toHaveLength(10_000);
    expect(p.failed[0]).toEqual({ topic: 't', partition: 0, error: 'NOT_ENOUGH_REPLICAS' });
    expect(p.failed[9999]).toMatchObject({ topic: 't', partition: 0 });
    expect(p.ackedCount).toBe(0);
  });

  it('consumed: the first 10,000 records a consumer received, and the total', () => {
    const d = run([
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 10_500, value: 'v{n}', acks: 1 },
      { do: 'joinGroup', consumer: 'c1', group: 'g', topics: ['t'], autoOffsetReset: 'earliest' },
      { do: 'poll', consumer: 'c1', max: 20_000 },
    ]);
    const c = d.consumers.c1;
    expect(c.consumedCount).toBe(10_500);
    expect(c.consumed).toHaveLength(10_000);
    expect(c.consumed[9999]).toMatchObject({ offset: 9999, value: 'v9999' });
  });
});
