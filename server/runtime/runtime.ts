import type { ImportReport } from '../../src/contract/index.ts';
import type { RuleSet } from '../../src/rules/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classifier } from '../../src/classifier/index.ts';
import type { SimilarSearch } from '../similar/index.ts';
import type { Store } from '../storage/store.ts';
import type { ModelSource, Trainer } from '../training/index.ts';

// The ports that similar/ and training/ implement live with them; named here too, beside the others, for the routes.
export type { SimilarSearch } from '../similar/index.ts';
export type { LoadedModel, ModelSource, Trainer } from '../training/index.ts';

export interface TaxonomySource {
  /** The taxonomy in force (reloaded when its file changes). */
  current(): Taxonomy;
  /** Rules compiled from `current()`, cached per taxonomy. */
  rules(): RuleSet;
}

/** The LLM tier's slot (server/llm builds it): a classifier, the policy, and its state for /readyz. */
export interface LlmTier {
  readonly classifier: Classifier;
  /** The same classifier charging this installation's daily budget. */
  classifierFor?(installation: string): Classifier;
  readonly policy: 'off' | 'uncertain' | 'always';
  readonly promptVersion: string | null;
  status(installation?: string): { state: string; detail: string | null };
}

export type Importer = (lines: AsyncIterable<string>) => Promise<ImportReport>;

/** Everything the HTTP routes need, wired by server/runtime/create-runtime.ts (or by tests with doubles). */
export interface Runtime {
  readonly store: Store;
  readonly taxonomy: TaxonomySource;
  readonly model: ModelSource;
  readonly similar: SimilarSearch;
  readonly llm: LlmTier | null;
  readonly trainer: Trainer;
  readonly importer: Importer;
  readonly now: () => Date;
}
