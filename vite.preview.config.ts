import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The local preview host page (`/preview`): a Zendesk-like ticket view. Built to dist/preview, never shipped in the app zip. */
export default defineConfig({
  root: fileURLToPath(new URL('./app/preview/page', import.meta.url)),
  base: '/preview/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/preview', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});
