import type { Logger } from 'pino';
import type { TrainedModel } from '../../src/model/index.ts';
import type { Taxonomy } from '../../src/taxonomy/index.ts';

/** Labels the model was trained on that the taxonomy no longer has (removed from the YAML since). */
export function labelsNotInTaxonomy(model: Pick<TrainedModel, 'labels'>, taxonomy: Taxonomy): string[] {
  return model.labels.filter((label) => !taxonomy.labelById.has(label));
}

/**
 * Tells the admin, once per taxonomy reload or model change, that the serving model knows labels the taxonomy no
 * longer has: its answers are restricted to the taxonomy's labels (docs/decisions/2026-11-30-labels-removed-from-taxonomy.md)
 * and models trained from now on leave them out. Label ids only, never ticket text.
 */
export function reportLabelGap(logger: Logger, model: Pick<TrainedModel, 'labels' | 'version'> | null, taxonomy: Taxonomy): void {
  if (model === null) return;
  const labels = labelsNotInTaxonomy(model, taxonomy);
  if (labels.length === 0) return;
  const details = { model: model.version, taxonomy: taxonomy.version, labels };
  if (labels.length === model.labels.length) {
    logger.error(details, 'the serving model knows none of the taxonomy\'s labels: every ticket it answers goes to review; label tickets with the new labels and retrain');
    return;
  }
  logger.warn(
    details,
    'the serving model knows labels the taxonomy no longer has: it answers the best remaining label, never applied automatically when its first choice was removed; models trained from now on (POST /v1/admin/train) leave them out',
  );
}
