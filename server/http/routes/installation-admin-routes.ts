import type { FastifyInstance } from 'fastify';
import {
  AddInstallationRequest,
  ConnectWebhookRequest,
  InstallationParams,
  SetWebhookSecretRequest,
  SetZendeskRequest,
  type ZendeskConnectionView,
  type WebhookConnected,
  type WebhookSecretSet,
  type InstallationCreated,
  type InstallationList,
  type InstallationRemoved,
  type InstallationRotated,
  type InstallationTaxonomy,
  type InstallationTaxonomyCleared,
  type InstallationTaxonomySet,
  type InstallationView,
} from '../../../src/contract/index.ts';
import { ApiError } from '../../errors.ts';
import type { InstallationRegistry, PurgeInstallation } from '../../installations/index.ts';
import { connectInstallationWebhook, WebhookSecretHiddenError, ZendeskApiError } from '../../zendesk/index.ts';
import { requireMediaType } from '../content-type.ts';
import { parseWith } from '../validate.ts';

const TAXONOMY_CONTENT_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];

export interface InstallationAdminOptions {
  readonly registry: InstallationRegistry;
  /** Deletes a removed installation's data (the scoped store's deleteInstallationData). */
  readonly purge: PurgeInstallation;
}

/**
 * `/v1/admin/installations`: register, list, rotate and remove installations, and set or clear one's own taxonomy (admin token checked by the enclosing
 * plugin). A shared secret is in an answer only when it was just made (add, rotate), and in no log line.
 */
