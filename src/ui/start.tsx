// The app, loaded by the entry chunk (main.tsx) once the worker and the start-up are under way.
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startEmbedApi } from './embed';
import { ErrorBoundary } from './Errors';
import { OfflineNotice } from './offline/OfflineNotice';
import { registerOffline } from './offline/register';

/** `early`: the host's messages that arrived while this code loaded (main.tsx kept them). */
export function start(booting: Promise<void>, early: MessageEvent[] = []): void {
  const root = createRoot(document.getElementById('root')!);
  // a transition: the first render comes in slices (the worker's first state may be there already: the whole page)
  startTransition(() =>
    root.render(
      <StrictMode>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
        <OfflineNotice />
      </StrictMode>,
    ),
  );
  void registerOffline();
  // the embedding API listens from the start: a host's commands wait for start-up, then apply in order
  startEmbedApi(booting, early);
}
