// The Web Worker hosting the engine. The UI thread never runs the engine: it posts
// requests (protocol.ts) and receives state dumps and the event trace.
/// <reference lib="webworker" />
import { scenarioEngine } from './engineApi';
import { EngineHost } from './host';
import { IdbSessionStore } from './session';
import { LONG_PIECE_AFTER_MS } from './timeline';
import { inPieces } from './traceChunks';
import { IdbFileStore } from '../storage/backend/IdbFileStore';
import type { Locks } from './savedSessions';
import type { WorkerRequest, WorkerResponse } from './protocol';

const idb = typeof indexedDB !== 'undefined';
/** How long a load waits after its preview for the page to have drawn it (EngineHost.previewDrawn). */
const PREVIEW_WAIT_MS = 500;
/** Sends a response (a long trace in pieces, each read by the page in a task of its own). */
const post = (res: WorkerResponse) => {
  for (const m of inPieces(res)) (self as unknown as Worker).postMessage(m);
};

/** Web Locks, shared by the tabs of this browser: a saved cluster open in one tab is found held in another. */
const locks: Locks | undefined =
  typeof navigator !== 'undefined' && navigator.locks
    ? {
        hold: (name, waitMs = 0) =>
          new Promise((resolve) => {
            const opts: LockOptions = waitMs > 0 ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
            void navigator.locks
              .request(name, opts, (lock) => {
                if (!lock) {
                  resolve(null);
                  return undefined;
                }
                return new Promise<void>((release) => resolve(() => release()));
              })
              .catch(() => resolve(null));
          }),
      }
    : undefined;

const host = new EngineHost(
  scenarioEngine,
  idb ? new IdbSessionStore() : undefined,
  // each saved cluster's logs (its brokers' disks) under its id in the 'kafka-anatomy' database
  idb
    ? {
        open: (id) => IdbFileStore.open(id),
        remove: async (id) => {
          const s = await IdbFileStore.open(id);
          try {
            await s.clear();
          } finally {
            s.close();
          }
        },
      }
    : undefined,
  // failures of the saves made after a request was answered (a full quota), progress of a long request; a heavy
  // lesson's load waits after its preview for the page to draw it, half a second at most (a hidden tab never draws)
  { notify: post, locks, previewWaitMs: PREVIEW_WAIT_MS },
);

/**
 * Idle work starts this long after the last answer: a learner scrubbing or pressing on sends the next request sooner
 * (at 30 ms, random seeks in a row met an idle piece of 13-46 ms before them), one reading the step does not.
 */
const IDLE_AFTER_MS = 150;
// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
let pending = 0;
let idle: ReturnType<typeof setTimeout> | undefined;

/**
 * Idle work, a piece per task: the positions around the cursor (eight pieces at most), then more checkpoints where
 * the history's are furthest apart (as long as there are any to take); pieces that run a long step only once the
 * learner has paused a second (reading, not pressing on).
 */
function prefetchWhileIdle(pieces: number, long = false): void {
  if (pending !== 0) return;
  let more = false;
  try {
    more = host.prefetch(long);
  } catch {
    /* only a head start */
  }
  if (more && pieces > 1) idle = setTimeout(() => prefetchWhileIdle(pieces - 1, long), 0);
  else idle = setTimeout(() => densifyWhileIdle(long), 0);
}

function densifyWhileIdle(long: boolean): void {
  if (pending !== 0) return;
  let more = false;
  try {
    more = host.densify(long);
  } catch {
    /* only a head start */
  }
  if (more) idle = setTimeout(() => densifyWhileIdle(long), 0);
  else if (!long) idle = setTimeout(() => prefetchWhileIdle(8, true), LONG_PIECE_AFTER_MS);
}

self.onmessage = (e: MessageEvent<{ id: number; req: WorkerRequest }>) => {
  const { id, req } = e.data;
  // not queued: the load it lets go on is the request at work
  if (req.type === 'previewDrawn') return host.previewDrawn();
  pending++;
  clearTimeout(idle);
  queue = queue.then(async () => {
    let res: WorkerResponse;
    try {
      res = await host.handle(req, id);
    } catch (err) {
      // never let one failure stop the queue: later requests must still be answered
      res = { type: 'error', id, message: err instanceof Error ? err.message : String(err) };
    }
    post(res);
    // When nothing else waits, prepare the positions around the cursor (before the end: stepping back starts there),
    // a bounded piece at a time so that a request arriving meanwhile waits one piece at most.
    if (--pending === 0)
      idle = setTimeout(() => {
        host.saveCursor();
        prefetchWhileIdle(8);
      }, IDLE_AFTER_MS);
  });
};
