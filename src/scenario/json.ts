// The JSON form of a scenario (scenario-format.md): what export writes and validateScenario reads back.
import type { Scenario } from './types';

/** A scenario as JSON: the fields the format defines, in its order. */
export function scenarioJson(s: Scenario): Record<string, unknown> {
  const out: Record<string, unknown> = { version: 1, id: s.id };
  if (s.title !== undefined) out.title = s.title;
  if (s.description !== undefined) out.description = s.description;
  out.seed = s.seed;
  out.mode = s.mode;
  out.brokers = s.racks ? s.brokers.map((id) => (Object.hasOwn(s.racks!, String(id)) ? { id, rack: s.racks![String(id)] } : id)) : s.brokers;
  out.config = s.config;
  out.steps = s.steps;
  return out;
}

/** An empty cluster: what the app opens with nothing else to show. */
export function emptyCluster(brokers = 3, mode: 'zookeeper' | 'kraft' = 'zookeeper'): Record<string, unknown> {
  return { version: 1, id: 'my-cluster', seed: 1, mode, brokers, config: {}, steps: [] };
}
