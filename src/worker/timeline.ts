// The timeline: the scenario (seed + steps = the command log), the run that made the whole trace, the cursor,
// and dumps of earlier positions (cached, captured a window at a time by replaying). Commands append at the
// cursor; one in the past replaces the future after the cursor's step (the host keeps that future as a branch).
import { CHECKPOINT_AFTER_MS, Checkpoints } from './checkpoints';
import type { ExpectFailure, Scenario, ScenarioProblem, SimEvent, StateDump, Step } from '../scenario/types';
import { scenarioJson } from '../scenario/json';
import { captureDumps } from './capture';
import type { StepMetrics } from './protocol';
import { metricsOf, stepStart } from './stepMetrics';
import type { MetricsNow } from '../engine/cluster/dump';
import type { SimDisk } from '../storage/disk/SimDisk';

export interface RunLike {
  /** the trace from where the run started: a run restored with `tail` leaves out the events before its checkpoint */
  readonly events: SimEvent[];
  readonly failures: ExpectFailure[];
  readonly nextStep: number;
  /** true when runUntilEvent stopped mid-step: such a run cannot go on */
  readonly halted?: boolean;
  /** the scenario the run reads its steps from */
  readonly scenario?: Scenario;
  /** called at each scheduler boundary, where a run may stop mid-step (ScenarioRun.onBoundary) */
  onBoundary?: ((events: number) => void) | null;
  /** simulated milliseconds */
  readonly now?: number;
  runStep(): void;
  runToEnd(): void;
  runUntilEvent(seq: number): void;
  /** lets simulated time pass inside the current step (live sessions) */
  runFor?(ms: number): void;
  /** the state dump; `listMax` bounds its acked, failed and consumed lists (ScenarioRun.dump) */
  dump(listMax?: number): StateDump;
  /** the simulated cluster, whose brokers' disks hold the logs */
  readonly cluster?: { sortedBrokers(): readonly { id: number; disk: SimDisk }[] };
  /** a copy of the run between two steps (ScenarioRun.checkpoint) */
  checkpoint?(): RunCheckpointLike;
  /** (project) the metrics a dump would hold now (ScenarioRun.metrics) */
  metrics?(): MetricsNow;
}

/** A run frozen between two steps: the next step it runs and the events of the trace it has. */
export interface RunCheckpointLike {
  readonly nextStep: number;
  readonly events: number;
  /** the objects it holds (Checkpoints keeps their sum under CHECKPOINT_OBJECTS) */
  readonly objects?: number;
}

export interface EngineApi {
  validateScenario(json: unknown): { ok: true; scenario: Scenario } | { ok: false; problem: ScenarioProblem };
  createRun(scenario: Scenario): RunLike;
  /**
   * A live run from a checkpoint taken in a run whose trace is `trace`, running the steps of `scenario` (the same
   * steps before the checkpoint's) from there on (ScenarioRun.restore). `tail`: its `events` leave out the trace's
   * first `cp.events` (a run that only shows states: runs read their events from where they started).
   */
  restoreRun?(cp: RunCheckpointLike, trace: readonly SimEvent[], scenario: Scenario, tail?: boolean): RunLike;
}

/**
 * What an idle capture (Timeline.prefetch, one piece of the worker's idle work) may spend: as many dumps as this costs
 * (a dump of the 737k-record lesson takes 0.4 s: none), and steps only while the capture has taken less in all. A
 * request that arrives meanwhile waits for the piece: short pieces, several in a row (15 ms against 40: random seeks in
 * a 108k-event history took a median 71-83 ms against 88-101, the worker's CPU per seek 0.7-0.8 of what it was).
 */
export const CAPTURE_MS = 15;
/**
 * What a seek may spend, the learner waiting, on positions besides the one asked for: dumps of the positions before it
 * that its replay passes (stepping back finds them). It stops at the end of the position's step: the positions after
 * it are the idle capture's, which goes on from where the seek's run stopped.
 */
export const SEEK_CAPTURE_MS = 10;
/**
 * An idle piece that must run a step which cost the full run more than CAPTURE_MS (the 737k-record lesson's produce:
 * 0.15 s in Node, 0.3 s in Chromium's worker) waits until the worker has been idle this long: a learner pressing on
 * would wait for it (the press after one » waited 160-300 ms), one reading the step is not in its way.
 */
