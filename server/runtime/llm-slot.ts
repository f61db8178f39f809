import type { Logger } from 'pino';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classifier } from '../../src/classifier/index.ts';
import type { LlmPolicy } from '../../src/triage/index.ts';
import type { BudgetLedger } from '../llm/budget.ts';
import type { LlmConfig } from '../llm/config.ts';
import { llmFromConfig, type LlmSetup } from '../llm/from-config.ts';
import type { LlmCallEvent } from '../llm/stats.ts';
import type { BudgetStore, InstallationScopes } from '../storage/store.ts';
import type { RuntimeLlm } from './runtime.ts';

/**
 * The daily LLM budget counted in the database, so several instances on one PostgreSQL share one count. Each
 * installation's spend goes through its own scoped store: a store charges only its own installation.
 */
export function storeBudgetLedger(stores: InstallationScopes<BudgetStore>): BudgetLedger {
  return {
    tryReserve: (key, limits) => stores.forInstallation(key.installation).reserveLlmCall({ day: key.day }, limits),
    settle: (key, usd) => stores.forInstallation(key.installation).settleLlmCall({ day: key.day }, usd),
    spent: (key) => stores.forInstallation(key.installation).llmSpend({ day: key.day }),
  };
}

export interface LlmSlotOptions {
  /** The database's installations, each charged its own LLM budget (the Store). */
  readonly store: InstallationScopes<BudgetStore>;
  readonly logger: Logger;
  readonly onCall?: (event: LlmCallEvent) => void;
  readonly now?: () => Date;
}

/**
 * The LLM tier as the runtime sees it: built from the settings and the taxonomy in force, and rebuilt when the
 * taxonomy file changes (the structured-output schema is the taxonomy's enum). The budget lives in the database, so
 * it survives the rebuild and a restart; the circuit breaker starts closed again after a rebuild.
 */
export class LlmSlot implements RuntimeLlm {
  private setup: LlmSetup;

  constructor(
    private readonly config: LlmConfig,
    taxonomy: Taxonomy,
    private readonly options: LlmSlotOptions,
  ) {
    this.setup = this.build(taxonomy);
  }

  private build(taxonomy: Taxonomy): LlmSetup {
    return llmFromConfig(this.config, {
      taxonomy,
      ledger: storeBudgetLedger(this.options.store),
      ...(this.options.onCall ? { onCall: this.options.onCall } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
    });
  }

  /** Follows a taxonomy reload; a prompt file that no longer loads keeps the previous tier and logs why. */
  taxonomyChanged(taxonomy: Taxonomy): void {
    try {
      this.setup = this.build(taxonomy);
      this.options.logger.info(
        { taxonomy: taxonomy.version, prompt: this.setup.tier.promptVersion },
        'LLM tier follows the new taxonomy',
      );
    } catch (error) {
      this.options.logger.error(
        { err: error },
        'LLM tier could not be rebuilt for the new taxonomy; keeping the previous one',
      );
    }
  }

  get classifier(): Classifier {
    return this.setup.tier.classifier;
  }

  classifierFor(installation: string, taxonomy?: Taxonomy): Classifier {
    return this.setup.tier.classifierFor(installation, taxonomy);
  }

  get policy(): LlmPolicy {
    return this.config.policy;
  }

  get model(): string {
    return this.setup.tier.model;
  }

  get promptVersion(): string {
    return this.setup.tier.promptVersion;
  }

  status(installation?: string): { state: string; detail: string | null } {
    if (this.config.policy === 'off') return { state: 'off', detail: 'TRIAGE_LLM_POLICY=off' };
    const status = this.setup.tier.status(installation);
    return {
      state: status.state,
      detail: status.detail ?? `model ${this.setup.tier.model}, policy ${this.config.policy}`,
    };
  }
}
