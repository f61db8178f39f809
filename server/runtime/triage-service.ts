import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Ticket, TriageResult } from '../../src/contract/index.ts';
import {
  isLongerThanAnalysedPart,
  NO_MODEL_VERSION,
  prepareTicket,
  textHash,
  triageTicket,
} from '../../src/triage/index.ts';
import { sha256Hex } from '../sha256-hex.ts';
import { parseStoredResult } from '../storage/index.ts';
import type { StoredResult, TriageWrite } from '../storage/store.ts';
import { OneAtATime } from './one-at-a-time.ts';
import type { Runtime } from './runtime.ts';

/** Lets timers and other requests' I/O (health checks, short tickets) run before the next stage. */
const yieldToEventLoop = (): Promise<void> => nextTurn();

const runStraightThrough = async (): Promise<void> => undefined;

/**
 * Tickets longer than the analysed part, one at a time in this process. Each such ticket still costs tens of
 * milliseconds (hashing all of its text, then the analysed part's redaction, model and search); in turn and with a
 * yield between stages, at most one of those stages stands between a health check or a short ticket and the event loop,
 * however many long tickets arrive together (docs/decisions/2026-12-07-bounded-work-per-request.md).
 */
export const longTickets = new OneAtATime();

export interface TriageOptions {
  /** The verified installation whose LLM budget is charged; default the runtime's own. */
  readonly installation?: string;
  readonly signal?: AbortSignal;
  /**
   * Awaited between stages (background triage passes Foreground's `quiet`); without it a short ticket runs straight
   * through and a long one yields a turn of the event loop between stages, one long ticket at a time.
   */
  readonly pause?: () => Promise<void>;
}

/** A new result, or the stored one for this ticket and text hash (as stored JSON text), not recomputed. */
export type TriageOutcome =
  { readonly reused: false; readonly result: TriageResult } | { readonly reused: true; readonly stored: StoredResult };

/**
 * One ticket through the pipeline, with storage around it: a stored result for the same id and text hash is
 * returned as is; otherwise redact (the analysed part) → rules → local model → [LLM] → decide → similar (+ escalation link), then the
 * redacted ticket and the result are stored together and the ticket joins the similar index at once.
 */
export function triageAndStore(runtime: Runtime, ticket: Ticket, options: TriageOptions = {}): Promise<TriageOutcome> {
  // Background work waits between stages for requests in flight (Foreground), however short its ticket.
  if (options.pause) return runPipeline(runtime, ticket, options, options.pause);
  // A short ticket's whole pipeline takes about a millisecond: it runs straight through, never behind a long one.
  if (!isLongerThanAnalysedPart(ticket)) return runPipeline(runtime, ticket, options, runStraightThrough);
  return longTickets.run(() => runPipeline(runtime, ticket, options, yieldToEventLoop));
}

async function runPipeline(
  runtime: Runtime,
  ticket: Ticket,
  options: TriageOptions,
  pause: () => Promise<void>,
): Promise<TriageOutcome> {
  const { store } = runtime;
  const hash = await textHash(ticket, sha256Hex);
  await pause();
  const model = runtime.model.current();
  const stored = await store.findResult(ticket.id, hash);
  // A result made before the installation had a model is made again once one serves: it may now be drafted or applied.
  if (stored && !(model && madeWithoutModel(stored))) return { reused: true, stored };

  const taxonomy = runtime.taxonomy.current();
  const llm = runtime.llm;
  // Redacted once, by the core's entry: the pipeline and the stored ticket use the same redacted text, only the
  // analysed part of the ticket (ANALYSED_CHARS), so a huge body costs no more than a long one; the hash covers it all.
  const prepared = await prepareTicket(ticket, { hash });
  await pause();
  const result = await triageTicket(ticket, {
    prepared,
    taxonomy,
    rules: runtime.taxonomy.rules(),
    // No model yet (a new installation): rules and the LLM still answer, and every result goes to review.
    local: model?.classifier ?? null,
    llm: llm
      ? {
          classifier:
            // The budget charged is the runtime's own installation's unless the caller names the verified one; the
            // answer is restricted to the installation's own taxonomy.
            llm.classifierFor
              ? llm.classifierFor(options.installation ?? runtime.installation, taxonomy)
              : llm.classifier,
          policy: llm.policy,
        }
      : null,
    // The draft's similar tickets and, for an escalation label, its open twin to link: one search pass.
    similar: async ({ text, excludeId, limit, escalation }) => {
      await pause();
      return runtime.similar.searchWithLink(text, { limit, excludeId }, escalation);
    },
    examples: async (text, k) =>
      (await runtime.similar.search(text, { limit: k * 2, excludeId: ticket.id }))
        .filter((hit) => hit.label !== null)
        .slice(0, k)
        .map((hit) => ({ text: hit.subject, label: hit.label ?? '' })),
    now: runtime.now,
    versions: { model: model?.version ?? NO_MODEL_VERSION, prompt: llm?.promptVersion ?? null },
    ...(options.signal ? { signal: options.signal } : {}),
  });

  await pause();

  // Only an applied label becomes the ticket's label (auto); drafts wait for an agent's accept or correction,
  // so the model never trains on its own unconfirmed guesses. A known label (imported, corrected) is kept.
  const applied = result.decision === 'auto';
  const write: TriageWrite = {
    id: ticket.id,
    subject: prepared.redacted.subject,
    text: prepared.text,
    label: applied ? result.label.name : null,
    urgency: applied ? result.urgency.level : null,
    status: ticket.status ?? null,
    createdAt: ticket.createdAt ?? null,
  };
  runtime.similar.add(await store.saveTriage(write, result));
  return { reused: false, result };
}

/** Whether a stored result was made without a local model (its `versions.model` is NO_MODEL_VERSION). */
function madeWithoutModel(stored: StoredResult): boolean {
  // Stored JSON is the contract's own serialisation: the marker is checked cheaply, then confirmed by parsing.
  if (!stored.json.includes(`"model":"${NO_MODEL_VERSION}"`)) return false;
  return parseStoredResult(stored).versions.model === NO_MODEL_VERSION;
}
