// Imported first by main.tsx: ES modules run in import order, so the engine worker starts
// loading before React and the views are even evaluated. The built page starts it earlier still, from an inline
// script in its head (vite.config.ts); this module takes that one over.
/** A new engine worker (the first one; another after a cancel; a standby while one is busy). */
export function newEngineWorker(): Worker {
  return new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
}

type Started = Worker & { failed?: boolean };

/**
 * The worker the page's head started, if it did and it has not failed. It has posted nothing yet (the engine
 * worker only answers requests), so no message is missed; a failure before now starts a new one, whose own failure
 * the client reports.
 */
function takeStarted(): Worker | null {
  const w = (window as { __engineWorker?: Started }).__engineWorker;
  delete (window as { __engineWorker?: Started }).__engineWorker;
  if (!w) return null;
  w.onerror = null;
  if (!w.failed) return w;
  w.terminate();
  return null;
}

// A live cluster (?live=ws://…) runs in npm run cluster instead: no worker then.
export const liveUrl = new URLSearchParams(location.search).get('live');
export const earlyWorker = liveUrl ? null : (takeStarted() ?? newEngineWorker());
