// The engine host: the worker protocol's requests dispatched to the timeline (the scenario, its trace, the
// cursor, dumps), the saved clusters, and the log persistence. Pure logic, no postMessage, so it is testable
// in Node; engine.worker.ts wires it to the worker's messages.
import { emptyCluster, scenarioJson } from '../scenario/json';
import type { LogStores } from './logs';
import { LogPersistence } from './logs';
import type { AsideReason, Notice, WorkerRequest, WorkerResponse, WorkerState } from './protocol';
import type { ScenarioProblem } from '../scenario/types';
import { errorCode, SavedSessions, newSessionId, sourceOf, type Locks, type SavedSession, type SessionStore } from './savedSessions';
import { noScenario, Timeline, type EngineApi, type TimelineView } from './timeline';
import { runVariant } from './variant';
import { FAILOVER_PARTITIONS, measureControllerFailover, type FailoverFigure } from '../scenario/failoverCost';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A stored name, or `or` when it is not a usable one. */
const nameOf = (v: unknown, or: string) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 80) : or);

/** Default name of a kept future (the UI shows it translated while it is not renamed). */
export const branchName = (of: string) => `${of} · other future`;

export interface HostOptions {
  /** called with replies the worker sends on its own: a failed background save, a long request's progress */
  notify?: (res: WorkerResponse) => void;
  locks?: Locks;
  /** milliseconds, for progress reports (performance.now) */
  clock?: () => number;
  /** how long a load waits after its preview for the page to have drawn it (previewDrawn); 0: it does not wait */
  previewWaitMs?: number;
}

export class EngineHost {
  readonly timeline: Timeline;
  private sessions: SavedSessions;
  private logs: LogPersistence | null;
  private notify?: (res: WorkerResponse) => void;
  private notices: Notice[] = [];
  /** futures kept without a session store, by id */
  private memory = new Map<string, SavedSession>();
  /** measured controller failovers (the lesson "Why KRaft"), by mode and partitions: each is run once */
  private failovers = new Map<string, FailoverFigure>();
  /** the request at work, for progress reports */
  private busy: { id: number; t0: number; last: number; n: number } | null = null;
  private clock: () => number;
  /** the last save of the open cluster: the next request waits for it (a long one may end the worker) */
  private saving: Promise<void> = Promise.resolve();
  /** a move (seek, seekStep) left the saved position behind: saved once the worker idles (saveCursor), or before the
   *  next request that is not a move. Saving the whole cluster at every move (its scenario structured-cloned into
   *  IndexedDB, the next request waiting for the commit) cost a scrub's seeks 3-5 ms each, more under load. */
  private cursorUnsaved = false;
  /** the last save of a position alone: a move does not wait for it (what it saves, a move cannot lose) */
  private savingCursor: Promise<void> = Promise.resolve();

  constructor(
    private engine: EngineApi,
    store?: SessionStore,
    logs?: LogStores,
    opts: HostOptions | ((res: WorkerResponse) => void) = {},
  ) {
    const o = typeof opts === 'function' ? { notify: opts } : opts;
    this.notify = o.notify;
    this.clock = o.clock ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
    this.previewWaitMs = o.previewWaitMs ?? 0;
    const report = (e: unknown, what: string) => this.report(e, what);
    this.timeline = new Timeline(engine);
    this.timeline.onBoundary = (events, simMs) => this.progress(events, simMs);
    this.sessions = new SavedSessions(store, report, o.locks);
    this.logs = logs ? new LogPersistence(logs, report) : null;
  }

  /** Resolves when the log saves queued so far are done (tests). */
  logsSettled(): Promise<void> {
    return this.logs?.settled() ?? Promise.resolve();
  }

  private report(e: unknown, what: string): void {
    const code = errorCode(e);
    this.notify?.({ type: 'error', id: 0, message: e instanceof Error ? e.message : `${what} failed: ${String(e)}`, ...(code ? { code } : {}) });
  }

  /** Every few thousand scheduler boundaries: a progress report when a quarter second has passed. */
  private progress(events: number, simMs: number): void {
    const b = this.busy;
    if (!b || (++b.n & 2047) !== 0) return;
    const now = this.clock();
    if (now - b.last < 250) return;
    b.last = now;
    this.notify?.({ type: 'progress', id: b.id, events, simMs, ms: Math.round(now - b.t0) });
  }

