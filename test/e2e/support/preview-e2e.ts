import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { oncePerRun } from '../../support/once-per-run.ts';
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
 * the demo data on a folder of its own, and chromium. `env` adds to the server's.
 */
export async function startPreviewE2E(env: Record<string, string>): Promise<PreviewE2E> {
  await buildSidebarAndPreviewOnce();
  const dataDir = await demoDataDir();
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    server = await startServer({ DATA_DIR: dataDir, TRIAGE_DEMO_DATA: 'on', ...env });
    browser = await launchBrowser();
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, browser, dataDir, stop };
}

/**
 * A copy of a folder `triage serve` has made its first start in (demo tickets imported, the first model trained, the
 * demo inbox triaged, then stopped), made once per run: that start costs a dozen seconds of CPU, each copy none.
 * The first start itself is tested in test/http/serve.test.ts. Outside a vitest run, an empty database.
 */
async function demoDataDir(): Promise<string> {
  const template = await oncePerRun('demo-data-dir', async (folder) => {
    const fresh = await freshPgliteDir();
    try {
      const server = await startServer({ DATA_DIR: fresh.dir, TRIAGE_DEMO_DATA: 'on' });
      if ((await server.stop()) !== 0) throw new Error(`the demo server did not stop cleanly:\n${server.output()}`);
      rmSync(folder, { recursive: true, force: true });
      renameSync(fresh.dir, folder);
    } finally {
      // Renamed into the run's folder when all went well; a failed first start leaves nothing behind.
      fresh.remove();
    }
  });
  if (template === null) return (await freshPgliteDir()).dir;
  const dir = mkdtempSync(join(tmpdir(), 'triage-e2e-demo-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}
