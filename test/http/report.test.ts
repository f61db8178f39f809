import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody, InstallationCreated, LabelledTicket } from '../../src/contract/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import { RegistryKeyring, Sealer, startInstallations } from '../../server/installations/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { scopedTestRuntimes, testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const admin = `Bearer ${ADMIN_TOKEN}`;
const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

let runtime: TestRuntime;
let server: RunningApp;

beforeEach(async () => {
  runtime = testRuntime();
  server = await startApp(runtime);
});
afterEach(async () => {
  await server.close();
});

async function importDemoTickets(count: number): Promise<string[]> {
  const tickets = generateDemoTickets({ count, seed: 11 }).map((ticket) => LabelledTicket.parse(ticket));
  await runtime.store.upsertTickets(tickets.map((ticket) => importWrite(ticket)));
  return tickets.map((ticket) => ticket.subject);
}

describe('GET /v1/admin/report', () => {
  it.each([
    ['no credentials', null, 401, 'UNAUTHORIZED'],
    ['a wrong bearer token', 'Bearer not-the-admin-token-at-all', 403, 'FORBIDDEN'],
    ['a wrong Basic-auth password', basic('not-the-admin-token'), 401, 'UNAUTHORIZED'],
    ['an installation token', undefined, 403, 'FORBIDDEN'],
  ])('refuses %s', async (_name, authorization, status, code) => {
    const response = await server.call('GET', '/v1/admin/report', { authorization });
    expect(response.status).toBe(status);
    expect(ErrorBody.parse(await response.json()).error.code).toBe(code);
    expect(runtime.store.callsTo('labelledTickets')).toEqual([]);
  });

  it('asks a browser for the admin token with a Basic-auth challenge, again after a wrong password', async () => {
    for (const authorization of [null, basic('not-the-admin-token')]) {
      const response = await server.call('GET', '/v1/admin/report', { authorization });
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Triage Assist admin"/);
    }
  });

  it('answers 422 NO_LABELLED_TICKETS when the installation has no labelled tickets', async () => {
    const response = await server.call('GET', '/v1/admin/report', { authorization: admin });
    expect(response.status).toBe(422);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe('NO_LABELLED_TICKETS');
    expect(body.error.message).toContain('import labelled tickets');
  });

  it.each([
    ['an unknown query field', '?verbose=1', 400, 'VALIDATION_FAILED'],
    ['both installation and subdomain', '?installation=default&subdomain=acme', 400, 'BAD_QUERY'],
    ['an installation nobody registered', '?installation=nobody', 404, 'INSTALLATION_NOT_FOUND'],
  ])('refuses %s with a stable code', async (_name, query, status, code) => {
    const response = await server.call('GET', `/v1/admin/report${query}`, { authorization: admin });
    expect(response.status).toBe(status);
    expect(ErrorBody.parse(await response.json()).error.code).toBe(code);
  });

  it('serves the readiness page for the admin token as a Basic-auth password: held-out numbers, charts, agreement', async () => {
    const subjects = await importDemoTickets(150);
    const at = new Date().toISOString();
    for (const [index, kind] of (['accept', 'accept', 'accept', 'correct'] as const).entries())
      await runtime.store.appendFeedback({
        idempotencyKey: `report-fb-${index}`,
        ticketId: `t-${index}`,
        kind,
        label: 'billing',
        correctedLabel: kind === 'correct' ? 'bug' : null,
        tags: [],
        actor: { id: 'agent-1', role: 'agent' },
        at,
      });
    const response = await server.call('GET', '/v1/admin/report?subdomain=acme', { authorization: basic(ADMIN_TOKEN) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<h1>Readiness report</h1>');
    expect(html).toContain('150 labelled tickets');
    expect(html).toContain('5-fold cross-validation by ticket id');
    // Four charts at least (bands, coverage, reliability, per label) and the agreement trend, all inline SVG.
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('id="chart-agreement"');
    expect(html).toMatch(/agents accepted <strong>75\.0 %<\/strong> of 4 answered suggestions/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    for (const subject of subjects.slice(0, 20)) expect(html).not.toContain(subject);
  }, 60_000);
});

describe('GET /v1/admin/report with registered installations', () => {
  let registered: RunningApp;
  let keyring: RegistryKeyring;
  let acmeId: string;
  beforeAll(async () => {
    const root = testRuntime();
    const installations = await startInstallations(root.store, {
      sealer: new Sealer(Buffer.alloc(32, 5)),
      defaultSecret: SHARED_SECRET,
      syncIntervalMs: 60_000,
    });
    keyring = installations.keyring;
    registered = await startApp(root, {
      installations: { registry: installations.registry, keyring, purge: async () => ({}) },
      runtimeFor: scopedTestRuntimes(root),
    });
    const created = await registered.call('POST', '/v1/admin/installations', {
      authorization: admin,
      body: { subdomain: 'acme' },
    });
    acmeId = InstallationCreated.parse(await created.json()).id;
    // Only acme has labelled tickets; the default installation has none.
    const tickets = generateDemoTickets({ count: 80, seed: 12 }).map((ticket) => LabelledTicket.parse(ticket));
    await root.store.forInstallation(acmeId).upsertTickets(tickets.map((ticket) => importWrite(ticket)));
  });
  afterAll(async () => {
    keyring.stop();
    await registered.close();
  });

  it.each([
    ['?installation=acme', 200, null],
    ['?subdomain=acme', 200, null],
    ['', 422, 'NO_LABELLED_TICKETS'],
    ['?subdomain=not-registered', 422, 'NO_LABELLED_TICKETS'],
    ['?installation=not-registered', 404, 'INSTALLATION_NOT_FOUND'],
  ])(
    '%s reads the installation it names (an unregistered subdomain: the default one)',
    async (query, status, code) => {
      const response = await registered.call('GET', `/v1/admin/report${query}`, { authorization: admin });
      expect(response.status).toBe(status);
      if (code === null) expect(await response.text()).toContain(`installation ${acmeId} · 80 labelled tickets`);
      else expect(ErrorBody.parse(await response.json()).error.code).toBe(code);
    },
    60_000,
  );
});
