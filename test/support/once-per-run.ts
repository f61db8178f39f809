import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const PREFIX = 'triage-test-once-';

/**
 * Runs `work` once per vitest run (TRIAGE_TEST_RUN, set by vitest.config.ts) however many test files ask for it by
 * `name`: the first to ask runs it in the folder it is handed, the others wait until it is done and get the same
 * folder, which goes when the run ends (removeRunFolders). Null, and nothing run, outside such a run.
 */
export async function oncePerRun(name: string, work: (folder: string) => Promise<void>): Promise<string | null> {
  const run = process.env.TRIAGE_TEST_RUN;
  if (!run) return null;
  const folder = join(tmpdir(), `${PREFIX}${run}-${name}`);
  if (!claim(folder)) {
    await waitFor(folder);
    return join(folder, 'out');
  }
  try {
    mkdirSync(join(folder, 'out'));
    await work(join(folder, 'out'));
  } catch (error) {
    writeFileSync(join(folder, 'failed'), '');
    throw error;
  }
  writeFileSync(join(folder, 'done'), '');
  return join(folder, 'out');
}

/** Removes what oncePerRun made for `run` (vitest's global teardown). */
export function removeRunFolders(run: string): void {
  for (const name of readdirSync(tmpdir()))
    if (name.startsWith(`${PREFIX}${run}-`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
}

/** A run killed before its teardown leaves its folders (each may hold a demo database): gone after a day. */
const STALE_AFTER_MS = 24 * 3_600_000;

/** Removes what oncePerRun made for runs that ended (or were killed) more than a day ago. */
export function removeStaleRunFolders(now = Date.now()): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = join(tmpdir(), name);
    try {
      if (now - statSync(folder).mtimeMs > STALE_AFTER_MS) rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** True when this process made `folder` (it does the work); false when another did first. */
function claim(folder: string): boolean {
  try {
    mkdirSync(folder);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function waitFor(folder: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (existsSync(join(folder, 'done'))) return;
    if (existsSync(join(folder, 'failed'))) throw new Error(`${folder}: another test file's work there failed`);
    await sleep(200);
  }
  throw new Error(`${folder}: timed out waiting for another test file's work there`);
}
