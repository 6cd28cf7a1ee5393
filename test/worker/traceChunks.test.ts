// A long trace goes to the page in pieces (src/worker/traceChunks.ts), each message read by the page's main thread in a task of
// its own; the page's client keeps the pieces (src/ui/traceAssembler.ts) until the state they lead to and gives the store that state whole, as
// the worker had it (the same trace, the same eventsFrom). Through EngineClient too: the store gets the whole trace.
import { describe, expect, it } from 'vitest';
import type { SimEvent, StateDump } from '../../src/scenario/types';
import { EngineClient, type PortLike } from '../../src/ui/client';
import { useStore } from '../../src/ui/store';
import type { TraceChunk, WorkerResponse, WorkerState } from '../../src/worker/protocol';
import { TraceAssembler } from '../../src/ui/traceAssembler';
import { inPieces, TRACE_CHUNK } from '../../src/worker/traceChunks';

const trace = (from: number, n: number): SimEvent[] => Array.from({ length: n }, (_, k) => ({ type: 'Tick', seq: from + k, time: from + k, step: 0 }));
const state = (over: Partial<WorkerState>): WorkerState => ({
  type: 'state',
  id: 7,
  traceVersion: 1,
  cursor: 0,
  minCursor: 0,
  dump: {} as StateDump,
  failures: [],
  ...over,
});

function roundTrip(res: WorkerState, size: number): { messages: WorkerResponse[]; whole: WorkerState } {
  const messages = inPieces(res, size);
  const a = new TraceAssembler();
  let whole: WorkerState | null = null;
  for (const m of messages) {
    if (m.type === 'traceChunk') a.add(m);
    else if (m.type === 'state') whole = a.whole(m);
  }
  return { messages, whole: whole! };
}

describe('a long trace in pieces', () => {
  it('a whole trace: pieces of the size asked for, the state with the rest; put together, the same trace', () => {
    const events = trace(0, 10_000);
    const { messages, whole } = roundTrip(state({ events }), 4096);
    expect(
      messages.map((m) =>
        m.type === 'traceChunk'
          ? `chunk ${m.from}+${m.events.length}`
          : `state ${m.type === 'state' && m.eventsFrom}+${m.type === 'state' && m.events?.length}`,
      ),
    ).toEqual(['chunk 0+4096', 'chunk 4096+4096', 'state 8192+1808']);
    expect(whole.events).toEqual(events);
    expect(whole.eventsFrom).toBeUndefined();
    expect(whole.id).toBe(7);
  });

  it('a trace sent from a position on keeps that position', () => {
    const events = trace(500, 9000);
    const { messages, whole } = roundTrip(state({ events, eventsFrom: 500 }), 4096);
    expect(messages.length).toBe(3);
    expect((messages[0] as TraceChunk).from).toBe(500);
    expect(whole.eventsFrom).toBe(500);
    expect(whole.events).toEqual(events);
  });

  it('a short trace, a state without one, and other answers go as they are', () => {
    const short = state({ events: trace(0, TRACE_CHUNK) });
    expect(inPieces(short)).toEqual([short]);
    const move = state({});
    expect(inPieces(move)).toEqual([move]);
    const err: WorkerResponse = { type: 'error', id: 1, message: 'x' };
    expect(inPieces(err)).toEqual([err]);
  });

  it('pieces of a trace left unfinished are dropped: a new series, or a state they do not lead to', () => {
    const a = new TraceAssembler();
    a.add({ type: 'traceChunk', id: 1, from: 0, events: trace(0, 10) });
    // another series starts over (its first piece does not follow the last)
    a.add({ type: 'traceChunk', id: 2, from: 0, events: trace(100, 10) });
    const s = a.whole(state({ events: trace(110, 5), eventsFrom: 10 }));
    expect(s.events!.map((e) => e.seq)).toEqual([...Array.from({ length: 10 }, (_, k) => 100 + k), 110, 111, 112, 113, 114]);
    a.add({ type: 'traceChunk', id: 3, from: 0, events: trace(0, 10) });
    const other = state({ events: trace(0, 3) }); // a whole trace: not what the pieces lead to
    expect(a.whole(other)).toBe(other);
    const after = state({ events: trace(10, 2), eventsFrom: 10 });
    expect(a.whole(after)).toBe(after); // the pieces went with the state before
  });

  it('EngineClient gives the store the whole trace of a state sent in pieces', () => {
    const port: PortLike = { onmessage: null, postMessage: () => undefined };
    new EngineClient(port);
    const events = trace(0, 9000);
    for (const m of inPieces(state({ id: 0, traceVersion: 41, events, stepEnds: [8999], cursor: 8999 }), 4096)) port.onmessage?.({ data: m } as MessageEvent);
    expect(useStore.getState().traceVersion).toBe(41);
    expect(useStore.getState().events.length).toBe(9000);
    expect(useStore.getState().events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });
});
