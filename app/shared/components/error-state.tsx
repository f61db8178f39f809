import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import type { ApiError } from '../api-error.ts';
import { useI18n, type Translate } from '../i18n.tsx';

/** Title and body for a failed call, in the agent's words. */
export function errorMessage(
  t: Translate,
  error: ApiError,
  secondsLeft: number | null = error.retryAfterSeconds,
): { title: string; body: string } {
  switch (error.kind) {
    case 'unauthorized':
      return { title: t('ui.error.unauthorized_title'), body: t('ui.error.unauthorized') };
    case 'rate_limited':
      return {
        title: t('ui.error.rate_limited_title'),
        body:
          secondsLeft === null || secondsLeft <= 0
            ? t('ui.error.rate_limited_later')
            : t('ui.error.rate_limited', { seconds: secondsLeft }),
      };
    case 'unreachable':
      return { title: t('ui.error.unreachable_title'), body: t('ui.error.unreachable') };
    case 'invalid_response':
      return { title: t('ui.error.invalid_response_title'), body: t('ui.error.invalid_response') };
    case 'invalid_request':
      return { title: t('ui.error.invalid_request_title'), body: t('ui.error.invalid_request') };
  }
}

/** The installation has no backend URL: only an admin can fix it. */
export function NotConfiguredState() {
  const { t } = useI18n();
  return (
    <Alert type="warning" role="alert">
      <Title>{t('ui.error.not_configured_title')}</Title>
      <Paragraph>{t('ui.error.not_configured')}</Paragraph>
    </Alert>
  );
}

/** The host opened the page in a location the app has no view for (the manifest and the app disagree). */
export function UnknownLocationState({ location }: { location: string | null }) {
  const { t } = useI18n();
  return (
    <Alert type="error" role="alert">
      <Title>{t('ui.error.unknown_location_title')}</Title>
      <Paragraph>{t('ui.error.unknown_location', { location: location ?? '?' })}</Paragraph>
    </Alert>
  );
}
