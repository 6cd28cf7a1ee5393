// A node's outgoing requests (Kafka's NetworkClient, trimmed): each request goes out as a message, and what to do
// with its response is kept here by correlationId, on the sending side, as Kafka's InFlightRequests keeps it.
// When the process dies its in-flight requests are forgotten: late answers find nobody.
import type { Message, Network, NodeName } from './network';
import type { ApiName, RequestOf, ResponseOf } from '../apis';
import { call, type Call } from './call';

interface InFlight {
  onResponse?: Call<[body: unknown, m: Message]>;
  onRefused?: Call;
}

export class NetworkClient {
  private inFlight = new Map<number, InFlight>();

  constructor(
    readonly node: NodeName,
    private network: Network,
  ) {}

  /**
   * Sends a request; `onResponse` runs when its response arrives (none is expected without it), `onRefused`
   * when the receiver's process was down. Returns the message as sent.
   */
  send<A extends ApiName>(to: NodeName, api: A, body: RequestOf<A>, onResponse?: Call<[r: ResponseOf<A>]>, onRefused?: Call): Message<RequestOf<A>> {
    const m = this.network.send({ api, from: this.node, to, body });
    if (onResponse || onRefused) this.inFlight.set(m.correlationId, { onResponse: onResponse as InFlight['onResponse'], onRefused });
    return m;
  }

  /** A response arrived for this node. */
  receive(m: Message): void {
    const f = this.inFlight.get(m.correlationId);
    if (!f) return;
    this.inFlight.delete(m.correlationId);
    f.onResponse?.(m.body, m);
  }

  refused(m: Message): void {
    const f = this.inFlight.get(m.correlationId);
    if (!f) return;
    this.inFlight.delete(m.correlationId);
    f.onRefused?.();
  }

  /** The caller gave up on a request (its own timeout): a late response finds nobody. */
  forget(m: Message): void {
    this.inFlight.delete(m.correlationId);
  }

  /** The process died or stopped: answers to its requests go nowhere. */
  reset(): void {
    this.inFlight.clear();
  }
}

/** Answers a request: the response goes back to its sender with the same correlationId. */
export function respond<A extends ApiName>(network: Network, request: Message<RequestOf<A>>, body: ResponseOf<A>): void {
  network.send({ api: request.api, from: request.to, to: request.from, body, response: true, correlationId: request.correlationId });
}

/** A copyable callback that answers `request` with the body it is given. */
export function replyTo<A extends ApiName>(network: Network, request: Message<RequestOf<A>>): Call<[body: ResponseOf<A>]> {
  return call(null, respond<A>, network, request);
}
