import { featureStrings, vectorize, type SparseVector } from './features.ts';
import { contributions, logits, type Head } from './head.ts';
import type { Prediction, TrainedModel } from './model.ts';
import { softmaxInPlace } from './softmax.ts';

const EVIDENCE_LIMIT = 5;

/** Calibrated label (and urgency) distribution of one text, with the features that pushed hardest. */
export function predict(model: TrainedModel, text: string): Prediction {
  const { vectorizer, label: labelHead, urgency: urgencyHead } = model.internals;
  const x = vectorize(vectorizer, featureStrings(text));
  const labelLogits = logits(labelHead, x);
  const scores = probabilities(labelHead, labelLogits);
  const top = scores[0]!;
  const urgency = urgencyHead ? probabilities(urgencyHead, logits(urgencyHead, x))[0]! : null;
  return {
    label: top.label,
    confidence: top.confidence,
    inScopeScore: maxOf(labelLogits),
    scores,
    urgency: urgency?.label ?? null,
    urgencyConfidence: urgency?.confidence ?? 0,
    evidence: evidenceFor(model, x, labelHead.classes.indexOf(top.label)),
  };
}

function probabilities(head: Head, rawLogits: Float64Array): { label: string; confidence: number }[] {
  const p = Float64Array.from(rawLogits);
  softmaxInPlace(p, head.temperature);
  return head.classes.map((label, c) => ({ label, confidence: p[c]! })).sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label));
}

function maxOf(values: Float64Array): number {
  let max = -Infinity;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Words and word pairs first (people read them); character n-grams only when no word feature contributed. */
function evidenceFor(model: TrainedModel, x: SparseVector, c: number): string[] {
  const { features } = model.internals.vectorizer;
  const ranked = contributions(model.internals.label, x, c).map(({ feature }) => features[feature]!);
  const words = ranked.filter((feature) => !feature.startsWith('c ')).map((feature) => feature.slice(2));
  const chosen = words.length > 0 ? words : ranked.map((feature) => `…${feature.slice(2).replace(/[<>]/g, '')}…`);
  return [...new Set(chosen)].slice(0, EVIDENCE_LIMIT);
}
