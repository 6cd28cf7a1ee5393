// A retried batch whose first attempt was written but whose response was lost: the idempotent producer's
// sequence numbers let the leader recognise the duplicate, so the record is stored once. Without
// idempotence the retry writes it twice.
import { describe, it, expect } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';

function setUp(idempotent: boolean) {
  const v = validateScenario({
    version: 1,
    id: 'idem',
    brokers: 3,
    config: { 'request.timeout.ms': 5000 },
    steps: [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
      { do: 'produce', topic: 't', count: 1, acks: 'all', idempotent, value: 'warm-up' },
    ],
  });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  return run;
}

function produceLosingFirstResponse(run: ScenarioRun, idempotent: boolean) {
  const c = run.cluster;
  const p = c.producer('producer-1');
  const leader = c.activeController()!.states.get('t-0')!.leader!;
  const rec = {
    topic: 't',
    key: null,
    value: 'once',
    timestamp: run.now,
    acks: -1 as const,
    idempotent,
    sizes: new Int32Array([16]),
    createdAt: run.now,
    pending: 1,
  };
  p.send(rec, [0]);
  // Let the first attempt reach the log, then cut the producer off so the response is lost.
  const appendedAt = c.events.length;
  run.runUntil(() => c.events.slice(appendedAt).some((e) => e.type === 'Appended'), 1000);
  c.ctx.network.cutLink('producer-1', `broker-${leader}`);
  run.runFor(6000); // request.timeout.ms passes: the producer retries (into the cut link)
  c.heal();
  run.runUntil(() => rec.pending === 0, 30000);
  const log = c.brokers.get(leader)!.replicaManager.getPartition('t', 0)!.log;
  return log.readRecords(0, 100, log.logEndOffset).map((r) => new TextDecoder().decode(r.value!));
}

describe('idempotent producer', () => {
  it('a retry after a lost response is recognised as a duplicate and stored once', () => {
    const run = setUp(true);
    expect(produceLosingFirstResponse(run, true)).toEqual(['warm-up', 'once']);
    expect(run.events.some((e) => e.type === 'DuplicateBatchIgnored')).toBe(true);
    expect(run.cluster.producer('producer-1').acked.slice(1)).toEqual([{ topic: 't', partition: 0, offset: 1 }]);
  });
  it('without idempotence the same retry writes the record twice', () => {
    const run = setUp(false);
    expect(produceLosingFirstResponse(run, false)).toEqual(['warm-up', 'once', 'once']);
  });
});
