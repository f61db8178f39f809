import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import type { EscalationLink } from '../../../src/contract/index.ts';
import { useClient } from '../../shared/client-context.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import type { EscalationState } from '../shown-suggestion.ts';

/**
 * Red for an escalation the thresholds, a keyword rule or a person stand behind; a calm note that asks for a look
 * when the model only suspects one. A duplicate of an open escalation links to it instead of alerting twice.
 */
export function EscalationBanner({
  escalation,
  labelName,
}: {
  escalation: NonNullable<EscalationState>;
  labelName: string;
}) {
  const { t } = useI18n();
  if (escalation.kind === 'possible') {
    return (
      <Alert type="info" role="status" data-testid="possible-escalation">
        <Title>{t('ui.escalation.possible_title', { label: labelName })}</Title>
        <Paragraph>{t('ui.escalation.possible_body')}</Paragraph>
      </Alert>
    );
  }
  return (
    <Alert type="error" role="alert">
      <Title>{t('ui.escalation.title', { label: labelName })}</Title>
      <Paragraph>{t('ui.escalation.body')}</Paragraph>
      {escalation.linkedTo ? <LinkedEscalation linked={escalation.linkedTo} /> : null}
    </Alert>
  );
}

function LinkedEscalation({ linked }: { linked: EscalationLink }) {
  const client = useClient();
  const { t } = useI18n();
  return (
    <Paragraph>
      {t('ui.escalation.linked', { ticketId: linked.ticketId })}{' '}
      <Button isLink onClick={() => void client.invoke('routeTo', 'ticket', linked.ticketId).catch(() => undefined)}>
        {t('ui.escalation.open_linked', { ticketId: linked.ticketId })}
      </Button>
    </Paragraph>
  );
}
