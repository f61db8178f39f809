import type { Logger } from 'pino';
import { compileRules, type RuleSet } from '../../src/rules/index.ts';
import { parseTaxonomy, type Taxonomy } from '../../src/taxonomy/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import type { InstallationRegistry, RegistryKeyring } from '../installations/index.ts';
import type { TaxonomySource } from '../runtime/runtime.ts';

interface OwnTaxonomy {
  readonly text: string;
  readonly taxonomy: Taxonomy;
  readonly rules: RuleSet;
}

/**
 * Each installation's taxonomy in force: its own YAML from the registry when it has one, else the shared file holder
 * (TRIAGE_TAXONOMY; the default installation always). A source handed out reads the current one on every call, so a
 * tenant loaded before a change follows it; rules are compiled once per taxonomy text.
 */
export class InstallationTaxonomies {
  readonly #shared: TaxonomySource;
  readonly #logger: Logger;
  #own = new Map<string, OwnTaxonomy>();

  constructor(shared: TaxonomySource, logger: Logger) {
    this.#shared = shared;
    this.#logger = logger;
  }

  /** The source for one installation (the shared holder itself for the default one). */
  sourceFor(installation: string): TaxonomySource {
    if (installation === DEFAULT_INSTALLATION_ID) return this.#shared;
    return {
      current: () => this.#own.get(installation)?.taxonomy ?? this.#shared.current(),
      rules: () => this.#own.get(installation)?.rules ?? this.#shared.rules(),
    };
  }

  /** Whether the installation has a taxonomy of its own in force here. */
  hasOwn(installation: string): boolean {
    return this.#own.has(installation);
  }

  /**
   * Takes every installation's own YAML (by id; an absent one uses the shared file). Unchanged texts keep their
   * compiled taxonomy; a stored text that no longer validates (the registry validated it, so a newer schema) keeps
   * the one in force and logs which key is wrong.
   */
  apply(texts: ReadonlyMap<string, string>): void {
    const next = new Map<string, OwnTaxonomy>();
    for (const [installation, text] of texts) {
      const held = this.#own.get(installation);
      if (held?.text === text) {
        next.set(installation, held);
        continue;
      }
      try {
        const taxonomy = parseTaxonomy(text, `installation ${installation} taxonomy`);
        next.set(installation, { text, taxonomy, rules: compileRules(taxonomy) });
        this.#logger.info(
          { installation, version: taxonomy.version, labels: taxonomy.labels.length },
          'installation taxonomy in force',
        );
      } catch (error) {
        this.#logger.error(
          { installation, err: error, keptVersion: held?.taxonomy.version ?? null },
          'installation taxonomy does not load; keeping the one in force',
        );
        if (held) next.set(installation, held);
      }
    }
    for (const installation of this.#own.keys())
      if (!texts.has(installation)) this.#logger.info({ installation }, 'installation back on the shared taxonomy');
    this.#own = next;
  }

  /**
   * Loads every installation's taxonomy now, and again whenever the keyring finds the installations changed: at once
   * for a change made through this instance's registry, within TRIAGE_SYNC_INTERVAL_MS for another instance's.
   */
  async follow(registry: Pick<InstallationRegistry, 'taxonomies'>, keyring: Pick<RegistryKeyring, 'onChange'>) {
    keyring.onChange(async () => this.apply(await registry.taxonomies()));
    this.apply(await registry.taxonomies());
  }
}
