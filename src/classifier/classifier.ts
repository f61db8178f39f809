import type { CostInfo, LabelScore, LabelSource, Ticket } from '../contract/index.ts';
import type { PrecisionTargets } from './precision-targets.ts';

/** What a classifier sees: a ticket that has already been redacted, and its model text. */
export interface ClassifierInput {
  /** Redacted ticket: no classifier ever sees unredacted text. */
  readonly ticket: Ticket;
  /** Redacted text the model reads (subject, description, requester comments). */
  readonly text: string;
  /** Labelled past tickets most similar to this one (redacted), for few-shot prompts. */
  readonly examples: readonly { text: string; label: string }[];
  /** Zendesk installation the ticket belongs to: LLM budgets are counted per installation. */
  readonly installation?: string;
  /**
   * The taxonomy's label ids now: a classifier answers only these. The local model may have been trained before a
   * label was removed from the taxonomy; the LLM's schema is built from the taxonomy already.
   */
  readonly labels?: readonly string[];
  /**
   * The taxonomy's keywords and label names (`Taxonomy.keywords`): words a classifier explaining itself must not hide
   * as filler, though a stop-word list has them ("down", "order", "cuenta").
   */
  readonly keywords?: readonly string[];
  /** Precision auto-applied labels must show (the taxonomy's); the local model picks its per-label thresholds by it. */
  readonly precisionTargets?: PrecisionTargets;
}

export interface Classification {
  readonly source: LabelSource;
  readonly label: string;
  /** Calibrated probability that `label` is right. */
  readonly confidence: number;
  /** Other labels, most likely first. */
  readonly alternatives: readonly LabelScore[];
  /**
   * The classifier's own first choice when `labels` left it out (the taxonomy no longer has it); `label` is then the
   * best label the taxonomy has, with the probability the classifier gave it (not renormalised).
   */
  readonly droppedTop?: LabelScore | null;
  readonly urgency: string | null;
  readonly urgencyConfidence: number;
  readonly tags: readonly string[] | null;
  readonly summary: string | null;
  /** Why, in one short sentence, redacted. */
  readonly reason: string;
  /** The local model's evidence: the ticket's own words that pushed it to `label` (redacted). Absent for the LLM. */
  readonly evidence?: readonly string[];
  readonly cost: CostInfo | null;
  /** Identifies the model or prompt that produced this. */
  readonly version: string;
  /**
   * The local model's own limits for this answer, from cross-validation on its training rows; absent for the LLM and
   * for models trained before format version 2 (then the taxonomy's thresholds alone decide).
   */
  readonly gate?: ModelGate | null;
}

/** Where a trained model's answer may be trusted (docs/decisions/2026-12-07-served-out-of-scope.md). */
export interface ModelGate {
  /** How strongly the text points at any known label (the largest raw logit). */
  readonly inScopeScore: number;
  /** Below it the text is unlike the training data: out of scope, an agent reviews it. Null: no floor. */
  readonly inScopeFloor: number | null;
  /** Confidence at or above which the predicted label may be applied without review; null: never (draft at most). */
  readonly autoThreshold: number | null;
  /**
   * Confidence from which the predicted label is drafted when that is below the taxonomy's thresholds.review
   * (cross-validation showed the draft precision there); null: thresholds.review alone.
   */
  readonly draftThreshold: number | null;
  /**
   * Every calibrated label's own thresholds (the two above are the predicted label's), so a label picked over the
   * prediction (a promoted escalation) is held to its own and never to the predicted label's. Absent: not known.
   */
  readonly byLabel?: ReadonlyMap<string, { readonly auto: number | null; readonly draft: number | null }>;
}

/** One interface for the fast local model and the slow LLM; the hybrid composes two of them. */
export interface Classifier {
  readonly id: string;
  classify(input: ClassifierInput, signal?: AbortSignal): Promise<Classification>;
}
