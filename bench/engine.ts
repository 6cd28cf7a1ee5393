// Engine benchmarks: throughput of acks=all replication, a long scenario, and heap per stored record.
import { ScenarioRun } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';
import type { Step } from '../src/scenario/types';

function scenario(steps: Step[], extra: Record<string, unknown> = {}) {
  const v = validateScenario({ version: 1, id: 'bench', seed: 1, brokers: 3, ...extra, steps });
  if (!v.ok) throw new Error(v.problem.message);
  return v.scenario;
}

/** Records produced with acks=all to 3 brokers at RF=3 and fully replicated, per second of wall time. */
export function acksAllRecordsPerSec(total = 300_000, perStep = 5_000): number {
  const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 3, replicationFactor: 3 }];
  for (let i = 0; i < total / perStep; i++) steps.push({ do: 'produce', topic: 't', count: perStep, value: 'value-{n}', acks: 'all' });
  const run = new ScenarioRun(scenario(steps));
  run.runStep();
  const t0 = performance.now();
  run.runToEnd();
  run.runFor(1000); // let the last HW reach the followers
  const ms = performance.now() - t0;
  const acked = run.cluster.producers.get('producer-1')!.acked.length;
  if (acked !== total) throw new Error(`only ${acked} of ${total} acknowledged`);
  for (let p = 0; p < 3; p++)
    for (const b of [1, 2, 3]) {
      const part = run.cluster.brokers.get(b)!.replicaManager.getPartition('t', p)!;
      if (part.log.logEndOffset !== run.cluster.brokers.get(1)!.replicaManager.getPartition('t', p)!.log.logEndOffset) throw new Error('replicas differ');
    }
  return (total / ms) * 1000;
}

/** Wall time of a 10,000-step scenario mixing produces, faults and time. */
export function tenThousandStepsMs(): number {
  const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 6, replicationFactor: 3 }];
  const cycle: Step[] = [
    { do: 'produce', topic: 't', key: 'k{n}', count: 10, acks: 'all' },
    { do: 'advance', ms: 100 },
    { do: 'produce', topic: 't', count: 5, acks: 1 },
    { do: 'lookup', topic: 't', partition: 0, offset: 0 },
  ];
  while (steps.length < 10_000) steps.push(...cycle);
  steps.length = 10_000;
  const t0 = performance.now();
  const run = new ScenarioRun(scenario(steps));
  run.runToEnd();
  return performance.now() - t0;
}

/** Heap held per stored record (all three replicas counted in the bytes) at 1M records. */
export function heapBytesPerRecord(total = 1_000_000): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const steps: Step[] = [{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 }];
  for (let i = 0; i < total / 10_000; i++) steps.push({ do: 'produce', topic: 't', count: 10_000, value: 'v{n}', acks: 'all' });
  gc?.();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const run = new ScenarioRun(scenario(steps));
  run.runToEnd();
  // The trace is kept for the timeline; it is not per-record storage.
  run.events.length = 0;
  gc?.();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  if (run.cluster.brokers.get(1)!.replicaManager.getPartition('t', 0)!.log.logEndOffset !== total) throw new Error('not all stored');
  return (after - before) / total;
}
