export {
  SimilarIndex,
  DEFAULT_SEARCH_TUNING,
  type SearchTuning,
  type IndexedTicket,
  type SimilarHit,
  type SearchOptions,
  type IndexStats,
} from './similar-index.ts';
export { toSimilarTicket, linkEscalation, isOpenTicket, type LinkOptions } from './escalation-link.ts';
export { fuseRankings, type RankedId, type FuseOptions } from './fuse-rankings.ts';
export { DenseIndex } from './dense-index.ts';
export { bm25Rank, type Bm25Document } from './bm25-baseline.ts';
export { textFeatures, type TextFeatures, type FieldTerms } from './features.ts';
