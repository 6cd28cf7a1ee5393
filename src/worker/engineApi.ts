// The engine as the worker's timeline uses it: validate a scenario, run it, restore a run from a checkpoint.
import { validateScenario } from '../scenario/validate';
import { ScenarioRun, type RunCheckpoint } from '../scenario/runner';
import type { EngineApi } from './timeline';

export const scenarioEngine: EngineApi = {
  validateScenario,
  createRun: (s) => new ScenarioRun(s),
  restoreRun: (cp, trace, s, tail) => ScenarioRun.restore(cp as RunCheckpoint, trace, s, tail),
};
