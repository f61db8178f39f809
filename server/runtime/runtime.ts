import type { ImportReport } from '../../src/contract/index.ts';
import type { RuleSet } from '../../src/rules/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { LlmPolicy } from '../../src/triage/index.ts';
import type { ReadyResponse } from '../../src/contract/index.ts';
import type { LlmTier } from '../llm/index.ts';
import type { SimilarSearch } from '../similar/index.ts';
import type { InstallationStore, Store } from '../storage/store.ts';
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

/**
 * The LLM tier as the runtime holds it (LlmSlot, or a test double): the classifiers of the tier server/llm builds
 * (`classifierFor` charges an installation's daily budget), the policy, and the state /readyz reports.
 */
export interface RuntimeLlm extends Pick<LlmTier, 'classifier'>, Partial<Pick<LlmTier, 'classifierFor'>> {
  readonly policy: LlmPolicy;
  readonly promptVersion: string | null;
  status(installation?: string): ReadyResponse['llm'];
}

export type Importer = (lines: AsyncIterable<string>) => Promise<ImportReport>;

/**
 * Everything the HTTP routes need for one installation, wired by server/runtime/create-runtime.ts for the default one,
 * by server/tenants for every other (or by tests with doubles).
 */
export interface Runtime {
  /** The installation whose data this runtime reads and writes. */
  readonly installation: string;
  /** The store scoped to that installation: nothing of another's is readable through it. */
  readonly store: InstallationStore;
  /** The database as a whole, for health checks. */
  readonly database: Pick<Store, 'engine' | 'ping'>;
  readonly taxonomy: TaxonomySource;
  readonly model: ModelSource;
  readonly similar: SimilarSearch;
  readonly llm: RuntimeLlm | null;
  readonly trainer: Trainer;
  readonly importer: Importer;
  readonly now: () => Date;
}

/** An installation's runtime, held for one request: it is not evicted from memory until released. */
export interface RuntimeLease {
  readonly runtime: Runtime;
  /** Idempotent. */
  readonly release: () => void;
}

/**
 * The runtime of any installation, loaded on first use (server/tenants keeps the most recent within the memory
 * budget). Called only with an installation whose token verified.
 */
export type RuntimeFor = (installation: string) => Promise<RuntimeLease>;
