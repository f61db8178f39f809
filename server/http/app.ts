import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
} from 'fastify';
import {
  checkAdminToken,
  DEFAULT_INSTALLATION_ID,
  installationGrant,
  installationVerifier,
  registryVerifier,
  verifyInstallationToken,
  type ActorGrant,
  type Installation,
  type InstallationKeyring,
} from '../auth/index.ts';
import {
  InstallationNotFoundError,
  type InstallationRegistry,
  type PurgeInstallation,
} from '../installations/index.ts';
import type { Foreground } from '../runtime/foreground.ts';
import type { Runtime, RuntimeFor } from '../runtime/runtime.ts';
import { handleClientError } from './client-error.ts';
import { createErrorHandler } from './error-handler.ts';
import { NotFoundError, RateLimitedError, ServiceNotReadyError } from '../errors.ts';
import { createLogger } from './logger.ts';
import { ApiMetrics } from './metrics.ts';
import { TokenBuckets } from './rate-limit.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { installationAdminRoutes } from './routes/installation-admin-routes.ts';
import { installationRoutes } from './routes/installation-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import type { WebhookIntake } from '../webhooks/index.ts';
import type { GroupsSnapshot } from '../zendesk/index.ts';

/** Bodies larger than this are refused with 413 (the admin import streams and is not bound by it). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const ROOT_HINT =
  'this is the Triage Assist API: its routes are under /v1 (see the README, "HTTP API"); GET /healthz and /readyz report its health';

export interface AppOptions {
  /** HS256 key of the default installation's JWTs (TRIAGE_SHARED_SECRET). */
  readonly sharedSecret: string;
  /**
   * Registered installations: the keyring's keys verify their tokens (picked by `iss`), and
   * `/v1/admin/installations` manages them. Without it only the default installation's tokens are accepted.
   */
  readonly installations?: {
    readonly registry: InstallationRegistry;
    readonly keyring: InstallationKeyring;
    readonly purge: PurgeInstallation;
  };
  /**
   * Each installation's runtime for its requests (server/tenants: loaded on first use, within the memory budget).
   * Without it the app serves `runtime`'s installation only: another installation's verified token gets 503 NOT_READY.
   */
  readonly runtimeFor?: RuntimeFor;
  /** TRIAGE_ADMIN_TOKEN. */
  readonly adminToken: string;
  /** TRIAGE_METRICS_TOKEN: the bearer token `/metrics` requires; absent or null leaves it open. */
  readonly metricsToken?: string | null;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  /** A pino logger (see createLogger); a silent one when absent. */
  readonly logger?: FastifyBaseLogger;
  /** Defaults to a new registry per app. */
  readonly metrics?: ApiMetrics;
  /** Extra plugins mounted at the root after the API routes, e.g. the preview host (server/preview). */
  readonly plugins?: readonly FastifyPluginAsync[];
  readonly bodyLimit?: number;
  /**
   * Zendesk webhook deliveries (`POST /v1/webhooks/zendesk[/:subdomain]`, signed, outside the JWT scope): whose secret
   * checks them and where their jobs go (server/webhooks' webhookIntake). Without it those routes answer 404.
   */
  readonly webhooks?: WebhookIntake;
  /** Whether an installation (by id) has Zendesk API credentials, for `POST /v1/admin/import/zendesk`; absent: none. */
  readonly zendeskConnected?: (installation: string) => Promise<boolean>;
  /**
   * Counts every request from arrival until its response is sent or dropped, so background work in this process
   * (server/runtime Foreground) waits for a quiet moment instead of delaying them.
   */
  readonly foreground?: Foreground;
  /** The clock webhook timestamps are checked against (tests). */
  readonly now?: () => Date;
  /**
   * What is known of the default installation's Zendesk groups, without waiting (server/zendesk groupCache's
   * `snapshot`, which refreshes a stale list in the background): /readyz reports the taxonomy's groups that the
   * account lacks. Absent without Zendesk credentials.
   */
  readonly accountGroups?: () => GroupsSnapshot;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the JWT check on /v1 routes. */
    installation: Installation | null;
    /** What the verified token lets the caller say about who answered (feedback's actor); set with installation. */
    actorGrant: ActorGrant | null;
    /** The verified installation's runtime, held (not evicted) until the response is sent; set with installation. */
    runtime: Runtime | null;
    /** Releases `runtime`'s lease; idempotent. */
    releaseRuntime: (() => void) | null;
  }
}

/** A RuntimeFor that serves one runtime's installation and no other. */
export function onlyRuntime(runtime: Runtime): RuntimeFor {
  const lease = { runtime, release: () => undefined };
  return async (installation) => {
    if (installation === runtime.installation) return lease;
    throw new ServiceNotReadyError(`installation ${installation} is not served by this process`);
  };
}

