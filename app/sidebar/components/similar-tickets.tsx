import { Button } from '@zendeskgarden/react-buttons';
import { Field, Hint, Input, Label } from '@zendeskgarden/react-forms';
import { Dots } from '@zendeskgarden/react-loaders';
import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { getColor } from '@zendeskgarden/react-theming';
import { MD, SM } from '@zendeskgarden/react-typography';
import { useMemo, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { SimilarTicket, TaxonomyView } from '../../../src/contract/index.ts';
import type { ApiClient } from '../../shared/api-client.ts';
import { ApiError } from '../../shared/api-error.ts';
import { useClient } from '../../shared/client-context.tsx';
import { errorMessage } from '../../shared/components/error-state.tsx';
import { space, steps } from '../../shared/components/space.ts';
import { useI18n, usePercent } from '../../shared/i18n.tsx';

const Section = styled.section`
  margin-top: ${space('md')};
`;

const Searching = styled.div`
  padding: ${space('xs')};
`;

const SearchForm = styled.form`
  margin: ${space('xs')} 0 ${space('sm')};
`;

const SearchRow = styled.div`
  display: flex;
  gap: ${steps(1.5)};
`;

const EmptyNote = styled(SM)`
  margin-top: ${space('xxs')};
`;

const HitMeta = styled(SM)`
  color: inherit;
  opacity: 0.75;
`;

const HitList = styled.ul`
  list-style: none;
  margin: ${steps(1.5)} 0 0;
  padding: 0;
  li + li {
    border-top: ${({ theme }) => theme.borders.sm} ${({ theme }) => getColor({ theme, variable: 'border.subtle' })};
  }
`;

const HitButton = styled.button`
  display: block;
  width: 100%;
  padding: ${steps(1.5)} ${steps(0.5)};
  border: 0;
  background: none;
  text-align: start;
  font: inherit;
  color: inherit;
  cursor: pointer;
  border-radius: ${({ theme }) => theme.borderRadii.md};
  &:hover {
    background: ${({ theme }) => getColor({ theme, variable: 'background.subtle' })};
  }
  &:focus-visible {
    outline: 2px solid ${({ theme }) => getColor({ theme, variable: 'border.primaryEmphasis' })};
    outline-offset: 1px;
  }
`;

type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; query: string; hits: SimilarTicket[] }
  | { status: 'failed'; query: string; error: ApiError };

/**
 * A search box over all past tickets, above the triage's similar tickets or the search's hits. The open ticket
 * (`ticketId`) is never listed: the server leaves it out of a search, and a stored draft's list is filtered too.
 * A click opens the ticket.
 */
export function SimilarTickets(props: {
  api: ApiClient;
  ticketId: string;
  similar: readonly SimilarTicket[];
  taxonomy: TaxonomyView | null;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });
  const notOpen = (hit: SimilarTicket) => hit.ticketId !== props.ticketId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    setSearch({ status: 'searching', query: text });
    try {
      const answer = await props.api.searchSimilar(text, { limit: 5, exclude: props.ticketId });
      setSearch({ status: 'done', query: text, hits: answer.hits.filter(notOpen) });
    } catch (error) {
      setSearch({
        status: 'failed',
        query: text,
        error:
          error instanceof ApiError
            ? error
            : new ApiError({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null, cause: error }),
      });
    }
  };

  return (
    <Section aria-labelledby="similar-heading">
      <MD tag="h3" id="similar-heading" isBold>
        {search.status === 'idle' ? t('ui.similar.heading') : t('ui.similar.results', { query: search.query })}
      </MD>
      <SearchForm onSubmit={(event) => void submit(event)} role="search">
        <Field>
          <Label>{t('ui.similar.search_label')}</Label>
          <Hint>{t('ui.similar.search_hint')}</Hint>
          <SearchRow>
            <Input
              type="search"
              isCompact
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              maxLength={2000}
            />
            <Button type="submit" size="small" disabled={search.status === 'searching' || query.trim() === ''}>
              {t('ui.similar.search_button')}
            </Button>
          </SearchRow>
        </Field>
      </SearchForm>
      {search.status === 'idle' ? (
        <HitRows hits={props.similar.filter(notOpen)} taxonomy={props.taxonomy} empty={t('ui.similar.empty')} />
      ) : search.status === 'searching' ? (
        <Searching role="status" aria-label={t('ui.similar.searching')}>
          <Dots size={24} />
        </Searching>
      ) : search.status === 'done' ? (
        <HitRows
          hits={search.hits}
          taxonomy={props.taxonomy}
          empty={t('ui.similar.no_results', { query: search.query })}
        />
      ) : (
        <Alert type="error" role="alert">
          <Paragraph>{errorMessage(t, search.error).body}</Paragraph>
        </Alert>
      )}
      {search.status !== 'idle' && search.status !== 'searching' ? (
        <Button isLink size="small" onClick={() => setSearch({ status: 'idle' })}>
          {t('ui.similar.clear')}
        </Button>
      ) : null}
    </Section>
  );
}

function HitRows(props: { hits: readonly SimilarTicket[]; taxonomy: TaxonomyView | null; empty: string }) {
  const client = useClient();
  const { t, locale } = useI18n();
  const percent = usePercent();
  const dates = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale]);
  const names = useMemo(
    () => new Map((props.taxonomy?.labels ?? []).map((label) => [label.id, label.name])),
    [props.taxonomy],
  );
  if (props.hits.length === 0) return <EmptyNote>{props.empty}</EmptyNote>;
  return (
    <HitList>
      {props.hits.map((hit) => {
        const label = hit.label === null ? t('ui.similar.no_label') : (names.get(hit.label) ?? hit.label);
        return (
          <li key={hit.ticketId}>
            <HitButton
              type="button"
              aria-label={t('ui.similar.open', { ticketId: hit.ticketId, subject: hit.subject })}
              onClick={() => void client.invoke('routeTo', 'ticket', hit.ticketId).catch(() => undefined)}
            >
              <MD>
                #{hit.ticketId} {hit.subject}
              </MD>
              <HitMeta>
                {[
                  label,
                  hit.createdAt ? dates.format(new Date(hit.createdAt)) : null,
                  t('ui.similar.match', { percent: percent(Math.min(1, Math.max(0, hit.score))) }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </HitMeta>
            </HitButton>
          </li>
        );
      })}
    </HitList>
  );
}
