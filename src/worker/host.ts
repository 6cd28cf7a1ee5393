// The engine host: the worker protocol's requests dispatched to the timeline (the scenario, its trace, the
// cursor, dumps), the saved clusters, and the log persistence. Pure logic, no postMessage, so it is testable
// in Node; engine.worker.ts wires it to the worker's messages.
import { emptyCluster, scenarioJson } from '../scenario/json';
import type { LogStores } from './logs';
import { LogPersistence } from './logs';
import type { WorkerRequest, WorkerResponse, WorkerState } from './protocol';
import { errorCode, SavedSessions, newSessionId, type SessionStore } from './savedSessions';
import { noScenario, Timeline, type EngineApi } from './timeline';
import { runVariant } from './variant';

export class EngineHost {
  readonly timeline: Timeline;
  private sessions: SavedSessions;
  private logs: LogPersistence | null;

  constructor(private engine: EngineApi, store?: SessionStore, logs?: LogStores, private notify?: (res: WorkerResponse) => void) {
    const report = (e: unknown, what: string) => this.report(e, what);
    this.timeline = new Timeline(engine);
    this.sessions = new SavedSessions(store, report);
    this.logs = logs ? new LogPersistence(logs, report) : null;
  }

  /** Resolves when the log saves queued so far are done (tests). */
  logsSettled(): Promise<void> { return this.logs?.settled() ?? Promise.resolve(); }

  private report(e: unknown, what: string): void {
    const code = errorCode(e);
    const message = e instanceof Error ? e.message : `${what} failed: ${String(e)}`;
    this.notify?.({ type: 'error', id: 0, message, ...(code ? { code } : {}) });
  }

  async handle(req: WorkerRequest, id: number): Promise<WorkerResponse> {
    const tl = this.timeline;
    const ss = this.sessions;
    let logs: WorkerState['logs'];
    try {
      switch (req.type) {
        case 'load': {
          const res = tl.load(req.scenario);
          if (res) return { type: 'error', id, problem: res };
          tl.seekStep(req.step ?? 0);
          break;
        }
        case 'restore': {
          const saved = await ss.current();
          if (saved && !tl.load(saved.scenario)) {
            tl.seek(saved.cursor);
            ss.open(saved.id ?? 'c1', saved.name ?? 'Cluster 1');
            logs = await this.logs?.verify(tl.run, ss.id);
          } else {
            const res = tl.load(req.fallback);
            if (res) return { type: 'error', id, problem: res };
            tl.seek(tl.lastSeq());
            if (!ss.id) ss.open(saved?.id ?? newSessionId(), saved?.name ?? await ss.nextName());
          }
          break;
        }
        case 'switchSession': {
          const saved = await ss.get(req.session);
          if (!saved) return { type: 'error', id, message: `no saved cluster "${req.session}"` };
          const res = tl.load(saved.scenario);
          if (res) return { type: 'error', id, problem: res };
          tl.seek(saved.cursor);
          ss.open(req.session, saved.name ?? req.session);
          logs = await this.logs?.verify(tl.run, ss.id);
          break;
        }
        case 'sessions': return { type: 'sessions', id, ...(await ss.list()) };
        case 'renameSession': {
          const name = req.name.trim().slice(0, 80);
          if (!name) return { type: 'error', id, message: 'a saved cluster needs a name' };
          await ss.rename(req.session, name);
          return { type: 'sessions', id, ...(await ss.list()) };
        }
        case 'deleteSession': {
          if (req.session === ss.id) return { type: 'error', id, message: 'the open cluster cannot be deleted: switch to another first' };
          await ss.remove(req.session);
          await this.logs?.remove(req.session);
          return { type: 'sessions', id, ...(await ss.list()) };
        }
        case 'command': {
          const res = tl.command(req.step);
          if (res) return { type: 'error', id, problem: res };
          break;
        }
        case 'seek': tl.seek(req.cursor); break;
        case 'seekStep': tl.seekStep(req.step); break;
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
          await ss.openNew();
          break;
        }
      }
    } catch (e) {
      const code = errorCode(e);
      return { type: 'error', id, message: e instanceof Error ? e.message : String(e), ...(code ? { code } : {}) };
    }
    if (!tl.scenario) return { type: 'error', id, message: 'no scenario loaded' };
    const state: WorkerState = { type: 'state', id, ...tl.view() };
    if (ss.id && ss.named) state.session = { id: ss.id, name: ss.name };
    if (logs) state.logs = logs;
    if (!(req.type === 'load' && req.persist === false)) {
      void ss.persist(scenarioJson(tl.scenario), tl.cursor);
      if (req.type === 'load' || req.type === 'command' || req.type === 'restore' || req.type === 'switchSession' || req.type === 'newCluster') this.logs?.queueSave(tl.run, ss.id);
    }
    return state;
  }

  /** Work to do while idle: the positions before the end, where stepping back starts. */
  prefetch(): void { this.timeline.prefetch(); }

  /** Forces the next state to carry the whole trace (a new UI attached). */
  resend(): void { this.timeline.resend(); }
}
