// Runs consumer-group scenarios for the tests: a scenario from steps, or a run that a test drives step by
// step (the "application" between steps: process records, produce output, decide what to commit).
import { validateScenario } from '../../src/scenario/validate';
import { runScenario, ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent, Step } from '../../src/scenario/types';

type Header = { brokers?: number; seed?: number; mode?: 'zookeeper' | 'kraft'; config?: Record<string, unknown> };

export function scenario(steps: Step[], header: Header = {}) {
  const v = validateScenario({ version: 1, id: 'group-test', brokers: 3, ...header, steps });
  if (!v.ok) throw new Error(v.problem.message);
  return v.scenario;
}

export function run(steps: Step[], header: Header = {}) {
  return runScenario(scenario(steps, header));
}

/** A run the test drives: `exec` appends a step and runs it; `state` is the dump now. */
export class Driver {
  readonly run: ScenarioRun;
  constructor(header: Header = {}, setup: Step[] = []) {
    // joinGroup names are checked against earlier steps by the validator: validate each step as it comes
    this.run = new ScenarioRun(scenario([], header));
    for (const s of setup) this.exec(s);
  }
  exec(step: Step): this {
    this.run.scenario.steps.push(step);
    this.run.runStep();
    return this;
  }
  get state(): Record<string, any> {
    return this.run.dump() as Record<string, any>;
  }
  consumed(name: string): { topic: string; partition: number; offset: number; key: string | null; value: string | null }[] {
    return this.state.consumers[name].consumed;
  }
  events(type: string, from = 0): SimEvent[] {
    return this.run.events.slice(from).filter((e) => e.type === type);
  }
  get mark(): number {
    return this.run.events.length;
  }
}

export const of = (events: SimEvent[], type: string) => events.filter((e) => e.type === type);
