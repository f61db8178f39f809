import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  ImportReport,
  TriageResult,
  VerdictResponse,
  type LabelledTicket,
} from '../../src/contract/index.ts';
import { loadConfig } from '../../server/config/index.ts';
import { createRuntime, type RuntimeHandle } from '../../server/runtime/create-runtime.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { createTestDatabase, postgresAvailable } from '../support/postgres.ts';

const silent = pino({ level: 'silent' });
const LONE_SURROGATE = /\p{Cs}/u;

interface Engine {
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

async function pglite(): Promise<Engine> {
  const folder = await freshPgliteDir();
  return { env: { DATA_DIR: folder.dir }, dispose: async () => folder.remove() };
}

async function postgres(): Promise<Engine> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'triage-text-pg-'));
  return {
    env: { DATABASE_URL: database.url, DATA_DIR: dataDir },
    dispose: async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const history: Partial<LabelledTicket>[] = [
  {
    subject: 'Invoice is missing our VAT number',
    description: 'The October invoice lacks our VAT number.',
    label: 'billing',
  },
  {
    subject: 'Charged twice this month',
    description: 'We were billed twice for the same subscription.',
    label: 'billing',
  },
  {
    subject: 'Refund for the annual plan',
    description: 'Please refund the annual plan we cancelled.',
    label: 'billing',
  },
  {
    subject: 'Export button crashes the page',
    description: 'Clicking export shows an error and the page freezes.',
    label: 'bug',
  },
  {
    subject: 'Dashboard chart shows wrong totals',
    description: 'The totals in the chart do not add up after the update.',
    label: 'bug',
  },
  {
    subject: 'Search returns nothing',
    description: 'Searching for any ticket returns an empty list since today.',
    label: 'bug',
  },
];

async function* jsonLines(prefix: string): AsyncGenerator<string> {
  for (const [index, ticket] of history.entries()) yield JSON.stringify({ id: `${prefix}-${index + 1}`, ...ticket });
}

function importLines(): string {
  const lines = history.map((ticket, index) => JSON.stringify({ id: `import-${index + 1}`, ...ticket }));
  // Line 3 holds a NUL in its description, line 5 half an emoji in its subject: both are reported, the rest stored.
  lines.splice(
    2,
    0,
    JSON.stringify({ id: 'bad-nul', subject: 'Broken', description: 'before\u0000after', label: 'bug' }),
  );
  lines.splice(
    4,
    0,
    JSON.stringify({ id: 'bad-surrogate', subject: 'Thanks \ud83d', description: 'text', label: 'bug' }),
  );
  return `${lines.join('\n')}\n`;
}

describe.each([
  { name: 'PGlite', open: pglite, available: true },
  { name: 'PostgreSQL', open: postgres, available: postgresAvailable },
])('text at the boundary on $name', ({ open, available }) => {
  let engine: Engine | undefined;
  let handle: RuntimeHandle | undefined;
  let server: RunningApp;

  beforeAll(async () => {
    if (!available) return;
    engine = await open();
    const config = loadConfig({
      env: { ...engine.env, TRIAGE_SHARED_SECRET: SHARED_SECRET, TRIAGE_ADMIN_TOKEN: ADMIN_TOKEN },
      envFile: null,
    });
    handle = await createRuntime(config, silent);
    await handle.runtime.importer(jsonLines('history'));
    await handle.trainer.train();
    server = await startApp(handle.runtime);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await handle?.close();
    await engine?.dispose();
  });

  it.runIf(available)(
    'imports the valid lines and reports a NUL and a lone surrogate by line number and field',
    async () => {
      const response = await server.call('POST', '/v1/admin/import', {
        rawBody: importLines(),
        contentType: 'application/x-ndjson',
        authorization: `Bearer ${ADMIN_TOKEN}`,
      });
      expect(response.status).toBe(200);
      const report = ImportReport.parse(await response.json());
      expect(report).toMatchObject({ received: 8, inserted: 6, rejected: 2 });
      expect(report.errors).toEqual([
        { line: 3, code: 'INVALID_TICKET', path: 'description' },
        { line: 5, code: 'INVALID_TICKET', path: 'subject' },
      ]);
      expect(await handle!.store.countTickets()).toBe(2 * history.length);
    },
  );

  it.runIf(available)(
    'triages a subject whose 140-character cut falls inside an emoji, on every retry',
    async () => {
      const ticket = { id: 'emoji-cut', subject: `${'x'.repeat(138)}🙏🙏`, description: '' };
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await server.call('POST', '/v1/triage', { body: { ticket } });
        expect(response.status).toBe(200);
        const result = TriageResult.parse(await response.json());
        expect(result.summary.length).toBeLessThanOrEqual(140);
        expect(result.summary).toBe(`X${'x'.repeat(137)}…`);
        expect(LONE_SURROGATE.test(result.summary)).toBe(false);
      }
    },
    60_000,
  );

  it.runIf(available)('answers 400 naming params.id for a NUL in a ticket id path parameter', async () => {
    const response = await server.call('GET', '/v1/tickets/%00/verdict');
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'params.id',
    });
    // A well-formed id still answers.
    VerdictResponse.parse(await (await server.call('GET', '/v1/tickets/emoji-cut/verdict')).json());
  });
});
