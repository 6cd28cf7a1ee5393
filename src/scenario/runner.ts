// Runs a scenario on the engine, step by step, on simulated time. The same scenario gives the same events
// and the same dump on every run (Node or the browser's worker): the timeline replays it to go back.
import type { ExpectFailure, LookupDump, RunResult, Scenario, SimEvent, StateDump, Step } from './types';
import { Cluster } from '../engine/cluster/Cluster';
import { dumpState, metricsNow, type MetricsNow } from '../engine/cluster/dump';
import { commandSpec } from './commands';
import type { RunContext } from './commands/context';
import { Frozen, Slot } from '../engine/sim/snapshot';

/**
 * A run frozen at a step boundary (docs/engine.md "Snapshots"): a copy of the whole run (engine, disks, clients,
 * the runner's own lists) that is never run itself; `restore` makes a live copy of it. The trace is not copied:
 * the restored run gets the first `events` events of the trace it was recorded in.
 */
export interface RunCheckpoint {
  /** the next step the restored run will run */
  readonly nextStep: number;
  /** events in the trace at the checkpoint */
  readonly events: number;
  /** simulated time at the checkpoint */
  readonly time: number;
  /** the scenario the run read its steps from */
  readonly scenario: Scenario;
  /** the frozen copy (Frozen: kept as a plan; its scenario and trace are given when it is thawed) */
  readonly run: Frozen<ScenarioRun>;
  /** the objects the copy holds (what it takes in memory: ~0.1-0.2 KB each) */
  readonly objects: number;
}

const BOOT_TIMEOUT_MS = 30000;

class Halt extends Error {}

export class ScenarioRun implements RunContext {
  readonly cluster: Cluster;
  readonly failures: ExpectFailure[] = [];
  readonly errors: StateDump['errors'] = [];
  readonly lookups: LookupDump[] = [];
  private next = 0;
  private haltAt = Infinity;
  halted = false;
  /**
   * Called at each scheduler boundary (before the next event runs, with the number of events so far): where a
   * run may stop mid-step (runUntilEvent). The worker's timeline captures dumps and reports progress there.
   */
  onBoundary: ((events: number) => void) | null = null;

  constructor(readonly scenario: Scenario) {
    this.cluster = new Cluster({ seed: scenario.seed, mode: scenario.mode, brokers: scenario.brokers, racks: scenario.racks, config: scenario.config });
    this.cluster.start();
    this.runUntil(() => this.clusterReady(), BOOT_TIMEOUT_MS);
  }

  /** The trace, from event `firstSeq` on (a run restored with `tail` leaves out those before its checkpoint). */
  get events(): SimEvent[] {
    return this.cluster.events;
  }

  get firstSeq(): number {
    return this.cluster.firstSeq;
  }

  /** The events so far, the first ones left out included: the next event's seq. */
  get eventCount(): number {
    return this.cluster.firstSeq + this.cluster.events.length;
  }

  get nextStep(): number {
    return this.next;
  }

  get now(): number {
    return this.cluster.ctx.scheduler.now;
  }

  private clusterReady(): boolean {
    const core = this.cluster.activeController();
    if (!core) return false;
    return this.cluster.sortedBrokers().every((b) => b.status !== 'online' || (core.liveBrokers.has(b.id) && b.metadata.controllerId !== null));
  }

  /** Runs events until `done()` holds or `maxMs` of simulated time has passed; true if it held. */
  runUntil(done: () => boolean, maxMs: number): boolean {
    const s = this.cluster.ctx.scheduler;
    const deadline = s.now + maxMs;
    for (;;) {
      const n = this.eventCount;
      this.onBoundary?.(n);
      if (n > this.haltAt) throw new Halt();
      if (done()) return true;
      if (s.peekTime() > deadline) {
        s.now = Math.max(s.now, deadline);
        return false;
      }
      s.runNext();
    }
  }

  runFor(ms: number): void {
    this.runUntil(() => false, ms);
  }

