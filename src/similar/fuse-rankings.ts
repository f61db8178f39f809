export interface RankedId {
  id: string;
  score: number;
}

export interface FuseOptions {
  /** Rank offset; 60 is the value of Cormack, Clarke & Büttcher (2009), which damps the weight of the very top ranks. */
  k?: number;
  /** One weight per list (default 1 each). */
  weights?: readonly number[];
}

/**
 * Reciprocal-rank fusion: each list adds weight / (k + rank) to the ids it holds. Only ranks count, so lexical
 * BM25 scores and dense cosines combine without calibrating one against the other — the hook for embeddings.
 */
export function fuseRankings(lists: readonly (readonly RankedId[])[], options: FuseOptions = {}): RankedId[] {
  const k = options.k ?? 60;
  if (!(k >= 0)) throw new RangeError('fuseRankings: k must be a number ≥ 0');
  const weights = options.weights;
  if (weights && weights.length !== lists.length)
    throw new RangeError(`fuseRankings: ${weights.length} weights for ${lists.length} lists`);
  const fused = new Map<string, number>();
  lists.forEach((list, index) => {
    const weight = weights?.[index] ?? 1;
    // Lists are read in their score order; an id listed twice keeps its better rank.
    const ranked = [...list].sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    ranked.forEach(({ id }, position) => {
      if (seen.has(id)) return;
      seen.add(id);
      fused.set(id, (fused.get(id) ?? 0) + weight / (k + position + 1));
    });
  });
  return [...fused]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