export const LONG_PIECE_AFTER_MS = 1000;
/**
 * Idle work adds a checkpoint (Timeline.densify) where this much work of the full run lies on each side: what a
 * checkpoint costs to take is not weighed (nobody waits for it), only their count and memory (DENSE_COST_MS).
 * Seeks in the 108k-event history of ui.seekP95Ms, in Node: median 48 ms and P95 108 with the checkpoints the load
 * takes, 25 and 43 once 95 are there. 5 ms (it was 10): ~180 checkpoints instead of ~105 once idle (the worker's heap
 * 96 MB instead of 88: they share the disks' files), and in Chromium the worker's CPU per seek 8.3-11.3 ms instead of
 * 13.5-16.5, ui.seekP95Ms 30-48 instead of 44-61 (four runs alternated).
 */
export const DENSE_LEAST_MS = 5;
/**
 * A seek to the end of a step (», Play: the learner steps through steps, the next press comes soon) goes on past it
 * as a capture did before the idle work: while the whole capture took less than this, so the next step ends are
 * ready; a scrub (anywhere else, or to a step's end far from the cursor) stops at its own step's end.
 */
export const STEP_HEAD_START_MS = 100;
/**
 * The dumps the timeline keeps and sends list at most this many acked, failed and consumed records (the counts stay
 * whole): the views show counts, and the full lists (10,000 each: a 1.2 MB dump in ui.seekP95Ms's history) cost
 * every capture and every move its time on both threads. The full dump at the cursor: Timeline.fullDump.
 */
export const SENT_LIST_MAX = 100;
/** How many step ends before and after a missed position are captured with it (Timeline.around). */
const STEPS_BEFORE = 3;
const STEPS_AFTER = 12;

/** What the timeline shows: the parts of a WorkerState it owns. */
export interface TimelineView {
  /** only with a new trace (WorkerState.scenario) */
  scenario?: Scenario;
  traceVersion: number;
  events?: SimEvent[];
  /** `events` is the trace from this position on: the UI keeps the beginning it has (WorkerState.eventsFrom) */
  eventsFrom?: number;
  stepEnds?: number[];
  cursor: number;
  minCursor: number;
  dump: StateDump;
  failures: ExpectFailure[];
  /** (project) the metrics at the start of the cursor's step */
  stepStart?: StepMetrics;
}

/**
 * A scenario that writes at least this many records (the 737k-record lesson) shows its start while its steps run:
 * Timeline.load hands a preview of the start-up to its caller first. Counted, not timed, so a scenario either always
 * or never gets one (a timed threshold would depend on the machine).
 */
export const PREVIEW_RECORDS = 100_000;

/** Whether loading `s` sends a preview of its start first (PREVIEW_RECORDS). */
export function previewWorth(s: Scenario): boolean {
  let records = 0;
  for (const step of s.steps) if (step.do === 'produce') records += step.count ?? 1;
  return records >= PREVIEW_RECORDS;
}

export const noScenario: ScenarioProblem = { step: null, field: '', code: 'noScenario', params: {}, message: 'no scenario loaded' };

/** For each step, the seq of the last event that happened up to the end of that step (-1 when none yet). */
export function computeStepEnds(events: SimEvent[], steps: number): number[] {
  const ends: number[] = [];
  let last = -1;
  let i = 0;
  for (let k = 0; k < steps; k++) {
    while (i < events.length && events[i].step <= k) {
      last = events[i].seq;
      i++;
    }
    ends.push(last);
  }
  return ends;
}

