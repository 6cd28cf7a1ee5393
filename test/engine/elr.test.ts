// Eligible leader replicas in the running kraft cluster (KIP-966, eligible.leader.replicas.version 1): the "last
// replica standing" loss the fault properties find — the ISR shrinks to the leader alone, the leader loses power
// (its unflushed records are gone) and, being the only ISR member, leads again with a short log — and how ELR
// prevents it: the replica that left the ISR below min.insync.replicas stays eligible (PartitionChangeBuilder
// .maybePopulateTargetElr), the leader's unclean restart takes it out of the ISR and ELR
// (ReplicationControlManager.handleBrokerUncleanShutdown at ClusterControlManager.registerBroker), and the
// eligible replica is elected when it returns (PartitionChangeBuilder.isValidNewLeader: the ELR when the ISR is empty).
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';

const STEPS = [
  { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3, assignment: [[1, 2, 3]], config: { 'min.insync.replicas': 2 } },
  { do: 'produce', topic: 't', count: 5, acks: 'all' },
  { do: 'stopBroker', broker: 3 },
  { do: 'stopBroker', broker: 2 },
  { do: 'crashBroker', broker: 1, loseUnflushed: true },
  { do: 'advance', ms: 12000 },
  { do: 'startBroker', broker: 1 },
  { do: 'advance', ms: 5000 },
  { do: 'startBroker', broker: 2 },
  { do: 'startBroker', broker: 3 },
  { do: 'advance', ms: 20000 },
];

function run(mode: 'kraft' | 'zookeeper', elr: number) {
  // the OS keeps the records in its page cache for the whole story (no write-back within it)
  const v = validateScenario({
    version: 1,
    id: 'elr',
    mode,
    brokers: 3,
    config: { 'eligible.leader.replicas.version': elr, 'sim.os.dirty.expire.ms': 300000 },
    steps: STEPS,
  });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  const states: unknown[] = [];
  for (let i = 0; i < STEPS.length; i++) {
    r.runStep();
    const p = r.dump().topics.t.partitions['0'];
    states.push({ leader: p.leader, isr: p.isr, elr: p.elr });
  }
  return { r, states, d: r.dump() };
}

describe('eligible leader replicas (kraft mode)', () => {
  it("off (Kafka 4.0's default): the last replica standing comes back from a power loss as leader, and the committed records are lost", () => {
    const { d } = run('kraft', 0);
    const p = d.topics.t.partitions['0'];
    expect(p.elr).toBeUndefined();
    expect(p.hw).toBe(0);
    expect(Object.values(p.logs).map((l) => l.leo)).toEqual([0, 0, 0]);
    expect(d.invariantViolations).toEqual([expect.objectContaining({ kind: 'CommittedRecordsLost', broker: 1, from: 0, to: 5 })]);
  });

  it('on: the replica that left the ISR below min ISR stays eligible, the unclean leader is not elected, the eligible one is', () => {
    const { d, states } = run('kraft', 1);
    expect(states.slice(2, 10)).toEqual([
      { leader: 1, isr: [1, 2], elr: [] }, // ISR at min ISR: no ELR
      { leader: 1, isr: [1], elr: [2] }, // broker 2 left below min ISR: eligible
      { leader: 1, isr: [1], elr: [2] }, // the power loss, before the controller fences broker 1
      { leader: null, isr: [], elr: [1, 2] }, // the ISR may empty with ELR
      { leader: null, isr: [], elr: [2] }, // broker 1 registered after an unclean shutdown: out of the ELR
      { leader: null, isr: [], elr: [2] }, // and not elected: the partition waits
      { leader: 2, isr: [2], elr: [] }, // broker 2 (clean shutdown) is elected from the ELR
      { leader: 2, isr: [2], elr: [] },
    ]);
    const p = d.topics.t.partitions['0'];
    expect(p.hw).toBe(5);
    expect(Object.values(p.logs).map((l) => l.leo)).toEqual([5, 5, 5]);
    expect(p.isr.sort()).toEqual([1, 2, 3]);
    expect(d.invariantViolations).toEqual([]);
  });

  it('is a KRaft feature: zookeeper mode is unchanged by it', () => {
    const a = run('zookeeper', 0).d;
    const b = run('zookeeper', 1).d;
    expect(JSON.stringify(b.topics)).toBe(JSON.stringify(a.topics));
    expect(b.topics.t.partitions['0'].elr).toBeUndefined();
  });
});
