// Dumps captured for many positions in one run (src/worker/capture.ts) are snapshots: once the run has gone on,
// the state at a position never holds a lookup, a refused admin command or an invariant violation from a later
// position (they used to share the run's arrays, so the offset-lookup lesson at step 21 showed step 28's lookup).
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent, StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { captureDumps } from '../../src/worker/capture';
import { EngineHost } from '../../src/worker/host';
import { computeStepEnds } from '../../src/worker/timeline';

// lookups at three steps, a refused createTopic between them, and an unclean election that loses committed
// records (an InvariantViolated CommittedRecordsLost) after the first lookup
const scenario = {
  version: 1,
  id: 'snapshots',
  seed: 3,
  brokers: 3,
  steps: [
    { do: 'createTopic', topic: 'legacy', partitions: 1, replicationFactor: 3, config: { 'unclean.leader.election.enable': true } },
    { do: 'produce', topic: 'legacy', count: 2, acks: 'all' },
    { do: 'lookup', topic: 'legacy', partition: 0, offset: 1 },
    { do: 'createTopic', topic: 'too-many', partitions: 1, replicationFactor: 4 },
    { do: 'crashBroker', broker: 3 },
    { do: 'crashBroker', broker: 2 },
    { do: 'waitFor', path: 'topics.legacy.partitions.0.isr', equals: [1], timeoutMs: 20000 },
    { do: 'produce', topic: 'legacy', count: 3, acks: 'all' },
    { do: 'lookup', topic: 'legacy', partition: 0, offset: 4 },
    { do: 'crashBroker', broker: 1 },
    { do: 'startBroker', broker: 3 },
    { do: 'waitFor', path: 'topics.legacy.partitions.0.leader', equals: 3, timeoutMs: 20000 },
    { do: 'lookup', topic: 'legacy', partition: 0, offset: 0 },
    { do: 'createTopic', topic: 'too-many-again', partitions: 1, replicationFactor: 5 },
  ],
};

function setup() {
  const v = validateScenario(scenario);
  if (!v.ok) throw new Error(v.problem.message);
  const full = new ScenarioRun(v.scenario);
  const bootEnd = full.events.length - 1;
  full.runToEnd();
  return { s: v.scenario, events: full.events, bootEnd, final: full.dump() };
}

/** How many of `type` happened in the steps up to `step` (the step a position belongs to). */
const upToStep = (events: SimEvent[], type: string, step: number) => events.filter((e) => e.type === type && e.step <= step).length;

describe('captured dumps are snapshots', () => {
  it('the scenario has what the check needs: 3 lookups, 2 refused commands, a violation', () => {
    const { final } = setup();
    expect(final.lookups).toHaveLength(3);
    expect(final.errors.map((e) => e.error)).toEqual(['INVALID_REPLICATION_FACTOR', 'INVALID_REPLICATION_FACTOR']);
    expect((final.invariantViolations as { kind: string }[]).map((v) => v.kind)).toContain('CommittedRecordsLost');
  });

  it('a state at any position never holds a lookup, error or violation from a later position', () => {
    const { s, events, bootEnd } = setup();
    const wanted: number[] = [];
    for (let c = bootEnd + 1; c < events.length - 1; c++) wanted.push(c);
    const got = captureDumps(new ScenarioRun(s), events, computeStepEnds(events, s.steps.length), wanted);
    expect(got).not.toBeNull();
    expect(got!.size).toBe(wanted.length);
    // read only after the whole run: a shared array would by now hold everything up to the end
    for (const [c, d] of got!) {
      const step = events[c].step;
      // every lookup done by this position, none from a later step
      expect(d.lookups.length, `lookups at position ${c} (step ${step})`).toBeGreaterThanOrEqual(
        events.filter((e) => e.type === 'Lookup' && e.seq <= c).length,
      );
      expect(d.lookups.length, `lookups at position ${c} (step ${step})`).toBeLessThanOrEqual(upToStep(events, 'Lookup', step));
      expect(
        d.errors.every((e) => e.step <= step),
        `errors at position ${c}: ${JSON.stringify(d.errors)}`,
      ).toBe(true);
      const violations = d.invariantViolations as { time: number }[];
      expect(
        violations.every((v) => v.time <= d.time),
        `violations at position ${c}`,
      ).toBe(true);
      expect(violations.length, `violations at position ${c}`).toBeLessThanOrEqual(upToStep(events, 'InvariantViolated', step));
    }
  });

  it('a captured dump equals a fresh run to the same position, read after the capture finished', () => {
    const { s, events, bootEnd } = setup();
    const stepEnds = computeStepEnds(events, s.steps.length);
    const wanted: number[] = [];
    for (let c = bootEnd + 1; c < events.length - 1; c += 5) wanted.push(c);
    const got = captureDumps(new ScenarioRun(s), events, stepEnds, wanted)!;
    const host = new EngineHost({ validateScenario, createRun: (x) => new ScenarioRun(x) });
    host.timeline.load(scenario);
    for (const c of wanted.filter((_, i) => i % 4 === 0)) {
      const fresh: StateDump = host.timeline.runTo(c).dump();
      expect(JSON.stringify(got.get(c)), `position ${c}`).toBe(JSON.stringify(fresh));
    }
  });

  it('stepping through a scenario step by step replays it a few times, not once per step', async () => {
    let runs = 0;
    const h = new EngineHost({
      validateScenario,
      createRun: (x) => {
        runs++;
        return new ScenarioRun(x);
      },
    });
    await h.handle({ type: 'load', scenario, step: 0 }, 1);
    h.timeline.window = 2; // small windows, so that only the step ends can make the next steps hits
    h.timeline.captureMs = Infinity; // however long the capture takes on this machine
    const base = runs;
    for (let k = 1; k <= scenario.steps.length - 1; k++) await h.handle({ type: 'seekStep', step: k }, 2);
    expect(runs - base).toBeLessThanOrEqual(3);
  });
});