export class Timeline {
  scenario: Scenario | null = null;
  protected full: RunLike | null = null;
  /** the dump at the cursor when it is not the end of the trace */
  protected atCursor: StateDump | null = null;
  /** dumps by position, filled a window at a time */
  private cache = new Map<number, StateDump>();
  /** (project) the metrics of the dumps sent, by position: a command at the end then compares with the end before it
   *  without replaying to it (cleared with the dumps) */
  private metricsSent = new Map<number, StepMetrics>();
  /** (project) the metrics when each step started (index k: after step k - 1; the last: the end), kept as the full
   *  run passes there, so the metrics view's "before" costs no replay */
  private startMetrics: (MetricsNow | undefined)[] = [];
  /** positions captured on each side of a missed position */
  window = 30;
  /** how many dumps the cache keeps (about 24 MB of dumps) */
  private maxCached = 600;
  cursor = -1;
  /** events the cluster's start-up emits before step 0: the earliest position */
  protected bootEnd = -1;
  protected traceVersion = 0;
  private sentVersion = -1;
  /** the trace the UI was last sent (null: send it whole next time) */
  private sentEvents: SimEvent[] | null = null;
  protected stepEnds: number[] = [];
  /** called at each boundary of every run the timeline makes, with its events and simulated time (progress) */
  onBoundary: ((events: number, simMs: number) => void) | null = null;
  /** the run the last capture stopped with, between two steps: the next capture after it goes on from there instead of
   *  restoring a checkpoint and replaying (a learner steps forward; a scrub drags forward); valid for one trace */
  private parked: { run: RunLike; version: number } | null = null;
  /** the run on its way to the next checkpoint densify() takes */
  private filler: { run: RunLike; version: number; at: number } | null = null;
  /** the trace version densify() gave up on */
  private denseDone = -1;
  /** checkpoints of the full run (see CHECKPOINT_AFTER_MS) */
  private cps: Checkpoints;
  /** the work between two checkpoints at first (tests set 0: a checkpoint after every step) */
  checkpointAfterMs = CHECKPOINT_AFTER_MS;
  /** what an idle capture may spend (CAPTURE_MS) */
  captureMs = CAPTURE_MS;
  /** what a seek may spend on positions besides the one asked for (SEEK_CAPTURE_MS) */
  seekCaptureMs = SEEK_CAPTURE_MS;
  /** how long a seek to a step's end goes on past it (STEP_HEAD_START_MS; tests set 0) */
  stepHeadStartMs = STEP_HEAD_START_MS;
  /** the seek being answered steps (», «, a step by its number): a step end it lands on gets a head start */
  private stepping = false;
  /** what a dump of the end of the trace cost (made and serialised), measured at load */
  private dumpMs = 0;
  /** false: no checkpoints, every run starts afresh (the bench's baseline) */
  checkpointing = true;

  constructor(
    protected engine: EngineApi,
    private clock: () => number = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  ) {
    this.cps = new Checkpoints(CHECKPOINT_AFTER_MS, clock);
  }

  /** Runs the full run's next step; a checkpoint follows when enough work was done since the last one. */
  private runStepTimed(full: RunLike): void {
    const t0 = this.clock();
    full.runStep();
    const t1 = this.clock();
    this.cps.afterStep(full, t1 - t0, t1, this.checkpointing && !!this.engine.restoreRun);
  }

  /** The latest checkpoint a run for step `k` can start from. */
  private checkpointFor(k: number): RunCheckpointLike | null {
    return this.engine.restoreRun ? this.cps.before(k) : null;
  }

  /**
   * The step a run must be able to start at to show position c: the end of step k is the state a checkpoint taken
   * after step k holds (next step k + 1), so no step needs to run for it; any other position of step k needs step k.
   */
  private startFor(c: number): number {
    const k = this.full!.events[c].step;
    return c === this.stepEnds[k] ? k + 1 : k;
  }

  /** The step runFrom(k) starts its run at: the parked run's when it is nearer, else the latest checkpoint's. */
  private replayStart(k: number): number {
    const p = this.parked;
    const cp = this.checkpointFor(k)?.nextStep ?? 0;
    return p && p.version === this.traceVersion && p.run.nextStep <= k ? Math.max(p.run.nextStep, cp) : cp;
  }

  /** What the full run spent on the steps a run must run to show position c, from where runFrom would start it. */
  private reachMs(c: number): number {
    const k = this.startFor(c);
    // the end of step k - 1 needs the steps before k; any other position needs step k as well
    return this.cps.workBetween(this.replayStart(k), k) + (c === this.stepEnds[k - 1] ? 0 : (this.cps.stepMs[k] ?? 0));
  }

  /** A fresh run for step `k` onwards: the parked run when it is nearer, else from the latest checkpoint before it,
   *  else from the start. */
  private runFrom(k: number): RunLike {
    const best = this.checkpointFor(k);
    const p = this.parked;
    if (p && p.version === this.traceVersion && p.run.nextStep <= k && p.run.nextStep >= (best?.nextStep ?? 0)) {
      this.parked = null; // the caller moves it on
      return p.run;
    }
    if (!best || !this.engine.restoreRun || !this.full) return this.createRun(this.scenario!);
    return this.observed(this.engine.restoreRun(best, this.full.events, this.scenario!, true));
  }

  /** How many checkpoints the timeline holds, and the steps they start from (tests, bench). */
  get checkpointSteps(): number[] {
    return this.cps.list.map((c) => c.nextStep);
  }

