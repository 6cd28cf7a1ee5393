// The app, loaded by the entry chunk (main.tsx) once the worker has started.
import { earlyWorker, liveUrl, newEngineWorker } from './earlyWorker';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { boot } from './boot';
import { startLive, startWorker } from './client';
import { startEmbedApi } from './embed';
import { ErrorBoundary } from './Errors';
import { OfflineNotice } from './offline/OfflineNotice';
import { registerOffline } from './offline/register';

const client = earlyWorker ? startWorker(earlyWorker, newEngineWorker) : startLive(liveUrl!);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
    <OfflineNotice />
  </StrictMode>,
);
void registerOffline();
// the embedding API listens from the start: a host's commands wait for start-up, then apply in order
startEmbedApi(boot(client, location.search, location.href));
