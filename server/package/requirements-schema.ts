import { z } from 'zod';

/**
 * The part of requirements.json this app uses, in the shapes Zendesk documents (Specifying app requirements; a webhook
 * is the Webhooks API's create payload): checked locally because `zcli apps:validate` needs an account. Other
 * sections are only checked to be known (see validate-app.ts). docs/decisions/2026-12-07-zendesk-requirements.md.
 */

/** Event-subscribed webhooks deliver ticket events as `zen:event-type:ticket.*`; a trigger-driven one subscribes to conditional_ticket_events. */
const Subscription = z.union([
  z.literal('conditional_ticket_events'),
  z.string().regex(/^zen:event-type:[a-z_]+\.[a-z_]+$/, 'must be an event type such as zen:event-type:ticket.created'),
]);

export const WebhookRequirement = z.strictObject({
  name: z.string().min(1).max(255),
  description: z.string().max(1000).optional(),
  endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
  // Zendesk: to subscribe to events, http_method must be POST and request_format json.
  http_method: z.literal('POST', { error: 'must be POST for a webhook subscribed to events' }),
  request_format: z.literal('json', { error: 'must be json for a webhook subscribed to events' }),
  status: z.enum(['active', 'inactive']),
  subscriptions: z.array(Subscription).min(1),
  authentication: z
    .strictObject({
      type: z.enum(['basic_auth', 'bearer_token', 'api_key']),
      add_position: z.literal('header'),
      data: z.record(z.string(), z.string()),
    })
    .optional(),
  custom_headers: z.record(z.string(), z.string()).optional(),
  // A signing secret in the package would be the same in every account that installs the app: Zendesk makes one
  // per webhook instead, which the admin gives the backend.
  signing_secret: z
    .never({ error: 'leave it out: a secret in the package would be shared by every account' })
    .optional(),
});

export const TicketFieldRequirement = z.looseObject({
  type: z.enum(['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'tagger', 'multiselect']),
  title: z.string().min(1),
});

/** Requirement keys: the names the app refers to its resources by. */
const Key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and _');

export const Requirements = z.looseObject({
  webhooks: z.record(Key, WebhookRequirement).optional(),
  ticket_fields: z.record(Key, TicketFieldRequirement).optional(),
});
export type Requirements = z.infer<typeof Requirements>;

/** Every problem of a parsed requirements.json against the documented subset, as `section.key.field: message`. */
export function requirementsIssues(value: unknown): string[] {
  const parsed = Requirements.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
