import { describe, expect, it } from 'vitest';
import { Sealer, startInstallations } from '../../server/installations/index.ts';
import { forgetGroupsOnConnectionChange, groupCache } from '../../server/zendesk/index.ts';
import { MemoryStore } from '../support/memory-store.ts';

const DEFAULT_SECRET = 'default-secret-0123456789abcdef-0123';
const sealer = new Sealer(Buffer.alloc(32, 5));
const connection = (apiToken: string) => ({
  url: 'https://acme.zendesk.com',
  auth: { kind: 'api-token' as const, email: 'admin@acme.example', apiToken },
});

/** One instance: its registry and keyring over the shared store, and a group cache that counts reads. */
async function instance(store: MemoryStore) {
  const { registry, keyring } = await startInstallations(store, {
    sealer,
    defaultSecret: DEFAULT_SECRET,
    syncIntervalMs: 60_000,
  });
  const loads: string[] = [];
  const cache = groupCache({
    load: async (installation) => {
      loads.push(installation);
      return [{ id: loads.length, name: `Read ${loads.length}` }];
    },
  });
  await forgetGroupsOnConnectionChange(cache, keyring, () => registry.zendeskDigests());
  return { registry, keyring, cache, loads };
}

describe('forgetGroupsOnConnectionChange', () => {
  it('reads an installation’s groups again once its Zendesk connection changes, and only its', async () => {
    const store = new MemoryStore();
    const here = await instance(store);
    const other = await instance(store);
    try {
      const acme = await here.registry.add({ subdomain: 'acme' });
      const beta = await here.registry.add({ subdomain: 'beta' });
      await here.registry.setZendesk('acme', { connection: connection('token-one-0123456789') });
      await other.keyring.refresh();
      for (const { cache } of [here, other]) {
        await cache.groups(acme.id);
        await cache.groups(beta.id);
      }
      expect(here.loads).toEqual([acme.id, beta.id]);

      // Not a connection change: the lists stay.
      await here.registry.rotate('beta');
      await here.registry.setZendesk('acme', { writeBack: true });
      await other.keyring.refresh();
      for (const { cache } of [here, other]) await cache.groups(acme.id);
      expect(here.loads).toHaveLength(2);
      expect(other.loads).toHaveLength(2);

      // New credentials: this instance forgets at once, another when its keyring sees the change.
      await here.registry.setZendesk('acme', { connection: connection('token-two-0123456789') });
      await here.cache.groups(acme.id);
      await here.cache.groups(beta.id);
      expect(here.loads).toEqual([acme.id, beta.id, acme.id]);
      await other.cache.groups(acme.id);
      expect(other.loads).toHaveLength(2);
      await other.keyring.refresh();
      await other.cache.groups(acme.id);
      await other.cache.groups(beta.id);
      expect(other.loads).toEqual([acme.id, beta.id, acme.id]);

      // Cleared credentials too.
      await here.registry.setZendesk('acme', { connection: null });
      await here.cache.groups(acme.id);
      expect(here.loads).toEqual([acme.id, beta.id, acme.id, acme.id]);
    } finally {
      here.keyring.stop();
      other.keyring.stop();
    }
  });
});
