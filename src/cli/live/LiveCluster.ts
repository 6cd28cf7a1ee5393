// A live cluster: the session's run at the end of the timeline is what real clients talk to. Its simulated clock
// follows wall time while a client is connected (and stands still otherwise, or when paused: a frozen cluster);
// each request a connection sends is recorded as a clientRequest step at its arrival time, so the session saves as
// a scenario that replays the same. A connection has one request in the cluster at a time: Kafka's SocketServer
// mutes a channel until the broker has sent its response (a response lost on the way unmutes it too), so
// responses go back in order.
import { emptyCluster } from '../../scenario/json';
import type { EngineApi } from '../../worker/timeline';
import { LiveTimeline } from '../../worker/liveTimeline';
import type { ScenarioProblem, Step } from '../../scenario/types';
import type { Cluster } from '../../engine/cluster/Cluster';
import { decodeRequest } from '../../wire/protocol/apis';
import { toBase64 } from '../../wire/codec/base64';
import { connectionOf, requestChannel, type RequestChannel } from '../../wire/RequestChannel';
import { LIMITS } from '../../scenario/limits';

/** How often the live loop moves the clock and lets requests in (ms of wall time). */
export const TICK_MS = 5;

/** One client connection to a broker's listener. */
export interface Sink {
  send(bytes: Uint8Array): void;
  close(reason: string): void;
}

interface Connection {
  id: number;
  broker: number;
  sink: Sink;
  queue: Uint8Array[];
  inFlight: boolean;
  clientId: string | null;
}

export interface LiveOptions {
  brokers: number;
  mode: 'zookeeper' | 'kraft';
  /** where broker b listens: host, basePort + b - 1 */
  listenAt: { host: string; basePort: number };
  /** a scenario to start from (its steps run first) */
  scenario?: unknown;
  /** wall-clock milliseconds (Date.now in the CLI; a fake in tests) */
  wallNow: () => number;
  log?: (line: string) => void;
  /** every request as it enters the cluster (KAFKA_ANATOMY_TRACE=1) */
  trace?: (line: string) => void;
}

export class LiveCluster {
  /** the session's timeline (its run at the end is the cluster) */
  readonly host: LiveTimeline;
  readonly channel: RequestChannel;
  paused = false;
  private connections = new Map<number, Connection>();
  private nextConnection = 1;
  /** the wall time and simulated time when the clock last started following wall time (null: frozen) */
  private base: { wall: number; sim: number } | null = null;
  private statuses = new Map<number, string>();
  /** called after a tick changed a broker's status (listeners open and close) */
  onBrokerStatus: (broker: number, up: boolean) => void = () => undefined;

  constructor(
    readonly engine: EngineApi,
    private opts: LiveOptions,
  ) {
    this.host = new LiveTimeline(engine);
    const problem = this.host.load(opts.scenario ?? { ...(emptyCluster(opts.brokers, opts.mode) as object), id: 'live-cluster' });
    if (problem) throw new Error(`the scenario is invalid: ${problem.message}`);
    this.channel = requestChannel(this.cluster);
    this.channel.listenAt = { ...opts.listenAt };
    this.channel.keepSent = true;
    this.seen = this.cluster.events.length;
    for (const b of this.cluster.sortedBrokers()) this.statuses.set(b.id, b.status);
  }

  get cluster(): Cluster {
    return (this.host.run as unknown as { cluster: Cluster }).cluster;
  }

  /** the trace up to here has been looked at for responses sent to client connections */
  private seen = 0;

  get now(): number {
    return this.cluster.ctx.scheduler.now;
  }

  get clients(): number {
    return this.connections.size;
  }

  isUp(broker: number): boolean {
    return this.cluster.brokers.get(broker)?.isUp ?? false;
  }

  /** What the request channel sent the connections since the last look (the channel keeps it as data, with the
   *  run): bytes to their sockets, an acks=0 produce's end of the request, a close. */
  private deliver(): void {
    for (const s of this.channel.takeSent()) {
      if (s.kind === 'response') this.connections.get(s.connection)?.sink.send(s.bytes);
      else if (s.kind === 'close') this.disconnect(s.connection, s.reason, true);
      else {
        const c = this.connections.get(s.connection);
        if (c) c.inFlight = false;
      }
    }
  }

