import { Button, ToggleIconButton } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import type { TaxonomyView, TicketVerdict, TriageResult } from '../../../src/contract/index.ts';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { LabelPicker } from '../../shared/components/label-picker.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import type { SuggestionActions as Actions } from '../use-suggestion-actions.ts';
import { ThumbDownIcon, ThumbUpIcon } from './icons.tsx';
import { VerdictNote } from './verdict-note.tsx';

const Section = styled.section`
  margin-top: ${steps(4)};
`;

const VerdictSlot = styled.div`
  margin-bottom: ${space('xs')};
`;

const Buttons = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${space('xs')};
  align-items: center;
`;

const Correction = styled.div`
  margin-top: ${space('xs')};
`;

const Rating = styled.div`
  display: flex;
  gap: ${space('xxs')};
  align-items: center;
  margin-top: ${space('xs')};
`;

const RatingLabel = styled(SM)`
  margin-right: ${space('xxs')};
`;

const Outcome = styled.div`
  margin-top: ${space('xs')};
`;

/**
 * Accept / reject / correct / like / dislike, and what came of the last one. `verdict`: the answer already stored
 * for this suggestion (see standingVerdict), from an earlier visit or the review queue.
 */
export function SuggestionActionsBar(props: {
  actions: Actions;
  result: TriageResult;
  taxonomy: TaxonomyView | null;
  selectedTags: readonly string[];
  verdict: TicketVerdict | null;
  /** The label shown now (the suggestion, or the correction): no correction to itself. */
  shownLabel: string;
  /** Accept is the main button only for a suggestion the thresholds or a rule stand behind (see isTrusted). */
  trusted: boolean;
}) {
  const { t } = useI18n();
  const { actions } = props;
  const decidedNow = actions.outcome !== null && actions.outcome.kind !== 'rated';
  // Any answer, given now or stored earlier, settles Accept and Reject; Correct stays, as it does on a reopened
  // ticket: an agent who accepted too fast, or knows better by now, fixes the label without leaving the ticket.
  const settled = decidedNow || props.verdict !== null;
  const working = actions.busy !== null;
  return (
    <Section>
      {props.verdict !== null && !decidedNow ? (
        <VerdictSlot>
          <VerdictNote verdict={props.verdict} taxonomy={props.taxonomy} />
        </VerdictSlot>
      ) : null}
      <Buttons>
        {/* Nothing suggested (source none: no model yet, no rule, no LLM): nothing to accept or reject, only a label to choose. */}
        {props.result.label.source === 'none' ? null : (
          <>
            <Button
              isPrimary={props.trusted}
              size="small"
              disabled={working || settled}
              onClick={() => void actions.accept(props.selectedTags)}
            >
              {t('ui.actions.accept')}
            </Button>
            <Button size="small" disabled={working || settled} onClick={() => void actions.reject()}>
              {t('ui.actions.reject')}
            </Button>
          </>
        )}
      </Buttons>
      <Correction>
        <LabelPicker
          taxonomy={props.taxonomy}
          exclude={props.shownLabel}
          label={t('ui.actions.correct')}
          disabled={working}
          onPick={(labelId) => void actions.correct(labelId)}
        />
      </Correction>
      <Rating role="group" aria-labelledby="rate-suggestion">
        <RatingLabel id="rate-suggestion">{t('ui.actions.rate')}</RatingLabel>
        <ToggleIconButton
          size="small"
          aria-label={t('ui.actions.like')}
          title={t('ui.actions.like')}
          isPressed={actions.rating === 'like'}
          disabled={working}
          onClick={() => void actions.rate('like')}
        >
          <ThumbUpIcon />
        </ToggleIconButton>
        <ToggleIconButton
          size="small"
          aria-label={t('ui.actions.dislike')}
          title={t('ui.actions.dislike')}
          isPressed={actions.rating === 'dislike'}
          disabled={working}
          onClick={() => void actions.rate('dislike')}
        >
          <ThumbDownIcon />
        </ToggleIconButton>
      </Rating>
      <Outcome aria-live="polite">
        {working ? <Paragraph>{t('ui.actions.working')}</Paragraph> : null}
        {actions.failure ? (
          <ActionFailureAlert failure={actions.failure} />
        ) : actions.outcome ? (
          <OutcomeNote outcome={actions.outcome} />
        ) : null}
      </Outcome>
    </Section>
  );
}

function OutcomeNote({ outcome }: { outcome: NonNullable<Actions['outcome']> }) {
  const { t } = useI18n();
  const text =
    outcome.kind === 'accepted'
      ? t(
          outcome.tags.length === 0
            ? 'ui.actions.accepted_none'
            : outcome.tags.length === 1
              ? 'ui.actions.accepted_one'
              : 'ui.actions.accepted',
          { count: outcome.tags.length },
        )
      : outcome.kind === 'rejected'
        ? t('ui.actions.rejected')
        : outcome.kind === 'corrected'
          ? t('ui.actions.corrected', { label: outcome.label })
          : t('ui.actions.thanks');
  return (
    <Alert type="success" role="status">
      <Paragraph>{text}</Paragraph>
    </Alert>
  );
}

function ActionFailureAlert({ failure }: { failure: NonNullable<Actions['failure']> }) {
  const { t } = useI18n();
  if (failure.kind === 'ticket') {
    return (
      <Alert type="error" role="alert">
        <Paragraph>{t('ui.actions.failed_ticket')}</Paragraph>
      </Alert>
    );
  }
  const { title, body } = errorMessage(t, failure.error);
  return (
    <Alert type={failure.error.kind === 'rate_limited' ? 'warning' : 'error'} role="alert">
      <Paragraph>
        <strong>{title}.</strong> {body}
      </Paragraph>
    </Alert>
  );
}
