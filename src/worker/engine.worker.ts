// The Web Worker hosting the engine. The UI thread never runs the engine: it posts
// requests (protocol.ts) and receives state dumps and the event trace.
/// <reference lib="webworker" />
import { validateScenario } from '../scenario/validate';
import { ScenarioRun } from '../scenario/runner';
import { EngineHost } from './host';
import { IdbSessionStore } from './session';
import type { WorkerRequest } from './protocol';

const host = new EngineHost(
  { validateScenario, createRun: (s) => new ScenarioRun(s) },
  typeof indexedDB === 'undefined' ? undefined : new IdbSessionStore(),
);

// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
let pending = 0;
let idle: ReturnType<typeof setTimeout> | undefined;

self.onmessage = (e: MessageEvent<{ id: number; req: WorkerRequest }>) => {
  const { id, req } = e.data;
  pending++;
  clearTimeout(idle);
  queue = queue.then(async () => {
    const res = await host.handle(req, id);
    (self as unknown as Worker).postMessage(res);
    // When nothing else waits, prepare the positions before the end: stepping back starts there.
    if (--pending === 0) idle = setTimeout(() => { if (pending === 0) host.prefetch(); }, 30);
  });
};
