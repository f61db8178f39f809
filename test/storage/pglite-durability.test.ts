import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { feedback, ticket } from './store-contract.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folders: Array<{ remove(): void }> = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

/** Starts the writer child, waits for its acknowledgement, then kills it with SIGKILL (no clean close). */
function writeThenKill(dataDir: string): Promise<{ id: string; duplicate: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/storage/fixtures/write-then-wait.ts', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      child.kill('SIGKILL');
      child.on('close', () => resolve(JSON.parse(stdout.trim()) as { id: string; duplicate: boolean }));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}: ${stderr.slice(-500)}`));
    });
  });
}

describe('PGlite durability', { timeout: 120_000 }, () => {
  it('finds its data again after the folder is closed and reopened', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const first = await createStore({ dataDir: folder.dir });
    await first.upsertTickets([ticket('kept-1'), ticket('kept-2')]);
    const answer = await first.appendFeedback(
      feedback({ idempotencyKey: 'reopen-key-1', ticketId: 'kept-1', kind: 'correct', correctedLabel: 'fraud' }),
    );
    const jobId = await first.enqueueJob('retrain', { reason: 'test' });
    await first.close();

    const reopened = await createStore({ dataDir: folder.dir });
    try {
      expect(await reopened.countTickets()).toBe(2);
      expect((await reopened.getTicket('kept-1'))!.label).toBe('fraud');
      expect(await reopened.appendFeedback(feedback({ idempotencyKey: 'reopen-key-1' }))).toEqual({
        id: answer.id,
        duplicate: true,
      });
      expect((await reopened.getJob(jobId))!.status).toBe('pending');
    } finally {
      await reopened.close();
    }
  });

  it('keeps every acknowledged write when the process is killed without closing', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const acknowledged = await writeThenKill(folder.dir);
    expect(acknowledged.duplicate).toBe(false);

    const reopened = await createStore({ dataDir: folder.dir });
    try {
      expect((await reopened.getTicket('crash-1'))!.label).toBe('fraud');
      expect(await reopened.appendFeedback(feedback({ idempotencyKey: 'crash-key-1' }))).toEqual({
        id: acknowledged.id,
        duplicate: true,
      });
    } finally {
      await reopened.close();
    }
  });
});
