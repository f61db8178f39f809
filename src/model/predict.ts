import { vectorizeText, type SparseVector } from './features.ts';
import { contributions, logits, type Head } from './head.ts';
import type { Prediction, TrainedModel } from './model.ts';
import { softmaxInPlace } from './softmax.ts';

const EVIDENCE_LIMIT = 5;
/**
 * Function words of the six demo languages, never offered as a reason on their own (a pair containing one, such as
 * "my invoice", still is). The model still uses them; they only make poor explanations for a person.
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but for with without to of in on at by from as is are was were be been it its this that these those ' +
    'i me my we our us you your he she they them their can could will would do does did not no so if then than there here ' +
    'also just one all any some more most very too again about after before since into out up down over please hi hello thanks ' +
    'der die das den dem des ein eine einen und oder aber für mit ohne zu von im in am an auf ist sind war ich wir sie es mein meine unser nicht bitte ' +
    'le la les l un une des du de et ou mais pour avec sans à au aux en dans sur est sont je nous vous il elle ils mon ma mes notre ne pas merci ' +
    'el la los las un una unos y o pero para por con sin a al del de en es son yo nosotros mi mis nuestro no gracias ' +
    'và hoặc nhưng cho với không của là có tôi chúng ta bạn anh chị em này đó được đã đang sẽ các những một trong'
  ).split(' '),
);

/** Calibrated label (and urgency) distribution of one text, with the features that pushed hardest. */
export function predict(model: TrainedModel, text: string): Prediction {
  const { vectorizer, label: labelHead, urgency: urgencyHead } = model.internals;
  const x = vectorizeText(vectorizer, text);
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
    evidence: evidenceFor(model, x, labelHead.classes.indexOf(top.label), scores[1] ? labelHead.classes.indexOf(scores[1].label) : undefined),
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

/** At least this many letters make a character n-gram worth showing ("…fund…" says something, "…on…" does not). */
const MIN_GRAM_LETTERS = 3;

/** Character n-gram features as an agent can read them: boundary marks dropped, fragments of fewer than three letters left out. */
function readableGrams(ranked: readonly string[]): string[] {
  return ranked
    .filter((feature) => feature.startsWith('c '))
    .map((feature) => feature.slice(2).replace(/[<>]/g, '').trim())
    .filter((gram) => (gram.match(/\p{L}/gu)?.length ?? 0) >= MIN_GRAM_LETTERS)
    .map((gram) => `…${gram}…`);
}

/**
 * The features that set the chosen label apart from the runner-up (contrastive, so "the", "my", "for" — weighed alike
 * by every label — are not offered as reasons). Words and word pairs first (people read them); character n-grams
 * only when no word feature contributed.
 */
function evidenceFor(model: TrainedModel, x: SparseVector, c: number, runnerUp: number | undefined): string[] {
  const { features } = model.internals.vectorizer;
  const ranked = contributions(model.internals.label, x, c, runnerUp).map(({ feature }) => features[feature]!);
  const words = ranked.filter((feature) => !feature.startsWith('c ') && !FUNCTION_WORDS.has(feature.slice(2))).map((feature) => feature.slice(2));
  // n-grams are read only when no word contributed (rare): not built otherwise
  const chosen = words.length > 0 ? words : readableGrams(ranked);
  return [...new Set(chosen)].slice(0, EVIDENCE_LIMIT);
}
