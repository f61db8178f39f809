import { z } from 'zod';
import { safeText } from './text.ts';

/** `POST /v1/admin/installations`: a Zendesk account to serve; its shared secret is generated unless given. */
export const AddInstallationRequest = z
  .object({
    /** `acme` or `acme.zendesk.com`. */
    subdomain: safeText().min(1).max(300),
    /** At least 32 characters when given; the app's `shared_secret` setting must hold the same value. */
    sharedSecret: safeText().min(1).max(1000).optional(),
  })
  .strict();
export type AddInstallationRequest = z.infer<typeof AddInstallationRequest>;

/** The answer to adding one: the only time its shared secret is returned. */
export const InstallationCreated = z.object({ id: z.string(), subdomain: z.string(), sharedSecret: z.string() });
export type InstallationCreated = z.infer<typeof InstallationCreated>;

/** An installation as listed: never a secret. The default one (from the environment) has no subdomain. */
export const InstallationView = z.object({
  id: z.string(),
  subdomain: z.string().nullable(),
  default: z.boolean(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type InstallationView = z.infer<typeof InstallationView>;

export const InstallationList = z.object({ installations: z.array(InstallationView) });
export type InstallationList = z.infer<typeof InstallationList>;

/** `:subdomain` of the installation routes (`default` names the default installation). */
export const InstallationParams = z.object({ subdomain: safeText().min(1).max(300) });
export type InstallationParams = z.infer<typeof InstallationParams>;

/** A rotation: the new secret, returned once, and until when the previous one is still accepted. */
export const InstallationRotated = z.object({ sharedSecret: z.string(), previousValidUntil: z.string() });
export type InstallationRotated = z.infer<typeof InstallationRotated>;

/** A removal: what was deleted of the installation's data, counted per table. */
export const InstallationRemoved = z.object({
  id: z.string(),
  subdomain: z.string(),
  deleted: z.record(z.string(), z.number().int().min(0)),
});
export type InstallationRemoved = z.infer<typeof InstallationRemoved>;

/**
 * An installation's taxonomy as the admin sees it: its own YAML, as stored, or null when it uses the shared file
 * (TRIAGE_TAXONOMY; the default installation always does).
 */
export const InstallationTaxonomy = z.object({
  id: z.string(),
  subdomain: z.string().nullable(),
  source: z.enum(['installation', 'file']),
  yaml: z.string().nullable(),
});
export type InstallationTaxonomy = z.infer<typeof InstallationTaxonomy>;

/** A taxonomy set for an installation: the version and label count it declared, in force at once. */
export const InstallationTaxonomySet = z.object({
  id: z.string(),
  subdomain: z.string(),
  version: z.string(),
  labels: z.number().int().min(0),
});
export type InstallationTaxonomySet = z.infer<typeof InstallationTaxonomySet>;

/** A taxonomy cleared: whether the installation had one of its own (it now uses the shared file). */
export const InstallationTaxonomyCleared = z.object({ id: z.string(), subdomain: z.string(), cleared: z.boolean() });
export type InstallationTaxonomyCleared = z.infer<typeof InstallationTaxonomyCleared>;
/** `PUT /v1/admin/installations/:subdomain/webhook-secret`: the signing secret Zendesk shows for its webhook, or null. */
export const SetWebhookSecretRequest = z.object({ webhookSecret: z.string().min(16).max(256).nullable() }).strict();
export type SetWebhookSecretRequest = z.infer<typeof SetWebhookSecretRequest>;
export const WebhookSecretSet = z.object({ subdomain: z.string(), webhookSecret: z.enum(['set', 'cleared']) });
export type WebhookSecretSet = z.infer<typeof WebhookSecretSet>;

/** `POST /v1/admin/installations/:subdomain/webhook`: where Zendesk reaches this backend (https). */
export const ConnectWebhookRequest = z.object({ backendUrl: z.string().min(1).max(2000) }).strict();
export type ConnectWebhookRequest = z.infer<typeof ConnectWebhookRequest>;
/** The account's webhook, created or updated and active; its signing secret kept sealed, never answered. */
export const WebhookConnected = z.object({
  subdomain: z.string(),
  webhookId: z.string(),
  endpoint: z.string(),
  created: z.boolean(),
  webhookSecret: z.literal('set'),
});
export type WebhookConnected = z.infer<typeof WebhookConnected>;
