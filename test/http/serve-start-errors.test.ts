import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';
import { startServerProcess } from '../support/server-process.ts';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

const quiet = {
  LOG_LEVEL: 'info',
  TRIAGE_SHARED_SECRET: '',
  TRIAGE_ADMIN_TOKEN: '',
  DATABASE_URL: '',
  TRIAGE_WORKERS: '',
};

describe('triage serve on a busy port', () => {
  it('stops at once, before any first-start work, naming HOST:PORT, the PORT variable and the fix', async () => {
    const occupant: Server = createServer();
    await new Promise<void>((resolve) => occupant.listen({ host: '127.0.0.1', port: 0 }, resolve));
    cleanups.push(() => occupant.close());
    const port = (occupant.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'triage-busy-port-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const run = await runCli(['serve'], {
      env: { ...quiet, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TRIAGE_DEMO_DATA: 'on' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `triage: cannot listen on 127.0.0.1:${port}: another process is using port ${port}. Stop that process, or set PORT to a free port`,
    );
    expect(run.stderr).not.toMatch(/unexpected error/);
    // No database was created, no demo imported: the check came first.
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
    expect(run.stdout).not.toContain('imported demo tickets');
  }, 120_000);
});

describe('a second process on an open DATA_DIR', () => {
  it('is refused, for `triage serve` and `triage import` alike, naming the folder and the running server', async () => {
    const folder = await freshPgliteDir();
    cleanups.push(() => folder.remove());
    const server = await startServerProcess({ ...quiet, DATA_DIR: folder.dir, TRIAGE_DEMO_DATA: 'off' });
    cleanups.push(() => server.child.exitCode === null && server.child.kill('SIGKILL'));
    const holder = `DATA_DIR ${folder.dir} is in use by another process (pid ${server.child.pid}, "index.ts serve"`;

    // The refused second server and importer run the same `main` in this process: the running server holds the lock.
    const secondServer = await runCliInProcess(['serve'], {
      env: { ...quiet, DATA_DIR: folder.dir, PORT: '0', HOST: '127.0.0.1' },
    });
    const lines = join(folder.dir, '..', `${folder.dir.split('/').pop()}-import.jsonl`);
    writeFileSync(lines, '{}\n');
    cleanups.push(() => rmSync(lines, { force: true }));
    const importer = await runCliInProcess(['import', '--data', lines, '--data-dir', folder.dir], {
      env: { DATABASE_URL: '' },
    });
    for (const run of [secondServer, importer]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`triage: ${holder}`);
      expect(run.stderr).toMatch(
        /Stop that process first, or use PostgreSQL \(DATABASE_URL\) to run several instances/,
      );
    }
    // The running server is untouched and still answers.
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(join(folder.dir, '.lock'))).toBe(false);
  }, 180_000);
});
