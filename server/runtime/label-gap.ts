import type { Logger } from 'pino';
import type { TrainedModel } from '../../src/model/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';

/** Labels the model was trained on that the taxonomy no longer has (removed from the YAML since). */
export function labelsNotInTaxonomy(model: Pick<TrainedModel, 'labels'>, taxonomy: Taxonomy): string[] {
  return model.labels.filter((label) => !taxonomy.labelById.has(label));
}

export interface LabelGap {
  /** Model labels the taxonomy no longer has; empty when it has them all. */
  readonly labels: string[];
  /** What it means for triage and what to do, for the log and /readyz; null without a gap. Label ids only. */
  readonly detail: string | null;
  /** The model knows none of the taxonomy's labels: every ticket it answers goes to review. */
  readonly knowsNone: boolean;
}

const NONE_KNOWN =
  "the serving model knows none of the taxonomy's labels: every ticket it answers goes to review; label tickets with the new labels and retrain";
const SOME_GONE =
  'the serving model knows labels the taxonomy no longer has: it answers the best remaining label, never applied automatically when its first choice was removed; models trained from now on (POST /v1/admin/train) leave them out';

/** The gap between the serving model's labels and the taxonomy's (docs/decisions/2026-11-30-labels-removed-from-taxonomy.md). */
export function labelGap(model: Pick<TrainedModel, 'labels'>, taxonomy: Taxonomy): LabelGap {
  const labels = labelsNotInTaxonomy(model, taxonomy);
  if (labels.length === 0) return { labels, detail: null, knowsNone: false };
  const knowsNone = labels.length === model.labels.length;
  return { labels, detail: knowsNone ? NONE_KNOWN : SOME_GONE, knowsNone };
}

/**
 * Tells the admin, once per taxonomy reload or model change, that the serving model knows labels the taxonomy no
 * longer has: its answers are restricted to the taxonomy's labels (docs/decisions/2026-11-30-labels-removed-from-taxonomy.md)
 * and models trained from now on leave them out. Label ids only, never ticket text.
 */
export function reportLabelGap(
  logger: Logger,
  model: Pick<TrainedModel, 'labels' | 'version'> | null,
  taxonomy: Taxonomy,
): void {
  if (model === null) return;
  const gap = labelGap(model, taxonomy);
  if (gap.detail === null) return;
  const details = { model: model.version, taxonomy: taxonomy.version, labels: gap.labels };
  if (gap.knowsNone) logger.error(details, gap.detail);
  else logger.warn(details, gap.detail);
}
