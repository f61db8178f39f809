import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { createStore } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { runCli, runCliInProcess } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'triage-import-cli-'));
const folders: Array<{ remove(): void }> = [];
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  folders.forEach((folder) => folder.remove());
});

// The runs that test the output of a case rather than the binary's wiring or its worker threads run the same `main` in
// this process: each spawned run pays seconds of start-up.
describe('triage import', { timeout: 120_000 }, () => {
  it('prints the report as JSON and stores the tickets, flagging rejected lines with exit code 3', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const file = join(work, 'tickets.jsonl');
    const lines = generateDemoTickets({ count: 30 }).map((ticket) => JSON.stringify(ticket));
    lines.splice(3, 0, '{"id": "x", "subject": "private words"');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const run = await runCli(['import', '--data', file, '--data-dir', folder.dir, '--batch-size', '8']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      received: 31,
      inserted: 30,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      errors: [{ line: 4, code: 'BAD_JSON', path: null }],
    });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('1 line(s) rejected');
    expect(`${run.stdout}${run.stderr}`).not.toContain('private words');

    const store = await createStore({ dataDir: folder.dir });
    try {
      expect(await store.countTickets()).toBe(30);
    } finally {
      await store.close();
    }
  });

  it('reports a NUL and a lone surrogate by line number and field and stores the other lines (checked on a worker thread)', async () => {
    const file = join(work, 'broken-text.jsonl');
    const lines = generateDemoTickets({ count: 6 }).map((ticket) => JSON.stringify(ticket));
    lines.splice(
      1,
      0,
      JSON.stringify({ ...generateDemoTickets({ count: 1 })[0], id: 'nul-1', description: 'private words\u0000' }),
    );
    lines.splice(
      4,
      0,
      JSON.stringify({
        ...generateDemoTickets({ count: 1 })[0],
        id: 'half-emoji-1',
        comments: [{ authorRole: 'requester', body: 'private words \ud83d' }],
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const folder = await freshPgliteDir();
    folders.push(folder);
    const run = await runCli(['import', '--data', file, '--data-dir', folder.dir, '--workers', '1']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      received: 8,
      inserted: 6,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      errors: [
        { line: 2, code: 'INVALID_TICKET', path: 'description' },
        { line: 5, code: 'INVALID_TICKET', path: 'comments.0.body' },
      ],
    });
    expect(`${run.stdout}${run.stderr}`).not.toContain('private words');
    const store = await createStore({ dataDir: folder.dir });
    try {
      expect(await store.countTickets()).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('exits 0 on a clean file', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const file = join(work, 'clean.jsonl');
    writeFileSync(
      file,
      generateDemoTickets({ count: 5 })
        .map((ticket) => JSON.stringify(ticket))
        .join('\n'),
    );
    const run = await runCliInProcess(['import', '--data', file, '--data-dir', folder.dir]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ received: 5, inserted: 5, rejected: 0 });
  });

  it('answers a missing file with one line and a non-zero exit', async () => {
    const run = await runCliInProcess(['import', '--data', join(work, 'nope.jsonl'), '--data-dir', join(work, 'db')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^triage: .*nope\.jsonl: no such file$/);
    expect(run.stdout).toBe('');
  });

  it('answers an unreachable database with one line that does not echo the URL password', async () => {
    const file = join(work, 'one.jsonl');
    writeFileSync(file, JSON.stringify(generateDemoTickets({ count: 1 })[0]));
    const run = await runCliInProcess([
      'import',
      '--data',
      file,
      '--database-url',
      'postgres://user:hunter2@127.0.0.1:1/none',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('cannot reach the database');
    expect(run.stderr).not.toContain('hunter2');
  });

  it('redacts on worker threads with --workers and still reports a bad line by number', async () => {
    const folder = await freshPgliteDir();
    folders.push(folder);
    const file = join(work, 'workers.jsonl');
    const lines = generateDemoTickets({ count: 250 }).map((ticket) => JSON.stringify(ticket));
    lines.splice(220, 0, '{"id": "x", "subject": "private words"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runCli(['import', '--data', file, '--data-dir', folder.dir, '--workers', '1']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      received: 251,
      inserted: 250,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      errors: [{ line: 221, code: 'BAD_JSON', path: null }],
    });
    expect(`${run.stdout}${run.stderr}`).not.toContain('private words');
  });

  it.each(['-1', '1.5', 'many', '65'])('rejects --workers %s', async (value) => {
    const run = await runCliInProcess(['import', '--data', join(work, 'one.jsonl'), '--workers', value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--workers must be a whole number from 0 to 64');
  });

  it('rejects a bad batch size', async () => {
    const run = await runCliInProcess(['import', '--data', join(work, 'one.jsonl'), '--batch-size', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--batch-size');
  });
});
