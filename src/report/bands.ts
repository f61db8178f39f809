import type { Decision } from '../contract/index.ts';
import { bandTallies, wilsonLowerBound } from '../metrics/index.ts';
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
  const tallies = bandTallies(predictions);
  return DECISIONS.map((decision) => {
    const { count, right } = tallies[decision];
    return {
      decision,
      count,
      share: predictions.length === 0 ? 0 : count / predictions.length,
      precision: count === 0 ? null : right / count,
      precisionLowerBound: count === 0 ? null : wilsonLowerBound(right, count),
    };
  });
}
