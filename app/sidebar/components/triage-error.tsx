import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import styled from 'styled-components';
import type { ApiError } from '../../shared/api-error.ts';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { space } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useCountdown } from '../../shared/use-countdown.ts';
import { TicketReadError } from '../../shared/ticket-reader.ts';
import type { TriageFailure } from '../use-triage.ts';

const RetryButton = styled(Button)`
  margin-top: ${space('xs')};
`;

/** A failed triage: what happened, and a retry button when retrying can help. */
export function TriageError({ error, onRetry }: { error: TriageFailure; onRetry: () => void }) {
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
        <RetryButton size="small" onClick={onRetry} disabled={waiting}>
          {t('ui.error.retry')}
        </RetryButton>
      ) : null}
    </Alert>
  );
}
