import type { Decision } from '../contract/index.ts';
import { wilsonLowerBound } from '../metrics/index.ts';
import type { HeldOutPrediction } from './held-out.ts';

export interface Band {
  readonly decision: Decision;
  readonly count: number;
  /** Share of all predictions in this band. */
  readonly share: number;
  /** Share of the band's tickets whose decided label is right; null for an empty band. */
  readonly precision: number | null;
  /** One-sided 95 % Wilson lower bound of that precision: what the evidence can promise; null for an empty band. */
  readonly precisionLowerBound: number | null;
}

const DECISIONS: readonly Decision[] = ['auto', 'draft', 'review'];

/** How many tickets the served rule would apply, draft or send to review, and how often each band's label is right. */
export function decisionBands(predictions: readonly HeldOutPrediction[]): Band[] {
  return DECISIONS.map((decision) => {
    const band = predictions.filter((p) => p.decision === decision);
    const right = band.filter((p) => p.predicted === p.gold).length;
    return {
      decision,
      count: band.length,
      share: predictions.length === 0 ? 0 : band.length / predictions.length,
      precision: band.length === 0 ? null : right / band.length,
      precisionLowerBound: band.length === 0 ? null : wilsonLowerBound(right, band.length),
    };
  });
}
