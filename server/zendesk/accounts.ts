import type { ZendeskConnection } from '../config/index.ts';
import { ZendeskNotConfiguredError, type InstallationRegistry } from '../installations/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import { ZendeskClient, type ZendeskClientOptions } from './client.ts';

/** The Zendesk account of each installation: the default one's from ZENDESK_*, a registered one's from the registry. */
export interface ZendeskAccounts {
  /** A client for the installation's account; ZendeskNotConfiguredError when it has no credentials. */
  clientFor(installation: string, options?: ZendeskClientOptions): Promise<ZendeskClient>;
  connected(installation: string): Promise<boolean>;
  /** Whether background triage writes to its tickets: its own switch, else TRIAGE_WRITE_BACK. */
  writeBack(installation: string): Promise<boolean>;
}

export interface ZendeskAccountsOptions {
  /** The default installation's connection (ZENDESK_*), or null. */
  readonly defaultConnection: ZendeskConnection | null;
  /** TRIAGE_WRITE_BACK: the default installation's switch, and every other's unless set. */
  readonly defaultWriteBack: boolean;
  readonly registry: Pick<InstallationRegistry, 'zendeskOf'> | null;
  /** Options of every client made (retry policy, a test's fetch). */
  readonly clientOptions?: ZendeskClientOptions;
}

/**
 * Reads credentials when asked (each job, each import), so a connection set or changed in the registry is used by
 * the next job on every instance without a restart; nothing is cached beside the registry's own store.
 */
export function zendeskAccounts(options: ZendeskAccountsOptions): ZendeskAccounts {
  const account = async (installation: string) => {
    if (installation === DEFAULT_INSTALLATION_ID)
      return { subdomain: null, connection: options.defaultConnection, writeBack: null };
    if (options.registry === null) return { subdomain: installation, connection: null, writeBack: null };
    return options.registry.zendeskOf(installation);
  };
  return {
    async clientFor(installation, clientOptions) {
      const { subdomain, connection } = await account(installation);
      if (connection === null) throw new ZendeskNotConfiguredError(subdomain);
      return new ZendeskClient(connection, { ...options.clientOptions, ...clientOptions });
    },
    async connected(installation) {
      return (await account(installation)).connection !== null;
    },
    async writeBack(installation) {
      return (await account(installation)).writeBack ?? options.defaultWriteBack;
    },
  };
}
