import { z } from 'zod';

/** How sure a suggestion is, in words: what the sidebar's badge and the write-back's confidence tag say. */
export const ConfidenceBand = z.enum(['high', 'medium', 'low']);
export type ConfidenceBand = z.infer<typeof ConfidenceBand>;

/**
 * Zendesk-style bands from the taxonomy's own thresholds: high at or above `auto`, medium at or above `review`, low
 * below, so a band never disagrees with the decision the same thresholds made. Shared by the sidebar (it imports only
 * the contract and the taxonomy) and the server's write-back.
 */
export function confidenceBand(confidence: number, thresholds: { auto: number; review: number }): ConfidenceBand {
  if (confidence >= thresholds.auto) return 'high';
  if (confidence >= thresholds.review) return 'medium';
  return 'low';
}
