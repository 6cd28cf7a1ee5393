// The lesson "Why KRaft" measures, with the engine, how long a controller failover takes in simulated time against
// the partition count: a cluster with one topic of `partitions` partitions loses its active controller (zookeeper
// mode: the broker holding /controller crashes; kraft mode: the active controller node), and the run goes on until
// the new controller is ready. Replication factor 1 keeps the runs quick (no follower fetches); the controller's cost
// depends on the partitions, not on the replicas (rules/controllerFailover.ts).
import { ScenarioRun } from './runner';
import type { Scenario } from './types';

export const FAILOVER_PARTITIONS = [1000, 5000, 10000] as const;
const BROKERS = 3;
const LIMIT_MS = 120_000;

export interface FailoverFigure {
  mode: 'zookeeper' | 'kraft';
  partitions: number;
  /** from the crash until the new controller is elected (ZooKeeper session expiry, or the Raft fetch timeout and vote) */
  detectMs: number;
  /** from its election until it is ready (zookeeper: reading every topic's and partition's znodes) */
  loadMs: number;
  totalMs: number;
  /** ZooKeeper reads the new controller made (0 in kraft mode) */
  zkReads: number;
}

export function measureControllerFailover(mode: 'zookeeper' | 'kraft', partitions: number): FailoverFigure {
  const scenario = {
    version: 1,
    id: `failover-${mode}-${partitions}`,
    seed: 1,
    mode,
    brokers: Array.from({ length: BROKERS }, (_, i) => i + 1),
    config: {},
    steps: [{ do: 'createTopic', topic: 't', partitions, replicationFactor: 1 }],
  } as unknown as Scenario;
  const run = new ScenarioRun(scenario);
  run.runStep();
  const c = run.cluster;
  const from = run.events.length;
  const crashedAt = run.now;
  if (mode === 'zookeeper') {
    const id = [...c.agents.values()].find((a) => a.controller?.active)!.broker.id;
    c.brokers.get(id)!.crash(false);
  } else c.quorum!.active!.status = 'crashed';
  let elected: number | null = null;
  let ready: { at: number; zkReads: number } | null = null;
  let seen = from;
  const done = () => {
    for (; seen < run.events.length; seen++) {
      const e = run.events[seen];
      if (e.type === 'ControllerElected' && elected === null) {
        elected = e.time;
        if (mode === 'kraft') ready = { at: e.time, zkReads: 0 };
      } else if (e.type === 'ControllerReady' && elected !== null) ready = { at: e.time, zkReads: (e as unknown as { zkReads: number }).zkReads };
    }
    return ready !== null;
  };
  if (!run.runUntil(done, LIMIT_MS) || elected === null || ready === null) throw new Error(`${mode}: no controller ready within ${LIMIT_MS} ms`);
  const r = ready as { at: number; zkReads: number };
  return { mode, partitions, detectMs: elected - crashedAt, loadMs: r.at - elected, totalMs: r.at - crashedAt, zkReads: r.zkReads };
}
