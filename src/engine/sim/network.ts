// The simulated network: per-link cuts and heals, and a fixed latency per hop.
// A message is dropped when its link is cut when it is sent or when it would arrive.
import type { Scheduler } from './scheduler';

export type NodeName = string; // "broker-1", "zookeeper", "producer-1", "consumer-c1", "controller-3001"

export type Gate = { kind: 'deliver' } | { kind: 'drop' } | { kind: 'defer'; until: number };

export class Network {
  private cut = new Set<string>();
  private isolatedAll = new Set<NodeName>();

  constructor(
    private scheduler: Scheduler,
    public latencyMs: number,
    /** asks the receiving node whether it can take a message now (crashed: drop; paused: later) */
    private gate: (to: NodeName) => Gate,
    private onSend: (from: NodeName, to: NodeName, api: string, arriveAt: number) => void,
  ) {}

  private static key(a: NodeName, b: NodeName): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  connected(a: NodeName, b: NodeName): boolean {
    if (a === b) return true;
    if (this.isolatedAll.has(a) || this.isolatedAll.has(b)) return false;
    return !this.cut.has(Network.key(a, b));
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

  cutPairs(): string[] {
    return [...this.cut].sort().concat([...this.isolatedAll].sort().map((n) => `${n}|*`));
  }

  /** Sends a one-way message; `deliver` runs on arrival if the link still holds and the receiver is up. */
  /** `onRefused` runs back at the sender when the receiver's process is down (connection refused). */
  send(from: NodeName, to: NodeName, api: string, deliver: () => void, onRefused?: () => void): void {
    const arriveAt = this.scheduler.now + this.latencyMs;
    this.onSend(from, to, api, arriveAt);
    if (!this.connected(from, to)) return;
    this.scheduler.schedule(this.latencyMs, () => this.arrive(from, to, deliver, onRefused));
  }

  private arrive(from: NodeName, to: NodeName, deliver: () => void, onRefused?: () => void): void {
    if (!this.connected(from, to)) return;
    const g = this.gate(to);
    if (g.kind === 'drop') {
      if (onRefused) this.scheduler.schedule(this.latencyMs, () => this.gate(from).kind === 'deliver' && onRefused());
      return;
    }
    if (g.kind === 'defer') {
      // A paused process reads its socket when it resumes.
      this.scheduler.schedule(g.until - this.scheduler.now, () => this.arrive(from, to, deliver, onRefused));
      return;
    }
    deliver();
  }
}
