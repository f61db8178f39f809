import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  precisionTargetsOf,
  type Classification,
  type Classifier,
  type ClassifierInput,
} from '../../src/classifier/index.ts';
import {
  DEFAULT_AUTO_PRECISION,
  MIN_EXAMPLES,
  outOfFoldPredictions,
  readinessReport,
  type HeldOutPrediction,
  type LabelledExample,
} from '../../src/report/index.ts';
import { languageOf, loadLanguageModel } from '../../src/language/index.ts';
import { foldOfId } from '../../src/sampling/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));

/** Answers the label its training rows gave the text's first word, at the confidence the text names; records what it saw. */
class MemorisingClassifier implements Classifier {
  readonly id = 'memorising';
  readonly classified: string[] = [];
  readonly targets: ClassifierInput['precisionTargets'][] = [];
  constructor(readonly trainedOn: readonly LabelledExample[]) {}
  async classify(input: ClassifierInput): Promise<Classification> {
    this.classified.push(input.ticket.id);
    this.targets.push(input.precisionTargets);
    const [word = '', confidence = '0.5'] = input.text.split(' ');
    const label = this.trainedOn.find((row) => row.text.startsWith(`${word} `))?.label ?? 'bug';
    return {
      source: 'model',
      label,
      confidence: Number(confidence),
      alternatives: [],
      urgency: null,
      urgencyConfidence: 0,
      tags: null,
      summary: null,
      reason: 'double',
      cost: null,
      version: 'double',
    };
  }
}

const rows: LabelledExample[] = Array.from({ length: 40 }, (_, index) => ({
  id: `t-${index}`,
  text:
    index % 2 === 0 ? `refund ${index % 4 === 0 ? 0.95 : 0.7} please` : `export ${index % 3 === 0 ? 0.4 : 0.9} data`,
  label: index % 2 === 0 ? 'billing' : 'how_to',
}));

