// The timeline at each step's end equals a fresh run of that many steps. Dumps captured for earlier positions
// are kept while the same run goes on: a dump that shared an array with the engine (errors, lookups, a
// producer's failures, invariant violations) showed later entries at earlier positions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { EngineHost } from '../../src/worker/host';
import { scenarioEngine } from '../../src/worker/engineApi';
import type { WorkerState } from '../../src/worker/protocol';

const lesson = (id: string) => JSON.parse(readFileSync(new URL(`../../public/lessons/${id}.json`, import.meta.url), 'utf8')) as unknown;

describe('the state at each step', () => {
  // each adds to an array the dump shows: lookups, errors, a producer's failures, invariant violations
  for (const id of ['segments-and-index', 'replica-placement', 'power-loss-and-flush', 'min-insync-replicas', 'unclean-election']) {
    it(`${id}: the host at the end of step k-1 shows a fresh run of k steps`, async () => {
      const json = lesson(id);
      const v = validateScenario(json);
      if (!v.ok) throw new Error(v.problem.message);
      const h = new EngineHost(scenarioEngine); // seeks from checkpoints
      await h.handle({ type: 'load', scenario: json, step: 0 }, 1);
      const run = new ScenarioRun(v.scenario);
      for (let k = 1; k <= v.scenario.steps.length; k++) {
        run.runStep();
        const r = (await h.handle({ type: 'seekStep', step: k }, 2)) as WorkerState;
        expect(JSON.stringify(r.dump), `step ${k}`).toBe(JSON.stringify(run.dump()));
      }
    });
  }
});

describe('the boundary hook and checkpoints', () => {
  it('a run observed through onBoundary can be checkpointed; the restored run has no observer and the same future', () => {
    const v = validateScenario(lesson('acks'));
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    let seen = 0;
    run.onBoundary = () => {
      seen++;
    };
    for (let i = 0; i < 3; i++) run.runStep();
    const cp = run.checkpoint();
    const copy = ScenarioRun.restore(cp, run.events);
    expect(copy.onBoundary).toBeNull();
    run.runToEnd();
    copy.runToEnd();
    expect(seen).toBeGreaterThan(0);
    expect(JSON.stringify(copy.dump())).toBe(JSON.stringify(run.dump()));
  });
});
