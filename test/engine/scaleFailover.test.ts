// A controller failover at a moderate scale (20 brokers, 600 partitions at RF 3, records flowing), in both modes:
// its trace and final dump are pinned by hash, so work on the engine's speed (issue 13) cannot change what it does.
// A deliberate change of behaviour updates the hash here and says why in its commit.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';

function failover(mode: 'zookeeper' | 'kraft') {
  const v = validateScenario({
    version: 1,
    id: `scale-failover-${mode}`,
    seed: 7,
    mode,
    brokers: 20,
    config: { 'zookeeper.session.timeout.ms': 6000 },
    steps: [
      { do: 'createTopic', topic: 't', partitions: 600, replicationFactor: 3, assignment: 'kafka' },
      { do: 'produce', producer: 'p', topic: 't', count: 40, acks: 'all' },
      { do: 'advance', ms: 1000 },
      // zookeeper mode: broker 1 is the controller; kraft mode: a broker, then the controllers keep the log
      { do: 'crashBroker', broker: 1 },
      { do: 'advance', ms: 12000 },
      { do: 'produce', producer: 'p', topic: 't', count: 20, acks: 'all' },
      { do: 'advance', ms: 2000 },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problem));
  const r = runScenario(v.scenario);
  const hash = createHash('sha1').update(JSON.stringify(r.events)).update(JSON.stringify(r.final)).digest('hex');
  return { r, hash };
}

describe('a controller failover at moderate scale keeps its trace and dump', () => {
  it('zookeeper mode: the new controller is elected and every partition has a live leader', () => {
    const { r, hash } = failover('zookeeper');
    expect(r.failures).toEqual([]);
    expect(r.events.some((e) => e.type === 'ControllerElected' && (e as unknown as { broker: number }).broker !== 1)).toBe(true);
    const leaders = Object.values(r.final.topics.t.partitions).map((p) => p.leader);
    expect(leaders.every((l) => l !== null && l !== 1)).toBe(true);
    expect(hash).toBe('4b1fe340cc6955339923d45c94cd52567e316ebf');
  });
  it('kraft mode (a broker fails; the quorum keeps the metadata): every partition has a live leader', () => {
    const { r, hash } = failover('kraft');
    expect(r.failures).toEqual([]);
    const leaders = Object.values(r.final.topics.t.partitions).map((p) => p.leader);
    expect(leaders.every((l) => l !== null && l !== 1)).toBe(true);
    expect(hash).toBe('e48a11306a95ac2b545c4d270cce41cf33abe4af');
  });
});