  /** The run that made the trace (its disks hold the logs). */
  get run(): RunLike | null {
    return this.full;
  }

  private createRun(s: Scenario): RunLike {
    return this.observed(this.engine.createRun(s));
  }

  private observed(run: RunLike): RunLike {
    if (this.onBoundary && 'onBoundary' in run) run.onBoundary = (n) => this.onBoundary?.(n, run.now ?? 0);
    return run;
  }

  /**
   * Validates and runs a scenario to its end; returns the problem when invalid (nothing changes then). `same`: the
   * number of first steps it shares with the loaded one (a command in the past): the run starts from the latest
   * checkpoint among them, and keeps those checkpoints. `preview`: called once the cluster is up, before the steps
   * run, with the view of that position (the whole trace's start), when the scenario is worth one (previewWorth).
   */
  load(json: unknown, same = 0, preview?: (view: TimelineView) => void): ScenarioProblem | null {
    const loading = this.loading(json, same, preview);
    let at = loading.next();
    while (!at.done) at = loading.next();
    return at.value;
  }

  /**
   * load, pausing after the preview until `drawn` resolves: the page draws it without the steps' run taking the
   * cores it needs (on two cores the preview's first frame took 100-330 ms with the run beside it, 30-100 without).
   */
  async loadPaced(json: unknown, same: number, preview: (view: TimelineView) => void, drawn: () => Promise<void>): Promise<ScenarioProblem | null> {
    const loading = this.loading(json, same, preview);
    let at = loading.next();
    while (!at.done) {
      await drawn();
      at = loading.next();
    }
    return at.value;
  }

  /** load's work; it yields once, after the preview (when one was sent). */
  private *loading(json: unknown, same: number, preview?: (view: TimelineView) => void): Generator<void, ScenarioProblem | null> {
    const v = this.engine.validateScenario(json);
    if (!v.ok) return v.problem;
    const old = this.cps;
    const from = same > 0 && this.full && this.engine.restoreRun ? this.checkpointFor(same) : null;
    this.cps = from ? Checkpoints.keptFrom(old, from.nextStep) : new Checkpoints(this.checkpointAfterMs, this.clock);
    let full: RunLike, bootEnd: number, starts: (MetricsNow | undefined)[];
    let previewed = false;
    try {
      if (from) {
        full = this.observed(this.engine.restoreRun!(from, this.full!.events, v.scenario));
        bootEnd = this.bootEnd;
      } else {
        full = this.createRun(v.scenario);
        bootEnd = full.events.length - 1;
        if (preview && previewWorth(v.scenario)) {
          previewed = true;
          this.sentEvents = null; // the page has the preview's trace (or, when it was not sent, the last one)
          // a version of its own: the whole trace that follows is another one (the UI keys what it derives by it);
          // no step ends yet (ends all at the start-up would have the lesson narrate every step at once)
          preview({
            scenario: v.scenario,
            traceVersion: ++this.traceVersion,
            events: full.events.slice(),
            stepEnds: [],
            cursor: bootEnd,
            minCursor: bootEnd,
            dump: full.dump(SENT_LIST_MAX),
            failures: full.failures.slice(),
          });
          yield;
        }
      }
      // the steps a restored run does not run again started as before
      starts = from ? this.startMetrics.slice(0, from.nextStep) : [];
      while (full.nextStep < v.scenario.steps.length) {
        starts[full.nextStep] = full.metrics?.();
        this.runStepTimed(full);
      }
      starts[full.nextStep] = full.metrics?.();
    } catch (e) {
      this.cps = old; // nothing changes
      // but the UI shows the preview: the trace it gets back is a version of its own
      if (previewed) this.traceVersion++;
      throw e;
    }
    this.startMetrics = starts;
    this.bootEnd = bootEnd;
    this.scenario = v.scenario;
    this.full = full;
    this.atCursor = null;
    this.cache.clear();
    this.metricsSent.clear();
    this.traceVersion++;
    this.stepEnds = computeStepEnds(full.events, v.scenario.steps.length);
    const t0 = this.clock();
    const size = JSON.stringify(full.dump(SENT_LIST_MAX)).length;
    this.dumpMs = this.clock() - t0;
    this.maxCached = Math.max(100, Math.min(600, Math.floor(24e6 / Math.max(1, size))));
    this.cursor = this.lastSeq();
    return null;
  }

  lastSeq(): number {
    return this.full ? this.full.events.length - 1 : -1;
  }