  /**
   * Opens a saved record: its scenario replayed, its position; false (and the record kept aside, with a notice)
   * when it cannot be opened. The timeline is unchanged then.
   */
  private async openRecord(saved: SavedSession, id: string): Promise<boolean> {
    const name = nameOf(saved.name, id);
    let reason: AsideReason | null = null;
    try {
      // a preview of the start when that is where the record was left
      const atStart = (v: TimelineView) => {
        if (typeof saved.cursor === 'number' && saved.cursor <= v.cursor) this.preview(v);
      };
      const problem = this.timeline.load(saved.scenario, 0, atStart);
      if (problem) reason = { problem };
      else this.timeline.seek(saved.cursor);
    } catch (e) {
      reason = { message: message(e) };
    }
    if (reason) {
      await this.sessions.putAside(id, reason).catch(() => undefined);
      this.memory.delete(id);
      this.notices.push({ kind: 'aside', record: { id, name, reason, at: Date.now() } });
      return false;
    }
    await this.sessions.open(
      id,
      name,
      typeof saved.space === 'string' ? saved.space : this.sessions.space,
      typeof saved.source === 'string' ? saved.source : undefined,
      saved.branchOf,
    );
    if (!this.sessions.owned) this.notices.push({ kind: 'otherTab', name });
    return true;
  }

  private async restore(req: Extract<WorkerRequest, { type: 'restore' }>, id: number): Promise<WorkerResponse | null> {
    const tl = this.timeline,
      ss = this.sessions;
    const space = typeof req.space === 'string' ? req.space : '';
    let source: string | undefined;
    if (req.scenario !== undefined) {
      const v = this.engine.validateScenario(req.scenario);
      if (!v.ok) return { type: 'error', id, problem: v.problem };
      source = sourceOf(req.scenario);
    }
    ss.space = space;
    ss.lockWaitMs = typeof req.lockWaitMs === 'number' ? Math.min(10_000, Math.max(0, req.lockWaitMs)) : 0;
    const saved = await ss.current(space);
    const sid = typeof saved?.id === 'string' ? saved.id : 'c1';
    if (saved && req.skipCurrent) {
      const reason = { cancelled: true };
      await ss.putAside(sid, reason).catch(() => undefined);
      this.notices.push({ kind: 'aside', record: { id: sid, name: nameOf(saved.name, sid), reason, at: Date.now() } });
    } else if (saved && (source === undefined || saved.source === source) && (await this.openRecord(saved, sid))) {
      return null;
    }
    // the new cluster's name and whether the app's own space has clusters are read from IndexedDB while the
    // engine runs the scenario (neither read fails: each gives its default)
    const naming = req.name !== undefined ? Promise.resolve(req.name) : ss.nextName(space);
    const ownSaved = space !== '' ? ss.hasSaved('') : Promise.resolve(false);
    const atStart = req.scenario !== undefined && req.cursor === undefined && !req.step;
    const problem = atStart ? await this.loadPreviewed(req.scenario) : tl.load(req.scenario ?? req.fallback);
    if (problem) return { type: 'error', id, problem };
    if (typeof req.cursor === 'number') tl.seek(req.cursor);
    else if (req.scenario !== undefined) tl.seekStep(req.step ?? 0);
    else tl.seek(tl.lastSeq());
    await ss.openNew(space, await naming, source);
    if (await ownSaved) this.notices.push({ kind: 'ownSpace' });
    return null;
  }

  /** A command in the past: the future it replaces is saved as a cluster of its own before it goes. */
  private async keepFuture(): Promise<void> {
    const tl = this.timeline,
      ss = this.sessions;
    if (!tl.scenario || tl.keptSteps() >= tl.scenario.steps.length) return;
    const keep = tl.keptSteps();
    const dropped = tl.scenario.steps.length - keep;
    const of = ss.id ? ss.name : 'Cluster';
    const branch: SavedSession = {
      id: newSessionId(),
      name: branchName(of),
      scenario: scenarioJson(tl.scenario),
      cursor: tl.cursor,
      savedAt: Date.now(),
      space: ss.space,
      branchOf: { id: ss.id ?? '', name: of, step: keep },
      ...(ss.source ? { source: ss.source } : {}),
    };
    if (ss.id && ss.named) {
      await ss.saveOther(branch);
      this.logs?.queueSave(tl.run, branch.id!);
    } else {
      this.memory.set(branch.id!, branch);
    }
    this.notices.push({ kind: 'branch', branch: { id: branch.id!, name: branch.name! }, dropped, of, step: keep });
  }

