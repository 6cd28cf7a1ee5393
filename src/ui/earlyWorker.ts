// Imported first by main.tsx: ES modules run in import order, so the engine worker starts
// loading before React and the views are even evaluated.
export const earlyWorker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
