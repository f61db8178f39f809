import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';

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
 * What `npm run build` does, the sidebar into assets/ and the host page into dist/preview, once per test run
 * (TRIAGE_TEST_RUN, set by vitest.config.ts): the first e2e file to ask builds, the others wait for it. Their servers
 * all serve that output, so a file rebuilding it while another file's server serves it would also pull pages from
 * under that file's browser.
 */
export async function buildSidebarAndPreviewOnce(): Promise<void> {
  const buildBoth = async () => {
    await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: 'error' });
    await buildPreviewPage(`${root}/dist/preview`);
  };
  const run = process.env.TRIAGE_TEST_RUN;
  if (!run) return buildBoth();
  const marker = join(tmpdir(), `triage-e2e-build-${run}`);
  if (!claim(marker)) return waitForBuild(marker);
  try {
    await buildBoth();
  } catch (error) {
    writeFileSync(join(marker, 'failed'), '');
    throw error;
  }
  writeFileSync(join(marker, 'done'), '');
}

/** True when this process made `folder` (it builds); false when another did first. */
function claim(folder: string): boolean {
  try {
    mkdirSync(folder);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function waitForBuild(marker: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (existsSync(join(marker, 'done'))) return;
    if (existsSync(join(marker, 'failed'))) throw new Error('the sidebar build another test file ran failed');
    await sleep(200);
  }
  throw new Error('timed out waiting for the sidebar build another test file runs');
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
