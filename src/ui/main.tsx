// The entry chunk, kept small: it starts the engine worker, the lesson index's fetch and the start-up itself (boot:
// the URL's scenario fetched and opened in the worker, its state into the store) at once, then loads the app (React
// and the views), so that the worker's script loads, compiles and opens the cluster while the app's code does.
import { earlyWorker, liveUrl, newEngineWorker } from './earlyWorker';
import { loadLessonIndex } from './lessons/catalog';
import { boot } from './boot';
import { startLive, startWorker } from './client';
import { warmFaces } from './faces';
import { useStore } from './store';
import './styles.css';

// a course page may post its commands as soon as the frame loads, before the app's code (and with it the embed
// API) has: they are kept, in order, and handed to the embed API when it starts
const early: MessageEvent[] = [];
const keep = (e: MessageEvent) => early.push(e);
window.addEventListener('message', keep);

// Each part of the start-up runs in a task of its own (issue 13: no long task while a lesson opens): on a first visit
// nothing is compiled yet, and the app's code ran in one task of 60-100 ms on a 2-core machine (React's DOM renderer
// alone is 40-60 ms of it). vite.config.ts (preloadAppChunks) fetches every part from the start.
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const client = earlyWorker ? startWorker(earlyWorker, newEngineWorker) : startLive(liveUrl!);
void loadLessonIndex().catch(() => undefined); // the lesson panel's (cached; a failure is fetched again when asked)
// boot's first part (the URL read, the scenario's fetch or opening asked of the worker) in the next task; the app's
// code loads meanwhile, a part per task: React's DOM renderer, the views, the app (which imports both)
const started = nextTask().then(() => ({ booting: boot(client, location.search, location.href) }));
// the faces of the first screen, one per task beside the code's (boot has set the language)
void started.then(() => warmFaces(document, useStore.getState().prefs.lang));
const loadApp = async () => {
  await started;
  await nextTask();
  await import('react-dom/client');
  await nextTask();
  await import('./views/registry');
  await nextTask();
  return import('./start');
};
loadApp()
  .then(async (m) => {
    window.removeEventListener('message', keep);
    m.start((await started).booting, early);
  })
  .catch((e: unknown) => {
    // the app's code could not load (offline before the first visit cached it): say so rather than a blank page
    const p = document.createElement('p');
    p.className = 'loading';
    p.setAttribute('role', 'alert');
    p.textContent = `The app could not load (${e instanceof Error ? e.message : String(e)}). Reload the page. · 应用加载失败，请刷新页面。`;
    document.getElementById('root')?.replaceChildren(p);
  });
