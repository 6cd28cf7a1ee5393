// The UI side of the worker protocol: numbered requests, answers fed to the store.
// Seeks are coalesced: while one is in flight only the latest pending one is sent.
import type { WorkerRequest, WorkerResponse } from '../worker/protocol';
import { useStore } from './store';
import { sessionsText } from './sessions/strings';
import { noteResponse } from './sessions/logs';
import { translate } from './i18n';

export interface PortLike {
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

export class EngineClient {
  private nextId = 1;
  private waiting = new Map<number, (r: WorkerResponse) => void>();
  private seekBusy = false;
  private pendingSeek: WorkerRequest | null = null;

  constructor(private port: PortLike) {
    port.onmessage = (e: MessageEvent) => this.receive(e.data as WorkerResponse);
  }

  private receive(res: WorkerResponse): void {
    const st = useStore.getState();
    noteResponse(res);
    if (res.type === 'state') st.applyState(res);
    else if (res.type === 'variant' || res.type === 'sessions') { /* answered to its caller only */ }
    else if (res.code === 'QUOTA_EXCEEDED') st.addError({ kind: 'engine', message: sessionsText(st.prefs.lang, 'quotaExceeded') });
    else if (res.code === 'LIVE_UNAVAILABLE') st.addError({ kind: 'engine', message: translate(st.prefs.lang, 'liveUnavailable') });
    else if (res.problem) st.addError({ kind: 'problem', problem: res.problem });
    else st.addError({ kind: 'engine', message: res.message ?? 'unknown' });
    const done = this.waiting.get(res.id);
    this.waiting.delete(res.id);
    done?.(res);
  }

  request(req: WorkerRequest): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.port.postMessage({ id, req });
    });
  }

  /** A timeline move; superseded moves that were not sent yet are dropped. */
  seek(req: WorkerRequest): void {
    if (this.seekBusy) { this.pendingSeek = req; return; }
    this.seekBusy = true;
    void this.request(req).then(() => {
      this.seekBusy = false;
      const next = this.pendingSeek;
      this.pendingSeek = null;
      if (next) this.seek(next);
    });
  }
}

let client: EngineClient | null = null;

export function setClient(c: EngineClient | null): void { client = c; }
export function getClient(): EngineClient | null { return client; }

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
  ws.onopen = () => { for (const m of queue.splice(0)) ws.send(m); };
  ws.onmessage = (e) => port.onmessage?.({ data: JSON.parse(String(e.data)) } as MessageEvent);
  const lost = () => useStore.getState().addError({ kind: 'engine', message: translate(useStore.getState().prefs.lang, 'liveLost', { url }) });
  ws.onclose = lost;
  const c = new EngineClient(port);
  setClient(c);
  return c;
}

export function startWorker(worker: Worker): EngineClient {
  const c = new EngineClient(worker as unknown as PortLike);
  worker.onerror = (e) => useStore.getState().addError({ kind: 'engine', message: e.message || 'worker failed to start' });
  setClient(c);
  return c;
}
