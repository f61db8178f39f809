import type { Vectorizer } from './features.ts';
import type { Head } from './head.ts';

export interface TrainingRow {
  text: string;
  label: string;
  urgency?: string | null;
}

export interface TrainOptions {
  /** Seed for shuffles and the calibration split: same rows and seed, same model. */
  seed?: number;
  /** The training date recorded in the model. */
  now?: Date;
  version?: string;
  onProgress?: (message: string) => void;
  /**
   * Share of labels each fold's second, unseen-label model leaves out (HYPERPARAMETERS.unseenLabelShare by default);
   * 0: no unseen-label simulation.
   */
  unseenLabelShare?: number;
}

/** What the learner needs beyond the rows; the defaults are tuned on BANKING77 and CLINC150 (see the decision record). */
export interface ModelInternals {
  readonly vectorizer: Vectorizer;
  readonly label: Head;
  readonly urgency: Head | null;
}

/** A trained local model: immutable, serializable with `serializeModel`. */
export interface TrainedModel {
  readonly version: string;
  /** ISO date-time of training. */
  readonly trainedAt: string;
  readonly labels: readonly string[];
  /** Empty when the rows carried no urgency. */
  readonly urgencyLevels: readonly string[];
  /** Held-out figures measured during training (accuracy, macroF1, temperature, sizes). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly internals: ModelInternals;
  /**
   * What cross-validation on the training rows showed, for the served decision's gates (in-scope floor, per-label auto
   * thresholds). Absent in models written before format version 2: they are served as before (taxonomy thresholds).
   */
  readonly calibration?: ServingCalibration;
}

/** Out-of-fold evidence kept with a model (docs/decisions/2026-12-07-served-out-of-scope.md). */
export interface ServingCalibration {
  /** Folds the rows were split into. */
  readonly folds: number;
  /** Rows scored by a fold model that did not see them. */
  readonly outOfFoldRows: number;
  /** Of those, rows scored by an unseen-label model that was trained without their label (`labels[…].unseen`). */
  readonly unseenRows: number;
  /**
   * The in-scope score (largest raw logit) below which a text counts as unlike the training data: a low quantile of
   * the out-of-fold in-scope scores of the account's own tickets. Null when nothing was cross-validated.
   */
  readonly inScopeFloor: number | null;
  /** Percentiles 0…100 of those out-of-fold in-scope scores (empty when none): other floors can be read off them. */
  readonly inScopeQuantiles: readonly number[];
  /**
   * Per label, the calibrated out-of-fold confidences of rows the fold models gave that label, largest first: right and
   * wrong answers of labels the fold model knew, and `unseen`: rows of a label their (second) fold model was trained
   * without, given this label — tickets of a kind the account has not labelled yet would be taken for it. Each label's
   * precision at any threshold, for picking its thresholds; `unseen` counts against the auto threshold only. Absent
   * `unseen` (models trained before it): none.
   */
  readonly labels: Readonly<Record<string, LabelEvidence>>;
}

/** Out-of-fold confidences of the rows given one label, largest first. */
export interface LabelEvidence {
  readonly right: readonly number[];
  readonly wrong: readonly number[];
  readonly unseen?: readonly number[];
}

export interface PredictOptions {
  /** Only these labels may be predicted (the taxonomy's labels now); every label the model knows when absent. */
  readonly labels?: ReadonlySet<string>;
  /**
   * The taxonomy's keywords and label names: never hidden from the evidence as filler, though a stop-word list has
   * them ("down", "order"). Pass the taxonomy's own frozen array: it is compiled once per array.
   */
  readonly keywords?: readonly string[];
}

export interface Prediction {
  label: string;
  /** Calibrated probability that `label` is right. */
  confidence: number;
  /**
   * How strongly the text's features point at any known label: the largest raw logit of the label head (before
   * temperature). Low for texts unlike the training data, so a threshold on it flags out-of-scope texts; not a
   * probability, and its scale is the model's own (pick a threshold on validation data, see pickOutOfScopeThreshold).
   * Separates out-of-scope texts better than `confidence` does, because the softmax discards how large the
   * logits are and keeps only their differences (docs/decisions/2026-11-29-out-of-scope.md).
   */
  inScopeScore: number;
  /** Every label (every allowed one, with `labels`), most likely first. */
  scores: { label: string; confidence: number }[];
  /**
   * The model's own first choice when the allowed `labels` left it out, else null. `label` and `confidence` are then
   * the best allowed label and the probability the model gave it: not renormalised over the allowed labels, so the
   * share the model put on removed labels never lends confidence to a remaining one.
   */
  droppedTop: { label: string; confidence: number } | null;
  urgency: string | null;
  urgencyConfidence: number;
  /**
   * Words and phrases that pushed hardest toward the label, as the ticket writes them: the "why". Never a piece of a
   * redaction placeholder; a character n-gram is shown as the word holding it.
   */
  evidence: string[];
}
