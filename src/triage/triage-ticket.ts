import { TriageResult, type EscalationLink, type SimilarTicket, type Ticket } from '../contract/index.ts';
import { decide } from '../decide/index.ts';
import { errorCode } from '../errors/index.ts';
import { compileRules, matchRules, suggestTags, urgencyFromKeywords, type RuleSet } from '../rules/index.ts';
import { isEscalationLabel, priorityOf, type Taxonomy } from '../taxonomy/index.ts';
import { clip } from '../text/index.ts';
import { detectLanguage } from '../language/index.ts';
import { precisionTargetsOf, type Classification, type Classifier } from '../classifier/index.ts';
import { redactAnalysedPart } from './analysed-part.ts';
import type { LlmPolicy } from './llm-policy.ts';
import { modelText, SUMMARY_LIMIT, summaryOf } from './ticket-text.ts';
import { textHash, type Sha256Hex } from './text-hash.ts';

/** What the pipeline asks the similar-tickets lookup (not the contract's SimilarQuery, which is `GET /v1/similar`'s). */
export interface SimilarLookupQuery {
  text: string;
  excludeId: string;
  limit: number;
  /** The decided escalation label and the taxonomy's link threshold; null when the label is not an escalation. */
  escalation: { label: string; threshold: number } | null;
}

export interface SimilarLookup {
  hits: SimilarTicket[];
  link: EscalationLink | null;
}

/** Everything the pipeline needs from outside, passed in so the stage stays pure and testable. */
export interface TriageDeps {
  taxonomy: Taxonomy;
  /**
   * The installation's trained model; null while it has none (a new installation): rules and the LLM still run, the
   * decision is at most `review` and the reason says why (src/decide).
   */
  local: Classifier | null;
  /** uncertain: only when the local decision is below auto and no rule fired. */
  llm?: { classifier: Classifier; policy: LlmPolicy } | null;
  /**
   * Similar past tickets for the draft and, when the decided label is an escalation (`escalation` given), the open
   * ticket of that label to link instead of alerting twice: one lookup, so a search can serve both.
   */
  similar?: (query: SimilarLookupQuery) => Promise<SimilarLookup> | SimilarLookup;
  /** Few-shot examples for the LLM (redacted, labelled). */
  examples?: (
    text: string,
    k: number,
  ) => Promise<{ text: string; label: string }[]> | { text: string; label: string }[];
  now: () => Date;
  versions: { model: string; prompt: string | null };
  /** Compiled rules; compiled from the taxonomy on each call when absent. */
  rules?: RuleSet;
  signal?: AbortSignal;
  /** The ticket already hashed and its analysed part redacted by the caller (`prepareTicket`), so neither runs twice. */
  prepared?: PreparedTicket;
}

/**
 * A ticket's text hash (of all its text), its redacted analysed part and the model text made from it: what a caller
 * needs before and after the pipeline (the stored ticket is the redacted subject and this text).
 */
export interface PreparedTicket {
  readonly hash: string;
  readonly redacted: Ticket;
  readonly redaction: TriageResult['redaction'];
  readonly text: string;
}

export interface PrepareOptions {
  /** The text hash when the caller already has it (it hashes first to look for a stored result). */
  readonly hash?: string;
  /** The SHA-256 used for the hash; Web Crypto by default, node:crypto on the server. */
  readonly sha256Hex?: Sha256Hex;
}

/**
 * The pipeline's entry: hashes the original text (to recognise an unchanged ticket) and redacts the part the pipeline
 * reads, once. From its result on, only redacted text exists.
 */
export async function prepareTicket(ticket: Ticket, options: PrepareOptions = {}): Promise<PreparedTicket> {
  const hash = options.hash ?? (await textHash(ticket, options.sha256Hex));
  const { ticket: redacted, summary: redaction } = redactAnalysedPart(ticket);
  return { hash, redacted, redaction, text: modelText(redacted) };
}

/** `versions.model` of a result made without a local model (the installation had none yet). */
export const NO_MODEL_VERSION = 'none';

const SIMILAR_LIMIT = 5;
const FEW_SHOT = 6;

function mostUrgent(taxonomy: Taxonomy, levels: readonly (string | null)[]): string {
  let best = -1;
  for (const level of levels) if (level !== null) best = Math.max(best, taxonomy.urgencyIds.indexOf(level));
  return taxonomy.urgencyIds[best] ?? taxonomy.urgencyIds[0] ?? 'normal';
}

