import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const sidebarRoot = fileURLToPath(new URL('./app/sidebar', import.meta.url));
const assetsDir = fileURLToPath(new URL('./assets', import.meta.url));

/** assets/ also holds logos and screenshots, so only the bundle folder is emptied before a build. */
function cleanBundleFolder(): Plugin {
  let bundleFolder = `${assetsDir}/app`;
  return {
    name: 'clean-bundle-folder',
    apply: 'build',
    configResolved(config) {
      bundleFolder = `${config.build.outDir}/${config.build.assetsDir}`;
    },
    buildStart() {
      rmSync(bundleFolder, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the ticket_sidebar into assets/iframe.html + assets/app/*. Relative base: Zendesk serves the app's
 * assets from its own CDN path, and nothing may load from anywhere else (the ZAF SDK is bundled).
 */
export default defineConfig({
  root: sidebarRoot,
  base: './',
  plugins: [react(), cleanBundleFolder()],
  build: {
    outDir: assetsDir,
    emptyOutDir: false,
    assetsDir: 'app',
    target: 'es2020',
    sourcemap: false,
    rollupOptions: { input: `${sidebarRoot}/iframe.html` },
  },
});