/** The HTTP API over a runtime. Routes: see README "HTTP API". */
export function buildApp(runtime: Runtime, options: AppOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT_BYTES;
  const metrics = options.metrics ?? new ApiMetrics();
  const handleError = createErrorHandler(bodyLimit);
  const app = Fastify({
    loggerInstance: options.logger ?? createLogger({ level: 'silent' }),
    bodyLimit,
    // A trailing slash is a client's typo, not a new route.
    routerOptions: { ignoreTrailingSlash: true },
    // While draining on SIGTERM, new requests get 503 and in-flight ones finish.
    return503OnClosing: true,
    // What fastify and node answer before any route runs (bad %-escapes, a path that is not UTF-8, parser errors),
    // in the API's error shape rather than theirs. handleError returns the (thenable) reply; fastify ignores this
    // callback's result, and the reply is sent either way.
    frameworkErrors: (error, request, reply) => {
      void handleError(error, request, reply);
    },
    clientErrorHandler: handleClientError,
    // Node answers an HTTP/1.1 request without Host with a bare 400 that no handler sees; let it reach the API
    // (which routes by path only) so it gets the same error shape as any other request.
    http: { requireHostHeader: false },
  }) as unknown as FastifyInstance;

  app.decorateRequest('installation', null);
  app.decorateRequest('actorGrant', null);
  app.decorateRequest('runtime', null);
  app.decorateRequest('releaseRuntime', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    // Without the preview host (which redirects `/` to its page), the root says where the API is.
    throw new NotFoundError(request.url.split('?')[0] === '/' ? ROOT_HINT : undefined);
  });

  const foreground = options.foreground;
  if (foreground) {
    app.addHook('onRequest', (_request, reply, done) => {
      // 'close' comes once the response is sent, or when the connection went first: never in flight forever.
      reply.raw.once('close', foreground.enter());
      done();
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.register(healthRoutes, {
    runtime,
    metrics,
    metricsToken: options.metricsToken ?? null,
    accountGroups: options.accountGroups,
  });

  const verify = options.installations
    ? registryVerifier(options.installations.keyring, options.sharedSecret)
    : installationVerifier(options.sharedSecret);
  const runtimeFor = options.runtimeFor ?? onlyRuntime(runtime);
  const buckets = new TokenBuckets(options.rateLimit.perSecond, options.rateLimit.burst);
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply) => {
        const { installation, claims } = await verifyInstallationToken(request.headers.authorization, verify);
        request.installation = installation;
        // Every later line of this request (errors, "request completed") names the verified installation.
        request.log = reply.log = request.log.child({ installation: installation.id });
        request.actorGrant = installationGrant(claims);
        const retryAfter = buckets.take(installation.id, Date.now());
        if (retryAfter > 0) throw new RateLimitedError(retryAfter);
        // The installation's own runtime: its scoped store, model and similar index, nothing of another's.
        const lease = await runtimeFor(installation.id);
        request.runtime = lease.runtime;
        request.releaseRuntime = lease.release;
      });
      // Sent, failed or aborted: the lease ends, so the installation may be evicted again.
      const release = async (request: FastifyRequest) => {
        request.releaseRuntime?.();
        request.releaseRuntime = null;
      };
      scope.addHook('onResponse', release);
      scope.addHook('onRequestAbort', release);
      await scope.register(installationRoutes, { metrics });
    },
    { prefix: '/v1' },
  );

  /** The id of the installation an admin's `?installation=SUBDOMAIN` names; 404 INSTALLATION_NOT_FOUND otherwise. */
  const adminInstallationId = async (subdomain: string): Promise<string> => {
    if (subdomain === DEFAULT_INSTALLATION_ID) return DEFAULT_INSTALLATION_ID;
    if (!options.installations) throw new InstallationNotFoundError(subdomain);
    return (await options.installations.registry.get(subdomain)).id;
  };
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest) =>
        checkAdminToken(request.headers.authorization, options.adminToken),
      );
      await scope.register(adminRoutes, {
        runtime,
        runtimeFor,
        installationId: adminInstallationId,
        ...(options.zendeskConnected ? { zendeskConnected: options.zendeskConnected } : {}),
      });
      if (options.installations) await scope.register(installationAdminRoutes, options.installations);
    },
    { prefix: '/v1/admin' },
  );
  // A page an admin's browser opens: its own scope, as it also takes the admin token as a Basic-auth password.
  app.register(reportRoutes, {
    prefix: '/v1/admin',
    adminToken: options.adminToken,
    runtime,
    runtimeFor,
    installationId: adminInstallationId,
    subdomainInstallation: async (subdomain) => {
      if (!options.installations) return DEFAULT_INSTALLATION_ID;
      try {
        return (await options.installations.registry.get(subdomain)).id;
      } catch (error) {
        if (error instanceof InstallationNotFoundError) return DEFAULT_INSTALLATION_ID;
        throw error;
      }
    },
  });

  if (options.webhooks) {
    app.register(webhookRoutes, {
      prefix: '/v1/webhooks',
      intake: options.webhooks,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  for (const plugin of options.plugins ?? []) app.register(plugin);
  return app;
}