/** redact → rules → local model → [LLM] → decide → similar: one ticket in, one contract TriageResult out. */
export async function triageTicket(ticket: Ticket, deps: TriageDeps): Promise<TriageResult> {
  const started = deps.now().getTime();
  const { taxonomy } = deps;
  // From here on only redacted text exists.
  const { hash, redacted, redaction, text } = deps.prepared ?? (await prepareTicket(ticket));
  const ruleSet = deps.rules ?? compileRules(taxonomy);
  // The requester's own words, as Zendesk's intelligent triage reads the first message: agents' replies would blur it.
  const language = await detectLanguage(`${redacted.subject}\n${redacted.description}`);
  const ruleMatches = matchRules(ruleSet, text, language);

  // The taxonomy's labels now: a model trained before a label was removed must not answer it.
  const local = deps.local
    ? await deps.local.classify(
        {
          ticket: redacted,
          text,
          examples: [],
          labels: taxonomy.labelIds,
          keywords: taxonomy.keywords,
          precisionTargets: precisionTargetsOf(taxonomy),
        },
        deps.signal,
      )
    : null;
  const localDecision = decide({ taxonomy, ruleMatches, model: local });

  const policy = deps.llm?.policy ?? 'off';
  let llm: Classification | null = null;
  let tier: TriageResult['tier'] = { llm: 'off', detail: null };
  let llmFailed = false;
  if (deps.llm && policy !== 'off') {
    const wanted = policy === 'always' || (ruleMatches.length === 0 && localDecision.decision !== 'auto');
    if (!wanted) tier = { llm: 'skipped', detail: ruleMatches.length > 0 ? 'rule fired' : 'local model confident' };
    else {
      try {
        const examples = deps.examples ? await deps.examples(text, FEW_SHOT) : [];
        llm = await deps.llm.classifier.classify(
          { ticket: redacted, text, examples, labels: taxonomy.labelIds },
          deps.signal,
        );
        tier = { llm: 'used', detail: null };
      } catch (error) {
        // A ticket is never lost: the local answer stands, and a human looks at it.
        llmFailed = true;
        tier = {
          llm: 'failed',
          detail: clip(errorCode(error) ?? (error instanceof Error ? error.name : 'unknown_error'), 300),
        };
      }
    }
  }

  const decided =
    llm && taxonomy.labelById.has(llm.label) ? decide({ taxonomy, ruleMatches, model: local, llm }) : localDecision;
  const answer = llm ?? local;
  const label = taxonomy.labelById.get(decided.label.name);
  const baseUrgency =
    answer && answer.urgency !== null && taxonomy.urgencyById.has(answer.urgency)
      ? answer.urgency
      : (label?.defaultUrgency ?? null);
  const urgency = mostUrgent(taxonomy, [
    baseUrgency,
    urgencyFromKeywords(ruleSet, text),
    ...ruleMatches.map((match) => match.urgency),
  ]);
  const urgencySource = decided.rule ? 'rule' : (answer?.source ?? 'none');
  const vocabulary = new Set(taxonomy.tagIds);
  const tags = [
    ...new Set([...ruleMatches.flatMap((match) => match.tags), ...suggestTags(ruleSet, text), ...(answer?.tags ?? [])]),
  ].filter((tag) => vocabulary.has(tag));
  const isEscalation = isEscalationLabel(taxonomy, decided.label.name);
  const lookup = deps.similar
    ? await deps.similar({
        text,
        excludeId: ticket.id,
        limit: SIMILAR_LIMIT,
        escalation: isEscalation ? { label: decided.label.name, threshold: taxonomy.thresholds.escalationLink } : null,
      })
    : { hits: [], link: null };
  // Weak matches are noise beside a draft: only those at or above the taxonomy's `thresholds.similar` are attached.
  const similar = lookup.hits.filter((hit) => hit.score >= taxonomy.thresholds.similar);
  const llmSummary = answer?.source === 'llm' && answer.summary ? clip(answer.summary, SUMMARY_LIMIT) : null;

  return {
    ticketId: ticket.id,
    label: decided.label,
    alternatives: decided.alternatives,
    urgency: {
      level: urgency,
      priority: priorityOf(taxonomy, urgency),
      confidence: answer?.urgencyConfidence ?? 0,
      source: urgencySource,
    },
    ticketType: label?.ticketType ?? 'question',
    tags,
    language,
    summary: llmSummary ?? summaryOf(redacted),
    decision: llmFailed ? 'review' : decided.decision,
    heldBack: llmFailed && decided.decision !== 'review' ? 'llm_failed' : (decided.heldBack ?? null),
    escalation: { isEscalation, linkedTo: isEscalation ? lookup.link : null },
    similar,
    redaction,
    tier,
    versions: {
      model: deps.local ? deps.versions.model : NO_MODEL_VERSION,
      taxonomy: taxonomy.version,
      prompt: llm ? deps.versions.prompt : null,
    },
    cost: llm?.cost ?? null,
    latencyMs: Math.max(0, deps.now().getTime() - started),
    textHash: hash,
    createdAt: deps.now().toISOString(),
  };
}
