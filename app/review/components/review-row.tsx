import { Button } from '@zendeskgarden/react-buttons';
import { Item, Menu } from '@zendeskgarden/react-dropdowns';
import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, SM } from '@zendeskgarden/react-typography';
import { useMemo } from 'react';
import styled from 'styled-components';
import type { ReviewItem, TaxonomyView } from '../../../src/contract/index.ts';
import { useClient } from '../../shared/client-context.tsx';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useConfidencePercent, useI18n } from '../../shared/i18n.tsx';
import type { ItemStatus, ReviewAnswer } from '../use-review-queue.ts';

const Row = styled.li`
  padding: ${steps(3.5)} ${space('xxs')};
  border-bottom: ${({ theme }) => theme.borders.sm} ${({ theme }) => getColor({ theme, variable: 'border.default' })};
`;

const Line = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${space('xs')};
`;

const TitleLine = styled(Line)`
  justify-content: space-between;
`;

const ItemHeading = styled(MD)`
  margin: 0;
`;

const SuggestionLine = styled(Line)`
  margin-top: ${steps(1.5)};
`;

const Reason = styled(SM)`
  margin-top: ${space('xxs')};
`;

const AnswerLine = styled(Line)`
  margin-top: ${steps(2.5)};
`;

const FailureAlert = styled(Alert)`
  margin-top: ${space('xs')};
`;

/** Labels a reviewer may correct to: every taxonomy label but the suggested one. */
export function correctionChoices(
  item: ReviewItem,
  taxonomy: TaxonomyView | null,
): Array<{ id: string; name: string }> {
  return (taxonomy?.labels ?? [])
    .filter((label) => label.id !== item.label)
    .map((label) => ({ id: label.id, name: label.name }));
}

/** One ticket waiting for review: what was suggested and why, a link to the ticket, confirm and correct. */
export function ReviewRow(props: {
  item: ReviewItem;
  taxonomy: TaxonomyView | null;
  status: ItemStatus;
  onAnswer: (answer: ReviewAnswer) => void;
}) {
  const { item, taxonomy, status } = props;
  const client = useClient();
  const { t, locale } = useI18n();
  const percent = useConfidencePercent();
  const dates = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const labelName = taxonomy?.labels.find((label) => label.id === item.label)?.name ?? item.label;
  const subject = item.subject.trim() === '' ? t('ui.review.no_subject') : item.subject;
  const headingId = `review-item-${item.ticketId}`;
  const choices = correctionChoices(item, taxonomy);
  const failure = status.error ? errorMessage(t, status.error) : null;
  return (
    <Row data-ticket-id={item.ticketId} aria-labelledby={headingId} aria-busy={status.busy}>
      <TitleLine>
        <ItemHeading tag="h2" id={headingId} isBold>
          <Button
            isLink
            aria-label={t('ui.review.open', { ticketId: item.ticketId, subject })}
            onClick={() => void client.invoke('routeTo', 'ticket', item.ticketId).catch(() => undefined)}
          >
            #{item.ticketId} {subject}
          </Button>
        </ItemHeading>
        <SM>
          <time dateTime={item.createdAt}>
            {t('ui.review.triaged_at', { date: dates.format(new Date(item.createdAt)) })}
          </time>
        </SM>
      </TitleLine>
      <SuggestionLine>
        <SM>{t('ui.review.suggested')}</SM>
        <Tag hue="blue" size="small">
          {labelName}
        </Tag>
        <Tag size="small">{t('ui.label.confidence', { percent: percent(item.confidence) })}</Tag>
      </SuggestionLine>
      <Reason>{item.reason ? t('ui.label.why', { reason: item.reason }) : t('ui.review.no_reason')}</Reason>
      <AnswerLine>
        <Button
          size="small"
          isPrimary
          data-review-focus=""
          disabled={status.busy}
          aria-label={t('ui.review.confirm_for', { label: labelName, ticketId: item.ticketId })}
          onClick={() => props.onAnswer({ kind: 'accept' })}
        >
          {t('ui.review.confirm', { label: labelName })}
        </Button>
        <Menu
          button={t('ui.review.correct')}
          buttonProps={{
            size: 'small',
            disabled: status.busy || choices.length === 0,
            'aria-label': t('ui.review.correct_for', { ticketId: item.ticketId }),
          }}
          maxHeight="280px"
          isCompact
          onChange={(change) => {
            if (change.value !== undefined && change.isExpanded !== true)
              props.onAnswer({ kind: 'correct', label: change.value });
          }}
        >
          {choices.map((label) => (
            <Item key={label.id} value={label.id}>
              {label.name}
            </Item>
          ))}
        </Menu>
        {status.busy ? <SM>{t('ui.actions.working')}</SM> : null}
      </AnswerLine>
      {failure ? (
        <FailureAlert type={status.error?.kind === 'rate_limited' ? 'warning' : 'error'} role="alert">
          <Paragraph>
            <strong>{failure.title}.</strong> {failure.body}
          </Paragraph>
        </FailureAlert>
      ) : null}
    </Row>
  );
}
