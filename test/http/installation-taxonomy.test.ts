import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  InstallationCreated,
  InstallationTaxonomy,
  InstallationTaxonomyCleared,
  InstallationTaxonomySet,
  TaxonomyView,
  TriageResult,
} from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { InstallationRegistry, RegistryKeyring, Sealer, startInstallations } from '../../server/installations/index.ts';
import { InstallationTaxonomies } from '../../server/tenants/index.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp, type RunningApp } from '../support/http.ts';
import { scopedTestRuntimes, taxonomy as fileTaxonomy, testRuntime } from '../support/test-runtime.ts';

const SYNC_MS = 50;
const sealer = new Sealer(Buffer.alloc(32, 5));

let server: RunningApp;
let registry: InstallationRegistry;
let keyring: RegistryKeyring;
let store: ReturnType<typeof testRuntime>['store'];
const secrets: Record<string, string> = {};

beforeAll(async () => {
  const runtime = testRuntime();
  store = runtime.store;
  ({ registry, keyring } = await startInstallations(runtime.store, {
    sealer,
    defaultSecret: SHARED_SECRET,
    syncIntervalMs: SYNC_MS,
  }));
  const taxonomies = new InstallationTaxonomies(runtime.taxonomy, pino({ level: 'silent' }));
  await taxonomies.follow(registry, keyring);
  server = await startApp(runtime, {
    installations: { registry, keyring, purge: async () => ({}) },
    runtimeFor: scopedTestRuntimes(runtime, { taxonomy: (installation) => taxonomies.sourceFor(installation) }),
  });
  for (const subdomain of ['acme', 'beta']) {
    const response = await adminCall('POST', '/v1/admin/installations', { body: JSON.stringify({ subdomain }) });
    secrets[subdomain] = InstallationCreated.parse(await response.json()).sharedSecret;
  }
});
afterAll(async () => {
  keyring.stop();
  await server.close();
});

const adminCall = (method: string, path: string, options: { body?: string; contentType?: string } = {}) =>
  server.call(method, path, {
    authorization: `Bearer ${ADMIN_TOKEN}`,
    ...(options.body === undefined
      ? {}
      : { rawBody: options.body, contentType: options.contentType ?? 'application/json' }),
  });
const putTaxonomy = (subdomain: string, yaml: string, contentType = 'application/yaml') =>
  adminCall('PUT', `/v1/admin/installations/${subdomain}/taxonomy`, { body: yaml, contentType });
const as = async (subdomain: string) =>
  `Bearer ${await signInstallationToken(secrets[subdomain]!, { installation: subdomain })}`;
const labelsOf = async (subdomain: string) => {
  const response = await server.call('GET', '/v1/taxonomy', { authorization: await as(subdomain) });
  expect(response.status).toBe(200);
  return TaxonomyView.parse(await response.json()).labels.map((label) => label.id);
};
const triage = async (subdomain: string, id: string, subject: string) => {
  const response = await server.call('POST', '/v1/triage', {
    authorization: await as(subdomain),
    body: { ticket: { id, subject, description: subject, status: 'open' } },
  });
  expect(response.status).toBe(200);
  return TriageResult.parse(await response.json());
};
const errorOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  return ErrorBody.parse(await response.json()).error;
};

