import { earlyWorker } from './earlyWorker';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { boot } from './boot';
import { startWorker } from './client';
import { startEmbedApi } from './embed';
import { ErrorBoundary } from './Errors';
import { OfflineNotice } from './offline/OfflineNotice';
import { registerOffline } from './offline/register';
import './styles.css';

const client = startWorker(earlyWorker);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary><App /></ErrorBoundary>
    <OfflineNotice />
  </StrictMode>,
);
void registerOffline();
// embed.html: player controls by default (embed-api.md)
void boot(client, location.search, location.href, document.body.dataset.page === 'embed' ? 'player' : 'full').then(startEmbedApi);
