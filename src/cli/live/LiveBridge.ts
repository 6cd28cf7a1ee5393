// The app's side of a live cluster: the worker protocol (src/worker/protocol.ts) over any message channel (the
// WebSocket of npm run cluster). Timeline moves replay the recorded session as the worker does; commands act on the
// live cluster at its current time; pushes carry what the trace and the steps gained since the last message.
import type { LiveInfo, WorkerRequest, WorkerResponse, WorkerState } from '../../worker/protocol';
import type { LiveCluster } from './LiveCluster';
import { runVariant } from '../../worker/variant';

export interface Peer {
  send(msg: WorkerResponse): void;
}

interface Seen {
  events: number;
  steps: number;
}

/** WorkerError.code of a request a live session does not take (load, new cluster, saved clusters…). */
export const LIVE_UNAVAILABLE = 'LIVE_UNAVAILABLE';

export class LiveBridge {
  private peers = new Map<Peer, Seen>();
  private pushedVersion = -1;

  constructor(
    private live: LiveCluster,
    private listeners: () => Record<string, string>,
  ) {}

  attach(peer: Peer): void {
    this.peers.set(peer, { events: 0, steps: 0 });
  }

  detach(peer: Peer): void {
    this.peers.delete(peer);
  }

  get size(): number {
    return this.peers.size;
  }

  private info(): LiveInfo {
    return { paused: this.live.paused, clients: this.live.clients, listeners: this.listeners() };
  }

  /** A state for `peer` with only what it has not seen (everything, the first time). */
  private stateFor(peer: Peer, id: number): WorkerState {
    const seen = this.peers.get(peer) ?? { events: 0, steps: 0 };
    const host = this.live.host;
    // the last step seen may have grown (the live advance): it is sent again
    const s: WorkerState = { type: 'state', id, ...host.viewFrom(seen.events, Math.max(0, seen.steps - 1)) };
    const run = host.run!;
    this.peers.set(peer, { events: run.events.length, steps: (s.stepsFrom ?? 0) + s.scenario!.steps.length });
    s.live = this.info();
    return s;
  }

  handle(peer: Peer, id: number, req: WorkerRequest): void {
    const host = this.live.host;
    // the app translates the code; the message is for logs
    const error = (message: string) => peer.send({ type: 'error', id, message, code: LIVE_UNAVAILABLE });
    switch (req.type) {
      case 'restore':
      case 'switchSession':
        this.peers.set(peer, { events: 0, steps: 0 });
        break;
      case 'command': {
        host.seek(host.lastSeq());
        const p = this.live.step(req.step);
        if (p) return peer.send({ type: 'error', id, problem: p });
        break;
      }
      case 'seek':
        host.seek(req.cursor);
        break;
      case 'seekStep':
        host.seekStep(req.step);
        break;
      case 'variant': {
        if (!host.scenario) return error('no scenario loaded');
        const r = runVariant(this.live.engine, host.scenario, req.patch, req.step);
        if ('problem' in r) return peer.send({ type: 'error', id, problem: r.problem });
        return peer.send({ type: 'variant', id, dump: r.dump, events: r.events });
      }
      case 'livePause':
        this.live.paused = req.paused;
        break;
      case 'dump':
        if (!host.scenario) return error('no scenario loaded');
        return peer.send({ type: 'dump', id, dump: host.fullDump() });
      case 'sessions':
        return peer.send({ type: 'sessions', id, sessions: [], current: null });
      default:
        return error(`${req.type} is not available while the app watches a live cluster (npm run cluster): restart it with --scenario FILE instead`);
    }
    peer.send(this.stateFor(peer, id));
  }

  /** After a tick: every peer gets what changed (nothing when nothing did). */
  push(): void {
    const v = this.live.host.traceVersionNow;
    const infoChanged = JSON.stringify(this.info()) !== this.lastInfo;
    if (v === this.pushedVersion && !infoChanged) return;
    this.pushedVersion = v;
    this.lastInfo = JSON.stringify(this.info());
    for (const peer of this.peers.keys()) peer.send(this.stateFor(peer, 0));
  }

  private lastInfo = '';
}
