// What-if variants: the session's commands with one change, run up to a step, beside the session itself.
import type { Scenario, ScenarioProblem, SimEvent, StateDump } from '../scenario/types';
import { scenarioJson } from '../scenario/json';
import type { VariantPatch } from './protocol';
import type { EngineApi } from './timeline';

/** The scenario with one change, run to the end of `step` (or as far as it has steps). */
export function runVariant(
  engine: EngineApi,
  scenario: Scenario,
  patch: VariantPatch,
  step: number,
): { dump: StateDump; events: SimEvent[] } | { problem: ScenarioProblem } {
  const json = scenarioJson(scenario);
  const steps = scenario.steps.map((st) => ({ ...st }));
  if (patch.kind === 'config') json.config = { ...scenario.config, [patch.key]: patch.value };
  else if (patch.kind === 'acks')
    for (const st of steps) {
      if (st.do === 'produce') st.acks = patch.value;
    }
  else if (patch.kind === 'assignor')
    for (const st of steps) {
      if (st.do === 'joinGroup') st.assignor = patch.value as typeof st.assignor;
    }
  else
    for (const st of steps) {
      if (st.do === 'createTopic') {
        st.replicationFactor = patch.value;
        delete st.assignment;
      }
    }
  json.steps = steps;
  const v = engine.validateScenario(json);
  if (!v.ok) return { problem: v.problem };
  const run = engine.createRun(v.scenario);
  while (run.nextStep <= Math.min(step, v.scenario.steps.length - 1)) run.runStep();
  return { dump: run.dump(), events: run.events.filter((e) => e.type !== 'MessageSent') };
}
