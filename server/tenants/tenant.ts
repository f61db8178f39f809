import type { Logger } from 'pino';
import { importTickets } from '../import/index.ts';
import type { Embedder } from '../llm/embedder.ts';
import { reportLabelGap } from '../runtime/label-gap.ts';
import type { Importer, TaxonomySource } from '../runtime/runtime.ts';
import { EmbeddingSync, SimilarSync, type EmbeddingSyncOptions } from '../similar/index.ts';
import type { EmbeddingStore, ModelStore, TicketStore } from '../storage/store.ts';
import { ModelHolder, ModelTrainer, trainInWorker } from '../training/index.ts';
import type { Resident } from './tenant-directory.ts';

/**
 * What a tenant reads and writes, already scoped to its installation: what ModelHolder, SimilarSync (with its
 * embeddings side), ModelTrainer and the importer need, nothing more. `store.forInstallation(id)` gives one.
 */
export type TenantStore = TicketStore & ModelStore & EmbeddingStore;

/** One installation's part of the runtime: its scoped store, taxonomy, serving model, similar index, trainer, importer. */
export interface Tenant<S extends TenantStore = TenantStore> extends Resident {
  readonly installation: string;
  readonly store: S;
  readonly taxonomy: TaxonomySource;
  readonly model: ModelHolder;
  readonly similar: SimilarSync;
  readonly trainer: ModelTrainer;
  readonly importer: Importer;
}

export interface TenantFactoryOptions<S extends TenantStore> {
  /** The store scoped to one installation (`store.forInstallation`); cheap, called once per load. */
  readonly scopedStore: (installation: string) => S;
  /** The installation's taxonomy (the one file today; per installation with the registry). */
  readonly taxonomy: (installation: string) => TaxonomySource;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Train candidates in a worker thread (the server), not on the event loop. */
  readonly trainInWorker?: boolean;
  /** Dense similarity per installation; null or absent keeps search lexical. */
  readonly embedder?: Embedder | null;
  readonly embeddings?: EmbeddingSyncOptions;
}

/**
 * Builds an installation's context and loads it (its serving model, then every stored ticket into its similar index)
 * before handing it out: what TenantDirectory calls on first use. Nothing polls by itself; the directory refreshes
 * resident tenants on one timer. A load that fails stops what it started and rethrows.
 */
export function tenantFactory<S extends TenantStore>(
  options: TenantFactoryOptions<S>,
): (installation: string) => Promise<Tenant<S>> {
  const now = options.now ?? (() => new Date());
  return async (installation) => {
    const store = options.scopedStore(installation);
    const taxonomy = options.taxonomy(installation);
    const logger = options.logger.child({ installation });
    const model = new ModelHolder(store, logger);
    const embeddings = options.embedder ? new EmbeddingSync(store, options.embedder, logger, options.embeddings) : null;
    const similar = new SimilarSync(store, logger, embeddings);
    try {
      await model.refresh();
      await similar.refresh();
    } catch (error) {
      await similar.stop().catch(() => undefined);
      throw error;
    }
    model.onChange((serving) => reportLabelGap(logger, serving, taxonomy.current()));
    const trainer = new ModelTrainer(store, model, {
      now,
      labels: () => taxonomy.current().labelIds,
      ...(options.trainInWorker ? { fit: trainInWorker } : {}),
    });
    embeddings?.start();
    let refreshing: Promise<void> | null = null;
    let closed = false;
    return {
      installation,
      store,
      taxonomy,
      model,
      similar,
      trainer,
      importer: (lines) => importTickets(store, lines, { taxonomy: taxonomy.current() }),
      residentBytes: () => model.residentBytes() + similar.residentBytes(),
      refresh() {
        if (closed) return Promise.resolve();
        // Model first: both reads are independent, but one at a time keeps a pass's queries per tenant at one.
        refreshing ??= (async () => {
          await model.refresh();
          await similar.refresh();
        })().finally(() => (refreshing = null));
        return refreshing;
      },
      async close() {
        closed = true;
        await refreshing?.catch(() => undefined);
        await Promise.all([model.stop(), similar.stop()]);
      },
    };
  };
}
