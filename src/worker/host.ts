// The engine host: keeps the scenario (the command log), the full event trace,
// and a run positioned at the timeline cursor. Pure logic, no postMessage, so it
// is testable in Node; engine.worker.ts wires it to the worker's messages.
import type { ExpectFailure, Scenario, ScenarioProblem, SimEvent, StateDump, Step } from '../scenario/types';
import { captureDumps } from './capture';
import { sourceOf } from './scope';
import type { LogsCheck, SessionInfo, VariantPatch, WorkerRequest, WorkerResponse, WorkerState } from './protocol';
import type { FileStore } from '../storage/backend/FileStore';
import type { SimDisk } from '../storage/disk/SimDisk';
import { loadDisks, saveDisks } from '../storage/persist';

export type { SessionInfo } from './protocol';

/** How many step ends before and after a missed position are captured with it (EngineHost.around). */
const STEPS_BEFORE = 3;
const STEPS_AFTER = 12;

export interface RunLike {
  readonly events: SimEvent[];
  readonly failures: ExpectFailure[];
  readonly nextStep: number;
  /** true when runUntilEvent stopped mid-step: such a run cannot go on */
  readonly halted?: boolean;
  /** the scenario the run reads its steps from */
  readonly scenario?: Scenario;
  runStep(): void;
  runToEnd(): void;
  runUntilEvent(seq: number): void;
  dump(): StateDump;
  /** the simulated cluster, whose brokers' disks hold the logs */
  readonly cluster?: { sortedBrokers(): { id: number; disk: SimDisk }[] };
}

export interface EngineApi {
  validateScenario(json: unknown): { ok: true; scenario: Scenario } | { ok: false; problem: ScenarioProblem };
  createRun(scenario: Scenario): RunLike;
}

export interface SavedSession { id?: string; name?: string; scenario: unknown; cursor: number; savedAt: number; /** a frame's: what it started from (scope.ts) */ source?: string }

export interface SessionStore {
  /** the current saved cluster */
  load(): Promise<SavedSession | undefined>;
  /** saves a cluster by its id and makes it current */
  /** saves (by id) and, unless `current` is false (a frame's), makes it the full app's current cluster */
  save(session: SavedSession, current?: boolean): Promise<void>;
  get?(id: string): Promise<SavedSession | undefined>;
  list?(): Promise<{ sessions: SessionInfo[]; current: string | null }>;
  rename?(id: string, name: string): Promise<boolean>;
  remove?(id: string): Promise<void>;
}

/** Where each saved cluster's logs (its brokers' disks) are stored. */
export interface LogStores {
  open(session: string): Promise<FileStore>;
  remove(session: string): Promise<void>;
}

/** A storage failure's code (StoreError.code), if any. */
function errorCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function newSessionId(): string {
  return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
}

