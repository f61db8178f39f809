import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import {
  backgroundTickets,
  buildPreviewTickets,
  FIRST_BACKGROUND_TICKET_ID,
  previewPlugin,
  triageDemoInbox,
  type BackgroundTickets,
} from '../../preview/index.ts';
import { ConfigError, loadConfig, type Config } from '../../config/index.ts';
import { ApiMetrics, buildApp, createLogger, resolveLogFormat } from '../../http/index.ts';
import { bootstrap } from '../../runtime/bootstrap.ts';
import { createRuntime, type RuntimeHandle } from '../../runtime/create-runtime.ts';
import { serverTenants, type ServerTenants } from '../../tenants/index.ts';
import { startWorker, type Worker } from '../../jobs/index.ts';
import { Foreground } from '../../runtime/foreground.ts';
import { ticketJobHandler, webhookIntake, ZENDESK_TICKET_JOB } from '../../webhooks/index.ts';
import {
  EXPORT_RETRY_POLICY,
  forgetGroupsOnConnectionChange,
  groupCache,
  ZENDESK_IMPORT_JOB,
  zendeskAccounts,
  zendeskImportJobHandler,
} from '../../zendesk/index.ts';
import { startFakeZendesk, type FakeZendesk } from '../../zendesk-local/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../../storage/store.ts';
import { hostname } from 'node:os';
import { RetrainScheduler } from '../../training/index.ts';
import { sealerFromConfig, startInstallations, storePurge } from '../../installations/index.ts';
import { errorCode } from '../../../src/errors/index.ts';
import { loadLanguageModel } from '../../../src/language/index.ts';
import { PREVIEW_GROUPS } from '../../../src/preview-host/index.ts';
import { ClusterMetrics, isClusterWorker, onStopRequest, startCluster, workerSlot } from '../../cluster/index.ts';
import { DataDirLockedError } from '../../storage/index.ts';
import { CliError } from '../errors.ts';
import { checkPortFree, listenError } from '../port-check.ts';
import { serveBanner, type BannerFacts } from '../serve-banner.ts';

/** The preview's local Zendesk takes any credentials. */
const LOCAL_ZENDESK_AUTH = { kind: 'oauth', accessToken: 'preview' } as const;

/** How long SIGTERM waits for in-flight requests before giving up. */
const DRAIN_TIMEOUT_MS = 10_000;

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const ASSETS_DIR = join(projectRoot, 'assets');
const PREVIEW_DIR = join(projectRoot, 'dist', 'preview');

function appVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(projectRoot, 'manifest.json'), 'utf8'));
  return manifest && typeof manifest === 'object' && 'version' in manifest && typeof manifest.version === 'string'
    ? manifest.version
    : '0.0.0';
}

/**
 * Plugins mounted beside the API: the local preview host (a Zendesk-like ticket page hosting the built sidebar,
 * with a proxy that signs requests as Zendesk's does), when TRIAGE_PREVIEW allows. Its proxy answers loopback callers only.
 */
function servePlugins(
  config: Config,
  backendUrl: () => string,
  background: BackgroundTickets | undefined,
): FastifyPluginAsync[] {
  if (!config.preview) return [];
  return [
    previewPlugin({
      sharedSecret: config.sharedSecret,
      backendUrl,
      assetsDir: ASSETS_DIR,
      previewDir: PREVIEW_DIR,
      appVersion: appVersion(),
      ...(background ? { background } : {}),
    }),
  ];
}

/**
 * The preview without a Zendesk account: a local Zendesk (in memory, on loopback) takes the page's new tickets and
 * announces them by signed webhook, so `npm start` shows background triage end to end. One process only (its tickets
 * live in its memory), and never beside a real account (ZENDESK_URL).
 */
