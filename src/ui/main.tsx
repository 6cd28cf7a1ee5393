// The entry chunk, kept tiny: it starts the engine worker and the start-up's fetches at once, then loads the app,
// so that the worker's script loads and compiles while the app's (React and the views) does.
import { earlyWorker } from './earlyWorker';
import { prefetchStartup } from './earlyFetch';
import './styles.css';

if (earlyWorker) prefetchStartup(location.search, location.href);
import('./start').catch((e: unknown) => {
  // the app's code could not load (offline before the first visit cached it): say so rather than a blank page
  const p = document.createElement('p');
  p.className = 'loading';
  p.setAttribute('role', 'alert');
  p.textContent = `The app could not load (${e instanceof Error ? e.message : String(e)}). Reload the page. · 应用加载失败，请刷新页面。`;
  document.getElementById('root')?.replaceChildren(p);
});
