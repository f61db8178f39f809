import { z } from 'zod';
import { ZendeskApiError } from './errors.ts';
import type { ZendeskConnection } from '../config/index.ts';
import { ApiError } from '../errors.ts';
import { ZendeskNotConfiguredError, type InstallationRegistry } from '../installations/index.ts';
import { createZendeskRequest, type RequestOptions } from './request.ts';

/**
 * The ticket events background triage subscribes to (developer.zendesk.com, Webhooks → Webhook event types; an
 * event-subscribed webhook posts them as JSON).
 */
export const TICKET_EVENT_TYPES = ['zen:event-type:ticket.created', 'zen:event-type:ticket.comment_added'] as const;

/** The webhook's name in the account: found again by it, so connecting twice updates the same webhook. */
export const TRIAGE_WEBHOOK_NAME = 'Triage Assist: ticket events';

const Webhook = z.object({
  id: z.string().min(1),
  name: z.string(),
  endpoint: z.string(),
  status: z.string(),
  subscriptions: z.array(z.string()).optional(),
});
const WebhookReply = z.object({ webhook: Webhook });
const WebhooksPage = z.object({
  webhooks: z.array(Webhook),
  meta: z.object({ has_more: z.boolean().optional() }).partial().optional(),
  links: z.object({ next: z.string().nullish() }).partial().optional(),
});
const SigningSecretReply = z.object({ signing_secret: z.object({ secret: z.string().min(1), algorithm: z.string() }) });

/**
 * Where an installation's deliveries go on the backend at `backendUrl`: `/v1/webhooks/zendesk` for the default
 * installation (`subdomain` null), `/v1/webhooks/zendesk/SUBDOMAIN` for a registered one. https only (Zendesk delivers
 * ticket content there); http only to loopback, for a local try. 400 INVALID_BACKEND_URL otherwise.
 */
export function webhookEndpoint(backendUrl: string, subdomain: string | null): string {
  let url: URL;
  try {
    url = new URL(backendUrl);
  } catch (error) {
    throw new ApiError('INVALID_BACKEND_URL', 400, `the backend URL must be an absolute URL, got "${backendUrl}"`, {
      path: 'backendUrl',
      cause: error,
    });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ApiError(
      'INVALID_BACKEND_URL',
      400,
      `the backend URL must be https (Zendesk delivers ticket content there), got "${backendUrl}"`,
      { path: 'backendUrl' },
    );
  const base = url.pathname.replace(/\/+$/, '');
  url.pathname = `${base}/v1/webhooks/zendesk${subdomain === null ? '' : `/${encodeURIComponent(subdomain)}`}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** Zendesk refuses to show the signing secret of a webhook a Zendesk app created (admins cannot reveal those). */
export class WebhookSecretHiddenError extends Error {
  readonly code = 'ZENDESK_WEBHOOK_SECRET_HIDDEN';
  constructor(readonly webhookId: string) {
    super(
      `Zendesk does not reveal the signing secret of webhook ${webhookId} (a webhook an app created): rename or delete it in Admin Center → Webhooks and connect again`,
    );
    this.name = 'WebhookSecretHiddenError';
  }
}

export interface ConnectedWebhook {
  readonly webhookId: string;
  readonly endpoint: string;
  /** True when it was created now, false when the account's webhook of that name was updated. */
  readonly created: boolean;
  /** The secret Zendesk signs its deliveries with: what the backend checks them against. */
  readonly signingSecret: string;
}

/**
 * Creates, or updates by name, the account's event-subscribed webhook that posts new tickets and comments to
 * `endpoint`, active, and reads its signing secret. Uses the Webhooks API with the account's admin credentials
 * (developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks: Create or Clone Webhook `POST /api/v2/webhooks`,
 * List Webhooks with `filter[name_contains]`, Update Webhook `PUT /api/v2/webhooks/{id}`, Show Webhook Signing Secret
 * `GET /api/v2/webhooks/{id}/signing_secret`, which Zendesk refuses for webhooks created by apps). Repeating it is safe.
 */
export async function connectWebhook(
  connection: ZendeskConnection,
  endpoint: string,
  options: RequestOptions & { readonly signal?: AbortSignal; readonly name?: string } = {},
): Promise<ConnectedWebhook> {
  const request = createZendeskRequest(connection, options);
  const name = options.name ?? TRIAGE_WEBHOOK_NAME;
  const signal = options.signal ? { signal: options.signal } : {};
  const spec = {
    name,
    endpoint,
    http_method: 'POST',
    request_format: 'json',
    status: 'active',
    subscriptions: [...TICKET_EVENT_TYPES],
  };
  const query = new URLSearchParams({ 'filter[name_contains]': name, 'page[size]': '100' });
  const { value: page } = await request('GET', `/api/v2/webhooks?${query}`, WebhooksPage, signal);
  const existing = page.webhooks.find((webhook) => webhook.name === name);
  let webhookId: string;
  if (existing) {
    webhookId = existing.id;
    await request('PUT', `/api/v2/webhooks/${encodeURIComponent(webhookId)}`, z.unknown(), {
      body: { webhook: spec },
      ...signal,
    });
  } else {
    const { value } = await request('POST', '/api/v2/webhooks', WebhookReply, { body: { webhook: spec }, ...signal });
    webhookId = value.webhook.id;
  }
  try {
    const { value } = await request(
      'GET',
      `/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`,
      SigningSecretReply,
      signal,
    );
    return { webhookId, endpoint, created: !existing, signingSecret: value.signing_secret.secret };
  } catch (error) {
    if (error instanceof ZendeskApiError && error.status === 403) throw new WebhookSecretHiddenError(webhookId);
    throw error;
  }
}

/**
 * A registered installation's webhook, connected with its own credentials to `backendUrl/v1/webhooks/zendesk/SUBDOMAIN`,
 * its signing secret sealed in the registry (the admin route and `triage webhook --installation` both run this).
 * Throws the registry's INSTALLATION_NOT_FOUND / DEFAULT_INSTALLATION, INVALID_BACKEND_URL, ZENDESK_NOT_CONFIGURED
 * without credentials, and what connectWebhook throws.
 */
export async function connectInstallationWebhook(
  registry: Pick<InstallationRegistry, 'zendeskBySubdomain' | 'setWebhookSecret'>,
  subdomainInput: string,
  backendUrl: string,
): Promise<ConnectedWebhook & { readonly subdomain: string }> {
  const account = await registry.zendeskBySubdomain(subdomainInput);
  const endpoint = webhookEndpoint(backendUrl, account.subdomain);
  if (account.connection === null) throw new ZendeskNotConfiguredError(account.subdomain);
  const connected = await connectWebhook(account.connection, endpoint);
  await registry.setWebhookSecret(account.subdomain, connected.signingSecret);
  return { ...connected, subdomain: account.subdomain };
}
