/** One retrieval query: its own label and the labels of what came back, best first (null: an unlabelled hit). */
export interface RetrievalQuery {
  label: string;
  retrievedLabels: readonly (string | null)[];
}

export interface RetrievalScores {
  precisionAt1: number;
  precisionAt5: number;
  mrr: number;
  queries: number;
}

/** Share of the first k retrieved that are relevant; fewer than k retrieved count as misses (the denominator stays k). */
export function precisionAtK(relevant: readonly boolean[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('precisionAtK: k must be a positive integer');
  let hits = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) if (relevant[i]) hits++;
  return hits / k;
}

/** 1 / rank of the first relevant item, 0 when none was retrieved. */
export function reciprocalRank(relevant: readonly boolean[]): number {
  const first = relevant.indexOf(true);
  return first < 0 ? 0 : 1 / (first + 1);
}

/**
 * Mean precision@1, precision@5 and reciprocal rank over queries, where relevant = same label (the
 * labelled-set-as-retrieval-test protocol). MRR only sees the depth that was retrieved. Rounded to 4 decimals.
 */
export function evaluateRetrieval(queries: readonly RetrievalQuery[]): RetrievalScores {
  let atOne = 0;
  let atFive = 0;
  let reciprocal = 0;
  for (const query of queries) {
    const relevant = query.retrievedLabels.map((label) => label === query.label);
    atOne += precisionAtK(relevant, 1);
    atFive += precisionAtK(relevant, 5);
    reciprocal += reciprocalRank(relevant);
  }
  const count = queries.length;
  const mean = (sum: number): number => (count === 0 ? 0 : Math.round((sum / count) * 10_000) / 10_000);
  return { precisionAt1: mean(atOne), precisionAt5: mean(atFive), mrr: mean(reciprocal), queries: count };
}
