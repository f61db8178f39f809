import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import {
  InstallationRegistry,
  RegistryKeyring,
  Sealer,
  startInstallations,
  storePurge,
  UNKNOWN_ISSUER_REFRESH_MS,
} from '../../server/installations/index.ts';
import { InstallationTaxonomies } from '../../server/tenants/index.ts';
import { forgetGroupsOnConnectionChange } from '../../server/zendesk/index.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';
import { testRuntime } from '../support/test-runtime.ts';

const DEFAULT_SECRET = 'default-secret-0123456789abcdef-0123';
const sealer = new Sealer(Buffer.alloc(32, 5));
const T0 = new Date('2026-12-07T10:00:00.000Z');

function setUp(options: { sealer?: Sealer | null; graceMs?: number } = {}) {
  const store = new MemoryStore();
  let now = T0;
  const registry = new InstallationRegistry(store, {
    sealer: options.sealer === undefined ? sealer : options.sealer,
    defaultSecret: DEFAULT_SECRET,
    now: () => now,
    ...(options.graceMs === undefined ? {} : { rotationGraceMs: options.graceMs }),
  });
  return { store, registry, later: (ms: number) => (now = new Date(T0.getTime() + ms)) };
}

/** The registry and its keyring as the server starts them (polling too seldom to matter in a test). */
const started = (store: MemoryStore) =>
  startInstallations(store, { sealer, defaultSecret: DEFAULT_SECRET, syncIntervalMs: 60_000 });

const keyOf = async (registry: InstallationRegistry, subdomain: string) =>
  (await registry.keys()).keys.find((entry) => entry.subdomain === subdomain);

