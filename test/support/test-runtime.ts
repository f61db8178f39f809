import { importWrite } from '../../server/import/index.ts';
import { DEFAULT_INSTALLATION_ID } from '../../server/auth/index.ts';
import { readFileSync } from 'node:fs';
import {
  LabelledTicket,
  type EscalationLink,
  type ImportReport,
  type SimilarTicket,
  type TrainResponse,
} from '../../src/contract/index.ts';
import { compileRules } from '../../src/rules/index.ts';
import { parseTaxonomy, type Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classification, Classifier, ClassifierInput } from '../../src/classifier/index.ts';
import type { Runtime, RuntimeFor, RuntimeLlm, SimilarSearch, TaxonomySource } from '../../server/runtime/runtime.ts';
import type { StoredTicket } from '../../server/storage/store.ts';
import { MemoryStore } from './memory-store.ts';

export const TAXONOMY_PATH = new URL('../../config/taxonomy.yaml', import.meta.url);
export const taxonomy: Taxonomy = parseTaxonomy(readFileSync(TAXONOMY_PATH, 'utf8'));

/** A classifier double: "invoice" → billing 0.95, "export" → how_to 0.7, else bug 0.4. Records what it saw. */
export class KeywordClassifier implements Classifier {
  readonly id = 'keyword-double';
  readonly seen: ClassifierInput[] = [];
  async classify(input: ClassifierInput): Promise<Classification> {
    this.seen.push(input);
    const lower = input.text.toLowerCase();
    const [label, confidence] = lower.includes('invoice')
      ? ['billing', 0.95]
      : lower.includes('export')
        ? ['how_to', 0.7]
        : ['bug', 0.4];
    return {
      source: 'model',
      label,
      confidence,
      alternatives: [{ label: 'how_to', confidence: 0.05 }],
      urgency: null,
      urgencyConfidence: 0.5,
      tags: null,
      summary: null,
      reason: 'keyword double',
      cost: null,
      version: 'double-1',
    };
  }
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 2),
  );

/** Word-overlap search over what was added; enough to see that tickets reach the index. */
export class OverlapSimilar implements SimilarSearch {
  readonly tickets = new Map<string, StoredTicket>();
  refreshes = 0;
  constructor(private readonly store?: MemoryStore) {}
  async search(text: string, options: { limit: number; excludeId?: string }): Promise<SimilarTicket[]> {
    return this.searchNow(text, options);
  }
  private searchNow(text: string, options: { limit: number; excludeId?: string }): SimilarTicket[] {
    const query = words(text);
    return [...this.tickets.values()]
      .filter((ticket) => ticket.id !== options.excludeId)
      .map((ticket) => {
        const own = words(ticket.text);
        const shared = [...query].filter((word) => own.has(word)).length;
        return { ticket, score: shared / Math.max(1, Math.max(query.size, own.size)) };
      })
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit)
      .map(({ ticket, score }) => ({
        ticketId: ticket.id,
        subject: ticket.subject,
        label: ticket.label,
        status: ticket.status,
        createdAt: ticket.createdAt,
        score,
      }));
  }
  escalationLink(
    text: string,
    options: { label: string; excludeId: string; threshold: number },
  ): EscalationLink | null {
    const hit = this.searchNow(text, { limit: 20, excludeId: options.excludeId }).find(
      (candidate) =>
        candidate.label === options.label &&
        candidate.score >= options.threshold &&
        candidate.status !== 'solved' &&
        candidate.status !== 'closed',
    );
    return hit ? { ticketId: hit.ticketId, score: hit.score } : null;
  }
  async searchWithLink(
    text: string,
    options: { limit: number; excludeId: string },
    escalation: { label: string; threshold: number } | null,
  ): Promise<{ hits: SimilarTicket[]; link: EscalationLink | null }> {
    return {
      hits: await this.search(text, options),
      link: escalation ? this.escalationLink(text, { ...escalation, excludeId: options.excludeId }) : null,
    };
  }
  add(ticket: StoredTicket): void {
    this.tickets.set(ticket.id, ticket);
  }
  async refresh(): Promise<void> {
    this.refreshes++;
    if (this.store)
      for (const ticket of await this.store.ticketsChangedSince(0, 1_000_000)) this.tickets.set(ticket.id, ticket);
  }
  size(): number {
    return this.tickets.size;
  }
  embeddingStatus(): null {
    return null;
  }
}

