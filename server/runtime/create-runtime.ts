import type { Logger } from 'pino';
import type { ImportReport } from '../../src/contract/index.ts';
import type { Config } from '../config/index.ts';
import { importTickets } from '../import/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import type { Embedder } from '../llm/embedder.ts';
import { embedderFromConfig } from '../llm/from-config.ts';
import type { LlmCallEvent } from '../llm/stats.ts';
import { EmbeddingSync, SimilarSync, type EmbeddingSyncOptions } from '../similar/index.ts';
import { ModelHolder, ModelTrainer, trainInWorker } from '../training/index.ts';
import { LlmSlot } from './llm-slot.ts';
import type { Importer, Runtime, RuntimeLlm } from './runtime.ts';
import { reportLabelGap } from './label-gap.ts';
import { TaxonomyHolder } from './taxonomy-holder.ts';

export interface RuntimeHandle {
  readonly runtime: Runtime;
  readonly store: Store;
  readonly taxonomy: TaxonomyHolder;
  readonly model: ModelHolder;
  readonly similar: SimilarSync;
  readonly trainer: ModelTrainer;
  /** Stops polling and watching, then closes the store. */
  close(): Promise<void>;
}

/**
 * One installation's model, similar index, trainer and importer, as server/tenants hands them out (a Tenant has this
 * shape); `close` stops what keeps them current. DRAFT wiring (issue 13): the default installation's, from the
 * TenantDirectory the server builds.
 */
export interface InstallationPart {
  readonly model: ModelHolder;
  readonly similar: SimilarSync;
  readonly trainer: ModelTrainer;
  readonly importer: Importer;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * Builds the default installation's part over the opened store and the taxonomy (the server: from its
   * TenantDirectory, which then keeps it current); otherwise built here and polled by its own timers.
   */
  readonly installation?: (base: {
    readonly store: Store;
    readonly taxonomy: TaxonomyHolder;
    readonly embedder: Embedder | null;
    readonly now: () => Date;
  }) => Promise<InstallationPart>;
  /** A ready LLM tier (tests), or null (local tier only); otherwise built from `config.llm` when that is set. */
  readonly llm?: RuntimeLlm | null;
  /** Train candidates in a worker thread (the server), not on the event loop (one-shot CLI use, tests). */
  readonly trainInWorker?: boolean;
  /** Called once per LLM call (metrics). */
  readonly onLlmCall?: (event: LlmCallEvent) => void;
  /** Watch the taxonomy file and poll the store for models and tickets (off in one-shot CLI use). */
  readonly live?: boolean;
  /**
   * Read every stored ticket into the similar index at start (default). Off for a process that only does first-start
   * work (the cluster primary): it never searches unless it imports the demo, which loads the index itself.
   */
  readonly loadSimilarIndex?: boolean;
  readonly now?: () => Date;
  /** An already open store (tests, bench); otherwise one is opened from the config. */
  readonly store?: Store;
  /** A ready embedder (tests), or null (lexical similarity); otherwise built from `config.llm.embeddingModel`. */
  readonly embedder?: Embedder | null;
  /** Batching, deadlines and retry timing of the embeddings side (tests). */
  readonly embeddings?: EmbeddingSyncOptions;
}

/**
 * Opens the store, loads the taxonomy, the serving model and the similar index, and keeps them current:
 * the taxonomy reloads on file change; the model and index follow the store by polling, so several instances on
 * one PostgreSQL agree.
 */
export async function createRuntime(
  config: Config,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<RuntimeHandle> {
  const now = options.now ?? (() => new Date());
  const taxonomy = await TaxonomyHolder.load(config.taxonomyPath, logger);
  const store =
    options.store ??
    (await createStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.dbPoolSize,
      onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
      onMaintenanceError: (error) => logger.warn({ err: error }, 'database maintenance (vacuum/analyze) failed'),
    }));
  const embedder = options.embedder !== undefined ? options.embedder : embedderFromConfig(config.llm);
  let part: InstallationPart;
  let embeddings: EmbeddingSync | null = null;
  try {
    if (options.installation) part = await options.installation({ store, taxonomy, embedder, now });
    else {
      embeddings = embedder ? new EmbeddingSync(store, embedder, logger, options.embeddings) : null;
      part = await ownInstallationPart(store, taxonomy, embeddings, logger, {
        now,
        trainInWorker: options.trainInWorker ?? false,
        loadSimilarIndex: options.loadSimilarIndex ?? true,
      });
    }
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const { model, similar, trainer } = part;
  // Removing a label from the taxonomy must not go unnoticed: the model may still know it (answers are restricted).
  reportLabelGap(logger, model.current()?.model ?? null, taxonomy.current());
  taxonomy.onChange((next) => reportLabelGap(logger, model.current()?.model ?? null, next));
  let llm: RuntimeLlm | null = options.llm ?? null;
  if (options.llm === undefined && config.llm) {
    try {
      const slot = new LlmSlot(config.llm, taxonomy.current(), {
        store,
        logger,
        now,
        ...(options.onLlmCall ? { onCall: options.onLlmCall } : {}),
      });
      taxonomy.onChange((next) => slot.taxonomyChanged(next));
      llm = slot;
    } catch (error) {
      await part.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      throw error;
    }
  }
  const runtime: Runtime = {
    installation: DEFAULT_INSTALLATION_ID,
    store,
    database: store,
    taxonomy,
    model,
    similar,
    llm,
    trainer,
    now,
    importer: part.importer,
  };
  const embeddingStatus = similar.embeddingStatus();
  if (embeddingStatus) logger.info(embeddingStatus, 'similar tickets: lexical ranking fused with embeddings');
  if (options.live ?? true) {
    taxonomy.watch();
    // A part from the TenantDirectory is kept current by the directory's own timer.
    if (!options.installation) {
      // Background embedding runs in the server only, not in one-shot CLI use.
      embeddings?.start();
      model.startPolling(config.syncIntervalMs);
      similar.startPolling(config.syncIntervalMs);
    }
  }
  return {
    runtime,
    store,
    taxonomy,
    model,
    similar,
    trainer,
    async close() {
      taxonomy.close();
      await part.close();
      await store.close();
    },
  };
}

/** The part built here (one-shot CLI use, tests, and the server until the directory is wired). */
async function ownInstallationPart(
  store: Store,
  taxonomy: TaxonomyHolder,
  embeddings: EmbeddingSync | null,
  logger: Logger,
  options: { now: () => Date; trainInWorker: boolean; loadSimilarIndex: boolean },
): Promise<InstallationPart> {
  const model = new ModelHolder(store, logger);
  const similar = new SimilarSync(store, logger, embeddings);
  await model.refresh();
  // Loads tickets, then their stored vectors: only texts without one are embedded, never again after a restart.
  if (options.loadSimilarIndex) await similar.refresh();
  model.onChange((serving) => reportLabelGap(logger, serving, taxonomy.current()));
  const trainer = new ModelTrainer(store, model, {
    now: options.now,
    labels: () => taxonomy.current().labelIds,
    ...(options.trainInWorker ? { fit: trainInWorker } : {}),
  });
  return {
    model,
    similar,
    trainer,
    importer: async (lines): Promise<ImportReport> => importTickets(store, lines, { taxonomy: taxonomy.current() }),
    close: async () => {
      await Promise.all([model.stop(), similar.stop()]);
    },
  };
}
