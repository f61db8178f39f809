import { z } from 'zod';
import { safeText } from './text.ts';

/**
 * `PUT /v1/admin/installations/:subdomain/zendesk`: the account's API connection (its URL with an API token and the
 * token's user, or an OAuth access token) and/or its write-back switch (null: follow TRIAGE_WRITE_BACK). What is
 * left out stays as it was. Tokens are sealed and never answered.
 */
export const SetZendeskRequest = z
  .object({
    url: safeText().min(1).max(300).optional(),
    email: safeText().min(1).max(320).optional(),
    apiToken: safeText().min(1).max(512).optional(),
    oauthToken: safeText().min(1).max(512).optional(),
    writeBack: z.boolean().nullable().optional(),
  })
  .strict()
  .superRefine((body, context) => {
    const credentials = [body.url, body.email, body.apiToken, body.oauthToken].some((value) => value !== undefined);
    if (!credentials) {
      if (body.writeBack === undefined)
        context.addIssue({ code: 'custom', path: ['url'], message: 'give url with credentials, writeBack, or both' });
      return;
    }
    if (body.url === undefined)
      context.addIssue({ code: 'custom', path: ['url'], message: 'required with credentials' });
    const apiToken = body.email !== undefined || body.apiToken !== undefined;
    if (apiToken && body.oauthToken !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['oauthToken'],
        message: 'give email + apiToken or oauthToken, not both',
      });
    else if (!apiToken && body.oauthToken === undefined)
      context.addIssue({ code: 'custom', path: ['apiToken'], message: 'give email + apiToken, or oauthToken' });
    else if (apiToken && (body.email === undefined || body.apiToken === undefined))
      context.addIssue({
        code: 'custom',
        path: [body.email === undefined ? 'email' : 'apiToken'],
        message: 'an API token needs the email of its user',
      });
  });
export type SetZendeskRequest = z.infer<typeof SetZendeskRequest>;

/** An installation's Zendesk connection as the admin sees it: never a token. */
export const ZendeskConnectionView = z.object({
  id: z.string(),
  subdomain: z.string(),
  connected: z.boolean(),
  url: z.string().nullable(),
  auth: z.enum(['api-token', 'oauth']).nullable(),
  email: z.string().nullable(),
  /** null: TRIAGE_WRITE_BACK decides. */
  writeBack: z.boolean().nullable(),
});
export type ZendeskConnectionView = z.infer<typeof ZendeskConnectionView>;

const Count = z.number().int().min(0);

/** What a history import from Zendesk did so far (a running job) or in all (a finished one): counts only. */
export const ZendeskImportProgress = z.object({
  /** Started from a cursor an earlier run kept. */
  resumed: z.boolean(),
  pages: Count,
  read: Count,
  inserted: Count,
  updated: Count,
  unchanged: Count,
  labelled: z.record(z.string(), Count),
  unlabelled: Count,
  ambiguous: Count,
  skipped: z.object({ deleted: Count, empty: Count, invalid: Count }),
  /** The export reached the present. */
  complete: z.boolean(),
});
export type ZendeskImportProgress = z.infer<typeof ZendeskImportProgress>;

/** `POST /v1/admin/import/zendesk`: the durable job that imports; follow it at `GET /v1/admin/jobs/:id`. */
export const ZendeskImportStarted = z.object({ jobId: z.string(), status: z.literal('queued') });
export type ZendeskImportStarted = z.infer<typeof ZendeskImportStarted>;

/** `GET /v1/admin/jobs/:id[?installation=]`: a background job's state, its last error code and its progress. */
export const JobView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: Count,
  maxAttempts: Count,
  lastError: z.string().nullable(),
  progress: z.unknown(),
});
export type JobView = z.infer<typeof JobView>;

export const JobParams = z.object({ id: z.uuid() });
