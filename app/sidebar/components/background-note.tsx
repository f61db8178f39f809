import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import styled from 'styled-components';
import { backgroundDecision } from '../../../src/contract/index.ts';
import { space } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';

const Slot = styled.div`
  margin-bottom: ${space('sm')};
`;

// Literal keys so the translation test can find every one of them.
const DECISION_KEYS = {
  auto: 'ui.background.auto',
  draft: 'ui.background.draft',
  review: 'ui.background.review',
} as const;

/**
 * Background triage already wrote to this ticket (its decision tag is on it): say so, and that the app did it, not an
 * agent. For `auto` the suggested tags it applied are named. Accept, reject and correct work as on any draft.
 */
export function BackgroundNote(props: { ticketTags: readonly string[]; suggestedTags: readonly string[] }) {
  const { t } = useI18n();
  const decision = backgroundDecision(props.ticketTags);
  if (decision === null) return null;
  const applied = decision === 'auto' ? props.suggestedTags.filter((tag) => props.ticketTags.includes(tag)) : [];
  return (
    <Slot>
      <Alert type="info" data-testid="background-note" data-decision={decision}>
        <Paragraph>
          {t(DECISION_KEYS[decision])}
          {applied.length > 0 ? ` ${t('ui.background.tags', { tags: applied.join(', ') })}` : ''}
        </Paragraph>
      </Alert>
    </Slot>
  );
}
