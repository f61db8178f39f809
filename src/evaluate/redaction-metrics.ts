import { z } from 'zod';
import { analyze, piiTypesWith, type RedactOptions } from '../redact/index.ts';

/** One sample of the Presidio synthetic PII format (presidio-research `synth_dataset_v2.json`). */
export const PresidioSample = z.object({
  full_text: z.string(),
  spans: z.array(
    z.object({
      entity_type: z.string(),
      entity_value: z.string(),
      start_position: z.number().int().min(0),
      end_position: z.number().int().min(0),
    }),
  ),
});
export type PresidioSample = z.infer<typeof PresidioSample>;
export const PresidioDataset = z.array(PresidioSample);
export type PresidioDataset = z.infer<typeof PresidioDataset>;

/** The types the product redacts by default; `overall` counts only these. */
export const REDACTED_TYPES: readonly string[] = piiTypesWith('presidio');

export interface SpanScores {
  precision: number;
  recall: number;
  f2: number;
  /** Gold spans of this type. */
  support: number;
}

export interface RedactionEvaluation {
  overall: Omit<SpanScores, 'support'>;
  perType: Record<string, SpanScores>;
}

interface Counts {
  truePositive: number;
  predicted: number;
  gold: number;
  recalled: number;
}

/**
 * Span-level scores with an overlap rule: a predicted span is correct when it overlaps a gold
 * span of the same type; a gold span is recalled when some same-type prediction overlaps it.
 * Precision and recall are counted separately, so two predictions over one gold span both count.
 */
export function evaluateRedaction(
  samples: readonly PresidioSample[],
  options: RedactOptions = {},
): RedactionEvaluation {
  const counts = new Map<string, Counts>();
  const countsFor = (type: string): Counts => {
    let entry = counts.get(type);
    if (!entry) counts.set(type, (entry = { truePositive: 0, predicted: 0, gold: 0, recalled: 0 }));
    return entry;
  };
  for (const sample of samples) {
    const predicted = analyze(sample.full_text, options);
    for (const gold of sample.spans) {
      const entry = countsFor(gold.entity_type);
      entry.gold++;
      if (
        predicted.some(
          (p) => p.type === gold.entity_type && overlaps(p.start, p.end, gold.start_position, gold.end_position),
        )
      )
        entry.recalled++;
    }
    for (const prediction of predicted) {
      const entry = countsFor(prediction.type);
      entry.predicted++;
      if (
        sample.spans.some(
          (g) =>
            g.entity_type === prediction.type &&
            overlaps(prediction.start, prediction.end, g.start_position, g.end_position),
        )
      )
        entry.truePositive++;
    }
  }
  const perType: Record<string, SpanScores> = {};
  for (const [type, entry] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
    perType[type] = { ...scores(entry), support: entry.gold };
  const total: Counts = { truePositive: 0, predicted: 0, gold: 0, recalled: 0 };
  for (const type of REDACTED_TYPES) {
    const entry = counts.get(type);
    if (!entry) continue;
    total.truePositive += entry.truePositive;
    total.predicted += entry.predicted;
    total.gold += entry.gold;
    total.recalled += entry.recalled;
  }
  return { overall: scores(total), perType };
}

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

function scores(entry: Counts): Omit<SpanScores, 'support'> {
  const precision = entry.predicted === 0 ? (entry.gold === 0 ? 1 : 0) : entry.truePositive / entry.predicted;
  const recall = entry.gold === 0 ? 1 : entry.recalled / entry.gold;
  const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { precision: round(precision), recall: round(recall), f2: round(f2) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
