export {
  isZendeskTicketId,
  ZendeskClient,
  type ExportStart,
  type TicketUpdate,
  type ZendeskClientOptions,
  type ZendeskGroups,
  type ZendeskTicketExport,
  type ZendeskTickets,
} from './client.ts';
export { UpdateConflictError, ZendeskApiError } from './errors.ts';
export {
  createZendeskRequest,
  DEFAULT_RETRY_POLICY,
  EXPORT_RETRY_POLICY,
  retryAfterSeconds,
  type RequestOptions,
  type RetryNotice,
  type RetryPolicy,
} from './request.ts';
export type { TicketExportPage, ZendeskComment, ZendeskGroup, ZendeskTicket } from './schemas.ts';
export {
  GROUP_CACHE_FAILURE_TTL_MS,
  GROUP_CACHE_TTL_MS,
  forgetGroupsOnConnectionChange,
  groupCache,
  type GroupCache,
  type GroupCacheOptions,
  type GroupsSnapshot,
} from './group-cache.ts';
export {
  importZendeskHistory,
  IMPORT_STEP,
  ZENDESK_TICKETS_SOURCE,
  type SkipReason,
  type ZendeskImportOptions,
  type ZendeskImportReport,
} from './import-history.ts';
export {
  ZENDESK_IMPORT_DEDUPE_KEY,
  ZENDESK_IMPORT_JOB,
  zendeskImportJobHandler,
  type ImportTarget,
  type ZendeskImportJobOptions,
} from './import-job.ts';
export { zendeskAccounts, type ZendeskAccounts, type ZendeskAccountsOptions } from './accounts.ts';
export {
  connectInstallationWebhook,
  connectWebhook,
  TICKET_EVENT_TYPES,
  TRIAGE_WEBHOOK_NAME,
  WebhookSecretHiddenError,
  webhookEndpoint,
  type ConnectedWebhook,
} from './webhooks-api.ts';
