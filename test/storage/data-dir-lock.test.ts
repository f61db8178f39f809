import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createStore, DataDirLockedError, LOCK_FILE } from '../../server/storage/index.ts';
import { LOCK_STALE_MS } from '../../server/storage/data-dir-lock.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

const folders: Array<{ remove(): void }> = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

async function folder(): Promise<string> {
  const made = await freshPgliteDir();
  folders.push(made);
  return made.dir;
}

/** The pid of a process that has exited: what a crashed server leaves in its lock. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dataDir: string, holder: { pid: number; hostname: string }): void {
  writeFileSync(
    join(dataDir, LOCK_FILE),
    JSON.stringify({ ...holder, startedAt: '2024-01-01T00:00:00.000Z', command: 'index.ts serve' }),
  );
}

describe('one process per embedded database folder', { timeout: 120_000 }, () => {
  it('refuses a second open of a folder that is open, naming the folder, the holder and the fix', async () => {
    const dataDir = await folder();
    const first = await createStore({ dataDir });
    try {
      const second = await createStore({ dataDir }).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(DataDirLockedError);
      const refused = second as DataDirLockedError;
      expect(refused.code).toBe('DATA_DIR_LOCKED');
      expect(refused.holder.pid).toBe(process.pid);
      expect(refused.message).toContain(`DATA_DIR ${dataDir} is in use by another process (pid ${process.pid}`);
      expect(refused.message).toMatch(/Stop that process first, or use PostgreSQL \(DATABASE_URL\)/);
      // The refused open changed nothing: the first store still works.
      expect(await first.countTickets()).toBe(0);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const reopened = await createStore({ dataDir });
    await reopened.close();
  });

  it('records the holder in DATA_DIR/.lock while the folder is open', async () => {
    const dataDir = await folder();
    const store = await createStore({ dataDir });
    try {
      const holder = z
        .object({ pid: z.number(), hostname: z.string(), command: z.string(), startedAt: z.string() })
        .parse(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')));
      expect(holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    } finally {
      await store.close();
    }
  });

  it('keeps its lock fresh while the folder is open, so other hosts do not take it over', async () => {
    const dataDir = await folder();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const store = await createStore({ dataDir });
      try {
        const longAgo = new Date(Date.now() - LOCK_STALE_MS - 5_000);
        utimesSync(join(dataDir, LOCK_FILE), longAgo, longAgo);
        vi.advanceTimersByTime(10_000);
        expect(Date.now() - statSync(join(dataDir, LOCK_FILE)).mtimeMs).toBeLessThan(5_000);
      } finally {
        await store.close();
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dataDir = await folder();
    writeLock(dataDir, { pid: deadPid(), hostname: hostname() });
    const store = await createStore({ dataDir });
    try {
      expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await store.close();
    }
  });

  it('takes over a lock file it cannot read as a lock', async () => {
    const dataDir = await folder();
    writeFileSync(join(dataDir, LOCK_FILE), '');
    const store = await createStore({ dataDir });
    await store.close();
  });

  it('takes over a lock with its own pid that it does not hold (a restarted container is pid 1 again)', async () => {
    const dataDir = await folder();
    writeLock(dataDir, { pid: process.pid, hostname: hostname() });
    const store = await createStore({ dataDir });
    await store.close();
  });

  it('refuses a fresh lock held on another host, which it cannot check, and names that host', async () => {
    const dataDir = await folder();
    writeLock(dataDir, { pid: deadPid(), hostname: 'other-host.example' });
    await expect(createStore({ dataDir })).rejects.toThrow(
      /on host other-host\.example.*taken over once it has not been refreshed for 60 s.*delete .*\.lock/,
    );
  });

  it('takes over a lock from another host that its holder stopped refreshing (a replaced container)', async () => {
    const dataDir = await folder();
    writeLock(dataDir, { pid: process.pid, hostname: 'replaced-container' });
    const longAgo = new Date(Date.now() - LOCK_STALE_MS - 5_000);
    utimesSync(join(dataDir, LOCK_FILE), longAgo, longAgo);
    const store = await createStore({ dataDir });
    await store.close();
  });
});
