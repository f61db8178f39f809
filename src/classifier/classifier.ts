import type { CostInfo, LabelScore, LabelSource, Ticket } from '../contract/index.ts';

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
  readonly cost: CostInfo | null;
  /** Identifies the model or prompt that produced this. */
  readonly version: string;
}

/** One interface for the fast local model and the slow LLM; the hybrid composes two of them. */
export interface Classifier {
  readonly id: string;
  classify(input: ClassifierInput, signal?: AbortSignal): Promise<Classification>;
}