export interface TestRuntime extends Runtime {
  readonly store: MemoryStore;
  readonly similar: OverlapSimilar;
  readonly classifier: KeywordClassifier;
  trainCalls: number;
  imported: string[];
}

/** A runtime of doubles that implement the real interfaces; the importer parses lines with the contract. */
export function testRuntime(
  options: { modelLoaded?: boolean; modelLabels?: readonly string[]; llm?: RuntimeLlm | null } = {},
): TestRuntime {
  const store = new MemoryStore();
  const classifier = new KeywordClassifier();
  const similar = new OverlapSimilar(store);
  const rules = compileRules(taxonomy);
  // The double knows every label of the taxonomy unless a test says otherwise.
  const modelLabels = options.modelLabels ?? taxonomy.labelIds;
  const taxonomySource: TaxonomySource = { current: () => taxonomy, rules: () => rules };
  const runtime: TestRuntime = {
    installation: DEFAULT_INSTALLATION_ID,
    store,
    database: store,
    similar,
    classifier,
    taxonomy: taxonomySource,
    model: {
      current: () => ((options.modelLoaded ?? true) ? { version: 'double-1', classifier, labels: modelLabels } : null),
    },
    llm: options.llm ?? null,
    now: () => new Date(),
    trainCalls: 0,
    imported: [],
    trainer: {
      async train(): Promise<TrainResponse> {
        runtime.trainCalls++;
        await store.labelledTickets();
        return {
          version: `double-${runtime.trainCalls + 1}`,
          metrics: { macroF1: 0.8, accuracy: 0.85 },
          promoted: true,
          serving: `double-${runtime.trainCalls + 1}`,
        };
      },
    },
    async importer(lines: AsyncIterable<string>): Promise<ImportReport> {
      const report = {
        received: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        errors: [] as ImportReport['errors'],
      };
      let line = 0;
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        report.received++;
        runtime.imported.push(text);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          report.rejected++;
          report.errors.push({ line, code: 'BAD_JSON', path: null });
          continue;
        }
        const parsed = LabelledTicket.safeParse(value);
        if (!parsed.success) {
          report.rejected++;
          report.errors.push({ line, code: 'INVALID_TICKET', path: null });
          continue;
        }
        const ticket = parsed.data;
        // Redacted as the real importer stores it: the double never holds what the server would not.
        const counts = await store.upsertTickets([importWrite(ticket)]);
        report.inserted += counts.inserted;
        report.updated += counts.updated;
        report.unchanged += counts.unchanged;
      }
      return report;
    },
  };
  return runtime;
}

/**
 * Every installation's runtime over the test runtime's doubles: the same taxonomy, model and similar double, with the
 * store scoped to the installation (what server/tenants does with real parts).
 */
export function scopedTestRuntimes(
  runtime: TestRuntime,
  options: { taxonomy?: (installation: string) => TaxonomySource } = {},
): RuntimeFor {
  const runtimes = new Map<string, Runtime>([[runtime.installation, runtime]]);
  return async (installation) => {
    let scoped = runtimes.get(installation);
    if (!scoped) {
      scoped = {
        ...runtime,
        installation,
        store: runtime.store.forInstallation(installation),
        ...(options.taxonomy ? { taxonomy: options.taxonomy(installation) } : {}),
      };
      runtimes.set(installation, scoped);
    }
    return { runtime: scoped, release: () => undefined };
  };
}