  /**
   * `toStep`: a step asked for by its number (a lesson's step, the embed's goToStep): its end gets a head start.
   * `ahead`: the positions the learner moves to next (Play's next moves), captured with this one when its step runs.
   */
  seek(cursor: number, toStep = false, ahead: readonly number[] = []): void {
    if (!this.scenario || !this.full) return;
    // a position read from storage may be anything: not a number is the end
    const want = typeof cursor === 'number' && !Number.isNaN(cursor) ? cursor : Infinity;
    const c = Math.max(this.bootEnd, Math.min(this.lastSeq(), Math.floor(want)));
    const from = this.cursor;
    this.cursor = c;
    // » and « land on the end of the step next to the one they left; a scrub that lands on a step's end far away
    // is not stepping (its head start cost a random seek up to STEP_HEAD_START_MS)
    this.stepping = toStep || Math.abs(this.stepOf(c) - this.stepOf(from)) <= 1;
    try {
      this.atCursor = c === this.lastSeq() ? null : this.dumpAt(c, ahead);
    } finally {
      this.stepping = false;
    }
  }

  seekStep(step: number): void {
    if (!this.scenario) return;
    const n = Math.max(0, Math.min(this.scenario.steps.length, Math.floor(step)));
    this.seek(n === 0 ? -1 : this.stepEnds[n - 1], true);
  }

  /** The step position c is in (-1: the start-up, before step 0). */
  private stepOf(c: number): number {
    return c > this.bootEnd && c < this.full!.events.length ? this.full!.events[c].step : -1;
  }

  /** The number of steps kept by a command at the cursor: the steps up to the one the cursor is in. */
  keptSteps(): number {
    if (!this.scenario || !this.full) return 0;
    const events = this.full.events;
    if (this.cursor >= this.lastSeq()) return this.scenario.steps.length;
    if (this.cursor < 0 || events[this.cursor].step < 0) return 0;
    return events[this.cursor].step + 1;
  }

  /** The dump at position c (not the end): from the cache, else the positions around it captured in one run. */
  dumpAt(c: number, ahead: readonly number[] = []): StateDump {
    const hit = this.cache.get(c);
    if (hit) return hit;
    this.fillList(this.around(c), c, false, true, ahead);
    return this.cache.get(c) ?? this.runTo(c).dump(SENT_LIST_MAX);
  }

  /**
   * Positions worth capturing with c: its raw neighbours, and the nearest events on each side that are
   * not network requests (where stepping lands when those are skipped).
   */
  around(c: number): number[] {
    const ev = this.full!.events,
      n = this.window,
      out = new Set<number>([c]);
    for (let i = c - n; i <= c + n; i++) out.add(i);
    // the ends of the steps around c too: a learner steps through a lesson step by step (» and Play), and one
    // run captures them all instead of one replay per step
    const k = c > this.bootEnd ? ev[c].step : -1;
    for (let j = Math.max(0, k - STEPS_BEFORE); j <= k + STEPS_AFTER && j < this.stepEnds.length; j++) out.add(this.stepEnds[j]);
    for (let i = c - 1, k = 0; i > this.bootEnd && k < n; i--)
      if (ev[i].type !== 'MessageSent') {
        out.add(i);
        k++;
      }
    for (let i = c + 1, k = 0; i < ev.length - 1 && k < n; i++)
      if (ev[i].type !== 'MessageSent') {
        out.add(i);
        k++;
      }
    return [...out].sort((x, y) => x - y);
  }

