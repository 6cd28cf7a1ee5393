// The UI side of the worker protocol: numbered requests, answers fed to the store.
// Seeks are coalesced: while one is in flight only the latest pending one is sent.
// The engine never stops answering: while a long request (a command, a load, opening a cluster) runs, the
// worker reports progress; timeline moves go to a standby worker holding the timeline as it was, so stepping
// back works meanwhile; cancel ends the busy worker and opens the saved cluster again in a new one. A move still
// running after a moment (a replay from a checkpoint) shows as busy too, without Cancel.
import { emptyCluster, scenarioJson } from '../scenario/json';
import type { WorkerRequest, WorkerResponse } from '../worker/protocol';
import { TraceAssembler } from './traceAssembler';
import { useStore } from './store';
import { noteResponse, pushNotice } from './sessions/logs';
import { translate } from './i18n';

export interface PortLike {
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
  terminate?(): void;
}

/** What the worker is busy with, for the progress bar. */
export interface Busy {
  id: number;
  what: WorkerRequest['type'];
  since: number;
  events: number;
  simMs: number;
  cancelling: boolean;
}

/** A move waits this long for a busy worker before a standby answers it. */
const STANDBY_AFTER_MS = 400;
/** A request still running after this long shows the busy indicator. */
export const BUSY_AFTER_MS = 300;

/** Requests that can run long: they replay or run the engine. */
const LONG = new Set<WorkerRequest['type']>(['load', 'restore', 'command', 'switchSession', 'reopenAside', 'newCluster', 'variant']);
/** Timeline moves: busy while they run, but never given to the standby or cancelled (the next move replaces them). */
const MOVES = new Set<WorkerRequest['type']>(['seek', 'seekStep']);

/** The busy request is a move (no Cancel: a move only shows another position). */
export const isMove = (b: Busy) => MOVES.has(b.what);

let busy: Busy | null = null;
const busyListeners = new Set<() => void>();
function setBusy(b: Busy | null): void {
  busy = b;
  for (const l of busyListeners) l();
}
export function busyState(): Busy | null {
  return busy;
}
export function onBusy(l: () => void): () => void {
  busyListeners.add(l);
  return () => busyListeners.delete(l);
}

/** Once the page is idle (what it had to draw is drawn), or after the next frame where idle callbacks are missing. */
function afterSettling(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 500 });
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

export class EngineClient {
  private nextId = 1;
  private waiting = new Map<number, { req: WorkerRequest; done: (r: WorkerResponse) => void; silent: boolean }>();
  private seekBusy = false;
  private pendingSeek: WorkerRequest | null = null;
  /** the request that opened the start-up cluster: sent again to a new worker after a cancel */
  private opening: Extract<WorkerRequest, { type: 'restore' }> | null = null;
  /** a worker holding the timeline as it was, answering moves while this one is busy */
  private standby: EngineClient | null = null;
  /** the pieces of a long trace, until the state they lead to */
  private trace = new TraceAssembler();

  constructor(
    private port: PortLike,
    private spawn?: () => PortLike,
  ) {
    this.attach(port);
  }

  private attach(port: PortLike): void {
    this.port = port;
    this.trace = new TraceAssembler();
    port.onmessage = (e: MessageEvent) => this.receive(e.data as WorkerResponse);
  }

  private longest(): { id: number; req: WorkerRequest } | null {
    for (const [id, w] of this.waiting) if (LONG.has(w.req.type)) return { id, req: w.req };
    return null;
  }

  /** The move in flight (one at a time: seek() holds back the next). */
  private moving(): { id: number; req: WorkerRequest } | null {
    for (const [id, w] of this.waiting) if (MOVES.has(w.req.type) && !w.silent) return { id, req: w.req };
    return null;
  }

  private receive(res: WorkerResponse): void {
    if (res.type === 'traceChunk') return this.trace.add(res);
    if (res.type === 'state') res = this.trace.whole(res);
    if (res.type === 'progress') {
      if (busy && busy.id === res.id) setBusy({ ...busy, events: res.events, simMs: res.simMs });
      return;
    }
    const w = this.waiting.get(res.id);
    this.waiting.delete(res.id);
    if (!w?.silent) this.apply(res);
    w?.done(res);
    if (this.spawn) this.updateBusy();
  }

  private apply(res: WorkerResponse): void {
    const st = useStore.getState();
    noteResponse(res);
    if (res.type === 'state') {
      st.applyState(res);
      // the load waits for the page to have drawn the preview and settled (idle) before it goes on
      if (res.preview) afterSettling(() => this.port.postMessage({ id: 0, req: { type: 'previewDrawn' } }));
    } else if (
      res.type === 'variant' ||
      res.type === 'sessions' ||
      res.type === 'record' ||
      res.type === 'progress' ||
      res.type === 'traceChunk' ||
      res.type === 'failover' ||
      res.type === 'dump'
    ) {
      /* answered to its caller only */
    } else if (res.code === 'CANCELLED') {
      /* the learner asked for it */
    } else if (res.code === 'QUOTA_EXCEEDED') st.addError({ kind: 'text', key: 'quotaExceeded' });
    else if (res.code === 'LIVE_UNAVAILABLE') st.addError({ kind: 'engine', message: translate(st.prefs.lang, 'liveUnavailable') });
    else if (res.problem) st.addError({ kind: 'problem', problem: res.problem });
    else st.addError({ kind: 'engine', message: res.message ?? 'unknown' });
  }

