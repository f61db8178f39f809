import { Alert, Paragraph } from '@zendeskgarden/react-notifications';
import { useMemo } from 'react';
import type { TaxonomyView, TicketVerdict, TriageResult } from '../../../src/contract/index.ts';
import { useI18n } from '../../shared/i18n.tsx';

// Literal keys so the translation test can find every one of them; admins answer where reviewers do.
const VERDICT_KEYS: Record<TicketVerdict['kind'], Record<'agent' | 'reviewer', string>> = {
  accept: { agent: 'ui.verdict.accepted_agent', reviewer: 'ui.verdict.accepted_reviewer' },
  correct: { agent: 'ui.verdict.corrected_agent', reviewer: 'ui.verdict.corrected_reviewer' },
  reject: { agent: 'ui.verdict.rejected_agent', reviewer: 'ui.verdict.rejected_reviewer' },
};

/**
 * The stored verdict when it answers this suggestion: given on the label now suggested, or correcting to it.
 * A verdict on another label (the text changed since, and so did the suggestion) does not settle this one.
 */
export function standingVerdict(verdict: TicketVerdict | null, result: TriageResult): TicketVerdict | null {
  if (verdict === null) return null;
  return verdict.label === result.label.name || verdict.correctedLabel === result.label.name ? verdict : null;
}

/** "Accepted by an agent on 23 Nov 2026." — what was already decided, shown when a ticket is opened again. */
export function VerdictNote({ verdict, taxonomy }: { verdict: TicketVerdict; taxonomy: TaxonomyView | null }) {
  const { t, locale } = useI18n();
  const dates = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale]);
  const corrected = verdict.correctedLabel ?? verdict.label;
  const label = taxonomy?.labels.find((candidate) => candidate.id === corrected)?.name ?? corrected;
  const text = t(VERDICT_KEYS[verdict.kind][verdict.role === 'agent' ? 'agent' : 'reviewer'], {
    date: dates.format(new Date(verdict.at)),
    label,
  });
  return (
    <Alert type="info" role="status" data-testid="verdict-note">
      <Paragraph>
        <time dateTime={verdict.at}>{text}</time> {t('ui.verdict.can_correct')}
      </Paragraph>
    </Alert>
  );
}
