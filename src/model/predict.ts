import { readableFeature, taxonomyTerms, ticketWords } from './evidence.ts';
import { vectorizeText, type SparseVector } from './features.ts';
import { contributions, logits, type Head } from './head.ts';
import type { Prediction, PredictOptions, TrainedModel } from './model.ts';
import { softmaxInPlace } from './softmax.ts';

const EVIDENCE_LIMIT = 5;
/**
 * A feature is a reason only when it moves the decision at least this share of what the strongest one does. Words
 * every label has (a greeting such as "お世話になっております", a signature) get nearly equal weights from every
 * label, so their contrastive share is tiny, yet with few telling words they were still among the top five.
 */
const EVIDENCE_SHARE = 0.1;

/**
 * Calibrated label (and urgency) distribution of one text, with the features that pushed hardest. With
 * `options.labels`, restricted to those labels: the best allowed label, explained against the next allowed one.
 */
export function predict(model: TrainedModel, text: string, options: PredictOptions = {}): Prediction {
  const { vectorizer, label: labelHead, urgency: urgencyHead } = model.internals;
  const x = vectorizeText(vectorizer, text);
  const labelLogits = logits(labelHead, x);
  const all = probabilities(labelHead, labelLogits);
  const allowed = options.labels;
  const known = allowed ? all.filter((score) => allowed.has(score.label)) : all;
  // A model that knows none of the allowed labels can only answer out of scope (decide sends that to review).
  const scores = known.length > 0 ? known : all;
  const top = scores[0]!;
  const droppedTop = all[0]!.label === top.label ? null : all[0]!;
  const urgency = urgencyHead ? probabilities(urgencyHead, logits(urgencyHead, x))[0]! : null;
  return {
    label: top.label,
    confidence: top.confidence,
    inScopeScore:
      scores === all
        ? maxOf(labelLogits)
        : Math.max(...scores.map((score) => labelLogits[labelHead.classes.indexOf(score.label)]!)),
    scores,
    droppedTop,
    urgency: urgency?.label ?? null,
    urgencyConfidence: urgency?.confidence ?? 0,
    evidence: evidenceFor(
      model,
      x,
      text,
      labelHead.classes.indexOf(top.label),
      scores[1] ? labelHead.classes.indexOf(scores[1].label) : undefined,
      options.keywords ?? [],
    ),
  };
}

function probabilities(head: Head, rawLogits: Float64Array): { label: string; confidence: number }[] {
  const p = Float64Array.from(rawLogits);
  softmaxInPlace(p, head.temperature);
  return head.classes
    .map((label, c) => ({ label, confidence: p[c]! }))
    .sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label));
}

function maxOf(values: Float64Array): number {
  let max = -Infinity;
  for (const value of values) if (value > max) max = value;
  return max;
}

/**
 * The features that set the chosen label apart from the runner-up (contrastive, so "the", "my", "for" — weighed alike
 * by every label — are not offered as reasons), as the ticket's own words: never a redaction placeholder's pieces, a
 * character n-gram as the word that holds it. Words and word pairs first (people read them); n-grams only when no
 * word feature gave a readable reason.
 */
function evidenceFor(
  model: TrainedModel,
  x: SparseVector,
  text: string,
  c: number,
  runnerUp: number | undefined,
  keywords: readonly string[],
): string[] {
  const { features } = model.internals.vectorizer;
  const ranked = contributions(model.internals.label, x, c, runnerUp);
  if (ranked.length === 0) return [];
  const words = ticketWords(text);
  const terms = taxonomyTerms(keywords);
  const readable = (kinds: (kind: string) => boolean): string[] => {
    const shown = new Set<string>();
    let floor = 0;
    for (const { feature: column, value } of ranked) {
      const feature = features[column]!;
      if (!kinds(feature[0]!)) continue;
      // Ranked largest first: the first of these kinds sets the floor, and nothing after a smaller one counts.
      if (floor === 0) floor = value * EVIDENCE_SHARE;
      else if (value < floor) break;
      const item = readableFeature(words, feature, terms);
      if (item !== null) shown.add(item);
      if (shown.size === EVIDENCE_LIMIT) break;
    }
    return [...shown];
  };
  const chosen = readable((kind) => kind !== 'c');
  // n-grams are read only when no word gave a reason (rare): not looked up otherwise
  return chosen.length > 0 ? chosen : readable((kind) => kind === 'c');
}
