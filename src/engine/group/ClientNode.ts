// A client process on the simulated network (Kafka's NetworkClient, trimmed): timers that die with the
// process, and requests to brokers (data, answered by their KafkaApis) with request.timeout.ms and disconnect detection.
import type { SimContext } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import type { Broker } from '../broker/Broker';
import type { Endpoint, Message } from '../sim/network';
import { call, type Call } from '../sim/call';
import { NetworkClient } from '../sim/client';
import type { ApiName, RequestOf, ResponseOf } from '../apis';

/** How often an in-flight request checks its connection (a broker process that died closes its sockets). */
const CONNECTION_CHECK_MS = 1000;

export class ClientNode implements Endpoint {
  incarnation = 0;
  alive = true;
  private timers: Timer[] = [];

  /** its requests in flight */
  readonly client: NetworkClient;

  /** `notify` receives what ZooKeeper sends this client (the old consumer's watches and session expiry) */
  constructor(
    readonly node: string,
    readonly ctx: SimContext,
    private notify: Call<[m: Message]> | null = null,
  ) {
    this.client = new NetworkClient(node, ctx.network);
    ctx.network.register(node, this);
  }

  receive(m: Message): void {
    if (m.response) this.client.receive(m);
    else this.notify?.(m);
  }

  refused(m: Message): void {
    this.client.refused(m);
  }

  now(): number {
    return this.ctx.scheduler.now;
  }

  /** A timer of this client: dropped when the client crashes or closes. */
  timer(delayMs: number, fn: Call): Timer {
    const t = this.ctx.scheduler.schedule(delayMs, call(this, this.runIf, this.incarnation, fn));
    this.timers.push(t);
    if (this.timers.length > 64) this.timers = this.timers.filter((x) => !x.cancelled && x.at >= this.now());
    return t;
  }

  /** Runs `fn` if this incarnation of the client is still alive (extra arguments are dropped). */
  runIf(inc: number, fn: Call): void {
    if (inc === this.incarnation && this.alive) fn();
  }

  /** Wraps a callback (a ZooKeeper watch, say) so it only runs in this incarnation of the client. */
  guard(fn: Call): Call {
    return call(this, this.runIf, this.incarnation, fn);
  }

  /** The process ends: its timers and the answers to its requests go nowhere. */
  stop(): void {
    this.incarnation += 1;
    this.alive = false;
    for (const t of this.timers) this.ctx.scheduler.cancel(t);
    this.timers = [];
  }

  restart(): void {
    this.stop();
    this.alive = true;
  }

  /**
   * One request to a broker: it goes out as a message, KafkaApis answers it there; `done` runs back here with
   * the response, or with NETWORK_EXCEPTION (refused or disconnected) or REQUEST_TIMED_OUT.
   */
  request<A extends ApiName>(
    broker: Broker | undefined,
    api: A,
    body: RequestOf<A>,
    timeoutMs: number,
    done: Call<[r: ResponseOf<A> | null, error: string | null]>,
  ): void {
    const req = new ClientRequest(this, done as Call<[r: unknown, error: string | null]>, broker);
    if (!broker) {
      this.timer(0, call(req, req.finish, null, 'NETWORK_EXCEPTION'));
      return;
    }
    req.timeout = this.ctx.scheduler.schedule(timeoutMs, call(req, req.finish, null, 'REQUEST_TIMED_OUT'));
    req.watch = this.ctx.scheduler.schedule(CONNECTION_CHECK_MS, call(req, req.check));
    req.sent = this.client.send(broker.node, api, body, call(req, req.answered), call(req, req.finish, null, 'NETWORK_EXCEPTION'));
  }
}

/** One request in flight: answered, timed out, refused or disconnected, whichever comes first. */
class ClientRequest {
  private finished = false;
  private readonly inc: number;
  private readonly brokerInc: number;
  timeout: Timer | null = null;
  watch: Timer | null = null;
  sent: Message | null = null;

  constructor(
    private node: ClientNode,
    private done: Call<[r: unknown, error: string | null]>,
    private broker: Broker | undefined,
  ) {
    this.inc = node.incarnation;
    this.brokerInc = broker?.incarnation ?? 0;
  }

  answered(r: unknown): void {
    this.finish(r, null);
  }

  finish(r: unknown, e: string | null): void {
    if (this.finished) return;
    this.finished = true;
    this.node.ctx.scheduler.cancel(this.timeout);
    this.node.ctx.scheduler.cancel(this.watch);
    if (this.sent) this.node.client.forget(this.sent);
    if (this.inc === this.node.incarnation && this.node.alive) this.done(r, e);
  }

  /** A broker process that died closes its sockets: the client notices on its next check. */
  check(): void {
    if (this.finished) return;
    const b = this.broker!;
    if (b.incarnation !== this.brokerInc || !b.isUp) this.finish(null, 'NETWORK_EXCEPTION');
    else this.watch = this.node.ctx.scheduler.schedule(CONNECTION_CHECK_MS, call(this, this.check));
  }
}