  /**
   * Sends the start of a heavy scenario while its steps run (Timeline.load's preview): the learner reads the first
   * step meanwhile. Unsolicited (id 0); the request's own answer follows with the whole trace.
   */
  private preview = (view: TimelineView): void => {
    this.previewed = true;
    this.notify?.({ type: 'state', id: 0, ...view, preview: true });
  };
  private previewed = false;
  private previewWaitMs: number;
  /** ends the wait of the load whose preview the page has drawn */
  private onDrawn: (() => void) | null = null;

  /** Until the page has drawn the preview (previewDrawn), at most previewWaitMs. */
  private drawn = (): Promise<void> =>
    new Promise((resolve) => {
      if (this.previewWaitMs <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.onDrawn = null;
        resolve();
      };
      const timer = setTimeout(done, this.previewWaitMs);
      this.onDrawn = done;
    });

  /** The page has drawn the preview: the load goes on (the worker calls it as the message arrives, unqueued). */
  previewDrawn(): void {
    this.onDrawn?.();
  }

  /** A load that sends a preview first (at the start of a heavy scenario), paced by the page's drawing of it. */
  private loadPreviewed(json: unknown): Promise<ScenarioProblem | null> {
    return this.timeline.loadPaced(json, 0, this.preview, this.drawn);
  }

  async handle(req: WorkerRequest, id: number): Promise<WorkerResponse> {
    if (!isMove(req)) {
      this.saveCursor();
      await this.savingCursor;
    }
    await this.saving;
    // a command changes the run's disks, which a log save reads in several tasks (seeks run other runs meanwhile)
    if (req.type === 'command') await this.logs?.settled();
    this.busy = { id, t0: this.clock(), last: this.clock(), n: 0 };
    this.previewed = false;
    try {
      const res = await this.dispatch(req, id);
      // a preview was sent but the load failed: the UI gets the timeline it had back, whole
      if (this.previewed && res.type !== 'state' && this.timeline.scenario) {
        this.timeline.resend();
        this.notify?.({ type: 'state', id: 0, ...this.timeline.view() });
      }
      return res;
    } finally {
      this.busy = null;
      this.previewed = false;
    }
  }

