// What the fault-property tests share (faults.property, invariants.property): random histories drawn from the
// fault catalog, mixed with produces, and their play on a 3-broker cluster with one RF 3 partition, ending with
// every fault healed, every broker restarted and a minute to settle.
import fc from 'fast-check';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { Step } from '../../src/scenario/types';
import { faultCatalog, type CommandName } from '../../src/scenario/commands';

export type Op = Record<string, unknown> & { do: string };

/**
 * Random histories drawn from the fault catalog (src/scenario/commands: each command that breaks something
 * declares how its fields are drawn), mixed with produces. `only` picks the faults; `fixed` pins fields.
 */
export function ops(only: CommandName[], fixed: Record<string, unknown> = {}, maxLength = 16): fc.Arbitrary<Op[]> {
  const produce = { weight: 4, arbitrary: fc.record({ do: fc.constant('produce'), count: fc.integer({ min: 1, max: 3 }) }) as fc.Arbitrary<Op> };
  const faults = faultCatalog
    .filter((e) => only.includes(e.command))
    .map(({ command, fault }) => {
      const fields: Record<string, fc.Arbitrary<unknown>> = { do: fc.constant(command) };
      for (const [k, d] of Object.entries(fault.draw)) {
        fields[k] =
          k in fixed
            ? fc.constant(fixed[k])
            : d.kind === 'broker'
              ? fc.integer({ min: 1, max: 3 })
              : d.kind === 'int'
                ? fc.integer({ min: d.min, max: d.max })
                : d.kind === 'bool'
                  ? fc.boolean()
                  : fc.constantFrom(...d.values);
      }
      return { weight: fault.weight, arbitrary: fc.record(fields) as fc.Arbitrary<Op> };
    });
  return fc.array(fc.oneof(produce, ...faults), { minLength: 1, maxLength });
}

export interface Played {
  run: ScenarioRun;
  steps: Step[];
  /** what producer-1 had acknowledged, with the value each record was sent with */
  acked: { offset: number; value: string }[];
}

/** Plays the history on topic `t` (produces with `acks`), then heals, restarts every broker, lets the cluster
 *  settle; `afterStep` looks at the cluster after each step. */
export function playHistory(
  history: Op[],
  o: { id: string; seed: number; acks: 'all' | 1; mode?: 'zookeeper' | 'kraft'; config: Record<string, unknown> },
  afterStep: (run: ScenarioRun, i: number, steps: Step[]) => void = () => undefined,
): Played {
  const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }];
  history.forEach((x, i) =>
    steps.push(x.do === 'produce' ? { do: 'produce', topic: 't', count: x.count as number, value: `s${i}-{n}`, acks: o.acks } : ({ ...x } as Step)),
  );
  steps.push(
    { do: 'heal' },
    { do: 'startBroker', broker: 1 },
    { do: 'startBroker', broker: 2 },
    { do: 'startBroker', broker: 3 },
    { do: 'advance', ms: 60000 },
  );
  const v = validateScenario({ version: 1, id: o.id, seed: o.seed, ...(o.mode ? { mode: o.mode } : {}), brokers: 3, config: o.config, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  const acked: { offset: number; value: string }[] = [];
  for (let i = 0; i < steps.length; i++) {
    const before = run.cluster.producers.get('producer-1')?.acked.length ?? 0;
    run.runStep();
    run.cluster.producers
      .get('producer-1')
      ?.acked.slice(before)
      .forEach((a, n) => acked.push({ offset: a.offset, value: `s${i - 1}-${n}` }));
    afterStep(run, i, steps);
  }
  return { run, steps, acked };
}
