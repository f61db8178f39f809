import { z } from 'zod';

/** How sure a suggestion is, in words: what the sidebar's badge and the write-back's confidence tag say. */
export const ConfidenceBand = z.enum(['high', 'medium', 'low']);
export type ConfidenceBand = z.infer<typeof ConfidenceBand>;

/**
 * Zendesk-style bands from the taxonomy's own thresholds: high at or above `auto`, medium at or above `review`, low
 * below. What is shown and written is `decidedBand`, which also heeds the decision.
 */
export function confidenceBand(confidence: number, thresholds: { auto: number; review: number }): ConfidenceBand {
  if (confidence >= thresholds.auto) return 'high';
  if (confidence >= thresholds.review) return 'medium';
  return 'low';
}

/** The highest band each decision may show: `review` is never "high", whatever the number says. */
export const DECISION_BAND: Readonly<Record<'auto' | 'draft' | 'review', ConfidenceBand>> = {
  auto: 'high',
  draft: 'medium',
  review: 'low',
};
const BAND_RANK: Readonly<Record<ConfidenceBand, number>> = { low: 0, medium: 1, high: 2 };

/**
 * The band the sidebar's badge shows and the write-back tags (`triage_confidence_*`): the thresholds' band capped by
 * the decision. Per-label thresholds and the out-of-scope floor decide `review` or `draft` at any confidence; a badge
 * or a trigger keyed on the band must not then read as if the app were sure, and the agent sees the band the ticket
 * carries. Shared by the sidebar (it imports only the contract and the taxonomy) and the server.
 */
export function decidedBand(
  confidence: number,
  decision: 'auto' | 'draft' | 'review',
  thresholds: { auto: number; review: number },
): ConfidenceBand {
  const band = confidenceBand(confidence, thresholds);
  const ceiling = DECISION_BAND[decision];
  return BAND_RANK[ceiling] < BAND_RANK[band] ? ceiling : band;
}
