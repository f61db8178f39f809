import { z } from 'zod';
import { safeText } from '../contract/index.ts';

/**
 * The options an app passes to ZAF's `client.request()`, as far as the preview proxy honours them.
 * Placeholders (`{{setting.*}}`, `{{jwt.token}}`) are still unsubstituted: only the server fills them in.
 */
export const ZafRequestOptions = z.object({
  url: safeText().min(1).max(4_000),
  type: safeText().max(10).optional(),
  method: safeText().max(10).optional(),
  contentType: z.union([safeText().max(200), z.literal(false)]).optional(),
  data: z.union([safeText().max(1_100_000), z.record(safeText(), z.unknown())]).optional(),
  headers: z.record(safeText(), safeText().max(8_000)).optional(),
  dataType: safeText().max(20).optional(),
  secure: z.boolean().optional(),
  cors: z.boolean().optional(),
  httpCompleteResponse: z.boolean().optional(),
  timeout: z.number().int().min(0).optional(),
  jwt: z
    .object({
      algorithm: safeText().max(10),
      secret_key: safeText().max(500),
      expiry: z.number().int().min(1).max(86_400).optional(),
      claims: z.record(safeText(), z.unknown()).optional(),
    })
    .optional(),
});
export type ZafRequestOptions = z.infer<typeof ZafRequestOptions>;

/** What the preview proxy answers: the backend's response, whatever its status. */
export const ZafProxyResponse = z.object({
  status: z.number().int().min(0).max(599),
  statusText: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});
export type ZafProxyResponse = z.infer<typeof ZafProxyResponse>;

const PreviewUser = z.object({ id: z.number().int(), name: z.string(), email: z.string() });

/** A ticket the local preview host shows, as Zendesk would hold it (unredacted demo data). */
export const PreviewTicket = z.object({
  /** Zendesk ids are numbers; history tickets from the demo import keep their string ids (`demo-0042`). */
  id: z.union([z.number().int().positive(), z.string().min(1).max(64)]),
  subject: z.string(),
  description: z.string(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).nullable(),
  type: z.enum(['question', 'incident', 'problem', 'task']).nullable(),
  tags: z.array(z.string()),
  requester: PreviewUser,
  assignee: PreviewUser.nullable(),
  /** The ticket's group (one of PREVIEW_GROUPS); absent or null: none. */
  groupId: z.number().int().positive().nullable().optional(),
  /** Follow-ups after the description, oldest first. */
  comments: z.array(
    z.object({
      id: z.number().int(),
      author: PreviewUser.extend({ role: z.enum(['end-user', 'agent']) }),
      body: z.string(),
      public: z.boolean(),
      createdAt: z.string(),
    }),
  ),
  locale: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PreviewTicket = z.infer<typeof PreviewTicket>;

/** `GET /preview/api/tickets`: the picker's list. */
export const PreviewTicketList = z.object({
  tickets: z.array(
    z.object({ id: PreviewTicket.shape.id, subject: z.string(), requester: z.string(), locale: z.string() }),
  ),
});
export type PreviewTicketList = z.infer<typeof PreviewTicketList>;

/** `POST /preview/api/tickets`: a new ticket for the local Zendesk, which triages it in the background. */
export const NewPreviewTicket = z.object({
  subject: safeText().trim().min(1).max(300),
  description: safeText().trim().min(1).max(20_000),
});
export type NewPreviewTicket = z.infer<typeof NewPreviewTicket>;

/** `GET /preview/api/config`: what the host page needs. Never holds a secure setting. */
export const PreviewConfig = z.object({
  subdomain: z.string(),
  appName: z.string(),
  appVersion: z.string(),
  settings: z.record(z.string(), z.string()),
  currentUser: z.object({ id: z.number().int(), name: z.string(), email: z.string(), locale: z.string() }),
  /** A local Zendesk takes new tickets (`POST /preview/api/tickets`) and the backend triages them by webhook. */
  backgroundTriage: z.boolean().default(false),
});
export type PreviewConfig = z.infer<typeof PreviewConfig>;