  /**
   * The oldest long request still running, if any, becomes the progress bar's, else the move in flight; no long
   * request ends the standby.
   */
  private updateBusy(): void {
    const l = this.longest();
    if (!l) this.dropStandby();
    const b = l ?? this.moving();
    if (!b) setBusy(null);
    else if (busy?.id !== b.id) setBusy({ id: b.id, what: b.req.type, since: Date.now(), events: 0, simMs: 0, cancelling: false });
  }

  request(req: WorkerRequest, opts: { silent?: boolean } = {}): Promise<WorkerResponse> {
    const id = this.nextId++;
    if (req.type === 'restore') this.opening = { ...req, skipCurrent: undefined };
    return new Promise((resolve) => {
      this.waiting.set(id, { req, done: resolve, silent: !!opts.silent });
      this.port.postMessage({ id, req });
      if (this.spawn && (LONG.has(req.type) || MOVES.has(req.type))) this.updateBusy();
    });
  }

  /** A timeline move; superseded moves that were not sent yet are dropped. While busy, the standby answers. */
  seek(req: WorkerRequest): void {
    if (busy && !isMove(busy) && Date.now() - busy.since > STANDBY_AFTER_MS && this.useStandby()) {
      this.standby!.seek(req);
      return;
    }
    if (this.seekBusy) {
      this.pendingSeek = req;
      return;
    }
    this.seekBusy = true;
    void this.request(req).then(() => {
      this.seekBusy = false;
      const next = this.pendingSeek;
      this.pendingSeek = null;
      if (next) this.seek(next);
    });
  }

  /**
   * The standby worker, started with the timeline the page shows (saving nothing), kept until the long request
   * ends; false when there is none.
   */
  private useStandby(): boolean {
    if (this.standby) return true;
    const { scenario, cursor } = useStore.getState();
    if (!scenario || !this.spawn) return false;
    const sb = new EngineClient(this.spawn());
    this.standby = sb;
    void sb.request({ type: 'load', scenario: scenarioJson(scenario), step: 0, persist: false }, { silent: true });
    void sb.request({ type: 'seek', cursor }, { silent: true });
    return true;
  }

  private dropStandby(): void {
    this.standby?.port.terminate?.();
    this.standby = null;
  }

  /**
   * Ends the busy worker: every request it had not answered gets a CANCELLED error, and a new worker opens the
   * start-up cluster again (as saved before the long request; a cluster whose opening was cancelled is kept aside).
   */
  cancel(): void {
    const l = this.longest();
    if (!l || !this.spawn || !busy) return;
    setBusy({ ...busy, cancelling: true });
    const skip = l.req.type === 'restore';
    this.port.terminate?.();
    const lost = [...this.waiting];
    this.waiting.clear();
    this.seekBusy = false;
    this.pendingSeek = null;
    for (const [id, w] of lost) w.done({ type: 'error', id, code: 'CANCELLED', message: 'cancelled' });
    this.attach(this.spawn());
    // the ended worker's Web Lock on the cluster is freed as it goes: the new one may wait a moment for it
    const again: WorkerRequest = {
      ...(this.opening ?? { type: 'restore', fallback: emptyCluster() }),
      ...(skip ? { skipCurrent: true } : {}),
      lockWaitMs: 3000,
    };
    pushNotice({ kind: 'cancelled', what: l.req.type });
    void this.request(again);
  }
}

let client: EngineClient | null = null;

export function setClient(c: EngineClient | null): void {
  client = c;
}
export function getClient(): EngineClient | null {
  return client;
}

/** The worker protocol over a WebSocket to npm run cluster (?live=ws://…): the same client, another port. */
export function startLive(url: string): EngineClient {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  const port: PortLike = {
    postMessage: (msg) => {
      const text = JSON.stringify(msg);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    onmessage: null,
  };
  ws.onopen = () => {
    for (const m of queue.splice(0)) ws.send(m);
  };
  ws.onmessage = (e) => port.onmessage?.({ data: JSON.parse(String(e.data)) } as MessageEvent);
  const lost = () => useStore.getState().addError({ kind: 'engine', message: translate(useStore.getState().prefs.lang, 'liveLost', { url }) });
  ws.onclose = lost;
  const c = new EngineClient(port);
  setClient(c);
  return c;
}

export function startWorker(worker: Worker, spawn?: () => Worker): EngineClient {
  const watch = (w: Worker) => {
    w.onerror = (e) => useStore.getState().addError({ kind: 'engine', message: e.message || 'worker failed to start' });
    return w;
  };
  const c = new EngineClient(watch(worker) as unknown as PortLike, spawn ? () => watch(spawn()) as unknown as PortLike : undefined);
  setClient(c);
  return c;
}