describe('outOfFoldPredictions', () => {
  it("asks the model for the taxonomy's precision targets, escalation labels included, as the served pipeline does", async () => {
    const fitted: MemorisingClassifier[] = [];
    await outOfFoldPredictions(rows, {
      taxonomy,
      folds: 2,
      languageOf: () => null,
      fit: (training) => {
        const classifier = new MemorisingClassifier(training);
        fitted.push(classifier);
        return classifier;
      },
    });
    const seen = fitted.flatMap((classifier) => classifier.targets);
    expect(seen).toHaveLength(rows.length);
    expect(new Set(seen.map((targets) => JSON.stringify(targets)))).toEqual(
      new Set([JSON.stringify(precisionTargetsOf(taxonomy))]),
    );
    expect(precisionTargetsOf(taxonomy).escalationLabels.length).toBeGreaterThan(0);
  });

  it('predicts every ticket once, by a model whose training rows never held it', async () => {
    const fitted: MemorisingClassifier[] = [];
    const predictions = await outOfFoldPredictions(rows, {
      taxonomy,
      folds: 4,
      languageOf: () => null,
      fit: (training) => {
        const classifier = new MemorisingClassifier(training);
        fitted.push(classifier);
        return classifier;
      },
    });
    expect(predictions.map((prediction) => prediction.id).sort()).toEqual(rows.map((row) => row.id).sort());
    expect(fitted.length).toBeGreaterThan(1);
    for (const classifier of fitted) {
      const trained = new Set(classifier.trainedOn.map((row) => row.id));
      expect(classifier.classified.filter((id) => trained.has(id))).toEqual([]);
      expect(trained.size + classifier.classified.length).toBe(rows.length);
      // One fold per model, as foldOfId assigns it.
      expect(new Set(classifier.classified.map((id) => foldOfId(id, 4))).size).toBe(1);
    }
  });

  it("decides as the server does: the taxonomy's thresholds give auto, draft or review, and a rule wins", async () => {
    const withRule = [...rows, { id: 'r-1', text: 'export 0.4 my account was hacked', label: 'security' }];
    const predictions = await outOfFoldPredictions(withRule, {
      taxonomy,
      folds: 2,
      languageOf: () => null,
      fit: (training) => new MemorisingClassifier(training),
    });
    const byId = new Map(predictions.map((prediction) => [prediction.id, prediction]));
    expect(byId.get('t-0')).toMatchObject({ predicted: 'billing', confidence: 0.95, decision: 'auto' });
    expect(byId.get('t-2')).toMatchObject({ predicted: 'billing', confidence: 0.7, decision: 'draft' });
    expect(byId.get('t-3')).toMatchObject({ predicted: 'how_to', confidence: 0.4, decision: 'review' });
    expect(byId.get('r-1')).toMatchObject({ predicted: 'security', gold: 'security', decision: 'auto' });
  });

  it('carries what held a decision back: a label whose own record is unproven drafts what the thresholds would apply', async () => {
    /** The memorising double with a served gate: billing has no auto threshold of its own, how_to has 0.8. */
    class GatedClassifier extends MemorisingClassifier {
      override async classify(input: ClassifierInput): Promise<Classification> {
        const answer = await super.classify(input);
        const auto = answer.label === 'billing' ? null : 0.8;
        return { ...answer, gate: { inScopeScore: 9, inScopeFloor: 1, autoThreshold: auto, draftThreshold: null } };
      }
    }
    const predictions = await outOfFoldPredictions(rows, {
      taxonomy,
      folds: 2,
      languageOf: () => null,
      fit: (training) => new GatedClassifier(training),
    });
    const byId = new Map(predictions.map((prediction) => [prediction.id, prediction]));
    expect(byId.get('t-0')).toMatchObject({ predicted: 'billing', decision: 'draft', heldBack: 'unproven_label' });
    expect(byId.get('t-2')).toMatchObject({ predicted: 'billing', decision: 'draft', heldBack: null });
    expect(byId.get('t-1')).toMatchObject({ predicted: 'how_to', decision: 'auto', heldBack: null });
    const report = readinessReport({
      taxonomy,
      predictions,
      protocol: '2-fold',
      generatedAt: '2026-12-07T12:00:00.000Z',
      source: 'test',
    });
    const billing = report.perLabel.find((row) => row.label === 'billing')!;
    // Every billing ticket at 0.95 (every fourth row) is held back; none is auto-applied.
    expect(billing).toMatchObject({ auto: 0, heldUnproven: rows.filter((_, i) => i % 4 === 0).length });
    expect(report.perLabel.find((row) => row.label === 'how_to')?.heldUnproven).toBe(0);
  });

  it('fires a language-limited rule by each ticket’s detected language, as the server does', async () => {
    const dach = parseTaxonomy(
      readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8').replace(
        /\nrules:\n/,
        '\nrules:\n  - { id: dach_billing, description: DACH billing desk, label: billing, priority: 100, keywords: [rechnung], languages: [de] }\n',
      ),
    );
    const german = {
      id: 'd-1',
      text: 'export 0.9 Die Rechnung für November wurde uns doppelt berechnet',
      label: 'billing',
    };
    const english = {
      id: 'e-1',
      text: 'export 0.9 the word Rechnung in an English ticket about data',
      label: 'how_to',
    };
    const predicted = async (languageOf: (text: string) => string | null) => {
      const predictions = await outOfFoldPredictions([...rows, german, english], {
        taxonomy: dach,
        folds: 2,
        languageOf,
        fit: (training) => new MemorisingClassifier(training),
      });
      return new Map(predictions.map((prediction) => [prediction.id, prediction.predicted]));
    };
    // eld, loaded once as server/report does: the German ticket gets the rule, the English one the model's label.
    const eld = await loadLanguageModel();
    const detected = await predicted((text) => languageOf(eld, text));
    expect(detected.get('d-1')).toBe('billing');
    expect(detected.get('e-1')).toBe('how_to');
    // Without a language (unsure), the rule stays silent, as it does in the served pipeline.
    expect((await predicted(() => null)).get('d-1')).toBe('how_to');
  });

  it('leaves out rows whose label the taxonomy does not have', async () => {
    const predictions = await outOfFoldPredictions([...rows, { id: 'x-1', text: 'refund 0.9', label: 'gone' }], {
      taxonomy,
      folds: 2,
      languageOf: () => null,
      fit: (training) => {
        expect(training.some((row) => row.label === 'gone')).toBe(false);
        return new MemorisingClassifier(training);
      },
    });
    expect(predictions.some((prediction) => prediction.id === 'x-1')).toBe(false);
  });
});

