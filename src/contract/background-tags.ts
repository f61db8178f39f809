import type { Decision } from './triage.ts';

/**
 * The tag background triage adds to every ticket it writes back, one per decision, so Zendesk triggers and views can
 * route on it; the sidebar reads it to say the app, not an agent, applied what the ticket carries.
 */
export const DECISION_TAG = {
  auto: 'triage_auto',
  draft: 'triage_draft',
  review: 'triage_review',
} as const satisfies Record<Decision, string>;

/**
 * The decision background triage wrote onto a ticket with these tags, or null when it wrote none. A write-back leaves
 * one decision tag (it removes the others); a ticket written before that may carry several, and then the most cautious
 * one is read (review, then draft, then auto): the sidebar never claims the app applied what it may have only flagged.
 */
export function backgroundDecision(tags: readonly string[]): Decision | null {
  for (const decision of ['review', 'draft', 'auto'] as const)
    if (tags.includes(DECISION_TAG[decision])) return decision;
  return null;
}
