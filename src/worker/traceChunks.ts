// A long trace goes to the page in pieces: the page's main thread reads (deserialises) each message in a task of its
// own, and the 23.8k-event history in one message was one 109 ms task to read (Chromium, two cores). The worker sends
// the pieces then the state with the last one; the page keeps the pieces until that state and makes it whole again
// (src/ui/traceAssembler.ts).
import type { WorkerResponse } from './protocol';

/** Events a message carries at most (about 18 ms to read on the machine above). */
export const TRACE_CHUNK = 4096;

/** The messages that send `res`: a state whose trace is longer than `size` goes as pieces, then the state. */
export function inPieces(res: WorkerResponse, size = TRACE_CHUNK): WorkerResponse[] {
  if (res.type !== 'state' || !res.events || res.events.length <= size) return [res];
  const base = res.eventsFrom ?? 0,
    events = res.events;
  const out: WorkerResponse[] = [];
  let k = 0;
  for (; events.length - k > size; k += size) out.push({ type: 'traceChunk', id: res.id, from: base + k, events: events.slice(k, k + size) });
  out.push({ ...res, events: events.slice(k), eventsFrom: base + k });
  return out;
}