async function previewZendesk(
  config: Config,
  webhookUrl: () => string,
): Promise<{ zendesk: FakeZendesk; webhookSecret: string } | null> {
  if (!config.preview || config.zendesk !== null || config.workers !== 1) return null;
  const webhookSecret = config.webhookSecret ?? randomBytes(24).toString('base64url');
  const zendesk = await startFakeZendesk({
    webhook: { url: webhookUrl, secret: webhookSecret },
    firstTicketId: FIRST_BACKGROUND_TICKET_ID,
    record: false,
    // The preview host's groups, so routing an `auto` ticket shows in the local Zendesk too.
    groups: PREVIEW_GROUPS.map((group) => ({ ...group })),
  });
  return { zendesk, webhookSecret };
}

/** `triage serve` (`npm start`): the API on PORT, with the embedded database, demo data and a model on first start. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (embedded database, demo data and a trained model on first start)')
    .action(async () => {
      try {
        await serve();
      } catch (error) {
        // A bad value found while starting (the taxonomy file) is the user's to fix, like a bad variable; so is a
        // DATA_DIR another process has open.
        if (error instanceof ConfigError || error instanceof DataDirLockedError)
          throw new CliError(error.code, error.message, { cause: error });
        throw error;
      }
    });
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.code, error.message, { cause: error });
    throw error;
  }
}

export async function serve(): Promise<void> {
  const config = readConfig();
  if (isClusterWorker()) return serveWorker(config);
  // Before the first-start work, which takes a minute on a fresh folder: a busy port is reported at once.
  await checkPortFree(config.host, config.port);
  const logger = createLogger({ level: config.logLevel, format: resolveLogFormat(config.logFormat, process.stdout) });
  if (
    config.preview &&
    (!existsSync(join(ASSETS_DIR, 'iframe.html')) || !existsSync(join(PREVIEW_DIR, 'index.html')))
  ) {
    logger.warn('the sidebar is not built: run `npm run build` (npm start does) to use /preview');
  }
  if (config.workers > 1) return servePrimary(config, logger);
  const metrics = new ApiMetrics();
  // Every installation's model and index come from the TenantDirectory, the default one's pinned.
  const tenants = serverTenants(config, logger, { trainInWorker: true, events: metrics.tenantEvents() });
  metrics.trackTenants(() => tenants.directory()?.stats() ?? null);
  const handle = await createRuntime(config, logger, {
    trainInWorker: true,
    onLlmCall: (event) => metrics.observeLlmCall(event),
    installation: tenants.installation,
  });
  await firstStart(config, handle, logger);
  const server = await listen(config, handle, tenants, logger, metrics, { retraining: true });
  process.stderr.write(banner(config, server.port, await bannerFacts(handle)));
  onSignals(server.stop);
}

/** Migrations ran when the store opened; the demo import, its inbox and the first model follow, once. */
async function firstStart(config: Config, handle: RuntimeHandle, logger: Logger): Promise<void> {
  const started = await bootstrap(handle, logger, { demo: config.demoData });
  // A fresh demo install also triages the preview's incoming tickets, so /preview/review has unsure ones to clear.
  if (started.importedDemo > 0 && handle.model.current() !== null)
    await triageDemoInbox(handle.runtime, buildPreviewTickets().incoming, logger);
}

interface Listening {
  readonly port: number;
  /** Drains in-flight requests, stops retraining and the runtime, then exits the process (0, or 1 when forced). */
  readonly stop: (reason: string) => void;
}

