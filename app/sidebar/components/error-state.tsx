import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import type { ApiError } from '../../shared/api-error.ts';
import { useI18n, type Translate } from '../../shared/i18n.tsx';
import { useCountdown } from '../../shared/use-countdown.ts';
import { TicketReadError } from '../../shared/ticket-reader.ts';
import type { TriageFailure } from '../use-triage.ts';

/** Title and body for a failed call, in the agent's words. */
export function errorMessage(t: Translate, error: ApiError, secondsLeft: number | null = error.retryAfterSeconds): { title: string; body: string } {
  switch (error.kind) {
    case 'unauthorized':
      return { title: t('ui.error.unauthorized_title'), body: t('ui.error.unauthorized') };
    case 'rate_limited':
      return {
        title: t('ui.error.rate_limited_title'),
        body: secondsLeft === null || secondsLeft <= 0 ? t('ui.error.rate_limited_later') : t('ui.error.rate_limited', { seconds: secondsLeft }),
      };
    case 'unreachable':
      return { title: t('ui.error.unreachable_title'), body: t('ui.error.unreachable') };
    case 'invalid_response':
      return { title: t('ui.error.invalid_response_title'), body: t('ui.error.invalid_response') };
    case 'invalid_request':
      return { title: t('ui.error.invalid_request_title'), body: t('ui.error.invalid_request') };
  }
}

/** A failed triage: what happened, and a retry button when retrying can help. */
export function ErrorState({ error, onRetry }: { error: TriageFailure; onRetry: () => void }) {
  const { t } = useI18n();
  if (error instanceof TicketReadError) {
    return (
      <Alert type="info" role="status">
        <Paragraph>{t('ui.error.no_ticket')}</Paragraph>
      </Alert>
    );
  }
  return <ApiErrorState error={error} onRetry={onRetry} />;
}

function ApiErrorState({ error: apiError, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { t } = useI18n();
  // Retrying before a rate limit's Retry-After has passed would only be refused again.
  const secondsLeft = useCountdown(apiError.kind === 'rate_limited' ? apiError.retryAfterSeconds : null);
  const { title, body } = errorMessage(t, apiError, secondsLeft);
  const canRetry = apiError.kind !== 'unauthorized' && apiError.kind !== 'invalid_request';
  const waiting = secondsLeft !== null && secondsLeft > 0;
  return (
    <Alert type={apiError.kind === 'rate_limited' ? 'warning' : 'error'} role="alert">
      <Title>{title}</Title>
      <Paragraph>{body}</Paragraph>
      {canRetry ? (
        <Button size="small" onClick={onRetry} disabled={waiting} style={{ marginTop: 8 }}>
          {t('ui.error.retry')}
        </Button>
      ) : null}
    </Alert>
  );
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
