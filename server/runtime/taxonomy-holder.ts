import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { compileRules, type RuleSet } from '../../src/rules/index.ts';
import { ConfigError } from '../config/index.ts';
import { parseTaxonomy, TaxonomyError, type Taxonomy } from '../../src/taxonomy/index.ts';
import type { TaxonomySource } from './runtime.ts';

export const TAXONOMY_DEBOUNCE_MS = 200;

/**
 * The taxonomy in force, reloaded when its file changes so admins edit labels without a redeploy.
 * A bad edit keeps the previous taxonomy and logs which key is wrong.
 */
export class TaxonomyHolder implements TaxonomySource {
  private taxonomy: Taxonomy;
  private ruleSet: RuleSet;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listeners: ((taxonomy: Taxonomy) => void)[] = [];

  private constructor(
    readonly path: string,
    taxonomy: Taxonomy,
    private readonly logger: Logger,
  ) {
    this.taxonomy = taxonomy;
    this.ruleSet = compileRules(taxonomy);
  }

  /**
   * Loads the file; a missing or invalid file at start is fatal: a ConfigError naming TRIAGE_TAXONOMY, the file, the
   * key at fault and how to fix it (the CLI prints it as one line).
   */
  static async load(path: string, logger: Logger): Promise<TaxonomyHolder> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      throw new ConfigError(
        `invalid configuration: TRIAGE_TAXONOMY: ${path}: ${reason}; point TRIAGE_TAXONOMY at your taxonomy file, or unset it for config/taxonomy.yaml`,
        ['TRIAGE_TAXONOMY'],
        { cause: error },
      );
    }
    try {
      return new TaxonomyHolder(path, parseTaxonomy(text, path), logger);
    } catch (error) {
      if (!(error instanceof TaxonomyError)) throw error;
      const issues = error.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
      throw new ConfigError(
        `invalid configuration: TRIAGE_TAXONOMY: ${path} is not a valid taxonomy: ${issues}; fix it and check with: triage taxonomy check ${path}`,
        ['TRIAGE_TAXONOMY'],
        { cause: error },
      );
    }
  }

  current(): Taxonomy {
    return this.taxonomy;
  }

  rules(): RuleSet {
    return this.ruleSet;
  }

  onChange(listener: (taxonomy: Taxonomy) => void): void {
    this.listeners.push(listener);
  }

  /** Re-reads the file now; returns whether the new taxonomy took effect. */
  async reload(): Promise<boolean> {
    let next: Taxonomy;
    try {
      next = parseTaxonomy(await readFile(this.path, 'utf8'), basename(this.path));
    } catch (error) {
      const issues = error instanceof TaxonomyError ? error.issues : [{ path: '', message: 'file unreadable' }];
      this.logger.error(
        { issues, keptVersion: this.taxonomy.version },
        'taxonomy reload failed; keeping the previous taxonomy',
      );
      return false;
    }
    this.taxonomy = next;
    this.ruleSet = compileRules(next);
    this.logger.info({ version: next.version, labels: next.labels.length }, 'taxonomy reloaded');
    for (const listener of this.listeners) listener(next);
    return true;
  }

  /** Watches the file's folder (editors save by rename, which a watch on the file itself would miss). */
  watch(): void {
    if (this.watcher) return;
    const name = basename(this.path);
    this.watcher = watch(dirname(this.path), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), TAXONOMY_DEBOUNCE_MS);
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
  }
}
