import type { HeldOutPrediction } from './held-out.ts';

export interface ConfusedPair {
  readonly gold: string;
  readonly predicted: string;
  readonly count: number;
  /** Share of the gold label's tickets given this wrong label. */
  readonly shareOfGold: number;
}

/** The wrong (gold → predicted) pairs, most frequent first (ties by name), at most `limit`. */
export function mostConfusedPairs(predictions: readonly HeldOutPrediction[], limit = 10): ConfusedPair[] {
  const pairs = new Map<string, { gold: string; predicted: string; count: number }>();
  const support = new Map<string, number>();
  for (const p of predictions) {
    support.set(p.gold, (support.get(p.gold) ?? 0) + 1);
    if (p.predicted === p.gold) continue;
    const key = JSON.stringify([p.gold, p.predicted]);
    const pair = pairs.get(key);
    if (pair) pair.count++;
    else pairs.set(key, { gold: p.gold, predicted: p.predicted, count: 1 });
  }
  return [...pairs.values()]
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted))
    .slice(0, limit)
    .map((pair) => ({ ...pair, shareOfGold: pair.count / support.get(pair.gold)! }));
}
