import { bm25Rank, SimilarIndex, type SearchTuning } from '../similar/index.ts';
import { evaluateRetrieval, percentile, type RetrievalScores } from '../metrics/index.ts';

export interface LabelledExample {
  text: string;
  label: string;
}

export interface SimilarEvaluation {
  /** The product's ranker (SimilarIndex). */
  product: RetrievalScores;
  /** Plain textbook BM25 on the same data. */
  baseline: RetrievalScores;
  buildMillis: number;
  queryMillisP50: number;
  queryMillisP95: number;
}

/** Ranking depth: MRR sees the first relevant hit within this many. */
export const RETRIEVAL_DEPTH = 100;

/**
 * Labelled set as a retrieval test: every test text searches the train texts, relevant = same label. Runs the
 * product's index and the BM25 baseline on the same data; the clock is passed in so the function stays pure.
 * `tuning` overrides the index's search shortcuts (`{ firstStageShare: Infinity }` scores every term in full).
 */
export function evaluateSimilarTickets(
  train: readonly LabelledExample[],
  test: readonly LabelledExample[],
  now: () => number,
  tuning: Partial<SearchTuning> = {},
): SimilarEvaluation {
  const started = now();
  const index = new SimilarIndex(tuning);
  train.forEach((example, position) => {
    index.add({ id: String(position), subject: '', label: example.label, status: null, createdAt: null }, example.text);
  });
  const buildMillis = now() - started;
  const millis: number[] = [];
  const product = evaluateRetrieval(
    test.map((example) => {
      const before = now();
      const hits = index.search(example.text, { limit: RETRIEVAL_DEPTH });
      millis.push(now() - before);
      return { label: example.label, retrievedLabels: hits.map((hit) => hit.ticket.label) };
    }),
  );
  const documents = train.map((example, position) => ({ id: String(position), text: example.text }));
  const rankings = bm25Rank(
    documents,
    test.map((example) => example.text),
    { limit: RETRIEVAL_DEPTH },
  );
  const baseline = evaluateRetrieval(
    rankings.map((ranking, position) => ({
      label: test[position]!.label,
      retrievedLabels: ranking.map((hit) => train[Number(hit.id)]!.label),
    })),
  );
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    product,
    baseline,
    buildMillis: round(buildMillis),
    queryMillisP50: round(percentile(millis, 50)),
    queryMillisP95: round(percentile(millis, 95)),
  };
}
