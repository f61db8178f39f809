import type { Decision, HeldBack } from '../contract/index.ts';
import { precisionTargetsOf, type Classifier } from '../classifier/index.ts';
import { decide } from '../decide/index.ts';
import { compileRules, matchRules, type RuleSet } from '../rules/index.ts';
import { foldOfId } from '../sampling/index.ts';
import type { Taxonomy } from '../taxonomy/index.ts';

/** A labelled, redacted ticket as the report reads it: the store's LabelledRow and a file's rows both fit. */
export interface LabelledExample {
  readonly id: string;
  readonly text: string;
  readonly label: string;
}

/** What the served pipeline (rules → local model → decide) answered for a ticket its model never trained on. */
export interface HeldOutPrediction {
  readonly id: string;
  readonly gold: string;
  /** The decided label: a rule's, the model's, or a close escalation promoted over it. */
  readonly predicted: string;
  readonly confidence: number;
  readonly decision: Decision;
  /** What held the decision below the confidence's own band (decide's `heldBack`); absent or null when nothing did. */
  readonly heldBack?: HeldBack | null;
}

export interface HeldOutOptions {
  readonly taxonomy: Taxonomy;
  /** Cross-validation folds, ≥ 2: each ticket is predicted by the model trained on the other folds. */
  readonly folds: number;
  /** Trains a classifier on the rows of the other folds (the local model in production; a double in tests). */
  readonly fit: (rows: readonly LabelledExample[]) => Promise<Classifier> | Classifier;
  /** Compiled from the taxonomy when absent. */
  readonly rules?: RuleSet;
  /**
   * The detected language of a ticket's text (ISO 639-1, null when unsure), as the server detects it before matching
   * rules: a rule limited to some languages fires here exactly when it would on that ticket. The caller loads the
   * detector (server/report passes eld's via src/language); this module stays pure.
   */
  readonly languageOf: (text: string) => string | null;
  readonly onFold?: (fold: number, folds: number) => void;
}

/**
 * Out-of-fold predictions: every ticket is decided by the served rule (src/decide with the taxonomy's thresholds, its
 * rules first, language-limited ones by the ticket's detected language) on a model that never saw it. Folds follow a hash of the ticket id (foldOfId). Rows labelled outside
 * the taxonomy are left out, as training leaves them out.
 */
export async function outOfFoldPredictions(
  rows: readonly LabelledExample[],
  options: HeldOutOptions,
): Promise<HeldOutPrediction[]> {
  const { taxonomy, folds } = options;
  const rules = options.rules ?? compileRules(taxonomy);
  // The served per-label thresholds: the same precision targets the pipeline passes, built once for every row.
  const precisionTargets = precisionTargetsOf(taxonomy);
  const known = rows.filter((row) => taxonomy.labelById.has(row.label));
  const foldOf = known.map((row) => foldOfId(row.id, folds));
  const predictions: HeldOutPrediction[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test = known.filter((_, index) => foldOf[index] === fold);
    if (test.length === 0) continue;
    options.onFold?.(fold, folds);
    const classifier = await options.fit(known.filter((_, index) => foldOf[index] !== fold));
    for (const row of test) {
      const classification = await classifier.classify({
        ticket: { id: row.id, subject: '', description: row.text, comments: [], participants: [], tags: [] },
        text: row.text,
        examples: [],
        labels: taxonomy.labelIds,
        keywords: taxonomy.keywords,
        precisionTargets,
      });
      const ruleMatches = matchRules(rules, row.text, options.languageOf(row.text));
      const decided = decide({ taxonomy, ruleMatches, model: classification });
      predictions.push({
        id: row.id,
        gold: row.label,
        predicted: decided.label.name,
        confidence: decided.label.confidence,
        decision: decided.decision,
        heldBack: decided.heldBack ?? null,
      });
    }
  }
  return predictions;
}
