import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const appRoot = fileURLToPath(new URL('./app', import.meta.url));
const assetsDir = fileURLToPath(new URL('./assets', import.meta.url));

/**
 * assets/ also holds logos and screenshots, so only what a build writes is removed before one: the bundle folder and
 * the HTML pages (a page an earlier build wrote, such as the former `review.html`, would otherwise be packaged).
 */
function cleanBuildOutput(): Plugin {
  let outDir = assetsDir;
  let bundleFolder = `${assetsDir}/app`;
  return {
    name: 'clean-build-output',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      bundleFolder = `${config.build.outDir}/${config.build.assetsDir}`;
    },
    buildStart() {
      rmSync(bundleFolder, { recursive: true, force: true });
      if (!existsSync(outDir)) return;
      for (const name of readdirSync(outDir)) if (name.endsWith('.html')) rmSync(join(outDir, name), { force: true });
    },
  };
}

/**
 * Builds the app into assets/: one page, `iframe.html`, which every location in manifest.json loads (the app reads
 * its location from the host), and its bundle under assets/app/. Relative base: Zendesk serves the app's assets
 * from its own CDN path, and nothing may load from anywhere else (the ZAF SDK is bundled).
 */
export default defineConfig({
  root: appRoot,
  base: './',
  publicDir: false,
  plugins: [react(), cleanBuildOutput()],
  build: {
    outDir: assetsDir,
    emptyOutDir: false,
    assetsDir: 'app',
    target: 'es2020',
    sourcemap: false,
    rollupOptions: { input: { app: `${appRoot}/iframe.html` } },
  },
});
