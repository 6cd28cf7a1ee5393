// The entry chunk, kept small: it starts the engine worker, the lesson index's fetch and the start-up itself (boot:
// the URL's scenario fetched and opened in the worker, its state into the store) at once, then loads the app (React
// and the views), so that the worker's script loads, compiles and opens the cluster while the app's code does.
import { earlyWorker, liveUrl, newEngineWorker } from './earlyWorker';
import { loadLessonIndex } from './lessons/catalog';
import { boot } from './boot';
import { startLive, startWorker } from './client';
import './styles.css';

// a course page may post its commands as soon as the frame loads, before the app's code (and with it the embed
// API) has: they are kept, in order, and handed to the embed API when it starts
const early: MessageEvent[] = [];
const keep = (e: MessageEvent) => early.push(e);
window.addEventListener('message', keep);

const client = earlyWorker ? startWorker(earlyWorker, newEngineWorker) : startLive(liveUrl!);
void loadLessonIndex().catch(() => undefined); // the lesson panel's (cached; a failure is fetched again when asked)
const booting = boot(client, location.search, location.href);
import('./start')
  .then((m) => {
    window.removeEventListener('message', keep);
    m.start(booting, early);
  })
  .catch((e: unknown) => {
    // the app's code could not load (offline before the first visit cached it): say so rather than a blank page
    const p = document.createElement('p');
    p.className = 'loading';
    p.setAttribute('role', 'alert');
    p.textContent = `The app could not load (${e instanceof Error ? e.message : String(e)}). Reload the page. · 应用加载失败，请刷新页面。`;
    document.getElementById('root')?.replaceChildren(p);
  });
