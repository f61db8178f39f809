import type { Ticket, TriageResult } from '../../src/contract/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import { modelText, textHash, triageTicket } from '../../src/triage/index.ts';
import { ServiceNotReadyError } from '../http/errors.ts';
import { sha256Hex } from '../sha256-hex.ts';
import type { StoredResult, TriageWrite } from '../storage/store.ts';
import type { Runtime } from './runtime.ts';

/** A new result, or the stored one for this ticket and text hash (as stored JSON text), not recomputed. */
export type TriageOutcome = { readonly reused: false; readonly result: TriageResult } | { readonly reused: true; readonly stored: StoredResult };

/**
 * One ticket through the pipeline, with storage around it: a stored result for the same id and text hash is
 * returned as is; otherwise redact → rules → local model → [LLM] → decide → similar (+ escalation link), then the
 * redacted ticket and the result are stored together and the ticket joins the similar index at once.
 */
export async function triageAndStore(
  runtime: Runtime,
  ticket: Ticket,
  options: { installation?: string; signal?: AbortSignal } = {},
): Promise<TriageOutcome> {
  const { store } = runtime;
  const hash = await textHash(ticket, sha256Hex);
  const stored = await store.findResult(ticket.id, hash);
  if (stored) return { reused: true, stored };

  const model = runtime.model.current();
  if (!model) throw new ServiceNotReadyError('no model is loaded yet; train one with POST /v1/admin/train');
  const taxonomy = runtime.taxonomy.current();
  const llm = runtime.llm;
  // Redacted once, here: the pipeline and the stored ticket use the same redacted text.
  const { ticket: redacted, summary: redaction } = redactTicket(ticket);
  const result = await triageTicket(ticket, {
    prepared: { hash, redacted, redaction },
    taxonomy,
    rules: runtime.taxonomy.rules(),
    local: model.classifier,
    llm: llm ? { classifier: options.installation && llm.classifierFor ? llm.classifierFor(options.installation) : llm.classifier, policy: llm.policy } : null,
    // The draft's similar tickets and, for an escalation label, its open twin to link: one search pass.
    similar: ({ text, excludeId, limit, escalation }) => runtime.similar.searchWithLink(text, { limit, excludeId }, escalation),
    examples: async (text, k) =>
      (await runtime.similar.search(text, { limit: k * 2, excludeId: ticket.id }))
        .filter((hit) => hit.label !== null)
        .slice(0, k)
        .map((hit) => ({ text: hit.subject, label: hit.label ?? '' })),
    now: runtime.now,
    versions: { model: model.version, prompt: llm?.promptVersion ?? null },
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const text = modelText(redacted);

  // Only an applied label becomes the ticket's label (auto); drafts wait for an agent's accept or correction,
  // so the model never trains on its own unconfirmed guesses. A known label (imported, corrected) is kept.
  const applied = result.decision === 'auto';
  const write: TriageWrite = {
    id: ticket.id,
    subject: redacted.subject,
    text,
    label: applied ? result.label.name : null,
    urgency: applied ? result.urgency.level : null,
    status: ticket.status ?? null,
    createdAt: ticket.createdAt ?? null,
  };
  runtime.similar.add(await store.saveTriage(write, result));
  return { reused: false, result };
}
