import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { freshPgliteDir } from '../../support/pglite-dir.ts';
import { buildSidebarAndPreviewOnce, launchBrowser } from './browser.ts';
import { startServer, type ServerProcess } from './server-process.ts';

export interface PreviewE2E {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** The server's embedded database folder (a test may open it once the server has stopped). */
  readonly dataDir: string;
  /** Closes the browser, stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * What each preview e2e file starts from: the sidebar and the host page built (once per run), `triage serve` with
 * the demo data on a copy of an empty embedded database (no initdb), and chromium. `env` adds to the server's.
 */
export async function startPreviewE2E(env: Record<string, string>): Promise<PreviewE2E> {
  await buildSidebarAndPreviewOnce();
  const folder = await freshPgliteDir();
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    await rm(folder.dir, { recursive: true, force: true });
  };
  try {
    server = await startServer({ DATA_DIR: folder.dir, TRIAGE_DEMO_DATA: 'on', ...env });
    browser = await launchBrowser();
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, browser, dataDir: folder.dir, stop };
}