describe('readinessReport', () => {
  const many = (count: number, gold: string, predicted: string, confidence: number): HeldOutPrediction[] =>
    Array.from({ length: count }, (_, index) => ({
      id: `${gold}-${predicted}-${index}`,
      gold,
      predicted,
      confidence,
      decision: confidence >= 0.85 ? 'auto' : confidence >= 0.6 ? 'draft' : 'review',
    }));
  const base = { taxonomy, protocol: '5-fold', generatedAt: '2026-12-07T12:00:00.000Z', source: 'test' };

  it('trusts auto-apply only when the lower bound of its precision reaches the target', () => {
    const good = readinessReport({ ...base, predictions: many(400, 'billing', 'billing', 0.95) });
    expect(good.thresholds.autoPrecision).toBe(DEFAULT_AUTO_PRECISION);
    expect(good.verdict.trustAuto).toBe(true);
    const mixed = readinessReport({
      ...base,
      predictions: [...many(95, 'billing', 'billing', 0.95), ...many(5, 'bug', 'billing', 0.95)],
    });
    expect(mixed.bands[0]).toMatchObject({ decision: 'auto', count: 100, precision: 0.95 });
    expect(mixed.verdict.trustAuto).toBe(false);
    expect(mixed.verdict.reasons[0]).toContain('95.0 %');
    expect(readinessReport({ ...base, predictions: many(50, 'bug', 'bug', 0.5) }).verdict.trustAuto).toBe(false);
  });

  it('scores every taxonomy label and lists those with too few examples, fewest first', () => {
    const report = readinessReport({
      ...base,
      predictions: [...many(MIN_EXAMPLES, 'billing', 'billing', 0.95), ...many(3, 'bug', 'how_to', 0.7)],
    });
    expect(report.perLabel.map((row) => row.label)).toEqual(taxonomy.labelIds);
    expect(report.perLabel.find((row) => row.label === 'billing')).toMatchObject({
      support: MIN_EXAMPLES,
      auto: MIN_EXAMPLES,
    });
    expect(report.fewExamples[0]?.count).toBe(0);
    expect(report.fewExamples.find((row) => row.label === 'bug')).toEqual({ label: 'bug', count: 3 });
    expect(report.fewExamples.some((row) => row.label === 'billing')).toBe(false);
    expect(report.confusedPairs).toEqual([{ gold: 'bug', predicted: 'how_to', count: 3, shareOfGold: 1 }]);
  });

  it('flags the weeks whose agreement fell well below the agreement since the model as drift', () => {
    const week = (weekStart: string, accept: number, answered: number) => ({
      weekStart,
      accept,
      reject: 0,
      correct: answered - accept,
      answered,
      rate: accept / answered,
    });
    const report = readinessReport({
      ...base,
      predictions: many(400, 'billing', 'billing', 0.95),
      feedback: {
        modelVersion: 'm-1',
        modelCreatedAt: '2026-11-01T00:00:00.000Z',
        sinceModel: { accept: 80, reject: 5, correct: 15, like: 0, dislike: 0 },
        weekly: [week('2026-11-23T00:00:00.000Z', 18, 20), week('2026-11-30T00:00:00.000Z', 10, 20)],
      },
    });
    expect(report.agreement?.sinceModel.rate).toBe(0.8);
    expect(report.agreement?.driftWeeks).toEqual(['2026-11-30T00:00:00.000Z']);
    expect(report.verdict.trustAuto).toBe(false);
  });
});
