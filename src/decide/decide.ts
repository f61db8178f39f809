import type { Decision, HeldBack, LabelScore, LabelSuggestion } from '../contract/index.ts';
import type { RuleMatch } from '../rules/index.ts';
import type { Taxonomy } from '../taxonomy/index.ts';
import { clip } from '../text/index.ts';
import type { Classification, ModelGate } from '../classifier/index.ts';
import { belowInScopeFloor, decisionFor, modelDecisionFor } from './decision.ts';

/** A rule is a precise phrase chosen by people: it is trusted above the auto threshold. */
export const RULE_CONFIDENCE = 0.9;
/**
 * Most-critical-blocker rule: an escalation label within this much probability of the model's top,
 * non-escalation label takes its place (a ticket about a bug and a breach is a breach ticket).
 */
export const ESCALATION_MARGIN = 0.15;
/** …but only when the escalation label is itself at least this likely. */
export const ESCALATION_FLOOR = 0.2;

export interface DecideInput {
  readonly taxonomy: Taxonomy;
  /** Sorted by priority, highest first (as matchRules returns them). */
  readonly ruleMatches: readonly RuleMatch[];
  /**
   * The local model's answer; null when the installation has no trained model yet. Without one nothing is applied or
   * drafted: the decision is `review` whatever a rule or the LLM says, until its own history trains a model.
   */
  readonly model: Classification | null;
  /** The LLM's answer when it ran and answered; it replaces the model's. */
  readonly llm?: Classification | null;
}

export interface Decided {
  readonly label: LabelSuggestion;
  readonly alternatives: LabelScore[];
  readonly decision: Decision;
  /** The rule that forced the label, if any. */
  readonly rule: RuleMatch | null;
  /**
   * The local model found the text unlike its training tickets (in-scope score below its floor): the decision is
   * review whatever the classifier's confidence, and the reason says so. Absent when not.
   */
  readonly outOfScope?: boolean;
  /** What held the decision below the confidence's own band (see `HeldBack`); absent when nothing did. */
  readonly heldBack?: HeldBack;
}

function scoresOf(classification: Classification): LabelScore[] {
  const all = [{ label: classification.label, confidence: classification.confidence }, ...classification.alternatives];
  const seen = new Set<string>();
  return all
    .filter((score) => !seen.has(score.label) && seen.add(score.label))
    .sort((a, b) => b.confidence - a.confidence);
}

/** The label to show: the top score, unless a close escalation label outranks it as the most critical blocker. */
export function mostCriticalLabel(
  taxonomy: Taxonomy,
  scores: readonly LabelScore[],
): { pick: LabelScore; promoted: boolean } | null {
  const top = scores[0];
  if (!top) return null;
  if (taxonomy.escalationLabelIds.includes(top.label)) return { pick: top, promoted: false };
  const close = scores.find(
    (score) =>
      taxonomy.escalationLabelIds.includes(score.label) &&
      score.confidence >= ESCALATION_FLOOR &&
      top.confidence - score.confidence <= ESCALATION_MARGIN,
  );
  return close ? { pick: close, promoted: true } : { pick: top, promoted: false };
}

const DECISION_RANK: Readonly<Record<Decision, number>> = { review: 0, draft: 1, auto: 2 };

/**
 * Which step lowered a classifier's decision below the taxonomy thresholds' own (`byThresholds`): a label outside the
 * taxonomy, the label's own cross-validated thresholds (`gated`), or the close-call cap (`decision`). Null when none.
 */
function heldBackBy(steps: {
  outOfScope: boolean;
  byThresholds: Decision;
  gated: Decision;
  decision: Decision;
}): HeldBack | null {
  const { outOfScope, byThresholds, gated, decision } = steps;
  if (DECISION_RANK[decision] >= DECISION_RANK[byThresholds]) return null;
  if (outOfScope) return 'out_of_scope';
  if (DECISION_RANK[gated] < DECISION_RANK[byThresholds]) return 'unproven_label';
  return 'close_call';
}

function capAtDraft(decision: Decision): Decision {
  return decision === 'auto' ? 'draft' : decision;
}

/** LabelSuggestion.evidence's limits: an item a rule pattern or a ticket's longest word could exceed is clipped. */
const EVIDENCE_ITEM_LIMIT = 200;
const EVIDENCE_ITEMS = 10;

/**
 * What the classifier's reason says, as data the app shows in the agent's language: the local model's words, or the
 * LLM's own sentence (shown as it is, without the server's English prefixes and suffixes, which `heldBack` carries).
 * A promoted escalation gets none: the words pushed the model towards the label it replaced, and the reason says so.
 */
function evidenceOf(source: Classification): string[] | null {
  const items = source.evidence ?? (source.source === 'llm' && source.reason !== '' ? [source.reason] : null);
  return items ? items.slice(0, EVIDENCE_ITEMS).map((item) => clip(item, EVIDENCE_ITEM_LIMIT)) : null;
}

/** Why a result without a local model goes to review; label ids and rule ids only. */
export const NO_MODEL_REASON = 'no local model is trained for this installation yet, so an agent reviews every label';
/** The label of a result nothing could suggest (no model, no rule, no LLM answer): outside every taxonomy. */
export const NO_LABEL = 'unclassified';

/** A label without a local model: at most review, with the reason saying why. */
function withoutModel(decided: Decided): Decided {
  return {
    ...decided,
    label: { ...decided.label, reason: clip(`${decided.label.reason}; ${NO_MODEL_REASON}`, 500) },
    decision: 'review',
    ...(decided.decision === 'review' ? {} : { heldBack: 'no_model' as const }),
  };
}

