// The pieces of a long trace the worker sends before the state they lead to (src/worker/traceChunks.ts: each message
// is read by the main thread in a task of its own), kept until that state and put back in it.
import type { SimEvent } from '../scenario/types';
import type { TraceChunk, WorkerState } from '../worker/protocol';

/** The pieces, kept until the state they lead to. */
export class TraceAssembler {
  private from = -1;
  private events: SimEvent[] = [];

  add(c: TraceChunk): void {
    // a piece that does not follow the last one starts another trace (what came before it was not finished)
    if (this.from < 0 || c.from !== this.from + this.events.length) {
      this.from = c.from;
      this.events = [];
    }
    for (const e of c.events) this.events.push(e);
  }

  /** The state with the trace its pieces began (as the worker had it before sending it in pieces). */
  whole(s: WorkerState): WorkerState {
    const from = this.from,
      pieces = this.events;
    this.from = -1;
    this.events = [];
    if (from < 0 || !s.events || s.eventsFrom !== from + pieces.length) return s;
    for (const e of s.events) pieces.push(e);
    const out: WorkerState = { ...s, events: pieces };
    if (from > 0) out.eventsFrom = from;
    else delete out.eventsFrom;
    return out;
  }
}
