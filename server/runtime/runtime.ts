import type { EscalationLink, ImportReport, SimilarTicket, TrainResponse } from '../../src/contract/index.ts';
import type { RuleSet } from '../../src/rules/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classifier } from '../../src/triage/index.ts';
import type { LlmPolicy } from '../../src/triage/index.ts';
import type { ReadyResponse } from '../../src/contract/index.ts';
import type { LlmTier } from '../llm/index.ts';
import type { StoredTicket, Store } from '../storage/store.ts';

/** The model that serves now. */
export interface LoadedModel {
  readonly version: string;
  readonly classifier: Classifier;
  /** The labels it was trained on (some may have left the taxonomy since: /readyz and /metrics say which). */
  readonly labels: readonly string[];
}

export interface ModelSource {
  /** Null until a model has been trained or loaded: /readyz says not ready and triage answers 503 NOT_READY. */
  current(): LoadedModel | null;
}

export interface TaxonomySource {
  /** The taxonomy in force (reloaded when its file changes). */
  current(): Taxonomy;
  /** Rules compiled from `current()`, cached per taxonomy. */
  rules(): RuleSet;
}

/** Similar past tickets from the in-process index (redacted subjects only). */
export interface SimilarSearch {
  /** Best first; lexical, fused with embeddings when they are on and a query vector comes in time. */
  search(text: string, options: { limit: number; excludeId?: string }): Promise<SimilarTicket[]>;
  /**
   * `search`, and when `escalation` is given the most similar open ticket of that label at or above the threshold
   * (linked instead of alerting twice), in one pass where it can.
   */
  searchWithLink(
    text: string,
    options: { limit: number; excludeId: string },
    escalation: { label: string; threshold: number } | null,
  ): Promise<{ hits: SimilarTicket[]; link: EscalationLink | null }>;
  /** Adds or replaces one ticket at once (a ticket triaged on this instance). */
  add(ticket: StoredTicket): void;
  /** Catches up with tickets stored by imports or other instances. */
  refresh(): Promise<void>;
  size(): number;
  /** The embeddings side for /readyz; null when TRIAGE_EMBEDDING_MODEL is not set. */
  embeddingStatus(): { model: string; vectors: number; pending: number } | null;
}

/**
 * The LLM tier as the runtime holds it (LlmSlot, or a test double): the classifiers of the tier server/llm builds
 * (`classifierFor` charges an installation's daily budget), the policy, and the state /readyz reports.
 */
export interface RuntimeLlm extends Pick<LlmTier, 'classifier'>, Partial<Pick<LlmTier, 'classifierFor'>> {
  readonly policy: LlmPolicy;
  readonly promptVersion: string | null;
  status(installation?: string): ReadyResponse['llm'];
}

export interface Trainer {
  /** Trains a new version on the stored labels with a held-out split; promotes it only when no worse. */
  train(signal?: AbortSignal): Promise<TrainResponse>;
}

export type Importer = (lines: AsyncIterable<string>) => Promise<ImportReport>;

/** Everything the HTTP routes need, wired by server/runtime/create-runtime.ts (or by tests with doubles). */
export interface Runtime {
  readonly store: Store;
  readonly taxonomy: TaxonomySource;
  readonly model: ModelSource;
  readonly similar: SimilarSearch;
  readonly llm: RuntimeLlm | null;
  readonly trainer: Trainer;
  readonly importer: Importer;
  readonly now: () => Date;
}
