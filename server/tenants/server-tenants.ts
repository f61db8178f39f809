import type { Logger } from 'pino';
import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import type { Config } from '../config/index.ts';
import type { RuntimeOptions } from '../runtime/create-runtime.ts';
import type { InstallationRegistry, RegistryKeyring } from '../installations/index.ts';
import type { Runtime, RuntimeFor } from '../runtime/runtime.ts';
import type { InstallationStore } from '../storage/store.ts';
import { InstallationTaxonomies } from './installation-taxonomies.ts';
import { TenantDirectory, type TenantDirectoryEvents } from './tenant-directory.ts';
import { tenantFactory, type Tenant } from './tenant.ts';

export interface ServerTenants {
  /** For createRuntime: the default installation's part, from the directory (pinned, polled by its timer). */
  readonly installation: NonNullable<RuntimeOptions['installation']>;
  /** The directory once createRuntime built it; null before. */
  directory(): TenantDirectory<Tenant<InstallationStore>> | null;
  /**
   * Every installation's runtime for the HTTP routes: `base` (the default installation's, from createRuntime) with
   * the installation's own scoped store, model, similar index, trainer and importer, held for the request.
   */
  runtimeFor(base: Runtime): RuntimeFor;
  /**
   * Installations' own taxonomies from the registry, loaded now and followed on every change the keyring finds.
   * Until called (and for the default installation always) every installation uses the shared taxonomy file.
   */
  followTaxonomies(
    registry: Pick<InstallationRegistry, 'taxonomies'>,
    keyring: Pick<RegistryKeyring, 'onChange'>,
  ): Promise<void>;
  /** Each installation's taxonomy source; null before createRuntime. */
  taxonomies(): InstallationTaxonomies | null;
}

/**
 * The server's TenantDirectory over the store createRuntime opens: the default installation pinned (the zero-config
 * quick start never reloads it), every other one loaded on its first request from `store.forInstallation(id)` and
 * evicted, least recently used first, beyond TRIAGE_MEMORY_BUDGET_MB. One timer keeps the resident ones current.
 */
export function serverTenants(
  config: Config,
  logger: Logger,
  options: { trainInWorker?: boolean; events?: TenantDirectoryEvents } = {},
): ServerTenants {
  let directory: TenantDirectory<Tenant<InstallationStore>> | null = null;
  let taxonomies: InstallationTaxonomies | null = null;
  const runtimes = new WeakMap<Tenant<InstallationStore>, Runtime>();
  return {
    directory: () => directory,
    taxonomies: () => taxonomies,
    followTaxonomies: async (registry, keyring) => {
      if (!taxonomies) throw new Error('the tenant directory is not built yet: createRuntime first');
      await taxonomies.follow(registry, keyring);
    },
    installation: async ({ store, taxonomy, embedder, now }) => {
      const perInstallation = new InstallationTaxonomies(taxonomy, logger);
      taxonomies = perInstallation;
      const built = new TenantDirectory<Tenant<InstallationStore>>({
        load: tenantFactory<InstallationStore>({
          scopedStore: (installation) =>
            installation === DEFAULT_INSTALLATION_ID ? store : store.forInstallation(installation),
          // The installation's own taxonomy from the registry when it has one, else the shared file.
          taxonomy: (installation) => perInstallation.sourceFor(installation),
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
    runtimeFor: (base) => async (installation) => {
      if (!directory) throw new Error('the tenant directory is not built yet: createRuntime first');
      const lease = await directory.acquire(installation);
      const { tenant } = lease;
      let runtime = runtimes.get(tenant);
      if (!runtime) {
        runtime = {
          ...base,
          installation,
          store: tenant.store,
          taxonomy: tenant.taxonomy,
          model: tenant.model,
          similar: tenant.similar,
          trainer: tenant.trainer,
          importer: tenant.importer,
        };
        runtimes.set(tenant, runtime);
      }
      return { runtime, release: () => lease.release() };
    },
  };
}
