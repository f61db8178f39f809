import { describe, expect, it, vi } from 'vitest';
import { InstallationRegistry, MAX_TAXONOMY_BYTES, RegistryKeyring, Sealer } from '../../server/installations/index.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { ownTaxonomy } from '../support/own-taxonomy.ts';

function setUp() {
  const store = new MemoryStore();
  const registry = new InstallationRegistry(store, {
    sealer: new Sealer(Buffer.alloc(32, 7)),
    defaultSecret: 'default-secret-0123456789abcdef-0123',
  });
  return { store, registry };
}

describe("InstallationRegistry: an installation's own taxonomy", () => {
  it('stores valid YAML as given in the settings, beside the secrets, and tells its listeners', async () => {
    const { store, registry } = setUp();
    const acme = await registry.add({ subdomain: 'acme' });
    const heard = vi.fn();
    registry.subscribe(heard);
    const before = await store.getInstallation(acme.id);
    expect(await registry.setTaxonomy('acme.zendesk.com', ownTaxonomy('acme-1'))).toEqual({
      id: acme.id,
      subdomain: 'acme',
      version: 'acme-1',
      labels: 2,
    });
    expect(heard).toHaveBeenCalledTimes(1);
    const after = await store.getInstallation(acme.id);
    expect(after?.settings).toEqual({ taxonomy: ownTaxonomy('acme-1') });
    expect(after?.secrets).toBe(before?.secrets);
    expect(await registry.taxonomyOf(acme.id)).toBe(ownTaxonomy('acme-1'));
    expect(await registry.taxonomies()).toEqual(new Map([[acme.id, ownTaxonomy('acme-1')]]));
    expect(await registry.clearTaxonomy('acme')).toEqual({ id: acme.id, subdomain: 'acme', cleared: true });
    expect(await registry.taxonomyOf(acme.id)).toBeNull();
    expect((await store.getInstallation(acme.id))?.settings).toEqual({});
    expect(heard).toHaveBeenCalledTimes(2);
    // Clearing what is not there changes nothing, and moves no marker.
    const marker = await registry.marker();
    expect((await registry.clearTaxonomy('acme')).cleared).toBe(false);
    expect(await registry.marker()).toBe(marker);
  });

  it.each([
    [
      'a value outside the schema',
      ownTaxonomy('x').replace('ticketType: question', 'ticketType: letter'),
      /labels\[0\]\.ticketType/,
    ],
    ['not YAML', 'labels: [unclosed\n\tversion: 1', /not valid YAML/],
    ['empty', '', /\(root\)/],
    ['too large', `# ${'x'.repeat(MAX_TAXONOMY_BYTES)}\n${ownTaxonomy('x')}`, /larger than 256 KB/],
  ])('refuses %s with TAXONOMY_INVALID and the reason, storing nothing', async (_case, yaml, message) => {
    const { registry } = setUp();
    const acme = await registry.add({ subdomain: 'acme' });
    await registry.setTaxonomy('acme', ownTaxonomy('acme-1'));
    const marker = await registry.marker();
    const refused = registry.setTaxonomy('acme', yaml);
    await expect(refused).rejects.toMatchObject({ code: 'TAXONOMY_INVALID', status: 400 });
    await expect(refused).rejects.toThrow(message);
    expect(await registry.taxonomyOf(acme.id)).toBe(ownTaxonomy('acme-1'));
    expect(await registry.marker()).toBe(marker);
  });

  it('sends the default installation to its file, and an unknown one is not found', async () => {
    const { registry } = setUp();
    const refused = registry.setTaxonomy('default', ownTaxonomy('x'));
    await expect(refused).rejects.toMatchObject({ code: 'DEFAULT_INSTALLATION' });
    await expect(refused).rejects.toThrow(/edit the file TRIAGE_TAXONOMY names/);
    await expect(registry.clearTaxonomy('default')).rejects.toMatchObject({ code: 'DEFAULT_INSTALLATION' });
    expect(await registry.taxonomyOf('default')).toBeNull();
    await expect(registry.setTaxonomy('nobody', ownTaxonomy('x'))).rejects.toMatchObject({
      code: 'INSTALLATION_NOT_FOUND',
    });
    await expect(registry.taxonomyBySubdomain('nobody')).rejects.toMatchObject({ code: 'INSTALLATION_NOT_FOUND' });
  });
});

describe('RegistryKeyring.onChange', () => {
  it("calls its listeners when another instance's change is polled, and retries a listener that failed", async () => {
    const { store, registry } = setUp();
    const keyring = new RegistryKeyring(registry, { intervalMs: 60_000 });
    await keyring.refresh();
    const listener = vi.fn().mockRejectedValueOnce(new Error('database gone')).mockResolvedValue(undefined);
    keyring.onChange(listener);
    const elsewhere = new InstallationRegistry(store, { sealer: new Sealer(Buffer.alloc(32, 7)), defaultSecret: null });
    await elsewhere.add({ subdomain: 'acme' });
    await expect(keyring.refresh()).rejects.toThrow('database gone');
    // The failed change was not recorded: the next poll calls the listener again.
    expect(await keyring.refresh()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(await keyring.refresh()).toBe(false);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