/** The API on PORT over a ready runtime, with the retraining scheduler when `retraining`. */
async function listen(
  config: Config,
  handle: RuntimeHandle,
  tenants: ServerTenants,
  logger: Logger,
  metrics: ApiMetrics,
  options: { retraining: boolean },
): Promise<Listening> {
  let listeningPort = config.port;
  // The language detector's tables load in a second or two: begun now, so the first triage does not wait for them.
  void loadLanguageModel().catch(() => undefined);
  const local = await previewZendesk(config, () => `http://127.0.0.1:${listeningPort}/v1/webhooks/zendesk`);
  // Registered installations' keys, in memory and kept in step with the database (TRIAGE_SYNC_INTERVAL_MS).
  const { registry, keyring } = await startInstallations(handle.store, {
    sealer: sealerFromConfig(config.masterKey),
    defaultSecret: config.sharedSecret,
    syncIntervalMs: config.syncIntervalMs,
    onError: (error) =>
      logger.warn({ errorCode: errorCode(error) }, 'installations: reload failed; the keys loaded before stay in use'),
    onUnreadable: (installations) =>
      logger.error({ installations }, 'installations: stored secrets do not open; their tokens are refused'),
  });
  // Each installation's own taxonomy (a registry setting), followed as the keyring follows the registry.
  await tenants.followTaxonomies(registry, keyring);
  const directory = tenants.directory();
  const runtimeFor = tenants.runtimeFor(handle.runtime);
  const purge = storePurge(handle.store);
  // Each installation's Zendesk account: the default one's from ZENDESK_* (or, in the preview, the local Zendesk,
  // which takes any credentials), a registered one's sealed in the registry.
  const zendesk = zendeskAccounts({
    defaultConnection: config.zendesk ?? (local ? { url: local.zendesk.url, auth: LOCAL_ZENDESK_AUTH } : null),
    defaultWriteBack: config.writeBack,
    registry,
  });
  // Started once the app listens; a delivery accepted here wakes it rather than waiting for its next poll.
  let ticketJobs: Worker | null = null;
  // Each installation's account groups (cached), for routing and /readyz, read with its own credentials.
  const groups = groupCache({
    load: async (installation, signal) => (await zendesk.clientFor(installation)).listGroups(signal),
  });
  // A connection changed (here, on another instance or by the CLI): that installation's groups are read again.
  await forgetGroupsOnConnectionChange(groups, keyring, () => registry.zendeskDigests());
  // Requests in flight go first: background triage and imports take their steps in the quiet moments between them.
  const foreground = new Foreground();
  const background = () => foreground.quiet();
  const app = buildApp(handle.runtime, {
    foreground,
    installations: {
      registry,
      keyring,
      // A removed installation's model and index leave this instance's memory with its data.
      purge: async (installation) => {
        await directory?.evict(installation);
        return purge(installation);
      },
    },
    runtimeFor,
    // Signed Zendesk deliveries: each into its installation's job queue, once per event.
    webhooks: webhookIntake({
      store: handle.store,
      defaultSecret: local?.webhookSecret ?? config.webhookSecret,
      registry,
      onEnqueued: () => ticketJobs?.wake(),
    }),
    zendeskConnected: (installation) => zendesk.connected(installation),
    sharedSecret: config.sharedSecret,
    adminToken: config.adminToken,
    metricsToken: config.metricsToken,
    rateLimit: config.rateLimit,
    logger,
    metrics,
    plugins: servePlugins(
      config,
      () => `http://127.0.0.1:${listeningPort}`,
      local ? backgroundTickets(local.zendesk) : undefined,
    ),
    ...(config.zendesk || local ? { accountGroups: () => groups.snapshot(DEFAULT_INSTALLATION_ID) } : {}),
  });
  const retraining = options.retraining
    ? new RetrainScheduler(handle.store, handle.trainer, logger, {
        after: config.retrainAfter,
        onCounts: (counts) => metrics.setAgentFeedback(counts),
        // Every installation's labels, models and jobs; a job trains the installation it was enqueued in.
        installations: {
          list: async () => (await registry.list()).map((installation) => installation.id),
          scoped: (installation) =>
            installation === handle.store.installation ? handle.store : handle.store.forInstallation(installation),
          train: async (installation, signal) => {
            if (!directory) return handle.trainer.train(signal);
            const lease = await directory.acquire(installation);
            try {
              return await lease.tenant.trainer.train(signal);
            } finally {
              lease.release();
            }
          },
        },
      })
    : null;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    keyring.stop();
    await Promise.all([app.close(), handle.close(), local?.zendesk.close()]).catch(() => undefined);
    throw listenError(error, config.host, config.port) ?? error;
  }
  // The embedded database's folder is locked to this process: a job still running there was left by one that died,
  // and is taken over now rather than after its lease (a minute) runs out.
  if (handle.store.engine === 'pglite') {
    const released = await handle.store.releaseLeases();
    if (released > 0) logger.warn({ jobs: released }, 'taking over jobs a stopped process left running');
  }
  // Background triage: the jobs the webhooks enqueued, triaged in their installation and written back safely.
  ticketJobs = startWorker(
    handle.store,
    {
      [ZENDESK_TICKET_JOB]: ticketJobHandler({
        runtimeFor,
        zendeskFor: (installation) => zendesk.clientFor(installation),
        // The preview's local Zendesk is written to: that is what it shows. A real account only with its switch on.
        writeBack: (installation) =>
          (local !== null && installation === DEFAULT_INSTALLATION_ID) || zendesk.writeBack(installation),
        // Routing is best effort: groups that cannot be read leave the ticket's group alone, with a warning.
        groupsFor: async (installation, signal) =>
          groups.groups(installation, signal).catch((error: unknown) => {
            logger.warn(
              { errorCode: errorCode(error) ?? 'ERROR' },
              'routing: Zendesk groups not read; group left alone',
            );
            return null;
          }),
        pause: background,
      }),
    },
    {
      workerId: `${hostname()}-${process.pid}-tickets`,
      beforeClaim: background,
      onError: (error, job) =>
        logger.warn({ errorCode: errorCode(error) ?? 'ERROR', job: job?.id }, 'background triage job failed'),
    },
  );
  // History imports on a worker of their own: an import runs for hours under the export's rate limit, and must not
  // hold up the tickets arriving meanwhile.
  const importJobs = startWorker(
    handle.store,
    {
      [ZENDESK_IMPORT_JOB]: zendeskImportJobHandler({
        jobs: handle.store,
        zendeskFor: (installation) => zendesk.clientFor(installation, { policy: EXPORT_RETRY_POLICY }),
        targetFor: async (installation) => {
          const lease = await runtimeFor(installation);
          return {
            store: lease.runtime.store,
            taxonomy: lease.runtime.taxonomy.current(),
            afterImport: () => lease.runtime.similar.refresh(),
            release: lease.release,
          };
        },
        labelTagPrefix: config.zendeskLabelTagPrefix,
        ...(config.zendeskLabelField === null ? {} : { labelFieldId: config.zendeskLabelField }),
        pause: background,
      }),
    },
    {
      workerId: `${hostname()}-${process.pid}-imports`,
      beforeClaim: background,
      onError: (error, job) =>
        logger.warn({ errorCode: errorCode(error) ?? 'ERROR', job: job?.id }, 'zendesk import job failed'),
    },
  );
  if (retraining) {
    retraining.start();
    logger.info({ after: config.retrainAfter }, 'retraining scheduler started');
  }
  const address = app.server.address();
  listeningPort = address !== null && typeof address === 'object' ? address.port : config.port;

  const stop = gracefulThenForced(logger, (reason) => {
    logger.info({ signal: reason }, 'shutting down: no new requests, finishing in-flight ones');
    const force = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS);
    force.unref();
    void (async () => {
      // A retraining in progress is handed back at once (its worker thread ends) while requests drain.
      keyring.stop();
      await Promise.all([
        app.close(),
        retraining?.stop(),
        ticketJobs.stop(),
        importJobs.stop(),
        local?.zendesk.close(),
      ]);
      await handle.close();
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    })();
  });
  return { port: listeningPort, stop };
}

