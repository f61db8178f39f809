import { SM } from '@zendeskgarden/react-typography';
import { useState } from 'react';
import styled from 'styled-components';
import type { TaxonomyView, TicketVerdict, TriageResult } from '../../../src/contract/index.ts';
import type { ApiClient } from '../../shared/api-client.ts';
import { useTaxonomy } from '../../shared/app-shell.tsx';
import { space } from '../../shared/components/space.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { shownSuggestion } from '../shown-suggestion.ts';
import { useRouting } from '../use-routing.ts';
import { useSuggestionActions } from '../use-suggestion-actions.ts';
import { useTriage } from '../use-triage.ts';
import { EscalationBanner } from './escalation-banner.tsx';
import { LoadingState } from './loading-state.tsx';
import { RoutingNote } from './routing-note.tsx';
import { SimilarTickets } from './similar-tickets.tsx';
import { SuggestionActionsBar } from './suggestion-actions.tsx';
import { SuggestionCard } from './suggestion-card.tsx';
import { TagChips } from './tag-chips.tsx';
import { TriageError } from './triage-error.tsx';
import { standingVerdict } from './verdict-note.tsx';

const UpdatingNote = styled(SM)`
  margin-bottom: ${space('xs')};
`;

const BannerSlot = styled.div`
  margin-bottom: ${space('sm')};
`;

/** The ticket's triage: loading, error, or the draft with its actions and similar tickets. */
export function TriagePanel({ api, userId }: { api: ApiClient; userId: string }) {
  const { state, retry } = useTriage(api);
  const taxonomy = useTaxonomy(api);
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'error') return <TriageError error={state.error} onRetry={retry} />;
  return (
    <Draft
      api={api}
      userId={userId}
      result={state.result}
      verdict={state.verdict}
      ticketTags={state.ticketTags}
      updating={state.updating}
      taxonomy={taxonomy}
    />
  );
}

function Draft(props: {
  api: ApiClient;
  userId: string;
  result: TriageResult;
  verdict: TicketVerdict | null;
  ticketTags: readonly string[];
  updating: boolean;
  taxonomy: TaxonomyView | null;
}) {
  const { t } = useI18n();
  const { result, taxonomy } = props;
  const routing = useRouting(taxonomy, `${result.ticketId}:${result.textHash}`);
  const actions = useSuggestionActions({
    api: props.api,
    userId: props.userId,
    result,
    taxonomy,
    route: routing.route,
  });
  // Only a new text resets the agent's toggles: an unchanged re-triage returns the same stored result.
  // Reset while rendering (React's "adjusting state when a prop changes"), not in an effect after a stale render.
  const tagsKey = `${result.textHash}:${result.tags.join(' ')}`;
  const [selection, setSelection] = useState<{ key: string; tags: ReadonlySet<string> }>(() => ({
    key: tagsKey,
    tags: new Set(result.tags),
  }));
  if (selection.key !== tagsKey) setSelection({ key: tagsKey, tags: new Set(result.tags) });
  const selectedTags = selection.tags;
  // An answer given now replaces one stored earlier.
  const verdict =
    actions.outcome !== null && actions.outcome.kind !== 'rated' ? null : standingVerdict(props.verdict, result);
  // After a correction the whole draft follows the corrected label: name, banner, priority, type (as written).
  const correctedLabel =
    actions.outcome?.kind === 'corrected'
      ? actions.outcome.labelId
      : verdict?.kind === 'correct'
        ? verdict.correctedLabel
        : null;
  const shown = shownSuggestion(result, taxonomy, correctedLabel);
  // Accepted here (the tags just written) or earlier (a reopened ticket: what is on it is all that is known).
  // Corrected: Accept is settled, so the suggested tags were not added; they stand as a record of that.
  const settled =
    actions.outcome?.kind === 'accepted'
      ? { added: new Set(actions.outcome.tags), ticketTags: new Set(props.ticketTags) }
      : verdict?.kind === 'accept' || shown.correctedFrom !== null
        ? { added: new Set<string>(), ticketTags: new Set(props.ticketTags) }
        : null;
  const toggle = (tag: string) =>
    setSelection((previous) => {
      const next = new Set(previous.tags);
      if (next.has(tag)) next.delete(tag);
      else next.add(tag);
      return { key: previous.key, tags: next };
    });
  return (
    <div>
      {props.updating ? <UpdatingNote role="status">{t('ui.updating')}</UpdatingNote> : null}
      {shown.escalation ? (
        <BannerSlot>
          <EscalationBanner escalation={shown.escalation} labelName={shown.labelName} />
        </BannerSlot>
      ) : null}
      <SuggestionCard result={result} shown={shown} thresholds={taxonomy?.thresholds ?? null} />
      <TagChips
        tags={result.tags}
        selected={selectedTags}
        onToggle={toggle}
        settled={settled}
        correctedFrom={shown.correctedFrom}
      />
      <RoutingNote routing={routing} labelId={shown.labelId} settled={verdict !== null} />
      <SuggestionActionsBar
        actions={actions}
        result={result}
        taxonomy={taxonomy}
        selectedTags={result.tags.filter((tag) => selectedTags.has(tag))}
        verdict={verdict}
        shownLabel={shown.labelId}
        trusted={shown.trusted}
      />
      <SimilarTickets api={props.api} ticketId={result.ticketId} similar={result.similar} taxonomy={taxonomy} />
    </div>
  );
}
