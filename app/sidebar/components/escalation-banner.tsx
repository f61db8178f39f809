import { Button } from '@zendeskgarden/react-buttons';
import { Alert, Paragraph, Title } from '@zendeskgarden/react-notifications';
import type { TriageResult } from '../../../src/contract/index.ts';
import { useClient } from '../../shared/client-context.tsx';
import { useI18n } from '../../shared/i18n.tsx';

/** Shown for escalation labels; a duplicate of an open escalation links to it instead of alerting twice. */
export function EscalationBanner({ result, labelName }: { result: TriageResult; labelName: string }) {
  const client = useClient();
  const { t } = useI18n();
  const linked = result.escalation.linkedTo;
  return (
    <Alert type="error" role="alert">
      <Title>{t('ui.escalation.title', { label: labelName })}</Title>
      <Paragraph>{t('ui.escalation.body')}</Paragraph>
      {linked ? (
        <Paragraph>
          {t('ui.escalation.linked', { ticketId: linked.ticketId })}{' '}
          <Button
            isLink
            onClick={() => void client.invoke('routeTo', 'ticket', linked.ticketId).catch(() => undefined)}
          >
            {t('ui.escalation.open_linked', { ticketId: linked.ticketId })}
          </Button>
        </Paragraph>
      ) : null}
    </Alert>
  );
}
