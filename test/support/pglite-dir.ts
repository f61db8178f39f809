import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../../server/storage/index.ts';

const version = (
  JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;
const template = join(tmpdir(), `triage-test-pglite-template-${version}`);

/**
 * A fresh PGlite data folder. initdb in WASM takes tens of seconds on a busy machine, so the first call
 * creates an empty cluster once (per PGlite version) and every test copies it.
 */
export async function freshPgliteDir(): Promise<{ dir: string; remove(): void }> {
  if (!existsSync(template)) {
    const building = mkdtempSync(join(tmpdir(), 'triage-test-pglite-build-'));
    const database = await PGlite.create(building);
    await database.close();
    try {
      renameSync(building, template);
    } catch {
      // Another test file won the race: its template is as good as ours.
      rmSync(building, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'triage-test-pglite-'));
  cpSync(template, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A PGlite store in a fresh folder for the enclosing suite: opened before its tests (handed to `onOpen` with the
 * folder), closed and removed after them.
 */
export function usePgliteStore(onOpen: (store: Store, dir: string) => void): void {
  let folder: { dir: string; remove(): void } | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    folder = await freshPgliteDir();
    store = await createStore({ dataDir: folder.dir });
    onOpen(store, folder.dir);
  });
  afterAll(async () => {
    await store?.close();
    folder?.remove();
  });
}