export async function installationAdminRoutes(app: FastifyInstance, options: InstallationAdminOptions): Promise<void> {
  const { registry, purge } = options;
  const jsonOnly = requireMediaType(['application/json'], 'send the body as JSON with content-type: application/json');
  const yamlOnly = requireMediaType(
    TAXONOMY_CONTENT_TYPES,
    'send the taxonomy as YAML text with content-type: application/yaml (or text/yaml)',
  );
  // The YAML as text: parsed and validated by the registry, which names the key at fault.
  app.addContentTypeParser(TAXONOMY_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const params = (value: unknown) => parseWith(InstallationParams, value, 'params', { pathPrefix: 'params' });

  app.post('/installations', { onRequest: jsonOnly }, async (request, reply): Promise<InstallationCreated> => {
    const body = parseWith(AddInstallationRequest, request.body, 'body');
    const created = await registry.add(body);
    request.log.info({ installation: created.id }, 'installation added');
    reply.status(201);
    return created;
  });

  app.get('/installations', async (): Promise<InstallationList> => ({ installations: await registry.list() }));

  app.get('/installations/:subdomain', async (request): Promise<InstallationView> =>
    registry.get(params(request.params).subdomain),
  );

  app.delete('/installations/:subdomain', async (request): Promise<InstallationRemoved> => {
    const removed = await registry.remove(params(request.params).subdomain, purge);
    request.log.info({ installation: removed.id, deleted: removed.deleted }, 'installation removed');
    return removed;
  });

  // The webhook's signing secret is Zendesk's to make: it is set here, never returned.
  app.put(
    '/installations/:subdomain/webhook-secret',
    { onRequest: jsonOnly },
    async (request): Promise<WebhookSecretSet> => {
      const { subdomain } = params(request.params);
      const { webhookSecret } = parseWith(SetWebhookSecretRequest, request.body, 'body');
      await registry.setWebhookSecret(subdomain, webhookSecret);
      request.log.info({ subdomain, set: webhookSecret !== null }, 'installation webhook secret changed');
      return { subdomain, webhookSecret: webhookSecret === null ? 'cleared' : 'set' };
    },
  );

  // The backend sets up the account's webhook itself (Zendesk shows no secret of an app-made one): created or repaired
  // through the Webhooks API with the installation's credentials, its secret sealed here and never answered.
  app.post('/installations/:subdomain/webhook', { onRequest: jsonOnly }, async (request): Promise<WebhookConnected> => {
    const { subdomain } = params(request.params);
    const { backendUrl } = parseWith(ConnectWebhookRequest, request.body, 'body');
    let connected;
    try {
      connected = await connectInstallationWebhook(registry, subdomain, backendUrl);
    } catch (error) {
      if (error instanceof WebhookSecretHiddenError)
        throw new ApiError(error.code, 409, error.message, { cause: error });
      if (error instanceof ZendeskApiError)
        throw new ApiError(
          error.code,
          502,
          `Zendesk refused to set up the webhook (${error.status ?? 'no answer'}); the installation's credentials must be an admin's`,
          { cause: error, isRetryable: error.isRetryable },
        );
      throw error;
    }
    request.log.info(
      { subdomain: connected.subdomain, webhook: connected.webhookId, created: connected.created },
      'installation webhook connected',
    );
    return {
      subdomain: connected.subdomain,
      webhookId: connected.webhookId,
      endpoint: connected.endpoint,
      created: connected.created,
      webhookSecret: 'set',
    };
  });

  // The account's API connection: tokens are sealed with the other secrets and never answered nor logged.
  app.get('/installations/:subdomain/zendesk', async (request): Promise<ZendeskConnectionView> =>
    registry.zendeskView(params(request.params).subdomain),
  );

  app.put(
    '/installations/:subdomain/zendesk',
    { onRequest: jsonOnly },
    async (request): Promise<ZendeskConnectionView> => {
      const { subdomain } = params(request.params);
      const body = parseWith(SetZendeskRequest, request.body, 'body');
      const connection =
        body.url === undefined
          ? undefined
          : {
              url: body.url,
              auth:
                body.oauthToken !== undefined
                  ? { kind: 'oauth' as const, accessToken: body.oauthToken }
                  : { kind: 'api-token' as const, email: body.email ?? '', apiToken: body.apiToken ?? '' },
            };
      const view = await registry.setZendesk(subdomain, {
        ...(connection === undefined ? {} : { connection }),
        ...(body.writeBack === undefined ? {} : { writeBack: body.writeBack }),
      });
      request.log.info(
        { installation: view.id, credentials: connection !== undefined, writeBack: view.writeBack },
        'installation zendesk connection changed',
      );
      return view;
    },
  );

  app.delete('/installations/:subdomain/zendesk', async (request): Promise<ZendeskConnectionView> => {
    const view = await registry.setZendesk(params(request.params).subdomain, { connection: null });
    request.log.info({ installation: view.id }, 'installation zendesk credentials cleared');
    return view;
  });

  app.post('/installations/:subdomain/rotate', async (request): Promise<InstallationRotated> => {
    const { subdomain } = params(request.params);
    const rotated = await registry.rotate(subdomain);
    request.log.info({ subdomain, previousValidUntil: rotated.previousValidUntil }, 'installation secret rotated');
    return rotated;
  });

  app.get('/installations/:subdomain/taxonomy', async (request): Promise<InstallationTaxonomy> => {
    const own = await registry.taxonomyBySubdomain(params(request.params).subdomain);
    return {
      id: own.id,
      subdomain: own.subdomain,
      source: own.taxonomy === null ? 'file' : 'installation',
      yaml: own.taxonomy,
    };
  });

  app.put(
    '/installations/:subdomain/taxonomy',
    { onRequest: yamlOnly },
    async (request): Promise<InstallationTaxonomySet> => {
      const { subdomain } = params(request.params);
      const text = typeof request.body === 'string' ? request.body : '';
      const set = await registry.setTaxonomy(subdomain, text);
      request.log.info({ installation: set.id, version: set.version, labels: set.labels }, 'installation taxonomy set');
      return set;
    },
  );

  app.delete('/installations/:subdomain/taxonomy', async (request): Promise<InstallationTaxonomyCleared> => {
    const cleared = await registry.clearTaxonomy(params(request.params).subdomain);
    request.log.info({ installation: cleared.id, cleared: cleared.cleared }, 'installation taxonomy cleared');
    return cleared;
  });
}
