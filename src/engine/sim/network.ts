// The simulated network. Every message is data: {api, correlationId, from, to, sentAt, body}, a response
// carrying its request's correlationId. The network delays each message by a fixed latency, drops it when its
// link is cut (at sending or on arrival), and hands it to the receiving node's endpoint, which dispatches on
// `api` (a broker's KafkaApis, a client's in-flight requests). A receiver that was down tells the sender
// (connection refused); a paused one reads its socket when it resumes; a message sent to a process that has
// since restarted is lost with its connection.
import type { Scheduler } from './scheduler';
import { call, type Call } from './call';

export type NodeName = string; // "broker-1", "zookeeper", "producer-1", "consumer-c1", "controller-3001"

export interface Message<B = unknown> {
  /** Kafka's API name ("Produce", "Fetch", "JoinGroup", …), or ZooKeeper's or the Raft quorum's message */
  api: string;
  correlationId: number;
  from: NodeName;
  to: NodeName;
  sentAt: number;
  body: B;
  /** a response to the request with the same correlationId */
  response?: true;
}

/** A node on the network: it receives what arrives for it. */
export interface Endpoint {
  receive(m: Message): void;
  /** the receiver's process was down when `m` arrived: the connection was refused */
  refused?(m: Message): void;
}

/** Whether a node can take a message now: its process is down (drop), paused (later), or up; and which process. */
export type Gate = { kind: 'deliver'; incarnation: number } | { kind: 'drop'; incarnation: number } | { kind: 'defer'; until: number; incarnation: number };

export class Network {
  private cut = new Set<string>();
  private isolatedAll = new Set<NodeName>();
  private endpoints = new Map<NodeName, Endpoint>();
  private nextCorrelationId = 1;
  /** responses to lose (the loseResponses fault): by sender, API and optionally receiver */
  private losses: { from: NodeName; api: string; to: NodeName | null; remaining: number }[] = [];

  constructor(
    private scheduler: Scheduler,
    public latencyMs: number,
    /** asks the receiving node whether it can take a message now */
    private gate: Call<[to: NodeName], Gate>,
    private onSend: Call<[m: Message, arriveAt: number, lost: boolean]>,
  ) {}

  register(node: NodeName, e: Endpoint): void {
    this.endpoints.set(node, e);
  }

  private static key(a: NodeName, b: NodeName): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  connected(a: NodeName, b: NodeName): boolean {
    if (a === b) return true;
    if (this.isolatedAll.has(a) || this.isolatedAll.has(b)) return false;
    // no link cut (most of the time): no pair's key made for every message
    return this.cut.size === 0 || !this.cut.has(Network.key(a, b));
  }

  /** Cuts a↔b; returns false when it was already cut. */
  cutLink(a: NodeName, b: NodeName): boolean {
    const k = Network.key(a, b);
    if (this.cut.has(k)) return false;
    this.cut.add(k);
    return true;
  }

  isolateAll(a: NodeName): void {
    this.isolatedAll.add(a);
  }

  /** Heals every cut touching `node` (or all cuts); returns the healed pairs. */
  heal(node?: NodeName): [NodeName, NodeName][] {
    const healed: [NodeName, NodeName][] = [];
    for (const k of [...this.cut]) {
      const [a, b] = k.split('|');
      if (node === undefined || a === node || b === node) {
        this.cut.delete(k);
        healed.push([a, b]);
      }
    }
    for (const n of [...this.isolatedAll]) {
      if (node === undefined || n === node) {
        this.isolatedAll.delete(n);
        healed.push([n, '*']);
      }
    }
    return healed;
  }

  /** The next `count` responses of `api` that `from` sends (to `to`, when given) are lost; their requests took effect. */
  loseResponses(from: NodeName, api: string, count: number, to: NodeName | null): void {
    this.losses.push({ from, api, to, remaining: count });
  }

  /** A response this message is, if a loseResponses fault takes it. */
  private lost(m: Message): boolean {
    if (!m.response) return false;
    const rule = this.losses.find((l) => l.remaining > 0 && l.from === m.from && l.api === m.api && (l.to === null || l.to === m.to));
    if (!rule) return false;
    rule.remaining -= 1;
    this.losses = this.losses.filter((l) => l.remaining > 0);
    return true;
  }

  cutPairs(): string[] {
    return [...this.cut].sort().concat([...this.isolatedAll].sort().map((n) => `${n}|*`));
  }

  /** Sends a message; a new correlationId unless it answers a request. Returns the message as sent. */
  send<B>(m: { api: string; from: NodeName; to: NodeName; body: B; response?: true; correlationId?: number }): Message<B> {
    const msg: Message<B> = {
      api: m.api,
      correlationId: m.correlationId ?? this.nextCorrelationId++,
      from: m.from,
      to: m.to,
      sentAt: this.scheduler.now,
      body: m.body,
    };
    if (m.response) msg.response = true;
    const arriveAt = this.scheduler.now + this.latencyMs;
    const lost = this.lost(msg);
    this.onSend(msg, arriveAt, lost);
    if (lost || !this.connected(msg.from, msg.to)) return msg;
    const incarnation = this.gate(msg.to).incarnation;
    this.scheduler.schedule(this.latencyMs, call(this, this.arrive, msg, incarnation));
    return msg;
  }

  /** The receiver of request `m` closes its connection (KafkaApis closes it after a failed acks=0 produce): the
   *  sender sees the connection reset one latency later, as it sees a refused one. */
  reset(m: Message): void {
    if (this.endpoints.get(m.from)?.refused) this.scheduler.schedule(this.latencyMs, call(this, this.resetArrives, m));
  }

  private resetArrives(m: Message): void {
    if (this.connected(m.from, m.to)) this.refuse(m);
  }

  private arrive(m: Message, incarnation: number): void {
    if (!this.connected(m.from, m.to)) return;
    const g = this.gate(m.to);
    // The receiver's process is down, or has restarted since the message was sent (its connection went with
    // it): the sender sees the connection refused or reset.
    if (g.kind === 'drop' || g.incarnation !== incarnation) {
      if (this.endpoints.get(m.from)?.refused) this.scheduler.schedule(this.latencyMs, call(this, this.refuse, m));
      return;
    }
    if (g.kind === 'defer') {
      // A paused process reads its socket when it resumes.
      this.scheduler.schedule(g.until - this.scheduler.now, call(this, this.arrive, m, incarnation));
      return;
    }
    this.endpoints.get(m.to)?.receive(m);
  }

  /** The sender learns its message was refused (if it is up to hear it). */
  private refuse(m: Message): void {
    if (this.gate(m.from).kind === 'deliver') this.endpoints.get(m.from)?.refused?.(m);
  }
}