  // --- connections ----------------------------------------------------------------------

  connect(broker: number, sink: Sink): number {
    const id = this.nextConnection++;
    this.connections.set(id, { id, broker, sink, queue: [], inFlight: false, clientId: null });
    return id;
  }

  /** A request frame (without its size) arrived on a connection; it enters the cluster at the next tick. */
  receive(id: number, frame: Uint8Array): void {
    this.connections.get(id)?.queue.push(frame);
  }

  /** The client closed the connection, or we close it (`closeSocket`), with the reason logged. */
  disconnect(id: number, reason: string | null, closeSocket = false): void {
    const c = this.connections.get(id);
    if (!c) return;
    this.connections.delete(id);
    if (reason) this.opts.log?.(`connection ${id} (${c.clientId ?? 'client'} → broker ${c.broker}) closed: ${reason}`);
    if (closeSocket) c.sink.close(reason ?? '');
  }

  // --- the clock and the inputs ------------------------------------------------------------------

  /** Moves the clock to wall time (when it runs), then lets each idle connection's next request in. */
  tick(): void {
    const wall = this.opts.wallNow();
    const running = !this.paused && this.connections.size > 0;
    if (!running) this.base = null;
    else {
      if (!this.base || this.now > this.base.sim + (wall - this.base.wall)) this.base = { wall, sim: this.now };
      const ms = Math.floor(this.base.sim + (wall - this.base.wall)) - this.now;
      if (ms > 0) this.host.advanceLive(ms);
    }
    this.deliver();
    this.unmute();
    if (!this.paused) for (const c of [...this.connections.values()]) this.admit(c);
    this.checkBrokers();
  }

  /** A broker sent a connection its response (delivered or lost on the way): its next request may come in. */
  private unmute(): void {
    const events = this.cluster.events;
    for (; this.seen < events.length; this.seen++) {
      const e = events[this.seen];
      if (e.type !== 'MessageSent' || !e.response) continue;
      const id = connectionOf(e.to as string);
      const c = id === null ? undefined : this.connections.get(id);
      if (c) c.inFlight = false;
    }
  }

  private admit(c: Connection): void {
    if (c.inFlight || !c.queue.length || !this.connections.has(c.id)) return;
    const frame = c.queue.shift()!;
    let req;
    try {
      req = decodeRequest(frame);
    } catch (e) {
      // a malformed or unknown request closes this connection only, as Kafka's SocketServer does
      return this.disconnect(c.id, `malformed request: ${(e as Error).message}`, true);
    }
    c.clientId = req.head.clientId ?? c.clientId;
    const api = req.kind === 'request' ? req.api : 'ApiVersions';
    const step: Step = {
      do: 'clientRequest',
      label: `${c.clientId || 'client'} → broker ${c.broker}: ${api} v${req.head.apiVersion}`.slice(-LIMITS.label),
      at: this.now,
      broker: c.broker,
      connection: c.id,
      ...(c.clientId !== null ? { client: c.clientId } : {}),
      api,
      version: req.head.apiVersion,
      bytes: toBase64(frame),
    };
    c.inFlight = true;
    this.opts.trace?.(`connection ${c.id}: ${step.label}`);
    this.host.appendLive(step, false);
    this.deliver();
  }

  /** A step typed on standard input or sent by the app, run now; returns its problem, if invalid. */
  step(step: Step): ScenarioProblem | null {
    const p = this.host.appendLive(step, true);
    this.deliver();
    this.checkBrokers();
    return p;
  }

  /** Brokers that went down lose their connections (the process's sockets close); listeners follow the status. */
  private checkBrokers(): void {
    for (const b of this.cluster.sortedBrokers()) {
      const was = this.statuses.get(b.id);
      if (was === b.status) continue;
      this.statuses.set(b.id, b.status);
      const up = b.isUp;
      if (!up) for (const c of [...this.connections.values()]) if (c.broker === b.id) this.disconnect(c.id, `broker ${b.id} ${b.status}`, true);
      if (was === undefined || (was === 'online' || was === 'paused') !== up) this.onBrokerStatus(b.id, up);
    }
  }
}