/** The first call stops gracefully; a second one (another signal while draining) exits at once with 1. */
function gracefulThenForced(logger: Logger, stop: (reason: string) => void): (reason: string) => void {
  let stopping = false;
  return (reason) => {
    if (stopping) {
      logger.warn({ signal: reason }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    stop(reason);
  };
}

function onSignals(stop: (signal: string) => void): void {
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/**
 * TRIAGE_WORKERS above 1: this process does the first-start work once (migrations, demo import, first model), then
 * forks the workers that serve, keeps them running and drains them on SIGTERM. It prints the banner once.
 */
async function servePrimary(config: Config, logger: Logger): Promise<void> {
  // The workers load the similar index; the primary only reads it when it imports the demo and triages its inbox.
  const handle = await createRuntime(config, logger, { trainInWorker: true, live: false, loadSimilarIndex: false });
  let facts: BannerFacts;
  try {
    await firstStart(config, handle, logger);
    facts = await bannerFacts(handle);
  } finally {
    await handle.close();
  }
  // Workers take the secrets resolved here (generated ones included), so every worker checks the same tokens.
  const running = startCluster({
    workers: config.workers,
    logger,
    env: {
      TRIAGE_SHARED_SECRET: config.sharedSecret,
      TRIAGE_ADMIN_TOKEN: config.adminToken,
      ...(config.masterKey ? { TRIAGE_MASTER_KEY: config.masterKey.value } : {}),
    },
    drainTimeoutMs: DRAIN_TIMEOUT_MS + 5_000,
  });
  onSignals(
    gracefulThenForced(logger, (signal) => {
      logger.info({ signal, workers: config.workers }, 'shutting down: draining every worker');
      running.stop();
    }),
  );
  const port = await running.listening.catch(() => null);
  if (port !== null) process.stderr.write(banner(config, port, facts, config.workers));
  const code = await running.ended;
  logger.info({ code }, 'stopped');
  logger.flush();
  process.exit(code);
}

/** A worker forked by servePrimary: a full server instance (runtime, similar index, model) on the shared port. */
async function serveWorker(config: Config): Promise<void> {
  const slot = workerSlot();
  const logger = createLogger({
    level: config.logLevel,
    format: resolveLogFormat(config.logFormat, process.stdout),
  }).child({ worker: slot });
  let server: Listening | null = null;
  let stopRequested = false;
  const requestStop = (reason: string) => {
    if (stopRequested) return;
    stopRequested = true;
    // Asked before it listens: nothing is in flight.
    if (server) server.stop(reason);
    else process.exit(0);
  };
  onStopRequest(requestStop);
  // Ctrl-C signals the whole process group: the worker drains at once, and the primary's own stop finds it draining.
  const onSignal = gracefulThenForced(logger, requestStop);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => onSignal(signal));
  let handle: RuntimeHandle | null = null;
  const metrics = new ClusterMetrics(() => {
    if (handle) metrics.setRuntimeState(handle.runtime);
  });
  try {
    // Every installation's model and index come from the TenantDirectory, the default one's pinned.
    const tenants = serverTenants(config, logger, { trainInWorker: true, events: metrics.tenantEvents() });
    metrics.trackTenants(() => tenants.directory()?.stats() ?? null);
    handle = await createRuntime(config, logger, {
      trainInWorker: true,
      onLlmCall: (event) => metrics.observeLlmCall(event),
      installation: tenants.installation,
    });
    // One worker runs the retraining scheduler: the jobs table already keeps one retrain per key running across
    // instances, and one scheduler per cluster spares the others its polling.
    server = await listen(config, handle, tenants, logger, metrics, { retraining: slot === 0 });
  } catch (error) {
    // The IPC channel would keep a failed worker alive: it exits, and the primary restarts it or gives up.
    process.stderr.write(
      `triage: worker ${slot} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

async function bannerFacts(handle: RuntimeHandle): Promise<BannerFacts> {
  const llm = handle.runtime.llm?.status() ?? {
    state: 'off',
    detail: 'set OPENAI_API_KEY (and OPENAI_BASE_URL, TRIAGE_LLM_MODEL) to switch it on',
  };
  const embeddings = handle.similar.embeddingStatus();
  const stored = handle.similar.loaded ? `, ${embeddings?.vectors} vectors stored` : '';
  const similar = embeddings
    ? `lexical + embeddings (${embeddings.model}${stored})`
    : 'lexical (set TRIAGE_EMBEDDING_MODEL to fuse embeddings)';
  return {
    engine: handle.store.engine,
    modelVersion: handle.model.current()?.version ?? null,
    llm: `${llm.state}${llm.detail ? ` (${llm.detail})` : ''}`,
    similar,
  };
}

/**
 * The banner goes to stderr, never to stdout where the JSON logs are; generated secrets appear in it only when stderr
 * is a terminal (see serveBanner).
 */
function banner(config: Config, port: number, facts: BannerFacts, workers = 1): string {
  return serveBanner(config, port, facts, { workers, interactive: process.stderr.isTTY === true });
}