  private async dispatch(req: WorkerRequest, id: number): Promise<WorkerResponse> {
    const tl = this.timeline;
    const ss = this.sessions;
    let logs: WorkerState['logs'];
    try {
      switch (req.type) {
        case 'load': {
          const had = tl.scenario?.steps.length ?? 0;
          const res = req.step ? tl.load(req.scenario) : await this.loadPreviewed(req.scenario);
          if (res) return { type: 'error', id, problem: res };
          tl.seekStep(req.step ?? 0);
          if (req.persist === false) ss.detach();
          // the open cluster is replaced only when it has nothing in it; else the scenario is a new one
          else if (had > 0 || !ss.id) await ss.openNew(ss.space, req.name, sourceOf(req.scenario));
          else await ss.open(ss.id, req.name ?? ss.name, ss.space, sourceOf(req.scenario));
          break;
        }
        case 'restore': {
          const r = await this.restore(req, id);
          if (r) return r;
          logs = await this.logs?.verify(tl.run, ss.owned ? ss.id : null);
          break;
        }
        case 'switchSession':
        case 'reopenAside': {
          const saved = req.type === 'reopenAside' ? await ss.restoreAside(req.session) : (this.memory.get(req.session) ?? (await ss.get(req.session)));
          if (!saved) return { type: 'error', id, message: `no saved cluster "${req.session}"` };
          if (await this.openRecord(saved, req.session)) logs = await this.logs?.verify(tl.run, ss.owned ? ss.id : null);
          break;
        }
        case 'sessions':
          return { type: 'sessions', id, ...(await ss.list()) };
        case 'renameSession': {
          const name = req.name.trim().slice(0, 80);
          if (!name) return { type: 'error', id, message: 'a saved cluster needs a name' };
          await ss.rename(req.session, name);
          return { type: 'sessions', id, ...(await ss.list()) };
        }
        case 'deleteSession':
        case 'deleteAside': {
          if (req.session === ss.id) return { type: 'error', id, message: 'the open cluster cannot be deleted: switch to another first' };
          await ss.remove(req.session);
          this.memory.delete(req.session);
          await this.logs?.remove(req.session);
          return { type: 'sessions', id, ...(await ss.list()) };
        }
        case 'asideRecord':
          return { type: 'record', id, session: req.session, record: await ss.raw(req.session) };
        case 'command': {
          if (!tl.scenario) return { type: 'error', id, problem: noScenario };
          const before = { steps: tl.scenario.steps.length, kept: tl.keptSteps() };
          const v = this.engine.validateScenario({ ...scenarioJson(tl.scenario), steps: [...tl.scenario.steps.slice(0, before.kept), req.step] });
          if (!v.ok) return { type: 'error', id, problem: v.problem };
          if (before.kept < before.steps) await this.keepFuture();
          if (ss.id && !ss.owned) this.notices.push({ kind: 'copied', ...(await ss.fork()) });
          const res = tl.command(req.step);
          if (res) return { type: 'error', id, problem: res };
          break;
        }
        case 'seek':
          // the hint is only a head start: what is not a position is left out
          tl.seek(req.cursor, false, Array.isArray(req.ahead) ? req.ahead.filter(Number.isSafeInteger).slice(0, 16) : []);
          break;
        case 'seekStep':
          tl.seekStep(req.step);
          break;
        case 'previewDrawn': // the worker handles it as it arrives; queued, it has nothing left to let go on
          this.previewDrawn();
          break;
        case 'measureFailover': {
          if (!(FAILOVER_PARTITIONS as readonly number[]).includes(req.partitions) || (req.mode !== 'zookeeper' && req.mode !== 'kraft'))
            return { type: 'error', id, message: `no failover measurement for ${req.mode} at ${req.partitions} partitions` };
          const key = `${req.mode}:${req.partitions}`;
          let figure = this.failovers.get(key);
          if (!figure) this.failovers.set(key, (figure = measureControllerFailover(req.mode, req.partitions)));
          return { type: 'failover', id, figure };
        }
        case 'dump':
          if (!tl.scenario) return { type: 'error', id, problem: noScenario };
          return { type: 'dump', id, dump: tl.fullDump() };
        case 'variant': {
          if (!tl.scenario) return { type: 'error', id, problem: noScenario };
          const r = runVariant(this.engine, tl.scenario, req.patch, req.step);
          if ('problem' in r) return { type: 'error', id, problem: r.problem };
          return { type: 'variant', id, dump: r.dump, events: r.events };
        }
        case 'newCluster': {
          const res = tl.load(emptyCluster(req.brokers, req.mode));
          if (res) return { type: 'error', id, problem: res };
          tl.seek(tl.lastSeq());
          await ss.openNew(ss.space);
          break;
        }
      }
    } catch (e) {
      const code = errorCode(e);
      return { type: 'error', id, message: message(e), ...(code ? { code } : {}) };
    }
    if (!tl.scenario) return { type: 'error', id, message: 'no scenario loaded' };
    const state: WorkerState = { type: 'state', id, ...tl.view() };
    if (ss.id && ss.named) state.session = { id: ss.id, name: ss.name };
    if (ss.id && !ss.owned) state.readOnly = true;
    if (logs) state.logs = logs;
    if (this.notices.length) {
      state.notices = this.notices;
      this.notices = [];
    }
    if (ss.id && ss.owned && isMove(req)) this.cursorUnsaved = true;
    else if (ss.id && ss.owned) {
      // saved before the next request runs (a long one may be cancelled by ending the worker)
      this.cursorUnsaved = false;
      this.saving = ss.persist(scenarioJson(tl.scenario), tl.cursor);
      if (req.type === 'load' || req.type === 'command' || req.type === 'restore' || req.type === 'switchSession' || req.type === 'newCluster')
        this.logs?.queueSave(tl.run, ss.id);
    }
    return state;
  }

  /** Saves the position the moves since the last save left (the worker calls it when idle). */
  saveCursor(): void {
    if (!this.cursorUnsaved) return;
    this.cursorUnsaved = false;
    const ss = this.sessions,
      tl = this.timeline;
    if (ss.id && ss.owned && tl.scenario) this.savingCursor = ss.persist(scenarioJson(tl.scenario), tl.cursor);
  }

  /** Idle work (Timeline.prefetch: the positions the next moves land on); true when there may be more. */
  prefetch(long = false): boolean {
    return this.timeline.prefetch(long);
  }

  /** Idle work after that (Timeline.densify: more checkpoints where they are furthest apart); true when there is more. */
  densify(long = false): boolean {
    return this.timeline.densify(long);
  }

  /** Forces the next state to carry the whole trace (a new UI attached). */
  resend(): void {
    this.timeline.resend();
  }
}

/** A request that only moves the timeline: what it changes is the position, saved when the worker idles. */
function isMove(req: WorkerRequest): boolean {
  return req.type === 'seek' || req.type === 'seekStep';
}