/**
 * rule > LLM (when it ran) > model; confidence against the taxonomy thresholds gives the decision. Alternatives are
 * only labels the taxonomy has.
 */
export function decide(input: DecideInput): Decided {
  const { taxonomy, ruleMatches, model, llm } = input;
  const source = llm ?? model;
  const scores = source ? scoresOf(source) : [];
  const rule = ruleMatches.find((match) => taxonomy.labelById.has(match.label)) ?? null;
  if (rule) {
    const decided = byRule(taxonomy, rule, scores);
    return model ? decided : withoutModel(decided);
  }
  if (!source) return NOTHING_ANSWERED;
  const decided = byClassifier(taxonomy, source, scores, source === model);
  if (belowInScopeFloor(model?.gate)) return outOfScope(decided);
  return model ? decided : withoutModel(decided);
}

/** Why a ticket unlike the model's training tickets goes to review; numbers only, no ticket text. */
export const OUT_OF_SCOPE_REASON =
  'unlike the tickets the local model learnt from (out of scope), so an agent reviews it';

/** The local model's in-scope score is below its floor: review, whatever the LLM or the model's confidence says. */
function outOfScope(decided: Decided): Decided {
  return {
    ...decided,
    label: { ...decided.label, reason: clip(`${OUT_OF_SCOPE_REASON}; ${decided.label.reason}`, 500) },
    decision: 'review',
    outOfScope: true,
    heldBack: 'out_of_scope',
  };
}

const NOTHING_ANSWERED: Decided = Object.freeze({
  label: Object.freeze({
    name: NO_LABEL,
    confidence: 0,
    source: 'none',
    reason: `No rule matched and no LLM answered; ${NO_MODEL_REASON}`,
    ruleId: null,
    evidence: null,
  }),
  alternatives: [],
  decision: 'review',
  rule: null,
});

/** A rule is trusted above the auto threshold, or at the classifier's own score for its label when higher. */
function byRule(taxonomy: Taxonomy, rule: RuleMatch, scores: readonly LabelScore[]): Decided {
  const modelScore = scores.find((score) => score.label === rule.label)?.confidence ?? 0;
  const confidence = Math.max(RULE_CONFIDENCE, modelScore);
  return {
    label: {
      name: rule.label,
      confidence,
      source: 'rule',
      reason: `rule ${rule.ruleId} matched "${rule.matched}"`,
      ruleId: rule.ruleId,
      evidence: [clip(rule.matched, EVIDENCE_ITEM_LIMIT)],
    },
    alternatives: scores
      .filter((score) => score.label !== rule.label && taxonomy.labelById.has(score.label))
      .slice(0, 10),
    decision: decisionFor(confidence, taxonomy.thresholds),
    rule,
  };
}

/**
 * The gate that decides `picked` (the in-scope floor is applied apart): the model's own for its predicted label; for
 * another label (a promoted escalation) that label's own thresholds when the gate has them, else none, so the
 * taxonomy's thresholds decide. Never the predicted label's thresholds for another label.
 */
function gateFor(gate: ModelGate | null | undefined, predicted: string, picked: string): ModelGate | null {
  if (!gate) return null;
  if (picked === predicted) return { ...gate, inScopeFloor: null };
  const own = gate.byLabel?.get(picked);
  return own ? { ...gate, inScopeFloor: null, autoThreshold: own.auto, draftThreshold: own.draft } : null;
}

/** The classifier's label (the LLM's, or the model's), or a close escalation label as the most critical blocker. */
function byClassifier(
  taxonomy: Taxonomy,
  source: Classification,
  scores: readonly LabelScore[],
  isLocalModel: boolean,
): Decided {
  const thresholds = taxonomy.thresholds;
  const inScope = scores.filter((score) => taxonomy.labelById.has(score.label));
  const critical = mostCriticalLabel(taxonomy, inScope);
  // A label outside the taxonomy (e.g. the model's out-of-scope class) is shown but never applied.
  const outOfScope = !taxonomy.labelById.has(source.label) || critical === null;
  const pick = outOfScope || !critical ? { label: source.label, confidence: source.confidence } : critical.pick;
  const promoted = !outOfScope && critical?.promoted === true;
  // The local model's answer is held to its own per-label auto threshold (cross-validated precision target); the
  // LLM's, and a model trained before those existed, to the taxonomy's thresholds.
  const gate = isLocalModel ? gateFor(source.gate, source.label, pick.label) : null;
  const byThresholds = decisionFor(pick.confidence, thresholds);
  const gated = outOfScope
    ? 'review'
    : gate
      ? modelDecisionFor(pick.confidence, thresholds, gate).decision
      : byThresholds;
  // A promoted escalation was a close call between two labels: an agent confirms it. So is the runner-up of a label
  // the taxonomy no longer has: it is never applied on the strength of the removed one.
  const decision = promoted || source.droppedTop ? capAtDraft(gated) : gated;
  const heldBack = heldBackBy({ outOfScope, byThresholds, gated, decision });
  const reason = promoted ? `most critical of close labels; ${source.reason}` : source.reason;
  return {
    label: {
      name: pick.label,
      confidence: pick.confidence,
      source: source.source,
      reason: clip(reason, 500),
      ruleId: null,
      evidence: promoted ? null : evidenceOf(source),
    },
    alternatives: inScope.filter((score) => score.label !== pick.label).slice(0, 10),
    decision,
    rule: null,
    ...(heldBack ? { heldBack } : {}),
  };
}
