import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { oncePerRun } from '../../support/once-per-run.ts';

export const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** On CI the browser tests must run: a missing chromium fails them instead of skipping. */
export const browserAvailable = existsSync(CHROMIUM) || process.env.CI === 'true';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Builds the preview host page into `outDir` (the same config `npm run build` uses). */
export async function buildPreviewPage(outDir: string): Promise<void> {
  await viteBuild({
    configFile: `${root}/vite.preview.config.ts`,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/**
 * What `npm run build` does, the sidebar into assets/ and the host page into dist/preview, once per test run: the
 * first e2e file to ask builds, the others wait for it. Their servers all serve that output, and the sidebar build
 * deletes assets/iframe.html and assets/app/ when it starts: a file rebuilding while another file's browser loads the
 * sidebar would leave that page without its app.
 */
export async function buildSidebarAndPreviewOnce(): Promise<void> {
  const buildBoth = async () => {
    await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: 'error' });
    await buildPreviewPage(`${root}/dist/preview`);
  };
  if ((await oncePerRun('sidebar-build', buildBoth)) === null) await buildBoth();
}

/** Builds a small app page (an `iframe.html` importing npm packages) into `outDir`. */
export async function buildAppPage(appRoot: string, outDir: string): Promise<void> {
  await viteBuild({
    configFile: false,
    root: appRoot,
    base: './',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: `${appRoot}/iframe.html` } },
  });
}

export const projectRoot = root;
