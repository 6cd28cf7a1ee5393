// The service worker (built by vite-plugin-pwa's injectManifest): Workbox precaches every file of the build
// (the app, its workers, the lessons and scenarios) and answers from the cache, so after one visit the app
// works with the network gone. A new deployment installs beside the old one and waits until the page asks
// it to take over (register.ts shows the notice).
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

self.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

cleanupOutdatedCaches();
// index.html?scenario=…&lang=zh is the same file: every query is ignored when matching the precache
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