describe('InstallationRegistry', () => {
  it('adds an installation with a generated secret of 32 random bytes, stored sealed', async () => {
    const { store, registry } = setUp();
    const created = await registry.add({ subdomain: 'Acme.zendesk.com' });
    expect(created.id).toMatch(/^inst_[0-9a-f]{16}$/);
    expect(created.subdomain).toBe('acme');
    expect(Buffer.from(created.sharedSecret, 'base64url')).toHaveLength(32);
    const row = await store.getInstallation(created.id);
    expect(row?.secrets).not.toContain(created.sharedSecret);
    expect((await keyOf(registry, 'acme'))?.sharedSecret).toBe(created.sharedSecret);
    // Two installations never share a generated secret.
    expect((await registry.add({ subdomain: 'beta' })).sharedSecret).not.toBe(created.sharedSecret);
  });

  it('takes a given secret of at least 32 printable characters, not the default one', async () => {
    const { registry } = setUp();
    const given = 'given-secret-0123456789abcdef-0123';
    expect((await registry.add({ subdomain: 'acme', sharedSecret: given })).sharedSecret).toBe(given);
    await expect(registry.add({ subdomain: 'beta', sharedSecret: 'short' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: 'sharedSecret',
    });
    await expect(registry.add({ subdomain: 'beta', sharedSecret: `${'x'.repeat(31)} ` })).rejects.toMatchObject({
      path: 'sharedSecret',
    });
    await expect(registry.add({ subdomain: 'beta', sharedSecret: DEFAULT_SECRET })).rejects.toMatchObject({
      path: 'sharedSecret',
    });
  });

  it.each(['', 'acme corp', '-acme', 'acme.example.com', 'a'.repeat(64), 'default'])(
    'refuses the subdomain %j as VALIDATION_FAILED',
    async (subdomain) => {
      const { registry } = setUp();
      await expect(registry.add({ subdomain })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
        path: 'subdomain',
      });
    },
  );

  it('keeps a webhook signing secret sealed beside the shared one, which a rotation keeps', async () => {
    const { store, registry } = setUp();
    const { id, sharedSecret } = await registry.add({ subdomain: 'acme' });
    expect(await registry.webhookSecret('acme')).toEqual({ id, secret: null });
    const webhookSecret = 'zendesk-webhook-signing-secret-01';
    await registry.setWebhookSecret('acme.zendesk.com', webhookSecret);
    expect(await registry.webhookSecret('acme')).toEqual({ id, secret: webhookSecret });
    expect((await store.getInstallation(id))?.secrets).not.toContain(webhookSecret);
    expect((await keyOf(registry, 'acme'))?.sharedSecret).toBe(sharedSecret);
    await registry.rotate('acme');
    expect((await registry.webhookSecret('acme')).secret).toBe(webhookSecret);
    await registry.setWebhookSecret('acme', null);
    expect((await registry.webhookSecret('acme')).secret).toBeNull();
    await expect(registry.setWebhookSecret('acme', 'short')).rejects.toMatchObject({ path: 'webhookSecret' });
    await expect(registry.webhookSecret('nobody')).rejects.toMatchObject({ code: 'INSTALLATION_NOT_FOUND' });
    await expect(registry.setWebhookSecret('default', webhookSecret)).rejects.toMatchObject({
      code: 'DEFAULT_INSTALLATION',
    });
  });

  it('sets a Zendesk connection and the write-back switch as one change, which its listeners hear once', async () => {
    const { store, registry } = setUp();
    const { id } = await registry.add({ subdomain: 'acme' });
    const changes = vi.fn();
    registry.subscribe(changes);
    const connection = {
      url: 'https://acme.zendesk.com/',
      auth: { kind: 'api-token', email: 'admin@acme.com', apiToken: 'acme-api-token-1' },
    } as const;
    expect(await registry.setZendesk('acme', { connection, writeBack: true })).toMatchObject({
      connected: true,
      url: 'https://acme.zendesk.com',
      writeBack: true,
    });
    expect(changes).toHaveBeenCalledTimes(1);
    expect((await store.getInstallation(id))?.secrets).not.toContain('acme-api-token-1');
    // What is left out stays; null puts the switch back on TRIAGE_WRITE_BACK.
    expect(await registry.setZendesk('acme', { writeBack: null })).toMatchObject({ connected: true, writeBack: null });
    expect((await registry.zendeskBySubdomain('acme')).connection?.auth).toEqual(connection.auth);
    expect(changes).toHaveBeenCalledTimes(2);
    await registry.setZendesk('acme', {});
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('refuses, unannounced, a change to an installation removed while it was made, the write-back switch too', async () => {
    const { store, registry } = setUp();
    const { id } = await registry.add({ subdomain: 'acme' });
    // Another instance removes the row between this one's read and its write.
    const update = store.updateInstallationSettings.bind(store);
    vi.spyOn(store, 'updateInstallationSettings').mockImplementation(async (...args) => {
      await store.removeInstallation(id);
      return update(...args);
    });
    const changes = vi.fn();
    registry.subscribe(changes);
    await expect(registry.setZendesk('acme', { writeBack: false })).rejects.toMatchObject({
      code: 'INSTALLATION_NOT_FOUND',
    });
    // Nothing was changed here, so nothing is announced (the removal reaches the keyring by its polling).
    expect(changes).not.toHaveBeenCalled();
  });

  it('refuses a second installation of the same account as INSTALLATION_EXISTS', async () => {
    const { registry } = setUp();
    await registry.add({ subdomain: 'acme' });
    await expect(registry.add({ subdomain: 'https://acme.zendesk.com' })).rejects.toMatchObject({
      code: 'INSTALLATION_EXISTS',
      status: 409,
    });
  });

  it('lists the default installation first, then the registered ones, never a secret', async () => {
    const { registry } = setUp();
    const beta = await registry.add({ subdomain: 'beta' });
    const acme = await registry.add({ subdomain: 'acme' });
    const list = await registry.list();
    expect(list.map((entry) => [entry.id, entry.subdomain, entry.default])).toEqual([
      ['default', null, true],
      [acme.id, 'acme', false],
      [beta.id, 'beta', false],
    ]);
    expect(JSON.stringify(list)).not.toContain(acme.sharedSecret);
    expect(await registry.get('acme.zendesk.com')).toEqual(list[1]);
    expect(await registry.get('default')).toEqual(list[0]);
    await expect(registry.get('nobody')).rejects.toMatchObject({ code: 'INSTALLATION_NOT_FOUND', status: 404 });
  });

  it('rotates: a new secret once, the previous one valid for the grace period (24 h by default)', async () => {
    const { registry } = setUp();
    const created = await registry.add({ subdomain: 'acme' });
    const rotated = await registry.rotate('acme');
    expect(rotated.sharedSecret).not.toBe(created.sharedSecret);
    expect(rotated.previousValidUntil).toBe('2026-12-08T10:00:00.000Z');
    const keys = await keyOf(registry, 'acme');
    expect(keys).toMatchObject({
      sharedSecret: rotated.sharedSecret,
      previous: { sharedSecret: created.sharedSecret, validUntilMs: Date.parse('2026-12-08T10:00:00.000Z') },
    });
  });

  it('takes the grace period from its options', async () => {
    const { registry } = setUp({ graceMs: 60_000 });
    await registry.add({ subdomain: 'acme' });
    expect((await registry.rotate('acme')).previousValidUntil).toBe('2026-12-07T10:01:00.000Z');
  });

  it('removes an installation and its data, reporting what the purge deleted', async () => {
    const { store, registry } = setUp();
    const created = await registry.add({ subdomain: 'acme' });
    const purge = vi
      .fn<(id: string) => Promise<Record<string, number>>>()
      .mockResolvedValueOnce({ tickets: 3, feedback: 1 })
      .mockResolvedValueOnce({ tickets: 1 });
    const removed = await registry.remove('acme', purge);
    expect(purge).toHaveBeenCalledWith(created.id);
    expect(removed).toEqual({ id: created.id, subdomain: 'acme', deleted: { tickets: 4, feedback: 1 } });
    expect(await store.getInstallation(created.id)).toBeNull();
    await expect(registry.remove('acme', purge)).rejects.toMatchObject({ code: 'INSTALLATION_NOT_FOUND' });
  });

  it('keeps the installation when its purge fails, so removing can be tried again', async () => {
    const { store, registry } = setUp();
    const created = await registry.add({ subdomain: 'acme' });
    await expect(registry.remove('acme', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await store.getInstallation(created.id)).not.toBeNull();
  });

  it('purges through the scoped store, and refuses a store that cannot delete one installation’s data', async () => {
    const calls: string[] = [];
    const scoped = {
      forInstallation: (id: string) => ({
        deleteInstallationData: async () => {
          calls.push(id);
          return { tickets: 2 };
        },
      }),
    };
    expect(await storePurge(scoped)('inst_x')).toEqual({ tickets: 2 });
    expect(calls).toEqual(['inst_x']);
    await expect(storePurge({})('inst_x')).rejects.toThrow('nothing was removed');
  });

  it('neither removes nor rotates the default installation', async () => {
    const { registry } = setUp();
    const purge = vi.fn(async () => ({}));
    await expect(registry.remove('default', purge)).rejects.toMatchObject({
      code: 'DEFAULT_INSTALLATION',
      status: 409,
    });
    await expect(registry.rotate('default')).rejects.toMatchObject({ code: 'DEFAULT_INSTALLATION' });
    expect(purge).not.toHaveBeenCalled();
  });

  it('without a master key, adding fails saying how to set one, and listing still works', async () => {
    const { registry } = setUp({ sealer: null });
    const failure = await registry.add({ subdomain: 'acme' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'MASTER_KEY_MISSING' });
    expect((failure as Error).message).toContain('TRIAGE_MASTER_KEY');
    expect(await registry.list()).toHaveLength(1);
  });

  it('leaves out, and names, an installation whose secrets another master key sealed', async () => {
    const { store, registry } = setUp();
    await registry.add({ subdomain: 'acme' });
    const other = new InstallationRegistry(store, { sealer: new Sealer(Buffer.alloc(32, 6)), defaultSecret: null });
    await other.add({ subdomain: 'beta' });
    const { keys, unreadable } = await registry.keys();
    expect(keys.map((entry) => entry.subdomain)).toEqual(['acme']);
    expect(unreadable).toEqual([{ subdomain: 'beta', code: 'MASTER_KEY_MISMATCH' }]);
    await expect(registry.rotate('beta')).rejects.toMatchObject({ code: 'MASTER_KEY_MISMATCH' });
  });
});

describe('RegistryKeyring', () => {
  it('loads at start, and reloads only when the marker moved', async () => {
    const { store, registry } = setUp();
    await registry.add({ subdomain: 'acme' });
    const keyring = new RegistryKeyring(registry, { intervalMs: 60_000 });
    await keyring.start();
    try {
      expect(keyring.bySubdomain('acme')).toBeDefined();
      const lists = store.callsTo('listInstallations').length;
      expect(await keyring.refresh()).toBe(false);
      expect(store.callsTo('listInstallations')).toHaveLength(lists);
      // Another instance (another registry on the same store) adds one: the next poll picks it up.
      await new InstallationRegistry(store, { sealer, defaultSecret: null }).add({ subdomain: 'beta' });
      expect(keyring.bySubdomain('beta')).toBeUndefined();
      expect(await keyring.refresh()).toBe(true);
      expect(keyring.bySubdomain('beta')).toBeDefined();
    } finally {
      keyring.stop();
    }
  });

  it('polls every interval, so a removal made elsewhere stops the installation within it', async () => {
    const { store, registry } = setUp();
    await registry.add({ subdomain: 'acme' });
    const keyring = new RegistryKeyring(registry, { intervalMs: 100 });
    await keyring.start();
    try {
      await new InstallationRegistry(store, { sealer, defaultSecret: null }).remove('acme', async () => ({}));
      await vi.waitFor(() => expect(keyring.bySubdomain('acme')).toBeUndefined(), { timeout: 2000, interval: 20 });
    } finally {
      keyring.stop();
    }
  });

  it('reloads for an unknown issuer at most once a second', async () => {
    const { store, registry } = setUp();
    let now = 0;
    const keyring = new RegistryKeyring(registry, { intervalMs: 60_000, now: () => now });
    await keyring.start();
    try {
      const markers = () => store.callsTo('installationsMarker').length;
      const before = markers();
      now = 500;
      expect(await keyring.refreshSoon()).toBe(false);
      expect(markers()).toBe(before);
      now = UNKNOWN_ISSUER_REFRESH_MS + 1;
      await registry.add({ subdomain: 'acme' });
      expect(await keyring.refreshSoon()).toBe(true);
      expect(await keyring.refreshSoon()).toBe(false);
      expect(markers()).toBe(before + 1);
    } finally {
      keyring.stop();
    }
  });

  it('follows a change with keys, taxonomies and Zendesk digests from one read of the installations', async () => {
    const store = new MemoryStore();
    const { registry, keyring } = await started(store);
    const taxonomies = new InstallationTaxonomies(testRuntime().taxonomy, pino({ level: 'silent' }));
    await taxonomies.follow(registry, keyring);
    const forgotten: (string | undefined)[] = [];
    await forgetGroupsOnConnectionChange({ invalidate: (installation) => forgotten.push(installation) }, keyring, () =>
      registry.zendeskDigests(),
    );
    const opens = vi.spyOn(sealer, 'open');
    try {
      const acme = await registry.add({ subdomain: 'acme' });
      const beta = await registry.add({ subdomain: 'beta' });
      await registry.setZendesk('beta', {
        connection: {
          url: 'https://beta.zendesk.com',
          auth: { kind: 'oauth', accessToken: 'beta-oauth-token-1' },
        },
      });
      expect(forgotten).toEqual([beta.id]);
      const lists = store.callsTo('listInstallations').length;
      opens.mockClear();

      await registry.setTaxonomy('acme', ownTaxonomy('acme-1'));
      // The keyring, the taxonomies and the group cache each followed it: one list, each row's secrets opened once.
      expect(store.callsTo('listInstallations').length - lists).toBe(1);
      expect(opens).toHaveBeenCalledTimes(2);
      expect(taxonomies.hasOwn(acme.id)).toBe(true);
      expect(keyring.bySubdomain('acme')?.sharedSecret).toBe(acme.sharedSecret);
      expect(forgotten).toEqual([beta.id]);
      // Nothing changed since: asking again reads nothing.
      expect(await registry.zendeskDigests()).toEqual(new Map([[beta.id, expect.any(String)]]));
      expect(store.callsTo('listInstallations').length - lists).toBe(1);
    } finally {
      opens.mockRestore();
      keyring.stop();
    }
  });

  it('hears of changes made through its own registry before they are answered', async () => {
    const store = new MemoryStore();
    const { registry, keyring } = await started(store);
    try {
      const created = await registry.add({ subdomain: 'acme' });
      expect(keyring.bySubdomain('acme')?.sharedSecret).toBe(created.sharedSecret);
      const rotated = await registry.rotate('acme');
      expect(keyring.bySubdomain('acme')?.sharedSecret).toBe(rotated.sharedSecret);
      await registry.remove('acme', async () => ({}));
      expect(keyring.bySubdomain('acme')).toBeUndefined();
    } finally {
      keyring.stop();
    }
  });
});
