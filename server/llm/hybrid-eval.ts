import type { LabelledTicket } from '../../src/contract/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { Classifier } from '../../src/classifier/index.ts';
import { triageTicket, type LlmPolicy, type TriageDeps } from '../../src/triage/index.ts';
import type { HybridOutcome } from './hybrid-report.ts';

export interface HybridEvalOptions {
  readonly taxonomy: Taxonomy;
  readonly local: Classifier;
  readonly llm: { readonly classifier: Classifier; readonly policy: LlmPolicy };
  readonly examples?: TriageDeps['examples'];
  readonly versions?: TriageDeps['versions'];
  /** Tickets in flight at once (default 4); the tier's own bound still applies. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs each labelled ticket through the real pipeline twice — local tiers only, then hybrid — and
 * returns what `hybridReport` needs. The local pass costs microseconds; only the hybrid pass calls the LLM.
 */
export async function evaluateHybrid(
  tickets: readonly LabelledTicket[],
  options: HybridEvalOptions,
): Promise<HybridOutcome[]> {
  const base = {
    taxonomy: options.taxonomy,
    local: options.local,
    now: () => new Date(),
    versions: options.versions ?? { model: options.local.id, prompt: null },
  };
  const outcomes: HybridOutcome[] = new Array<HybridOutcome>(tickets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tickets.length) {
      const index = next++;
      const ticket = tickets[index]!;
      const localOnly = await triageTicket(ticket, { ...base, llm: null });
      const hybrid = await triageTicket(ticket, {
        ...base,
        llm: options.llm,
        ...(options.examples ? { examples: options.examples } : {}),
      });
      outcomes[index] = {
        truth: ticket.label,
        localLabel: localOnly.label.name,
        finalLabel: hybrid.label.name,
        tier: hybrid.tier.llm,
        detail: hybrid.tier.detail,
        cost: hybrid.cost,
      };
      options.onProgress?.(++done, tickets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return outcomes;
}
