import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import { Skeleton } from '@zendeskgarden/react-loaders';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, SM, XXL } from '@zendeskgarden/react-typography';
import { useEffect, useRef } from 'react';
import styled from 'styled-components';
import type { ApiClient } from '../../shared/api-client.ts';
import type { ApiError } from '../../shared/api-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useCountdown } from '../../shared/use-countdown.ts';
import { errorMessage } from '../../sidebar/components/error-state.tsx';
import { useReviewQueue, type Settled } from '../use-review-queue.ts';
import { ReviewRow } from './review-row.tsx';

const ItemList = styled.ul`
  list-style: none;
  margin: 16px 0 0;
  padding: 0;
  border-top: 1px solid ${({ theme }) => getColor({ theme, variable: 'border.default' })};
`;

/** The queue page: heading with the count and a refresh, then loading, error, empty or the items. */
export function ReviewQueue({ api, userId }: { api: ApiClient; userId: string }) {
  const { t } = useI18n();
  const queue = useReviewQueue(api, userId);
  const { state, taxonomy, settled } = queue;
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const labelName = (id: string) => taxonomy?.labels.find((label) => label.id === id)?.name ?? id;

  // Keyboard users keep their place: after an item leaves, focus moves to the next one (or the heading).
  useEffect(() => {
    if (!settled) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-ticket-id]') ?? [])];
    const next = rows.find((row) => row.dataset.ticketId === settled.nextTicketId)?.querySelector<HTMLElement>('[data-review-focus]');
    (next ?? headingRef.current)?.focus();
  }, [settled]);

  const count = state.status === 'ready' ? state.items.length + state.beyondPage : null;
  // As in the sidebar: reloading waits out a rate limit's Retry-After (Refresh and Retry alike) instead of being refused again.
  const secondsLeft = useCountdown(state.status === 'error' && state.error.kind === 'rate_limited' ? state.error.retryAfterSeconds : null);
  const waiting = secondsLeft !== null && secondsLeft > 0;
  return (
    <section aria-labelledby="review-heading">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap' }}>
        <XXL tag="h1" id="review-heading" ref={headingRef} tabIndex={-1} isBold style={{ margin: 0, outline: 'none' }}>
          {t('ui.review.title')}
        </XXL>
        {count !== null && count > 0 ? <SM>{t('ui.review.count', { count })}</SM> : null}
        <Button size="small" isBasic style={{ marginInlineStart: 'auto' }} disabled={waiting || state.status === 'loading' || (state.status === 'ready' && state.refreshing)} onClick={queue.reload}>
          {t('ui.review.refresh')}
        </Button>
      </div>
      <MD style={{ marginTop: 4 }}>{t('ui.review.intro')}</MD>
      <div aria-live="polite" role="status" style={{ minHeight: 0 }}>
        {settled ? <SettledNote settled={settled} labelName={labelName} /> : null}
      </div>
      {state.status === 'loading' ? (
        <QueueLoading />
      ) : state.status === 'error' ? (
        <QueueError error={state.error} secondsLeft={secondsLeft} onRetry={queue.reload} />
      ) : state.items.length === 0 ? (
        // Cleared the shown page: say "clear" only once the server confirms nothing else waits.
        state.refreshing ? <QueueLoading /> : <QueueEmpty />
      ) : (
        <ItemList ref={listRef} aria-labelledby="review-heading" aria-busy={state.refreshing}>
          {state.items.map((item) => (
            <ReviewRow key={item.ticketId} item={item} taxonomy={taxonomy} status={queue.statusOf(item.ticketId)} onAnswer={(answer) => void queue.answer(item, answer)} />
          ))}
        </ItemList>
      )}
    </section>
  );
}

function SettledNote({ settled, labelName }: { settled: Settled; labelName: (id: string) => string }) {
  const { t } = useI18n();
  return (
    <SM style={{ marginTop: 8 }}>
      {settled.answer.kind === 'accept'
        ? t('ui.review.confirmed', { ticketId: settled.ticketId })
        : t('ui.review.corrected', { ticketId: settled.ticketId, label: labelName(settled.answer.label) })}
    </SM>
  );
}

function QueueLoading() {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" aria-busy="true" style={{ marginTop: 16 }}>
      <SM style={{ marginBottom: 12 }}>{t('ui.review.loading')}</SM>
      {[0, 1, 2].map((row) => (
        <div key={row} style={{ padding: '12px 0' }}>
          <Skeleton height="20px" width="60%" />
          <Skeleton width="35%" style={{ marginTop: 6 }} />
          <Skeleton height="28px" width="30%" style={{ marginTop: 8 }} />
        </div>
      ))}
    </div>
  );
}

function QueueEmpty() {
  const { t } = useI18n();
  return (
    <Alert type="success" role="status" style={{ marginTop: 16 }}>
      <Title>{t('ui.review.empty_title')}</Title>
      <Paragraph>{t('ui.review.empty')}</Paragraph>
    </Alert>
  );
}

function QueueError({ error, secondsLeft, onRetry }: { error: ApiError; secondsLeft: number | null; onRetry: () => void }) {
  const { t } = useI18n();
  const { title, body } = errorMessage(t, error, secondsLeft);
  const waiting = secondsLeft !== null && secondsLeft > 0;
  return (
    <Alert type={error.kind === 'rate_limited' ? 'warning' : 'error'} role="alert" style={{ marginTop: 16 }}>
      <Title>{title}</Title>
      <Paragraph>{body}</Paragraph>
      {error.isRetryable || error.kind === 'invalid_response' ? (
        <Button size="small" onClick={onRetry} disabled={waiting} style={{ marginTop: 8 }}>
          {t('ui.error.retry')}
        </Button>
      ) : null}
    </Alert>
  );
}
