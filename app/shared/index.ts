export type {
  ZafClient,
  ZafContext,
  ZafGetResult,
  ZafMetadata,
  ZafRequestFailure,
  ZafRequestOptions,
} from './zaf-types.ts';
export { ClientProvider, useClient } from './client-context.tsx';
export { createApiClient, type ApiClient, type ApiClientOptions } from './api-client.ts';
export { ApiError, errorKindOf, type ApiErrorKind } from './api-error.ts';
export { feedbackEvent, feedbackKey, type FeedbackSubject } from './feedback-event.ts';
export { readTicket, plainText, TicketReadError } from './ticket-reader.ts';
export { AccountGroupsError, assignGroup, readAccountGroups, readAssignment } from './account-groups.ts';
export { loadSession, type Session } from './session.ts';
export {
  I18nProvider,
  useI18n,
  usePercent,
  useConfidencePercent,
  MAX_SHOWN_CONFIDENCE,
  translator,
  translations,
  resolveLocale,
  flattenTranslations,
  DEFAULT_LOCALE,
  type Translate,
} from './i18n.tsx';
export { GlobalStyle, useLocationName, useSession, useTaxonomy, type AppLocation } from './app-shell.tsx';
export {
  errorMessage,
  NotConfiguredState,
  UnknownLocationState,
  space,
  steps,
  type SpaceName,
} from './components/index.ts';