  runStep(): void {
    if (this.halted) throw new Error('this run was halted mid-step; start a new one');
    const i = this.next;
    const step = this.scenario.steps[i];
    if (!step) return;
    this.next += 1;
    this.cluster.currentStep = i;
    this.cluster.ctx.emit('StepStarted', { index: i, do: step.do, label: step.label ?? null });
    this.execute(step, i);
  }

  private execute(step: Step, i: number): void {
    const spec = commandSpec(step.do);
    if (!spec) throw new Error(`the command "${step.do}" is not implemented in this build`);
    spec.execute(this, step as never, i);
  }

  fail(step: number, path: string, expected: unknown, actual: unknown): void {
    this.failures.push({ step, path, expected, actual: actual === undefined ? null : actual });
    this.cluster.ctx.emit('ExpectFailed', { index: step, path });
  }

  runToEnd(): void {
    while (this.next < this.scenario.steps.length) this.runStep();
  }

  /** Runs until the trace holds event `seq` (it may stop mid-step; this run then ends). */
  runUntilEvent(seq: number): void {
    this.haltAt = seq;
    try {
      if (this.eventCount > seq) return;
      while (this.next < this.scenario.steps.length) this.runStep();
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
      this.halted = true;
    } finally {
      this.haltAt = Infinity;
    }
  }

  /** The state dump; `listMax`: fewer entries in its acked, failed and consumed lists (the counts stay whole). */
  dump(listMax?: number): StateDump {
    return dumpState(this.cluster, { errors: this.errors, lookups: this.lookups, ...(listMax !== undefined ? { listMax } : {}) });
  }

  /** (project) The metrics the dump would hold now, without the rest of the dump. */
  metrics(): MetricsNow {
    return metricsNow(this.cluster);
  }

  /** A checkpoint of this run between steps (a run halted mid-step cannot be copied: its step's stack is gone). */
  checkpoint(): RunCheckpoint {
    if (this.halted) throw new Error('a run halted mid-step cannot be checkpointed');
    const keep = new Map<object, unknown>([
      [this.scenario, new Slot(0)],
      [this.events, new Slot(1)],
    ]);
    if (this.onBoundary) keep.set(this.onBoundary, null); // an observer of this run (the worker's), not its state
    const run = Frozen.of<ScenarioRun>(this, keep);
    return { nextStep: this.next, events: this.eventCount, time: this.now, scenario: this.scenario, run, objects: run.objects };
  }

  /**
   * A live run from a checkpoint; `trace` is the trace the checkpoint was taken in (its first events are the run's).
   * `scenario`: the steps it runs from there on, when they are not the checkpointed run's (a command in the past);
   * its seed, cluster and steps before the checkpoint must be the same. `tail`: the run's `events` leave out the
   * trace's first `cp.events` (`firstSeq` then counts them): a run that only shows states (a seek) need not copy a
   * prefix that grows with the history (4 ms for 100k events, and more memory for the collector).
   */
  static restore(cp: RunCheckpoint, trace: readonly SimEvent[], scenario: Scenario = cp.scenario, tail = false): ScenarioRun {
    if (trace.length < cp.events) throw new Error(`the trace has ${trace.length} events, the checkpoint needs ${cp.events}`);
    if (scenario !== cp.scenario && !sameStart(scenario, cp.scenario, cp.nextStep))
      throw new Error(`the scenario does not start as the checkpointed run's (its first ${cp.nextStep} steps)`);
    const run = cp.run.thaw([scenario, tail ? [] : trace.slice(0, cp.events)]);
    run.cluster.firstSeq = tail ? cp.events : 0;
    return run;
  }
}

/** The same cluster and the same first `steps` steps. */
function sameStart(a: Scenario, b: Scenario, steps: number): boolean {
  const start = (s: Scenario) => JSON.stringify([s.seed, s.mode, s.brokers, s.config, s.steps.slice(0, steps)]);
  return a.steps.length >= steps && start(a) === start(b);
}

export function runScenario(scenario: Scenario): RunResult & { events: SimEvent[] } {
  const run = new ScenarioRun(scenario);
  run.runToEnd();
  return { id: scenario.id, ok: run.failures.length === 0, steps: scenario.steps.length, failures: run.failures, final: run.dump(), events: run.events };
}
