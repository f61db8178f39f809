import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { SM } from '@zendeskgarden/react-typography';
import styled from 'styled-components';
import { space } from '../../shared/components/space.ts';
import { useI18n, type Translate } from '../../shared/i18n.tsx';
import type { Routing, RoutingOutcome, RoutingPlan } from '../use-routing.ts';

const Line = styled(SM)`
  margin-top: ${space('xs')};
`;

const AlertSlot = styled.div`
  margin-top: ${space('xs')};
`;

type Note = { tone: 'plain' | 'warning' | 'error'; text: string; state: string };

function planNote(plan: RoutingPlan, t: Translate, other: string): Note | null {
  switch (plan.kind) {
    case 'assign':
      return { tone: 'plain', state: 'planned', text: t('ui.routing.route_to', { group: plan.group }) };
    case 'in-place':
      return { tone: 'plain', state: 'in-place', text: t('ui.routing.already_in', { group: plan.group }) };
    case 'kept':
      return { tone: 'plain', state: 'kept', text: t('ui.routing.stays_in', { group: plan.group ?? other }) };
    case 'unknown':
      return { tone: 'warning', state: 'unknown', text: t('ui.routing.unknown_group', { group: plan.group }) };
    case 'unavailable':
      return { tone: 'plain', state: 'unavailable', text: t('ui.routing.unavailable') };
    default:
      return null;
  }
}

function outcomeNote(outcome: RoutingOutcome, t: Translate, other: string): Note {
  switch (outcome.kind) {
    case 'routed':
      return { tone: 'plain', state: 'routed', text: t('ui.routing.routed', { group: outcome.group }) };
    case 'in-place':
      return { tone: 'plain', state: 'in-place', text: t('ui.routing.already_in', { group: outcome.group }) };
    case 'kept':
      return { tone: 'plain', state: 'left', text: t('ui.routing.left_in', { group: outcome.group ?? other }) };
    case 'unknown':
      return { tone: 'warning', state: 'unknown', text: t('ui.routing.unknown_group', { group: outcome.group }) };
    case 'failed':
      return { tone: 'error', state: 'failed', text: t('ui.routing.failed', { group: outcome.group }) };
  }
}

/**
 * Where the ticket goes: "Route to: Security" before Accept, what Accept or Correct did after, and a warning when the
 * taxonomy names a group the account does not have. Nothing when the label has no group, or once an earlier answer
 * settled the suggestion.
 */
export function RoutingNote(props: { routing: Routing; labelId: string; settled: boolean }) {
  const { t } = useI18n();
  const other = t('ui.routing.another_group');
  const { outcome } = props.routing;
  const note = outcome
    ? outcomeNote(outcome, t, other)
    : props.settled
      ? null
      : planNote(props.routing.plan(props.labelId), t, other);
  if (note === null) return null;
  if (note.tone === 'plain')
    return (
      <Line role="status" data-testid="routing-note" data-state={note.state}>
        {note.text}
      </Line>
    );
  return (
    <AlertSlot>
      <Alert
        type={note.tone}
        role={note.tone === 'error' ? 'alert' : 'status'}
        data-testid="routing-note"
        data-state={note.state}
      >
        <Paragraph>{note.text}</Paragraph>
      </Alert>
    </AlertSlot>
  );
}
