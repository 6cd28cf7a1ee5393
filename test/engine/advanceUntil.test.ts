// `advance` with `until: "change"` (project extension): time runs to the next state change and its cascade.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { SETTLE_MS, stateFingerprint } from '../../src/scenario/advanceUntil';
import type { Step } from '../../src/scenario/types';

function run(steps: Step[], config: Record<string, number> = {}) {
  const v = validateScenario({ version: 1, id: 'advance-until', brokers: 3, config, steps });
  if (!v.ok) throw new Error(v.problem.message);
  return runScenario(v.scenario);
}

const setup: Step[] = [
  { do: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 },
  { do: 'produce', topic: 'orders', partition: 0, count: 5 },
  { do: 'crashBroker', broker: 1 },
];
const untilChange: Step = { do: 'advance', ms: 60000, until: 'change' };

describe('advance until something happens', () => {
  it('after a leader crash, one press shows the whole failover and stops once it settles', () => {
    // Nothing changes until the crashed broker's ZooKeeper session expires (zookeeper.session.timeout.ms, 18 000 ms;
    // KafkaController.onBrokerFailure once the /brokers/ids/1 ephemeral znode goes): then controller and leaders move.
    const r = run([...setup, untilChange]);
    const step = r.events.filter((e) => e.step === 3 && e.type !== 'MessageSent');
    const types = step.map((e) => e.type);
    for (const t of ['ZkSessionExpired', 'ControllerElected', 'LeaderElected', 'BecameLeader']) expect(types).toContain(t);
    expect(step[1].type).toBe('ZkSessionExpired');
    expect(step[1].time).toBe(18000);
    const lastChange = step.at(-1)!.time;
    expect(r.final.time).toBe(lastChange + SETTLE_MS);
    expect(r.final.topics.orders.partitions['0'].leader).not.toBe(1);
    expect(r.final.controller.id).not.toBe(1);
  });

  it('a smaller change comes first when there is one: followers learning the high watermark', () => {
    // records from the sticky partitioner: followers learn the new HW with their next fetch (replica.fetch.wait.max.ms)
    const r = run([setup[0], { do: 'produce', topic: 'orders', count: 5 }, setup[2], untilChange, untilChange]);
    const inStep = (i: number) => r.events.filter((e) => e.step === i && e.type !== 'MessageSent').map((e) => e.type);
    expect(inStep(3)).toEqual(['StepStarted', 'HighWatermarkAdvanced']);
    expect(inStep(4)).toContain('LeaderElected');
  });

  it('a plain advance of the same length would have shown nothing (the old 10 000 ms default)', () => {
    const r = run([...setup, { do: 'advance', ms: 10000 }]);
    expect(r.final.topics.orders.partitions['0'].leader).toBe(1);
  });

  it('stops at a paused broker waking up', () => {
    const r = run([{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }, { do: 'pauseBroker', broker: 2, ms: 5000 }, untilChange]);
    const resumed = r.events.find((e) => e.type === 'BrokerResumed');
    expect(resumed?.step).toBe(2);
    expect(r.final.brokers['2'].status).toBe('online');
    expect(r.final.time).toBeLessThan(resumed!.time + 3 * SETTLE_MS);
  });

  it('with nothing to happen, it lets the whole bound pass and the state is the same', () => {
    const before = run([
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
      { do: 'advance', ms: 2000 },
    ]);
    const after = run([
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
      { do: 'advance', ms: 2000 },
      { do: 'advance', ms: 5000, until: 'change' },
    ]);
    expect(after.final.time).toBe(before.final.time + 5000);
    expect(stateFingerprint(after.final)).toBe(stateFingerprint(before.final));
  });

  it('is deterministic: the same scenario gives the same dump and trace', () => {
    const a = run([...setup, untilChange, untilChange]);
    const b = run([...setup, untilChange, untilChange]);
    expect(JSON.stringify(b.final)).toBe(JSON.stringify(a.final));
    expect(b.events.length).toBe(a.events.length);
  });

  it('the fingerprint ignores the clock and per-second metrics, nothing else', () => {
    const d = run([{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 }]).final;
    expect(stateFingerprint({ ...d, time: d.time + 99 })).toBe(stateFingerprint(d));
    expect(stateFingerprint({ ...d, brokers: { ...d.brokers, '1': { ...d.brokers['1'], metrics: { IsrShrinksPerSec: 0.5 } } as never } })).toBe(
      stateFingerprint(d),
    );
    expect(stateFingerprint({ ...d, brokers: { ...d.brokers, '1': { status: 'crashed' } } })).not.toBe(stateFingerprint(d));
  });

  it('validation: until takes only "change", and ms stays required as the bound', () => {
    const bad = validateScenario({ version: 1, id: 'x', steps: [{ do: 'advance', ms: 10, until: 'leader' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).toMatchObject({ step: 0, field: 'until' });
    const noMs = validateScenario({ version: 1, id: 'x', steps: [{ do: 'advance', until: 'change' }] });
    expect(noMs.ok).toBe(false);
    if (!noMs.ok) expect(noMs.problem).toMatchObject({ step: 0, field: 'ms', code: 'missingField' });
  });
});
