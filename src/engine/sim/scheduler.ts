// The discrete-event core: a simulated clock in ms and one queue of timed actions.
// Ties are broken by insertion order, so a run is a pure function of its inputs. What a timer runs is a Call (data:
// a target, a method, arguments), so the queue can be copied with the rest of the state (sim/snapshot.ts).
import { pure, type Call } from './call';

export interface Timer {
  at: number;
  seq: number;
  run: Call;
  cancelled: boolean;
}

const NOOP = pure(() => {});

export class Scheduler {
  now = 0;
  private heap: Timer[] = [];
  private seq = 0;
  /** timers cancelled since the heap was last swept (some may have left it already: an upper bound) */
  private cancelledCount = 0;

  schedule(delayMs: number, run: Call): Timer {
    const t: Timer = { at: this.now + Math.max(0, delayMs), seq: this.seq++, run, cancelled: false };
    this.push(t);
    return t;
  }

  /** A cancelled timer stays in the heap until its time or a sweep; dropping the closure frees what it held. */
  cancel(t: Timer | null | undefined): void {
    if (!t) return;
    if (!t.cancelled) this.cancelledCount++;
    t.cancelled = true;
    t.run = NOOP;
    // most timers are cancelled long before their time (every request's timeout, every waiting fetch's): left in the
    // heap they were 9 in 10 of its entries, each push and pop comparing through them and each checkpoint copying
    // them; swept once they may be half of it. The order timers run in is (at, seq) whatever the heap's shape.
    if (this.cancelledCount > 32 && this.cancelledCount * 2 > this.heap.length) this.sweep();
  }

  private sweep(): void {
    const h = this.heap.filter((t) => !t.cancelled);
    this.heap = h;
    this.cancelledCount = 0;
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Time of the next live action, or Infinity. */
  peekTime(): number {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  /** Runs the next action; false when the queue is empty. */
  runNext(): boolean {
    while (this.heap.length) {
      const t = this.pop()!;
      if (t.cancelled) continue;
      this.now = t.at;
      t.run();
      return true;
    }
    return false;
  }

  private less(x: Timer, y: Timer): boolean {
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      const swap = h[i];
      h[i] = h[p];
      h[p] = swap;
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      this.siftDown(0);
    }
    if (top.cancelled && this.cancelledCount > 0) this.cancelledCount--;
    return top;
  }

  private siftDown(from: number): void {
    const h = this.heap;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      const swap = h[i];
      h[i] = h[m];
      h[m] = swap;
      i = m;
    }
  }
}
