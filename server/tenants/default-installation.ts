import type { Logger } from 'pino';
import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import type { Config } from '../config/index.ts';
import type { RuntimeOptions } from '../runtime/create-runtime.ts';
import { TenantDirectory, type TenantDirectoryEvents } from './tenant-directory.ts';
import { tenantFactory, type Tenant } from './tenant.ts';

export interface DirectoryWiring {
  /** For createRuntime: the default installation's part, from the directory (pinned, polled by its timer). */
  readonly installation: NonNullable<RuntimeOptions['installation']>;
  /** The directory once createRuntime built it; null before. */
  directory(): TenantDirectory<Tenant> | null;
}

/**
 * DRAFT wiring (issue 13), for the lead to finish at merge: the server's TenantDirectory, built over the store
 * createRuntime opens, with the default installation pinned and handed to the Runtime the routes use today. Other
 * installations need `store.forInstallation(id)` (the storage helper's), which is where `scopedStore` points at merge.
 */
export function directoryWiring(
  config: Config,
  logger: Logger,
  options: { trainInWorker?: boolean; events?: TenantDirectoryEvents } = {},
): DirectoryWiring {
  let directory: TenantDirectory<Tenant> | null = null;
  return {
    directory: () => directory,
    installation: async ({ store, taxonomy, embedder, now }) => {
      const built = new TenantDirectory<Tenant>({
        load: tenantFactory({
          // At merge: (id) => (id === DEFAULT_INSTALLATION_ID ? store : store.forInstallation(id)).
          scopedStore: (installation) => {
            if (installation !== DEFAULT_INSTALLATION_ID)
              throw new Error(`installation ${installation}: the store is not scoped per installation yet`);
            return store;
          },
          taxonomy: () => taxonomy,
          logger,
          now,
          embedder,
          ...(options.trainInWorker ? { trainInWorker: true } : {}),
        }),
        budgetBytes: config.memoryBudgetBytes,
        pinned: [DEFAULT_INSTALLATION_ID],
        events: {
          ...options.events,
          onError: (installation, stage, error) => {
            options.events?.onError?.(installation, stage, error);
            logger.warn({ err: error, installation, stage }, 'installation context: refresh or close failed');
          },
        },
      });
      const tenant = await built.get(DEFAULT_INSTALLATION_ID);
      built.startPolling(config.syncIntervalMs);
      directory = built;
      return {
        model: tenant.model,
        similar: tenant.similar,
        trainer: tenant.trainer,
        importer: tenant.importer,
        close: () => built.close(),
      };
    },
  };
}