  /**
   * Captures the given positions not cached yet, in one run; the cache keeps those nearest `focus`. `idle`: nobody
   * waits (prefetch): it may spend captureMs and go on past `focus`; a seek spends seekCaptureMs and stops at the end
   * of `focus`'s step. `longSteps`: false when an idle capture must not start a step that cost more than captureMs.
   */
  fillList(positions: number[], focus: number, idle = false, longSteps = true, ahead: readonly number[] = []): void {
    if (!this.scenario || !this.full) return;
    // neighbours before the checkpoint that serves `focus` would need a replay from further back: left for later
    const ev = this.full.events;
    const from = focus > this.bootEnd && focus < this.lastSeq() ? (this.checkpointFor(this.startFor(focus))?.nextStep ?? 0) : 0;
    let wanted = positions.filter((c) => c > this.bootEnd && c < this.lastSeq() && !this.cache.has(c) && this.startFor(c) >= from);
    // an idle piece in a hurry starts nowhere that a long step stands before (the capture stops before later ones)
    if (idle && !longSteps) wanted = wanted.filter((c) => this.reachMs(c) <= this.captureMs);
    // while idle, dumps are cheap next to the replay that reaches them: up to half of it (what the full run's steps
    // from the checkpoint to `focus` cost), at least captureMs, so the next presses find their positions ready
    let replayMs = 0;
    if (idle && focus > this.bootEnd && focus < ev.length) replayMs = this.cps.workBetween(from, ev[focus].step + 1);
    const stepping = !idle && this.stepping && this.stepHeadStartMs > 0 && this.stepEnds.includes(focus);
    const spend = idle ? Math.max(this.captureMs, replayMs / 2) : stepping ? this.stepHeadStartMs : this.seekCaptureMs;
    // while idle, at least the position asked for and the three nearest the arrows land on (a 9-broker cluster's dump
    // costs 23 ms: 40 ms bought only the position before the end, a network request nobody lands on)
    const most = Math.max(idle ? 4 : 1, Math.floor(spend / Math.max(0.01, this.dumpMs)));
    if (wanted.length > most) {
      // where the learner lands first (the arrows skip network requests; » and « go to step ends), nearest first;
      // raw neighbours only after them: a few dumps spent on requests left the next arrow press a replay away
      const ends = new Set(this.stepEnds);
      const lands = (c: number) => c === focus || ends.has(c) || (ev[c].type !== 'MessageSent' && ev[c].type !== 'StepStarted');
      wanted = wanted
        .sort((x, y) => Number(lands(y)) - Number(lands(x)) || Math.abs(x - focus) - Math.abs(y - focus))
        .slice(0, most)
        .sort((x, y) => x - y);
    }
    // Play's next moves in focus's step: the replay runs that step whole anyway, so they cost only their dumps (each
    // move would otherwise restore a checkpoint and replay the step again: a step's 12 moves, 12 replays), as many
    // as a step's end gets for its head start (none where a dump is slow: the 737k-record lesson's takes 0.4 s)
    const k = focus > this.bootEnd && focus < ev.length ? ev[focus].step : -1;
    if (k >= 0 && !idle) {
      const sameStep = ahead.filter((c) => c > focus && c < this.lastSeq() && ev[c].step === k && !this.cache.has(c) && !wanted.includes(c));
      const room = Math.floor(this.stepHeadStartMs / Math.max(0.01, this.dumpMs));
      if (sameStep.length && room > 0) wanted = [...wanted, ...sameStep.slice(0, room)].sort((x, y) => x - y);
    }
    if (positions.some((c) => c <= this.bootEnd) && this.bootEnd >= 0 && !this.cache.has(this.bootEnd))
      this.cache.set(this.bootEnd, this.createRun(this.scenario).dump(SENT_LIST_MAX));
    if (!wanted.length) return;
    // the positions after `focus` are a head start: the capture goes on past `focus` only while it is quick, and
    // starts no step that cost the full run more than the time left (the 737k-record lesson's first produce is 0.4 s)
    const t0 = this.clock();
    const run = this.runFrom(this.startFor(wanted[0]));
    const more = (got: Map<number, StateDump>) => {
      // on until `focus` is captured (or, when it is not wanted, something is: a replay that captured nothing is lost)
      if (wanted.includes(focus) ? !got.has(focus) : got.size === 0) return true;
      if (!idle && !stepping) return false;
      const left = (idle ? this.captureMs : this.stepHeadStartMs) - (this.clock() - t0);
      return left > 0 && (this.cps.stepMs[run.nextStep] ?? 0) < left;
    };
    const got = captureDumps(run, ev, this.stepEnds, wanted, more, SENT_LIST_MAX);
    if (got) for (const [c, d] of got) this.cache.set(c, d);
    if (!run.halted) this.parked = { run, version: this.traceVersion };
    if (this.cache.size > this.maxCached) {
      // the farthest first; step ends last (stepping through a lesson comes back to them)
      const ends = new Set(this.stepEnds);
      const far = [...this.cache.keys()].sort((x, y) => Number(ends.has(x)) - Number(ends.has(y)) || Math.abs(y - focus) - Math.abs(x - focus));
      for (const k of far.slice(0, this.cache.size - this.maxCached)) this.cache.delete(k);
    }
  }

