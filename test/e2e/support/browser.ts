import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';

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
  await build({
    configFile: `${root}/vite.preview.config.ts`,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** Builds a small app page (an `iframe.html` importing npm packages) into `outDir`. */
export async function buildAppPage(appRoot: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: appRoot,
    base: './',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: `${appRoot}/iframe.html` } },
  });
}

export const projectRoot = root;
