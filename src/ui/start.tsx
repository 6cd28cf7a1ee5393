// The app, loaded by the entry chunk (main.tsx) once the worker and the start-up are under way.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startEmbedApi } from './embed';
import { ErrorBoundary } from './Errors';
import { OfflineNotice } from './offline/OfflineNotice';
import { registerOffline } from './offline/register';

export function start(booting: Promise<void>): void {
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
  startEmbedApi(booting);
}
