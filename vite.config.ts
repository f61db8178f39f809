import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const appRoot = fileURLToPath(new URL('./app', import.meta.url));
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
 * Each location's page sits in its own folder under app/ (`sidebar/iframe.html`, `review/review.html`), but the
 * manifest names them at the top of assets/: the pages move up one level, and their relative `../app/…`
 * script and style URLs become `./app/…`.
 */
function pagesAtAssetsRoot(): Plugin {
  return {
    name: 'pages-at-assets-root',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'asset' || !fileName.endsWith('.html') || !fileName.includes('/')) continue;
        const source = String(output.source).replace(/(\s(?:src|href)=")\.\.\//g, '$1./');
        delete bundle[fileName];
        this.emitFile({ type: 'asset', fileName: basename(fileName), source });
      }
    },
  };
}

/**
 * Builds the app's locations into assets/: the ticket_sidebar (`iframe.html`) and the nav_bar review queue
 * (`review.html`), sharing chunks under assets/app/. Relative base: Zendesk serves the app's assets from its own
 * CDN path, and nothing may load from anywhere else (the ZAF SDK is bundled).
 */
export default defineConfig({
  root: appRoot,
  base: './',
  publicDir: false,
  plugins: [react(), cleanBundleFolder(), pagesAtAssetsRoot()],
  build: {
    outDir: assetsDir,
    emptyOutDir: false,
    assetsDir: 'app',
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      input: { sidebar: `${appRoot}/sidebar/iframe.html`, review: `${appRoot}/review/review.html` },
      // The chunk both pages load (React, Garden, zod, the SDK) is named for what it is, not its first module.
      output: { chunkFileNames: (chunk) => (chunk.name.includes('runtime') ? 'app/[name]-[hash].js' : 'app/shared-[hash].js') },
    },
  },
});
