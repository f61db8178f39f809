import type { Classification, Classifier, ClassifierInput } from '../triage/classifier.ts';
import type { TrainedModel } from './model.ts';
import { predict } from './predict.ts';

const ALTERNATIVES = 5;

/** The local model behind the pipeline's Classifier interface: source `model`, version = the model's version. */
export function createLocalClassifier(model: TrainedModel): Classifier {
  return {
    id: `local:${model.version}`,
    async classify(input: ClassifierInput, signal?: AbortSignal): Promise<Classification> {
      signal?.throwIfAborted();
      const prediction = predict(model, input.text);
      return {
        source: 'model',
        label: prediction.label,
        confidence: prediction.confidence,
        alternatives: prediction.scores.slice(1, 1 + ALTERNATIVES),
        urgency: prediction.urgency,
        urgencyConfidence: prediction.urgencyConfidence,
        tags: null,
        summary: null,
        reason: reasonOf(prediction.evidence),
        cost: null,
        version: model.version,
      };
    },
  };
}

function reasonOf(evidence: readonly string[]): string {
  if (evidence.length === 0) return 'Local model: no telling words in the text; low confidence.';
  return `Local model: ${evidence.map((item) => `"${item}"`).join(', ')}`.slice(0, 300);
}
