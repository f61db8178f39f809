import type { Taxonomy } from '../taxonomy/index.ts';

/** Precision an auto-applied label must show on cross-validation (the taxonomy's thresholds.autoPrecision & co). */
export interface PrecisionTargets {
  /** Every label but escalations. */
  readonly autoPrecision: number;
  /** Escalation labels: a wrong one pages someone or hides a breach, so they need more. */
  readonly escalationAutoPrecision: number;
  readonly escalationLabels: readonly string[];
  /**
   * A label is drafted (an agent confirms it) from the lowest confidence at which cross-validation shows this
   * precision, when that is below the taxonomy's thresholds.review; never from a higher one.
   */
  readonly draftPrecision: number;
}

/**
 * The precision the taxonomy asks of auto-applied labels (stricter for its escalation labels) and of drafts: what
 * every caller of the local model passes, so the served pipeline and the readiness report pick the same per-label
 * thresholds.
 */
export function precisionTargetsOf(taxonomy: Taxonomy): PrecisionTargets {
  return precisionTargetsFrom(taxonomy.thresholds, taxonomy.escalationLabelIds);
}

/** The same from thresholds alone (`triage eval`, whose data sets have labels of their own, names no escalations). */
export function precisionTargetsFrom(
  thresholds: Pick<Taxonomy['thresholds'], 'autoPrecision' | 'escalationAutoPrecision' | 'draftPrecision'>,
  escalationLabels: readonly string[],
): PrecisionTargets {
  return {
    autoPrecision: thresholds.autoPrecision,
    escalationAutoPrecision: thresholds.escalationAutoPrecision,
    escalationLabels,
    draftPrecision: thresholds.draftPrecision,
  };
}