  /**
   * Idle work first: a checkpoint of the parked run where the checkpoints around it are far apart (at least twice what
   * a checkpoint costs to take on each side), so that the learner's next seeks near a place they went to replay less
   * (the checkpoints the full run took are spread over the whole history). True when one was taken.
   */
  private checkpointParked(): boolean {
    const p = this.parked;
    if (!p || p.version !== this.traceVersion || !this.checkpointing) return false;
    return this.cps.offer(p.run, this.scenario!.steps.length, this.checkpointAfterMs / 2);
  }

  /**
   * Idle work after the positions around the cursor: one more checkpoint where the history's are furthest apart
   * (Checkpoints.widestSplit), a run walking there a piece of at most captureMs at a time (a step that cost more only
   * when `long`), so that a seek anywhere replays less the longer the worker has been left idle. True when there may
   * be more.
   */
  densify(long = false): boolean {
    const scenario = this.scenario;
    if (!scenario || !this.full || !this.checkpointing || !this.engine.restoreRun || this.denseDone === this.traceVersion) return false;
    let f = this.filler;
    if (!f || f.version !== this.traceVersion) {
      const split = this.cps.widestSplit(scenario.steps.length, DENSE_LEAST_MS, long ? Infinity : this.captureMs);
      if (!split) return false;
      const cp = this.cps.before(split.from);
      // not observed: nobody waits for this run's progress
      const run = cp ? this.engine.restoreRun(cp, this.full.events, scenario, true) : this.engine.createRun(scenario);
      f = this.filler = { run, version: this.traceVersion, at: split.at };
    }
    const t0 = this.clock();
    for (let first = true; f.run.nextStep < f.at; first = false) {
      const ms = this.cps.stepMs[f.run.nextStep] ?? 0;
      if (ms > this.captureMs && !long) return false;
      if (!first && this.clock() - t0 + ms > this.captureMs) return true;
      f.run.runStep();
    }
    this.filler = null;
    // refused (a state the snapshot cannot copy): no more tries on this trace
    if (!this.cps.offer(f.run, scenario.steps.length, DENSE_LEAST_MS, DENSE_LEAST_MS)) this.denseDone = this.traceVersion;
    return this.denseDone !== this.traceVersion;
  }

  /**
   * Work to do while idle; true when it captured something (there may be more). At the end of the trace: the
   * positions before it, where stepping back starts. Elsewhere: the positions around the cursor a seek left, when the
   * run it parked (or a short replay) reaches them — never a long replay from a checkpoint that would hold up the
   * learner's next press (0.7 s on the 737k-record lesson). `long`: the worker has been idle LONG_PIECE_AFTER_MS, a
   * piece may run one step that cost more than captureMs.
   */
  prefetch(long = false): boolean {
    if (!this.scenario || !this.full) return false;
    if (this.checkpointParked()) return true;
    const last = this.lastSeq();
    const c = this.cursor >= last ? last - 1 : this.cursor;
    if (c <= this.bootEnd) return false;
    const want = this.around(c).filter((p) => p > this.bootEnd && p < last && !this.cache.has(p));
    if (!want.length) return false;
    // at the end: the positions before it, a piece at a time (stepping back starts there); elsewhere only ahead
    if (this.cursor < last) {
      // only ahead of the cursor, from the parked run or a cheap replay
      const ahead = want.filter((p) => p > c);
      if (!ahead.length) return false;
      const k = this.startFor(ahead[0]);
      if (this.cps.workBetween(this.replayStart(k), k) > this.captureMs) return false;
      const before = this.cache.size;
      this.fillList(ahead, c, true, long);
      return this.cache.size > before;
    }
    const before = this.cache.size;
    this.fillList(want, c, true, long);
    return this.cache.size > before;
  }

  /**
   * A fresh run positioned at event c. Whole steps run with runStep (exact); inside a step,
   * runUntilEvent stops at the first scheduler boundary after c. If that boundary lies in a later
   * step (a step that emits its events synchronously), the run shows the end of c's step instead.
   */
  runTo(c: number): RunLike {
    const scenario = this.scenario!;
    if (c <= this.bootEnd) return this.createRun(scenario);
    const k = this.full!.events[c].step;
    if (c >= this.stepEnds[k]) {
      // the end of step k: from a checkpoint taken after it when there is one (nothing to run then)
      const end = this.runFrom(k + 1);
      while (end.nextStep <= k) end.runStep();
      return end;
    }
    const run = this.runFrom(k);
    while (run.nextStep < k) run.runStep();
    const from = run.events.length;
    run.runUntilEvent(c);
    const ev = run.events;
    let over = false;
    for (let i = from; i < ev.length; i++)
      if (ev[i].step > k) {
        over = true;
        break;
      }
    if (!over) return run;
    const again = this.runFrom(k);
    while (again.nextStep <= k) again.runStep();
    return again;
  }

