import { Anchor, Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import { Skeleton } from '@zendeskgarden/react-loaders';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, SM, XXL } from '@zendeskgarden/react-typography';
import { useEffect, useRef } from 'react';
import styled from 'styled-components';
import type { ApiClient } from '../../shared/api-client.ts';
import type { ApiError } from '../../shared/api-error.ts';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useCountdown } from '../../shared/use-countdown.ts';
import { useReviewQueue, type Settled } from '../use-review-queue.ts';
import { ReviewRow } from './review-row.tsx';

const ItemList = styled.ul`
  list-style: none;
  margin: ${steps(4)} 0 0;
  padding: 0;
  border-top: ${({ theme }) => theme.borders.sm} ${({ theme }) => getColor({ theme, variable: 'border.default' })};
`;

const Header = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${space('sm')};
  align-items: baseline;
`;

/** Focused (programmatically) when the last item leaves: no focus ring on a heading nobody tabbed to. */
const Heading = styled(XXL)`
  margin: 0;
  outline: none;
`;

const RefreshButton = styled(Button)`
  margin-inline-start: auto;
`;

const Intro = styled(MD)`
  margin-top: ${space('xxs')};
`;

const Note = styled(SM)`
  margin-top: ${space('xs')};
`;

const UndoLine = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${space('xs')};
  align-items: baseline;
  margin-top: ${space('xs')};
`;

/** The loading, empty and error states sit where the list would start. */
const Placeholder = styled.div`
  margin-top: ${steps(4)};
`;

const PlaceholderCaption = styled(SM)`
  margin-bottom: ${space('sm')};
`;

const PlaceholderRow = styled.div`
  padding: ${space('sm')} 0;
`;

const PlaceholderMeta = styled(Skeleton)`
  margin-top: ${steps(1.5)};
`;

const PlaceholderButton = styled(Skeleton)`
  margin-top: ${space('xs')};
`;

const StateAlert = styled(Alert)`
  margin-top: ${steps(4)};
`;

const RetryButton = styled(Button)`
  margin-top: ${space('xs')};
`;

/** The queue page: heading with the count and a refresh, then loading, error, empty or the items. */
export function ReviewQueue({ api, userId }: { api: ApiClient; userId: string }) {
  const { t } = useI18n();
  const queue = useReviewQueue(api, userId);
  const { state, taxonomy, settled } = queue;
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const labelName = (id: string) => taxonomy?.labels.find((label) => label.id === id)?.name ?? id;

  // Keyboard users keep their place: after an item leaves, focus moves to the next one (or the heading); after an
  // undo, to the item that came back. Once per answer (settled.id), not when its undo window closes.
  const settledId = settled?.id ?? null;
  useEffect(() => {
    if (!settled) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-ticket-id]') ?? [])];
    const next = rows
      .find((row) => row.dataset.ticketId === settled.nextTicketId)
      ?.querySelector<HTMLElement>('[data-review-focus]');
    (next ?? headingRef.current)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the answer's id: see above
  }, [settledId]);

  const count = state.status === 'ready' ? state.items.length + state.beyondPage : null;
  // As in the sidebar: reloading waits out a rate limit's Retry-After (Refresh and Retry alike) instead of being refused again.
  const secondsLeft = useCountdown(
    state.status === 'error' && state.error.kind === 'rate_limited' ? state.error.retryAfterSeconds : null,
  );
  const waiting = secondsLeft !== null && secondsLeft > 0;
  return (
    <section aria-labelledby="review-heading">
      <Header>
        <Heading tag="h1" id="review-heading" ref={headingRef} tabIndex={-1} isBold>
          {t('ui.review.title')}
        </Heading>
        {count !== null && count > 0 ? <SM>{t('ui.review.count', { count })}</SM> : null}
        <RefreshButton
          size="small"
          isBasic
          disabled={waiting || state.status === 'loading' || (state.status === 'ready' && state.refreshing)}
          onClick={queue.reload}
        >
          {t('ui.review.refresh')}
        </RefreshButton>
        <Anchor href={api.reportUrl} target="_blank" rel="noopener" isExternal>
          {t('ui.review.report')}
        </Anchor>
      </Header>
      <Intro>{t('ui.review.intro')}</Intro>
      <div aria-live="polite" role="status">
        {settled ? <SettledNote settled={settled} labelName={labelName} onUndo={queue.undo} /> : null}
      </div>
      {state.status === 'loading' ? (
        <QueueLoading />
      ) : state.status === 'error' ? (
        <QueueError error={state.error} secondsLeft={secondsLeft} onRetry={queue.reload} />
      ) : state.items.length === 0 ? (
        // Cleared the shown page: say "clear" only once the server confirms nothing else waits.
        state.refreshing ? (
          <QueueLoading />
        ) : (
          <QueueEmpty />
        )
      ) : (
        <ItemList ref={listRef} aria-labelledby="review-heading" aria-busy={state.refreshing}>
          {state.items.map((item) => (
            <ReviewRow
              key={item.ticketId}
              item={item}
              taxonomy={taxonomy}
              status={queue.statusOf(item.ticketId)}
              onAnswer={(answer) => void queue.answer(item, answer)}
            />
          ))}
        </ItemList>
      )}
    </section>
  );
}

function SettledNote(props: { settled: Settled; labelName: (id: string) => string; onUndo: () => void }) {
  const { t } = useI18n();
  const { settled } = props;
  if (settled.state === 'undone') return <Note>{t('ui.review.undone', { ticketId: settled.ticketId })}</Note>;
  if (settled.answer.kind === 'correct')
    return (
      <Note>
        {t('ui.review.corrected', { ticketId: settled.ticketId, label: props.labelName(settled.answer.label) })}
      </Note>
    );
  return (
    <UndoLine>
      <SM>{t('ui.review.confirmed', { ticketId: settled.ticketId })}</SM>
      {settled.state === 'undoable' ? (
        <Button
          isLink
          size="small"
          aria-label={t('ui.review.undo_for', { ticketId: settled.ticketId })}
          onClick={props.onUndo}
        >
          {t('ui.review.undo')}
        </Button>
      ) : null}
    </UndoLine>
  );
}

function QueueLoading() {
  const { t } = useI18n();
  return (
    <Placeholder role="status" aria-live="polite" aria-busy="true">
      <PlaceholderCaption>{t('ui.review.loading')}</PlaceholderCaption>
      {[0, 1, 2].map((row) => (
        <PlaceholderRow key={row}>
          <Skeleton height="20px" width="60%" />
          <PlaceholderMeta width="35%" />
          <PlaceholderButton height="28px" width="30%" />
        </PlaceholderRow>
      ))}
    </Placeholder>
  );
}

function QueueEmpty() {
  const { t } = useI18n();
  return (
    <StateAlert type="success" role="status">
      <Title>{t('ui.review.empty_title')}</Title>
      <Paragraph>{t('ui.review.empty')}</Paragraph>
    </StateAlert>
  );
}

function QueueError({
  error,
  secondsLeft,
  onRetry,
}: {
  error: ApiError;
  secondsLeft: number | null;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const { title, body } = errorMessage(t, error, secondsLeft);
  const waiting = secondsLeft !== null && secondsLeft > 0;
  return (
    <StateAlert type={error.kind === 'rate_limited' ? 'warning' : 'error'} role="alert">
      <Title>{title}</Title>
      <Paragraph>{body}</Paragraph>
      {error.isRetryable || error.kind === 'invalid_response' ? (
        <RetryButton size="small" onClick={onRetry} disabled={waiting}>
          {t('ui.error.retry')}
        </RetryButton>
      ) : null}
    </StateAlert>
  );
}
