import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// base './' so a course author can host the build under any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
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
  },
});
