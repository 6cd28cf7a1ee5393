// Imported first by main.tsx: ES modules run in import order, so the engine worker starts
// loading before React and the views are even evaluated.
/** A new engine worker (the first one; another after a cancel; a standby while one is busy). */
export function newEngineWorker(): Worker {
  return new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
}

// A live cluster (?live=ws://…) runs in npm run cluster instead: no worker then.
export const liveUrl = new URLSearchParams(location.search).get('live');
export const earlyWorker = liveUrl ? null : newEngineWorker();