describe("an installation's own taxonomy", () => {
  it('serves its labels and restricts its triage to them; another installation keeps the file', async () => {
    const set = await putTaxonomy('acme', ownTaxonomy('acme-1'));
    expect(set.status).toBe(200);
    expect(InstallationTaxonomySet.parse(await set.json())).toMatchObject({
      subdomain: 'acme',
      version: 'acme-1',
      labels: 2,
    });
    // In force at once on the instance that took it.
    expect(await labelsOf('acme')).toEqual(['billing', 'shipping']);
    expect(await labelsOf('beta')).toEqual(fileTaxonomy.labelIds);
    expect((await server.call('GET', '/v1/taxonomy')).status).toBe(200);

    // The model double answers how_to (0.7) for this text: a draft under the file, but not a label of acme's, so
    // never drafted or applied there, and no alternative outside acme's labels.
    const acme = await triage('acme', 'a-1', 'How do I export my data');
    expect(acme.label.name).toBe('how_to');
    expect(acme.decision).toBe('review');
    expect(acme.alternatives.every((alternative) => ['billing', 'shipping'].includes(alternative.label))).toBe(true);
    const beta = await triage('beta', 'b-1', 'How do I export my data');
    expect(beta.label.name).toBe('how_to');
    expect(beta.decision).toBe('draft');
    // `invoice` is billing in both.
    expect((await triage('acme', 'a-2', 'Where is my invoice')).label.name).toBe('billing');

    const shown = InstallationTaxonomy.parse(
      await (await adminCall('GET', '/v1/admin/installations/acme/taxonomy')).json(),
    );
    expect(shown).toMatchObject({ subdomain: 'acme', source: 'installation', yaml: ownTaxonomy('acme-1') });
    const beta0 = InstallationTaxonomy.parse(
      await (await adminCall('GET', '/v1/admin/installations/beta/taxonomy')).json(),
    );
    expect(beta0).toMatchObject({ subdomain: 'beta', source: 'file', yaml: null });
  });

  it("refuses a correction to a label only the other installation's taxonomy has: 400 UNKNOWN_LABEL", async () => {
    await putTaxonomy('acme', ownTaxonomy('acme-1'));
    await triage('acme', 'fb-1', 'Where is my invoice');
    await triage('beta', 'fb-1', 'Where is my invoice');
    const correct = async (subdomain: string, label: string, key: string) =>
      server.call('POST', '/v1/feedback', {
        authorization: await as(subdomain),
        body: {
          idempotencyKey: key,
          ticketId: 'fb-1',
          kind: 'correct',
          label: 'billing',
          correctedLabel: label,
          actor: { id: 'agent-7' },
          at: '2026-12-01T10:00:00Z',
        },
      });
    // `bug` is the file's, not acme's; `shipping` is acme's, not the file's.
    expect((await errorOf(await correct('acme', 'bug', 'fb-key-0001'), 400)).code).toBe('UNKNOWN_LABEL');
    expect((await errorOf(await correct('beta', 'shipping', 'fb-key-0002'), 400)).code).toBe('UNKNOWN_LABEL');
    expect((await correct('acme', 'shipping', 'fb-key-0003')).status).toBe(201);
    expect((await correct('beta', 'bug', 'fb-key-0004')).status).toBe(201);
  });

  it('refuses invalid YAML with the parser message, keeping the taxonomy in force', async () => {
    await putTaxonomy('acme', ownTaxonomy('acme-1'));
    const broken = ownTaxonomy('acme-2').replace('ticketType: question', 'ticketType: letter');
    const refused = await errorOf(await putTaxonomy('acme', broken), 400);
    expect(refused.code).toBe('TAXONOMY_INVALID');
    expect(refused.message).toContain('labels[0].ticketType');
    const notYaml = await errorOf(await putTaxonomy('acme', 'labels: [unclosed\n\tversion: 1'), 400);
    expect(notYaml.code).toBe('TAXONOMY_INVALID');
    expect(notYaml.message).toMatch(/not valid YAML/);
    expect(await labelsOf('acme')).toEqual(['billing', 'shipping']);
    expect(await registry.taxonomyOf((await registry.get('acme')).id)).toBe(ownTaxonomy('acme-1'));
  });

  it('answers the documented errors: JSON body, the default installation, an unknown subdomain', async () => {
    expect((await errorOf(await putTaxonomy('acme', ownTaxonomy('x'), 'application/json'), 415)).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await putTaxonomy('acme', ownTaxonomy('acme-1'), 'text/yaml; charset=utf-8')).status).toBe(200);
    const defaultRefused = await errorOf(await putTaxonomy('default', ownTaxonomy('x')), 409);
    expect(defaultRefused.code).toBe('DEFAULT_INSTALLATION');
    expect(defaultRefused.message).toMatch(/edit the file TRIAGE_TAXONOMY names/);
    expect((await errorOf(await putTaxonomy('nobody', ownTaxonomy('x')), 404)).code).toBe('INSTALLATION_NOT_FOUND');
    const noToken = await server.call('PUT', '/v1/admin/installations/acme/taxonomy', {
      authorization: null,
      rawBody: ownTaxonomy('x'),
      contentType: 'application/yaml',
    });
    expect(noToken.status).toBe(401);
  });

  it('clears back to the file with DELETE', async () => {
    await putTaxonomy('acme', ownTaxonomy('acme-1'));
    const cleared = await adminCall('DELETE', '/v1/admin/installations/acme/taxonomy');
    expect(InstallationTaxonomyCleared.parse(await cleared.json())).toMatchObject({ subdomain: 'acme', cleared: true });
    expect(await labelsOf('acme')).toEqual(fileTaxonomy.labelIds);
    const again = await adminCall('DELETE', '/v1/admin/installations/acme/taxonomy');
    expect(InstallationTaxonomyCleared.parse(await again.json()).cleared).toBe(false);
  });

  it("follows another instance's change within the sync interval, without a restart", async () => {
    await adminCall('DELETE', '/v1/admin/installations/acme/taxonomy');
    // Another instance: its own registry over the same database, heard by this one only through the marker poll.
    const elsewhere = new InstallationRegistry(store, { sealer, defaultSecret: SHARED_SECRET });
    await elsewhere.setTaxonomy('acme', ownTaxonomy('acme-3', ['billing', 'shipping', 'returns']));
    await expect.poll(() => labelsOf('acme'), { timeout: 2_000 }).toEqual(['billing', 'shipping', 'returns']);
    await elsewhere.setTaxonomy('acme', ownTaxonomy('acme-4', ['returns', 'shipping']));
    await expect.poll(() => labelsOf('acme'), { timeout: 2_000 }).toEqual(['returns', 'shipping']);
    await elsewhere.clearTaxonomy('acme');
    await expect.poll(() => labelsOf('acme'), { timeout: 2_000 }).toEqual(fileTaxonomy.labelIds);
    expect(await labelsOf('beta')).toEqual(fileTaxonomy.labelIds);
  });
});
