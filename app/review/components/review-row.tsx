import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { Tag } from '@zendeskgarden/react-tags';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, Paragraph as BodyText, SM } from '@zendeskgarden/react-typography';
import { useMemo } from 'react';
import styled from 'styled-components';
import type { ReviewItem, TaxonomyView } from '../../../src/contract/index.ts';
import { useClient } from '../../shared/client-context.tsx';
import { ConfidenceBadge } from '../../shared/components/confidence-badge.tsx';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { LabelPicker } from '../../shared/components/label-picker.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { heldBackText, whyText } from '../../shared/why.ts';
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

/** The message as stored (redacted), a few lines at most: enough to judge the label without opening the ticket. */
const Excerpt = styled(BodyText)`
  margin-top: ${steps(1.5)};
  padding-inline-start: ${space('xs')};
  border-inline-start: 3px solid ${({ theme }) => getColor({ theme, variable: 'border.default' })};
  color: ${({ theme }) => getColor({ theme, variable: 'foreground.subtle' })};
  overflow-wrap: anywhere;
  display: -webkit-box;
  -webkit-line-clamp: 3;
  -webkit-box-orient: vertical;
  overflow: hidden;
`;

const Reason = styled(SM)`
  margin-top: ${space('xxs')};
`;

/** Wide enough for the longest label names; the list has room beside the confirm button. */
const PickerSlot = styled.div`
  flex: 0 1 240px;
  min-width: 180px;
`;

const AnswerLine = styled(Line)`
  margin-top: ${steps(2.5)};
`;

const FailureAlert = styled(Alert)`
  margin-top: ${space('xs')};
`;

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
  const dates = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const labelName = taxonomy?.labels.find((label) => label.id === item.label)?.name ?? item.label;
  const subject = item.subject.trim() === '' ? t('ui.review.no_subject') : item.subject;
  const headingId = `review-item-${item.ticketId}`;
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
        <ConfidenceBadge
          confidence={item.confidence}
          decision={item.decision}
          thresholds={taxonomy?.thresholds ?? null}
        />
      </SuggestionLine>
      {item.excerpt ? <Excerpt data-testid="review-excerpt">{item.excerpt}</Excerpt> : null}
      <Reason>
        {item.reason
          ? whyText(t, {
              source: item.source ?? 'model',
              reason: item.reason,
              ruleId: item.ruleId ?? null,
              evidence: item.evidence ?? null,
            })
          : t('ui.review.no_reason')}
      </Reason>
      {item.heldBack ? (
        <Reason data-testid="review-held-back" data-held-back={item.heldBack}>
          {heldBackText(t, item.heldBack)}
        </Reason>
      ) : null}
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
        <PickerSlot>
          <LabelPicker
            taxonomy={taxonomy}
            exclude={item.label}
            label={t('ui.review.correct_for', { ticketId: item.ticketId })}
            isLabelHidden
            // No visible label beside Confirm: the empty field says what it is for.
            placeholder={t('ui.correction.correct_to')}
            disabled={status.busy}
            maxHeight="280px"
            onPick={(label) => props.onAnswer({ kind: 'correct', label })}
          />
        </PickerSlot>
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