  /** Appends a command after the step the cursor is in; later steps are dropped (a new future). */
  command(step: Step): ScenarioProblem | null {
    if (!this.scenario || !this.full) return noScenario;
    const keep = this.keptSteps();
    const json = scenarioJson(this.scenario);
    json.steps = [...this.scenario.steps.slice(0, keep), step];
    if (keep === this.scenario.steps.length) return this.extend(json);
    const problem = this.load(json, keep);
    if (problem) return problem;
    this.seek(this.lastSeq());
    return null;
  }

  /**
   * A command at the end of the timeline: the run that made the trace runs just the new step (the same
   * events a fresh run would give: steps run in order on the same simulation), so the cost does not grow
   * with the history, and the dumps cached for earlier positions stay valid.
   */
  private extend(json: Record<string, unknown>): ScenarioProblem | null {
    const v = this.engine.validateScenario(json);
    if (!v.ok) return v.problem;
    const full = this.full!,
      scenario = this.scenario!;
    if (full.scenario !== scenario || full.halted || full.nextStep !== scenario.steps.length) return this.load(json);
    const added = v.scenario.steps[v.scenario.steps.length - 1];
    scenario.steps.push(added);
    try {
      this.startMetrics[full.nextStep] ??= full.metrics?.();
      this.runStepTimed(full);
      this.startMetrics[full.nextStep] = full.metrics?.();
    } catch (e) {
      scenario.steps.pop();
      this.load(scenarioJson(scenario)); // the run is spoilt: rebuild the session as it was
      throw e;
    }
    this.traceVersion++;
    this.stepEnds = computeStepEnds(full.events, scenario.steps.length);
    this.atCursor = null;
    this.cursor = this.lastSeq();
    return null;
  }

  /** What the UI is sent; the whole trace only when it changed since the last time. */
  view(): TimelineView {
    if (!this.scenario || !this.full) throw new Error('no scenario loaded');
    const s: TimelineView = {
      traceVersion: this.traceVersion,
      cursor: this.cursor,
      minCursor: this.bootEnd,
      dump: this.atCursor ?? this.full.dump(SENT_LIST_MAX),
      failures: this.full.failures,
    };
    const start = stepStart(this.full.events, this.stepEnds, this.bootEnd, this.cursor);
    if (start !== null) {
      const known = this.startMetrics[start.step] ?? this.metricsSent.get(start.pos);
      s.stepStart = known ? { ...known, step: start.step } : metricsOf(start.pos === this.cursor ? s.dump : this.dumpAt(start.pos), start.step);
    }
    if (this.metricsSent.size > 64) this.metricsSent.clear();
    this.metricsSent.set(this.cursor, metricsOf(s.dump, -1));
    if (this.sentVersion !== this.traceVersion) {
      s.scenario = this.scenario;
      Object.assign(s, this.traceToSend());
      s.stepEnds = this.stepEnds.slice();
      this.sentVersion = this.traceVersion;
    }
    return s;
  }

  /**
   * The trace from where it stops being the one last sent: a command at the end keeps the run's event objects, a
   * command after a step back restores a checkpoint holding those before it. The beginning the UI has is not sent
   * again (at the end of 108k events, a command's answer was the whole trace: cloned here, then on the page's main
   * thread), and the page's caches of the trace go on from it.
   */
  private traceToSend(): { events: SimEvent[]; eventsFrom?: number } {
    const events = this.full!.events,
      sent = this.sentEvents;
    let from = 0;
    if (sent) while (from < sent.length && from < events.length && sent[from] === events[from]) from++;
    this.sentEvents = events.slice();
    return from > 0 ? { events: events.slice(from), eventsFrom: from } : { events: events.slice() };
  }

  /** The whole state dump at the cursor (its lists up to DUMP_LIST_MAX): what the embed API's get-state returns. */
  fullDump(): StateDump {
    if (!this.scenario || !this.full) throw new Error('no scenario loaded');
    return this.cursor >= this.lastSeq() ? this.full.dump() : this.runTo(this.cursor).dump();
  }

  /** Forces the next view to carry the whole trace (a new UI attached). */
  resend(): void {
    this.sentVersion = -1;
    this.sentEvents = null;
  }
}