function disksOf(run: RunLike): Map<number, SimDisk> {
  const m = new Map<number, SimDisk>();
  for (const b of run.cluster?.sortedBrokers() ?? []) m.set(b.id, b.disk);
  return m;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Compares the replayed disks with the loaded ones, file by file (page cache and durable bytes). */
export function compareDisks(run: Map<number, SimDisk>, saved: Map<number, SimDisk>): LogsCheck {
  let files = 0, bytes = 0, matched = true;
  for (const id of saved.keys()) if (!run.has(id) && saved.get(id)!.list('').length) matched = false;
  for (const [id, disk] of run) {
    const other = saved.get(id);
    const paths = disk.list('');
    if ((other?.list('').length ?? 0) !== paths.length) matched = false;
    for (const path of paths) {
      files++;
      const size = disk.size(path);
      bytes += size;
      if (!matched || !other || !other.exists(path)) { matched = false; continue; }
      if (!sameBytes(disk.read(path), other.read(path))) { matched = false; continue; }
      const d = disk.shape(path), o = other.shape(path);
      if (!d || !o || d.durableLen !== o.durableLen || !sameBytes(disk.copyOut(path, true, 0, d.durableLen), other.copyOut(path, true, 0, o.durableLen))) matched = false;
    }
  }
  return { files, bytes, matched };
}

export function emptyCluster(brokers = 3, mode: 'zookeeper' | 'kraft' = 'zookeeper'): unknown {
  return { version: 1, id: 'my-cluster', seed: 1, mode, brokers, config: {}, steps: [] };
}

/** For each step, the seq of the last event that happened up to the end of that step (-1 when none yet). */
export function computeStepEnds(events: SimEvent[], steps: number): number[] {
  const ends: number[] = [];
  let last = -1;
  let i = 0;
  for (let k = 0; k < steps; k++) {
    while (i < events.length && events[i].step <= k) { last = events[i].seq; i++; }
    ends.push(last);
  }
  return ends;
}

/** The JSON form of a scenario (what export writes and validateScenario reads back). */
export function scenarioJson(s: Scenario): Record<string, unknown> {
  const out: Record<string, unknown> = { version: 1, id: s.id };
  if (s.title !== undefined) out.title = s.title;
  if (s.description !== undefined) out.description = s.description;
  out.seed = s.seed;
  out.mode = s.mode;
  out.brokers = s.brokers;
  out.config = s.config;
  out.steps = s.steps;
  return out;
}

export class EngineHost {
  private scenario: Scenario | null = null;
  private full: RunLike | null = null;
  /** the dump at the cursor when it is not the end of the trace */
  private atCursor: StateDump | null = null;
  /** dumps by position, filled a window at a time */
  private cache = new Map<number, StateDump>();
  /** positions captured on each side of a missed position */
  window = 30;
  /** how many dumps the cache keeps (about 24 MB of dumps) */
  private maxCached = 600;
  private cursor = -1;
  /** events the cluster's start-up emits before step 0: the earliest position */
  private bootEnd = -1;
  private traceVersion = 0;
  private sentVersion = -1;
  private stepEnds: number[] = [];

  /** the saved session, read as soon as the worker starts (before the UI asks), used by the first restore */
  private early: Promise<SavedSession | undefined> | undefined;

  /** a frame's key (scope.ts) and what it started from: its saves stay its own */
  private scope: string | null = null;
  private source: string | undefined;
  /** the open saved cluster */
  private sessionId: string | null = null;
  private sessionName = '';
  /** the run whose disks the log store holds (journals drained since), and for which cluster */
  private savedRun: RunLike | null = null;
  private savedFor: string | null = null;
  /** log saves, one at a time, off the request path */
  private logChain: Promise<void> = Promise.resolve();
  private logStores = new Map<string, Promise<FileStore>>();

  constructor(private engine: EngineApi, private store?: SessionStore, private logs?: LogStores, private notify?: (res: WorkerResponse) => void) {
    this.early = store?.load().catch(() => undefined);
  }

  /** Resolves when the log saves queued so far are done (tests). */
  logsSettled(): Promise<void> { return this.logChain; }

  private openLogs(session: string): Promise<FileStore> {
    let p = this.logStores.get(session);
    if (!p) {
      p = this.logs!.open(session);
      this.logStores.set(session, p);
      p.catch(() => this.logStores.delete(session));
    }
    return p;
  }

  /** Queues a save of the run's disks into the open cluster's log store: incremental when it holds this run. */
  private queueLogSave(): void {
    const run = this.full, session = this.sessionId;
    if (!this.logs || !run || !session || !run.cluster) return;
    this.logChain = this.logChain.then(async () => {
      const full = this.savedRun !== run || this.savedFor !== session;
      try {
        await saveDisks(await this.openLogs(session), disksOf(run), { full });
        this.savedRun = run;
        this.savedFor = session;
      } catch (e) {
        if (full) { this.savedRun = null; this.savedFor = null; }
        this.report(e, 'saving the logs');
      }
    });
  }

  private report(e: unknown, what: string): void {
    const code = errorCode(e);
    const message = e instanceof Error ? e.message : `${what} failed: ${String(e)}`;
    this.notify?.({ type: 'error', id: 0, message, ...(code ? { code } : {}) });
  }

  /** After a replay: the saved logs compared with the run's disks; when they differ, a full re-save is queued. */
  private async verifyLogs(): Promise<WorkerState['logs']> {
    const run = this.full, session = this.sessionId;
    if (!this.logs || !run || !session || !run.cluster) return undefined;
    await this.logChain;
    const disks = disksOf(run);
    let check: NonNullable<WorkerState['logs']>;
    try {
      check = compareDisks(disks, await loadDisks(await this.openLogs(session)));
    } catch {
      check = { ...compareDisks(disks, new Map()), matched: false };
    }
    if (check.matched) {
      for (const d of disks.values()) d.drainJournal(); // the store holds these bytes: later saves are incremental
      this.savedRun = run;
      this.savedFor = session;
    } else {
      this.savedRun = null;
    }
    return check;
  }

  private async sessionList(id: number): Promise<WorkerResponse> {
    const l = (await this.store?.list?.()) ?? { sessions: [], current: null };
    return { type: 'sessions', id, sessions: l.sessions, current: this.sessionId ?? l.current };
  }

  private async nextName(): Promise<string> {
    const l = (await this.store?.list?.().catch(() => undefined)) ?? { sessions: [] };
    const used = new Set(l.sessions.map((s) => s.name));
    let n = l.sessions.length + 1;
    while (used.has(`Cluster ${n}`)) n++;
    return `Cluster ${n}`;
  }

  async handle(req: WorkerRequest, id: number): Promise<WorkerResponse> {
    let logs: WorkerState['logs'];
    try {
      switch (req.type) {
        case 'load': {
          const res = this.load(req.scenario);
          if (res) return { type: 'error', id, problem: res };
          this.seekStep(req.step ?? 0);
          break;
        }
        case 'restore': {
          if (req.scope) {
            const r = await this.restoreScoped(req.scope, req.fallback, req.step);
            if (r && 'problem' in r) return { type: 'error', id, problem: r.problem };
            logs = r?.logs;
            break;
          }
          const pending = this.early;
          this.early = undefined;
          const saved = pending ? await pending : this.store ? await this.store.load().catch(() => undefined) : undefined;
          if (saved && !this.load(saved.scenario)) {
            this.seek(saved.cursor);
            this.sessionId = saved.id ?? 'c1';
            this.sessionName = saved.name ?? 'Cluster 1';
            logs = await this.verifyLogs();
          } else {
            const res = this.load(req.fallback);
            if (res) return { type: 'error', id, problem: res };
            this.seek(this.lastSeq());
            if (!this.sessionId) { this.sessionId = saved?.id ?? newSessionId(); this.sessionName = saved?.name ?? await this.nextName(); }
          }
          break;
        }
        case 'switchSession': {
          const saved = await this.store?.get?.(req.session);
          if (!saved) return { type: 'error', id, message: `no saved cluster "${req.session}"` };
          const res = this.load(saved.scenario);
          if (res) return { type: 'error', id, problem: res };
          this.seek(saved.cursor);
          this.sessionId = req.session;
          this.sessionName = saved.name ?? req.session;
          logs = await this.verifyLogs();
          break;
        }
        case 'sessions': return await this.sessionList(id);
        case 'renameSession': {
          const name = req.name.trim().slice(0, 80);
          if (!name) return { type: 'error', id, message: 'a saved cluster needs a name' };
          await this.store?.rename?.(req.session, name);
          if (req.session === this.sessionId) this.sessionName = name;
          return await this.sessionList(id);
        }
        case 'deleteSession': {
          if (req.session === this.sessionId) return { type: 'error', id, message: 'the open cluster cannot be deleted: switch to another first' };
          await this.store?.remove?.(req.session);
          if (this.logs) {
            await this.logChain;
            this.logStores.delete(req.session);
            await this.logs.remove(req.session);
          }
          return await this.sessionList(id);
        }
        case 'command': {
          const res = this.command(req.step);
          if (res) return { type: 'error', id, problem: res };
          break;
        }
        case 'seek': this.seek(req.cursor); break;
        case 'seekStep': this.seekStep(req.step); break;
        case 'variant': {
          const r = this.variant(req.patch, req.step);
          if ('problem' in r) return { type: 'error', id, problem: r.problem };
          return { type: 'variant', id, dump: r.dump, events: r.events };
        }
        case 'newCluster': {
          const res = this.load(emptyCluster(req.brokers, req.mode));
          if (res) return { type: 'error', id, problem: res };
          this.seek(this.lastSeq());
          if (this.store?.list && !this.scope) { this.sessionId = newSessionId(); this.sessionName = await this.nextName(); }
          break;
        }
      }
    } catch (e) {
      const code = errorCode(e);
      return { type: 'error', id, message: e instanceof Error ? e.message : String(e), ...(code ? { code } : {}) };
    }
    if (!this.scenario) return { type: 'error', id, message: 'no scenario loaded' };
    const state = this.state(id);
    if (this.sessionId && this.store?.list && !this.scope) state.session = { id: this.sessionId, name: this.sessionName };
    if (logs) state.logs = logs;
    if (!(req.type === 'load' && req.persist === false)) {
      void this.persist();
      if (req.type === 'load' || req.type === 'command' || req.type === 'restore' || req.type === 'switchSession' || req.type === 'newCluster') this.queueLogSave();
    }
    return state;
  }

  /** A frame's restore: its own saved session when it started from `fallback`, else `fallback` afresh. */
  private async restoreScoped(scope: string, fallback: unknown, step?: number): Promise<{ problem: ScenarioProblem } | { logs: WorkerState['logs'] } | undefined> {
    this.early = undefined; // the full app's current session is not this frame's
    this.scope = scope;
    this.source = sourceOf(fallback);
    this.sessionId = scope;
    this.sessionName = scope;
    const saved = await this.store?.get?.(scope).catch(() => undefined);
    if (saved && saved.source === this.source && !this.load(saved.scenario)) {
      this.seek(saved.cursor);
      return { logs: await this.verifyLogs() };
    }
    const res = this.load(fallback);
    if (res) return { problem: res };
    if (step === undefined) this.seek(this.lastSeq()); else this.seekStep(step);
    return undefined;
  }

  /** Validates and runs a scenario to its end; returns the problem when invalid (nothing changes then). */
  load(json: unknown): ScenarioProblem | null {
    const v = this.engine.validateScenario(json);
    if (!v.ok) return v.problem;
    const full = this.engine.createRun(v.scenario);
    const bootEnd = full.events.length - 1;
    full.runToEnd();
    this.bootEnd = bootEnd;
    this.scenario = v.scenario;
    this.full = full;
    this.atCursor = null;
    this.cache.clear();
    this.traceVersion++;
    this.stepEnds = computeStepEnds(full.events, v.scenario.steps.length);
    const size = JSON.stringify(full.dump()).length;
    this.maxCached = Math.max(100, Math.min(600, Math.floor(24e6 / Math.max(1, size))));
    this.cursor = this.lastSeq();
    return null;
  }

  /** The session with one change, run to the end of `step` (or as far as it has steps). */
  variant(patch: VariantPatch, step: number): { dump: StateDump; events: SimEvent[] } | { problem: ScenarioProblem } {
    if (!this.scenario) return { problem: { step: null, field: '', code: 'noScenario', params: {}, message: 'no scenario loaded' } };
    const json = scenarioJson(this.scenario);
    const steps = this.scenario.steps.map((st) => ({ ...st }));
    if (patch.kind === 'config') json.config = { ...this.scenario.config, [patch.key]: patch.value };
    else if (patch.kind === 'acks') for (const st of steps) { if (st.do === 'produce') st.acks = patch.value; }
    else if (patch.kind === 'assignor') for (const st of steps) { if (st.do === 'joinGroup') st.assignor = patch.value as typeof st.assignor; }
    else for (const st of steps) { if (st.do === 'createTopic') { st.replicationFactor = patch.value; delete st.assignment; } }
    json.steps = steps;
    const v = this.engine.validateScenario(json);
    if (!v.ok) return { problem: v.problem };
    const run = this.engine.createRun(v.scenario);
    while (run.nextStep <= Math.min(step, v.scenario.steps.length - 1)) run.runStep();
    return { dump: run.dump(), events: run.events.filter((e) => e.type !== 'MessageSent') };
  }

  lastSeq(): number { return this.full ? this.full.events.length - 1 : -1; }

  seek(cursor: number): void {
    if (!this.scenario || !this.full) return;
    const c = Math.max(this.bootEnd, Math.min(this.lastSeq(), Math.floor(cursor)));
    this.cursor = c;
    this.atCursor = c === this.lastSeq() ? null : this.dumpAt(c);
  }

  /** The dump at position c (not the end): from the cache, else the positions around it captured in one run. */
  dumpAt(c: number): StateDump {
    const hit = this.cache.get(c);
    if (hit) return hit;
    this.fillList(this.around(c), c);
    return this.cache.get(c) ?? this.runTo(c).dump();
  }

  /**
   * Positions worth capturing with c: its raw neighbours, and the nearest events on each side that are
   * not network requests (where stepping lands when those are skipped).
   */
  around(c: number): number[] {
    const ev = this.full!.events, n = this.window, out = new Set<number>([c]);
    for (let i = c - n; i <= c + n; i++) out.add(i);
    // the ends of the steps around c too: a learner steps through a lesson step by step (» and Play), and one
    // run captures them all instead of one replay per step
    const k = c > this.bootEnd ? ev[c].step : -1;
    for (let j = Math.max(0, k - STEPS_BEFORE); j <= k + STEPS_AFTER && j < this.stepEnds.length; j++) out.add(this.stepEnds[j]);
    for (let i = c - 1, k = 0; i > this.bootEnd && k < n; i--) if (ev[i].type !== 'MessageSent') { out.add(i); k++; }
    for (let i = c + 1, k = 0; i < ev.length - 1 && k < n; i++) if (ev[i].type !== 'MessageSent') { out.add(i); k++; }
    return [...out].sort((x, y) => x - y);
  }

  /** Captures the positions lo..hi (clamped to after start-up and before the end) in one run. */
  fill(lo: number, hi: number): void {
    const list: number[] = [];
    for (let c = lo; c <= hi; c++) list.push(c);
    this.fillList(list, hi);
  }

  /** Captures the given positions not cached yet, in one run; the cache keeps those nearest `focus`. */
  fillList(positions: number[], focus: number): void {
    if (!this.scenario || !this.full) return;
    const wanted = positions.filter((c) => c > this.bootEnd && c < this.lastSeq() && !this.cache.has(c));
    if (positions.some((c) => c <= this.bootEnd) && this.bootEnd >= 0 && !this.cache.has(this.bootEnd)) this.cache.set(this.bootEnd, this.engine.createRun(this.scenario).dump());
    if (!wanted.length) return;
    const got = captureDumps(this.engine.createRun(this.scenario), this.full.events, this.stepEnds, wanted);
    if (got) for (const [c, d] of got) this.cache.set(c, d);
    if (this.cache.size > this.maxCached) {
      // the farthest first; step ends last (stepping through a lesson comes back to them)
      const ends = new Set(this.stepEnds);
      const far = [...this.cache.keys()].sort((x, y) => Number(ends.has(x)) - Number(ends.has(y)) || Math.abs(y - focus) - Math.abs(x - focus));
      for (const k of far.slice(0, this.cache.size - this.maxCached)) this.cache.delete(k);
    }
  }

  /** Work to do while idle: the positions before the end, where stepping back starts. */
  prefetch(): void {
    const last = this.lastSeq();
    if (last - 1 > this.bootEnd && !this.cache.has(last - 1)) this.fillList(this.around(last - 1), last - 1);
  }

  /**
   * A fresh run positioned at event c. Whole steps run with runStep (exact); inside a step,
   * runUntilEvent stops at the first scheduler boundary after c. If that boundary lies in a later
   * step (a step that emits its events synchronously), the run shows the end of c's step instead.
   */
  runTo(c: number): RunLike {
    const scenario = this.scenario!;
    const run = this.engine.createRun(scenario);
    if (c <= this.bootEnd) return run;
    const k = this.full!.events[c].step;
    while (run.nextStep < k) run.runStep();
    if (c >= this.stepEnds[k]) { run.runStep(); return run; }
    const from = run.events.length;
    run.runUntilEvent(c);
    const ev = run.events;
    let over = false;
    for (let i = from; i < ev.length; i++) if (ev[i].step > k) { over = true; break; }
    if (!over) return run;
    const again = this.engine.createRun(scenario);
    while (again.nextStep <= k) again.runStep();
    return again;
  }

  seekStep(step: number): void {
    if (!this.scenario) return;
    const n = Math.max(0, Math.min(this.scenario.steps.length, Math.floor(step)));
    this.seek(n === 0 ? -1 : this.stepEnds[n - 1]);
  }

  /** Appends a command after the step the cursor is in; later steps are dropped (a new future). */
  command(step: Step): ScenarioProblem | null {
    if (!this.scenario || !this.full) return { step: null, field: '', code: 'noScenario', params: {}, message: 'no scenario loaded' };
    const events = this.full.events;
    let keep: number;
    if (this.cursor >= this.lastSeq()) keep = this.scenario.steps.length;
    else if (this.cursor < 0 || events[this.cursor].step < 0) keep = 0;
    else keep = events[this.cursor].step + 1;
    const json = scenarioJson(this.scenario);
    json.steps = [...this.scenario.steps.slice(0, keep), step];
    if (keep === this.scenario.steps.length) return this.extend(json);
    const problem = this.load(json);
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
    const full = this.full!, scenario = this.scenario!;
    if (full.scenario !== scenario || full.halted || full.nextStep !== scenario.steps.length) return this.load(json);
    const added = v.scenario.steps[v.scenario.steps.length - 1];
    scenario.steps.push(added);
    try {
      full.runStep();
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

  state(id: number): WorkerState {
    if (!this.scenario || !this.full) throw new Error('no scenario loaded');
    const s: WorkerState = {
      type: 'state', id, scenario: this.scenario, traceVersion: this.traceVersion,
      cursor: this.cursor, minCursor: this.bootEnd, dump: this.atCursor ?? this.full.dump(), failures: this.full.failures,
    };
    if (this.sentVersion !== this.traceVersion) {
      s.events = this.full.events.slice();
      s.stepEnds = this.stepEnds.slice();
      this.sentVersion = this.traceVersion;
    }
    return s;
  }

  /** Forces the next state to carry the whole trace (a new UI attached). */
  resend(): void { this.sentVersion = -1; }

  private async persist(): Promise<void> {
    if (!this.store || !this.scenario) return;
    try {
      const s: SavedSession = { scenario: scenarioJson(this.scenario), cursor: this.cursor, savedAt: Date.now() };
      if (this.sessionId) { s.id = this.sessionId; s.name = this.sessionName; }
      if (this.scope) s.source = this.source;
      await this.store.save(s, !this.scope);
    } catch (e) {
      // private mode: the session just does not survive a reload; a full quota is told to the UI
      if (errorCode(e) === 'QUOTA_EXCEEDED' || (e as { name?: string } | null)?.name === 'QuotaExceededError') this.report(Object.assign(new Error('browser storage quota exceeded while saving the session; nothing was written'), { code: 'QUOTA_EXCEEDED' }), 'saving the session');
    }
  }
}
