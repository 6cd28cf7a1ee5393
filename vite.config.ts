import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';

/**
 * The built page starts the engine worker from an inline script in its head, as the HTML is parsed: the worker's
 * first state is on the first paint's path, and the entry chunk (deferred, as module scripts are) would start it
 * 150-250 ms later. src/ui/earlyWorker.ts takes it over (or starts its own: in dev, or when this one failed).
 */
function startEngineWorkerEarly(): Plugin {
  return {
    name: 'start-engine-worker-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const file = Object.keys(ctx.bundle ?? {}).find((f) => /(^|\/)engine\.worker-[\w-]+\.js$/.test(f));
        if (!file) throw new Error('start-engine-worker-early: no engine worker in the bundle');
        const script = `try{if(!new URLSearchParams(location.search).get('live')){var w=new Worker(${JSON.stringify(`./${file}`)},{type:'module'});w.onerror=function(){w.failed=true};window.__engineWorker=w}}catch(e){}`;
        return { html, tags: [{ tag: 'script', children: script, injectTo: 'head-prepend' }] };
      },
    },
  };
}

/**
 * The app's code (React's DOM renderer, the views, the app) is fetched and compiled from the start, beside the entry
 * chunk: main.tsx then runs each part in a task of its own without a fetch before each (fetched one after another
 * as it imports them, the page opened 200 ms later).
 */
function preloadAppChunks(): Plugin {
  const parts = [/\/react-dom\/client\.js$/, /\/src\/ui\/views\/registry\.ts$/, /\/src\/ui\/start\.tsx$/];
  return {
    name: 'preload-app-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const add = (file: string) => {
          const c = byFile.get(file);
          if (!c || c.isEntry || files.has(file)) return;
          files.add(file);
          c.imports.forEach(add);
        };
        for (const re of parts) {
          const c = chunks.find((x) => x.moduleIds.some((id) => re.test(id)));
          if (!c) throw new Error(`preload-app-chunks: no chunk for ${re}`);
          add(c.fileName);
        }
        const tags = [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${f}` }, injectTo: 'head' as const }));
        return { html, tags };
      },
    },
  };
}

// base './' so a course author can host the build under any sub-path.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    startEngineWorkerEarly(),
    preloadAppChunks(),
    // Offline after one visit: a Workbox service worker precaches the app, its workers, the lessons and the
    // scenarios; a new deployment installs beside the old one and the page offers to reload (src/ui/offline).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/ui/offline',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Kafka Anatomy',
        short_name: 'Kafka Anatomy',
        description: 'Kafka internals, step by step: an interactive visualizer',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f2937',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,json,svg,webmanifest}'] },
    }),
  ],
  worker: { format: 'es' },
  build: {
    // one stylesheet, in the page from the start: a chunk's own stylesheet, added when a view loaded while idle (or
    // the app after the entry chunk), had the browser recompute the style of the whole page (a 60 ms task)
    cssCodeSplit: false,
    rollupOptions: {
      input: { main: 'index.html' },
    },
  },
  test: {
    globals: true,
    environment: 'node',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60000,
    // vitest's default is one worker fewer than the cores: on a 2-core CI machine, one file at a time while the main
    // process mostly waits; two halve the wall time
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // the files of a worker share its modules: each file importing the engine, React and jsdom again cost more than
    // the tests (import 73 s of 172 s); every file sets up the state it reads (the store, the director), and the
    // suite passes in shuffled file order too
    isolate: false,
  },
});
