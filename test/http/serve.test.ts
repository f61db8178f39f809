import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadyResponse, TriageResult } from '../../src/contract/index.ts';
import { runCli } from '../support/run-cli.ts';
import {
  serverSecret,
  serverToken,
  startServerProcess,
  triageInFlight,
  type ServerProcess,
} from '../support/server-process.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = (await freshPgliteDir()).dir;
  server = await startServerProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    TRIAGE_SHARED_SECRET: '',
    TRIAGE_ADMIN_TOKEN: '',
    DATABASE_URL: '',
  });
});
afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const token = (): string => serverToken(server);

describe('triage serve (npm start)', () => {
  it('on a fresh data dir imports the demo data, trains a model, and names where the generated secrets are', async () => {
    const stderr = server.stderr();
    const secretsFile = join(dataDir, 'secrets.json');
    expect(stderr).toContain(`Shared secret: kept in ${secretsFile} (mode 0600)`);
    expect(stderr).toContain(`Admin token: kept in ${secretsFile}`);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(stderr).toContain(`$(npm run -s triage -- token --data-dir ${dataDir})`);
    expect(stderr).toContain('/preview');
    expect(stderr).toMatch(/review queue: http:\/\/localhost:\d+\/preview\/review/);
    const root = await fetch(`${server.base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/preview');
    const ready = ReadyResponse.parse(await (await fetch(`${server.base}/readyz`)).json());
    expect(ready).toMatchObject({ ready: true, database: { ok: true, engine: 'pglite' }, model: { ok: true } });
    expect(ready.similar.tickets).toBeGreaterThanOrEqual(600);
    const response = await fetch(`${server.base}/v1/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify({
        ticket: {
          id: 'serve-1',
          subject: 'Charged twice',
          description: 'Hi, I am Ana Ruiz (ana.ruiz@example.com). My card was charged twice for the invoice.',
        },
      }),
    });
    expect(response.status).toBe(200);
    const result = TriageResult.parse(await response.json());
    expect(result.similar.length).toBeGreaterThan(0);
    expect(result.redaction.total).toBeGreaterThan(0);
  });

  it('prints neither the secrets nor a token into its output when it is not a terminal', () => {
    const { sharedSecret, adminToken } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
      sharedSecret: string;
      adminToken: string;
    };
    for (const output of [server.stdout(), server.stderr()]) {
      expect(output).not.toContain(sharedSecret);
      expect(output).not.toContain(adminToken);
      // Any JWT: base64url of '{"' opens its header.
      expect(output).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    }
  });

  it("accepts the token `triage token --data-dir` prints, as the banner's curl line uses it", async () => {
    const minted = await runCli(['token', '--data-dir', dataDir], { env: { TRIAGE_SHARED_SECRET: '', DATA_DIR: '' } });
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const response = await fetch(`${server.base}/v1/similar?q=refund`, {
      headers: { authorization: `Bearer ${minted.stdout.trim()}` },
    });
    expect(response.status).toBe(200);
  });

  it('finishes an in-flight request on SIGTERM, then exits 0; logs hold neither ticket text nor the secret', async () => {
    const body = JSON.stringify({
      ticket: {
        id: 'inflight-1',
        subject: 'Refund for Quincy Zephyrton',
        description: 'Please refund the duplicate invoice payment, my e-mail is quincy.zephyrton@example.com.',
      },
    });
    // Half the body now: the request is in flight when the signal arrives.
    const answer = triageInFlight(server, body, /shutting down/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(TriageResult.parse(JSON.parse(text)).ticketId).toBe('inflight-1');
    expect(await server.exited).toBe(0);
    const logs = server.stdout();
    expect(logs).toContain('"msg":"stopped"');
    for (const value of ['Quincy', 'Zephyrton', 'quincy.zephyrton@example.com', 'Ana Ruiz', serverSecret(server)])
      expect(logs).not.toContain(value);
  });
});

describe('triage serve, stopped twice', () => {
  it('exits 1 at once on Ctrl-C after SIGTERM while a request keeps it draining', async () => {
    const folder = await freshPgliteDir();
    const twice = await startServerProcess({
      DATA_DIR: folder.dir,
      LOG_LEVEL: 'info',
      TRIAGE_DEMO_DATA: 'off',
      TRIAGE_SHARED_SECRET: '',
      TRIAGE_ADMIN_TOKEN: '',
      DATABASE_URL: '',
    });
    try {
      // Half a request that is never finished: the first SIGTERM waits for it.
      const held = triageInFlight(
        twice,
        JSON.stringify({ ticket: { id: 'held', subject: 'x', description: 'y' } }),
        /never printed/,
      ).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 300));
      twice.child.kill('SIGTERM');
      await twice.waitForOutput(/shutting down/);
      // Ctrl-C while draining.
      twice.child.kill('SIGINT');
      expect(await twice.exited).toBe(1);
      expect(twice.stdout()).toContain('"msg":"second signal: exiting without waiting"');
      await held;
    } finally {
      if (twice.child.exitCode === null) twice.child.kill('SIGKILL');
      folder.remove();
    }
  }, 60_000);
});
