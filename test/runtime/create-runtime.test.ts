import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/index.ts';
import { bootstrap } from '../../server/runtime/bootstrap.ts';
import { createRuntime } from '../../server/runtime/create-runtime.ts';
import type { Store } from '../../server/storage/index.ts';
import { usePgliteStore } from '../support/pglite-dir.ts';

const silent = pino({ level: 'silent' });
let dataDir: string;
let store: Store;
usePgliteStore((opened, dir) => {
  store = opened;
  dataDir = dir;
});

const config = () =>
  loadConfig({
    env: {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      TRIAGE_SHARED_SECRET: 'runtime-test-secret-0123456789',
      TRIAGE_ADMIN_TOKEN: 'runtime-test-admin-0123456789',
    },
    envFile: null,
  });

describe('createRuntime: loading the similar index', () => {
  it('reads every stored ticket into the index by default, and not at all with loadSimilarIndex off', async () => {
    // The demo import of a first start stores tickets (and loads the index itself).
    const first = await createRuntime(config(), silent, { store, live: false, loadSimilarIndex: false });
    expect(first.similar.loaded).toBe(false);
    const report = await bootstrap(first, silent, { demo: true });
    expect(report.importedDemo).toBeGreaterThan(0);
    expect(first.similar.loaded).toBe(true);
    expect(first.similar.size()).toBe(await store.countTickets());

    // A later start over the same database: the primary's kind of runtime leaves the index empty, a worker's fills it.
    const primary = await createRuntime(config(), silent, { store, live: false, loadSimilarIndex: false });
    expect(primary.similar.loaded).toBe(false);
    expect(primary.similar.size()).toBe(0);
    const worker = await createRuntime(config(), silent, { store, live: false });
    expect(worker.similar.loaded).toBe(true);
    expect(worker.similar.size()).toBe(await store.countTickets());
  }, 60_000);
});
