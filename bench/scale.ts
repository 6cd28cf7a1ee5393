// A cluster at scale: 100 brokers, one topic of 10,000 partitions at replication factor 3, and one controller
// failover, in zookeeper and kraft mode (issue 13).
// engine.scale10kCreateMs: wall time of the createTopic step (until every live replica knows its leader).
// engine.scale10kBrokerFailureMs: wall time from a broker's crash (not the controller) until every partition it led
//   has another leader.
// engine.scale10kFailoverMs: wall time from the active controller's crash until the new controller has taken over
//   and every partition the crashed broker led has a leader again (zookeeper mode: the broker that is the controller
//   crashes; kraft mode: the active controller node). Each also with the suffix Kraft for kraft mode.
// engine.scale10kHeapMb: heap (JS objects and array buffers, after a full GC) the cluster holds after the create,
//   the larger of the two modes (each given too). Simulated time passing (session timeouts) counts in wall time:
//   the replicas keep fetching meanwhile, as Kafka's do.
import { ScenarioRun } from '../src/scenario/runner';
import type { Scenario } from '../src/scenario/types';

const BROKERS = 100;
const PARTITIONS = 10_000;
const SIM_LIMIT_MS = 120_000;

function scenario(mode: 'zookeeper' | 'kraft'): Scenario {
  // built directly (the validator's limits may be lower in older builds that this benchmark is also run against)
  return {
    version: 1,
    id: `scale-${mode}`,
    seed: 1,
    mode,
    brokers: Array.from({ length: BROKERS }, (_, i) => i + 1),
    config: {},
    steps: [{ do: 'createTopic', topic: 't', partitions: PARTITIONS, replicationFactor: 3 }],
  } as Scenario;
}

const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

interface ScaleFigures {
  createMs: number;
  brokerFailureMs: number;
  failoverMs: number;
  heapMb: number;
  events: number;
}

/** Runs until every partition `victim` led (in the controller's view before) has another leader; wall ms. */
function untilMovedOff(run: ScenarioRun, victim: number, fail: () => void, newController: boolean): number {
  const c = run.cluster;
  const core = c.activeController()!;
  const moved = [...core.states.values()].filter((p) => p.leader === victim).map((p) => `${p.topic}-${p.partition}`);
  const t = performance.now();
  fail();
  const done = () => {
    const now = c.activeController();
    if (!now || (newController && now === core)) return false;
    return moved.every((k) => {
      const p = now.states.get(k);
      return p !== undefined && p.leader !== victim;
    });
  };
  if (!run.runUntil(done, SIM_LIMIT_MS)) throw new Error(`${run.scenario.mode}: leaders did not move off ${victim} within ${SIM_LIMIT_MS} simulated ms`);
  return performance.now() - t;
}

export function scaleFigures(mode: 'zookeeper' | 'kraft'): ScaleFigures {
  const before = heap();
  const run = new ScenarioRun(scenario(mode));
  const t0 = performance.now();
  run.runStep();
  const createMs = performance.now() - t0;
  const heapMb = (heap() - before) / 1e6;
  const c = run.cluster;
  const controllerBroker = () => [...c.agents.values()].find((a) => a.controller?.active)?.broker.id;
  // a broker failure: a broker that is not the controller stops (its ZooKeeper session or KRaft heartbeats lapse)
  const broker = c.sortedBrokers().find((b) => b.id !== controllerBroker())!;
  const brokerFailureMs = untilMovedOff(run, broker.id, () => broker.crash(false), false);
  // a controller failover: zookeeper mode, the broker that is the controller; kraft mode, the active controller node
  let failoverMs: number;
  if (mode === 'zookeeper') {
    const id = controllerBroker()!;
    failoverMs = untilMovedOff(run, id, () => c.brokers.get(id)!.crash(false), true);
  } else {
    const v = c.quorum!.active!;
    failoverMs = untilMovedOff(
      run,
      -v.id,
      () => {
        v.status = 'crashed';
      },
      true,
    );
  }
  return {
    createMs: Math.round(createMs),
    brokerFailureMs: Math.round(brokerFailureMs),
    failoverMs: Math.round(failoverMs),
    heapMb: Math.round(heapMb),
    events: run.events.length,
  };
}

export function scaleBench(): Record<string, number> {
  const zk = scaleFigures('zookeeper');
  const kraft = scaleFigures('kraft');
  return {
    'engine.scale10kFailoverMs': zk.failoverMs,
    'engine.scale10kHeapMb': Math.max(zk.heapMb, kraft.heapMb),
    'engine.scale10kCreateMs': zk.createMs,
    'engine.scale10kBrokerFailureMs': zk.brokerFailureMs,
    'engine.scale10kFailoverMsKraft': kraft.failoverMs,
    'engine.scale10kCreateMsKraft': kraft.createMs,
    'engine.scale10kBrokerFailureMsKraft': kraft.brokerFailureMs,
    'engine.scale10kHeapMbZookeeper': zk.heapMb,
    'engine.scale10kHeapMbKraft': kraft.heapMb,
  };
}

if (process.argv[1]?.endsWith('scale.ts')) console.log(JSON.stringify(scaleBench()));
