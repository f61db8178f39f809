import { clip } from '../text/index.ts';
import type { Classification, Classifier, ClassifierInput } from '../classifier/index.ts';
import type { TrainedModel } from './model.ts';
import {
  DEFAULT_PRECISION_TARGETS,
  labelThresholds,
  modelGate,
  type LabelThresholds,
  type PrecisionTargets,
} from './policy.ts';
import { predict } from './predict.ts';

const ALTERNATIVES = 5;

/**
 * The local model behind the pipeline's Classifier interface: source `model`, version = the model's version. Answers
 * only the labels the input allows (the taxonomy's now), so a label removed from the taxonomy is never predicted.
 */
export function createLocalClassifier(model: TrainedModel): Classifier {
  // One set per taxonomy (its label list is one frozen array), and none when the taxonomy has every model label.
  const restrictions = new WeakMap<readonly string[], ReadonlySet<string> | null>();
  const restrictionFor = (labels: readonly string[]): ReadonlySet<string> | null => {
    let restriction = restrictions.get(labels);
    if (restriction === undefined) {
      const known = new Set(labels);
      restriction = model.labels.every((label) => known.has(label)) ? null : known;
      restrictions.set(labels, restriction);
    }
    return restriction;
  };
  // Per-label thresholds per set of targets: the taxonomy's escalation list is one frozen array, so they are
  // derived once per taxonomy, not per ticket.
  const thresholdsByEscalations = new WeakMap<readonly string[], Map<string, ReadonlyMap<string, LabelThresholds>>>();
  const thresholdsFor = (targets: PrecisionTargets): ReadonlyMap<string, LabelThresholds> | null => {
    if (!model.calibration) return null;
    let byTargets = thresholdsByEscalations.get(targets.escalationLabels);
    if (!byTargets) {
      byTargets = new Map();
      thresholdsByEscalations.set(targets.escalationLabels, byTargets);
    }
    const key = `${targets.autoPrecision}|${targets.escalationAutoPrecision}|${targets.draftPrecision}`;
    let thresholds = byTargets.get(key);
    if (!thresholds) {
      thresholds = labelThresholds(model.calibration, targets);
      byTargets.set(key, thresholds);
    }
    return thresholds;
  };
  return {
    id: `local:${model.version}`,
    async classify(input: ClassifierInput, signal?: AbortSignal): Promise<Classification> {
      signal?.throwIfAborted();
      const restriction = input.labels ? restrictionFor(input.labels) : null;
      const prediction = predict(model, input.text, {
        ...(restriction ? { labels: restriction } : {}),
        ...(input.keywords ? { keywords: input.keywords } : {}),
      });
      return {
        source: 'model',
        label: prediction.label,
        confidence: prediction.confidence,
        alternatives: prediction.scores.slice(1, 1 + ALTERNATIVES),
        droppedTop: prediction.droppedTop,
        urgency: prediction.urgency,
        urgencyConfidence: prediction.urgencyConfidence,
        tags: null,
        summary: null,
        reason: reasonOf(prediction.evidence, prediction.droppedTop?.label ?? null),
        evidence: prediction.evidence,
        cost: null,
        version: model.version,
        gate: modelGate(model, prediction, thresholdsFor(input.precisionTargets ?? DEFAULT_PRECISION_TARGETS)),
      };
    },
  };
}

function reasonOf(evidence: readonly string[], droppedTop: string | null): string {
  // The label id is the taxonomy's word, not the ticket's: safe to show.
  const dropped = droppedTop === null ? '' : ` (its first choice "${droppedTop}" is no longer in the taxonomy)`;
  if (evidence.length === 0) return `Local model${dropped}: no telling words in the text; low confidence.`;
  return clip(`Local model${dropped}: ${evidence.map((item) => `"${item}"`).join(', ')}`, 300);
}
