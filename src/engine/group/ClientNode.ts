// A client process on the simulated network (Kafka's NetworkClient, trimmed): timers that die with the
// process, and requests to brokers (data, answered by their KafkaApis) with request.timeout.ms and disconnect detection.
import type { SimContext } from '../sim/context';
import type { Timer } from '../sim/scheduler';
import type { Broker } from '../broker/Broker';
import type { Message } from '../sim/network';
import { NetworkClient } from '../sim/client';
import type { ApiName, RequestOf, ResponseOf } from '../apis';

/** How often an in-flight request checks its connection (a broker process that died closes its sockets). */
const CONNECTION_CHECK_MS = 1000;

export class ClientNode {
  incarnation = 0;
  alive = true;
  private timers: Timer[] = [];

  /** its requests in flight */
  private readonly client: NetworkClient;

  /** `notify` receives what ZooKeeper sends this client (the old consumer's watches and session expiry) */
  constructor(readonly node: string, readonly ctx: SimContext, notify?: (m: Message) => void) {
    this.client = new NetworkClient(node, ctx.network);
    ctx.network.register(node, {
      receive: (m) => (m.response ? this.client.receive(m) : notify?.(m)),
      refused: (m) => this.client.refused(m),
    });
  }

  now(): number {
    return this.ctx.scheduler.now;
  }

  /** A timer of this client: dropped when the client crashes or closes. */
  timer(delayMs: number, fn: () => void): Timer {
    const inc = this.incarnation;
    const t = this.ctx.scheduler.schedule(delayMs, () => {
      if (inc === this.incarnation && this.alive) fn();
    });
    this.timers.push(t);
    if (this.timers.length > 64) this.timers = this.timers.filter((x) => !x.cancelled && x.at >= this.now());
    return t;
  }

  /** Wraps a callback (a ZooKeeper watch, say) so it only runs in this incarnation of the client. */
  guard(fn: () => void): () => void {
    const inc = this.incarnation;
    return () => {
      if (inc === this.incarnation && this.alive) fn();
    };
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
  request<A extends ApiName>(broker: Broker | undefined, api: A, body: RequestOf<A>, timeoutMs: number, done: (r: ResponseOf<A> | null, error: string | null) => void): void {
    const inc = this.incarnation;
    let finished = false;
    let timeout: Timer | null = null;
    let watch: Timer | null = null;
    let sent: Message | null = null;
    const finish = (r: ResponseOf<A> | null, e: string | null) => {
      if (finished) return;
      finished = true;
      this.ctx.scheduler.cancel(timeout);
      this.ctx.scheduler.cancel(watch);
      if (sent) this.client.forget(sent);
      if (inc === this.incarnation && this.alive) done(r, e);
    };
    if (!broker) {
      this.timer(0, () => finish(null, 'NETWORK_EXCEPTION'));
      return;
    }
    const brokerInc = broker.incarnation;
    timeout = this.ctx.scheduler.schedule(timeoutMs, () => finish(null, 'REQUEST_TIMED_OUT'));
    const check = () => {
      if (finished) return;
      if (broker.incarnation !== brokerInc || !broker.isUp) finish(null, 'NETWORK_EXCEPTION');
      else watch = this.ctx.scheduler.schedule(CONNECTION_CHECK_MS, check);
    };
    watch = this.ctx.scheduler.schedule(CONNECTION_CHECK_MS, check);
    sent = this.client.send(broker.node, api, body, (r) => finish(r, null), () => finish(null, 'NETWORK_EXCEPTION'));
  }
}
