import { describe, expect, it } from 'vitest';
import {
  createLocalClassifier,
  HYPERPARAMETERS,
  labelThresholds,
  ModelFormatError,
  parseModel,
  predict,
  serializeModel,
  trainModel,
  type ServingCalibration,
} from '../../src/model/index.ts';
import { assignFolds, unseenLabelsPerFold } from '../../src/model/train.ts';
import { Ticket } from '../../src/contract/index.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from './multilingual-rows.ts';

const now = new Date('2026-12-07T10:00:00Z');
const model = trainModel(MULTILINGUAL_ROWS, { seed: 5, now, version: 'cal-1' });

function calibration(labels: ServingCalibration['labels']): ServingCalibration {
  return { folds: 3, outOfFoldRows: 0, unseenRows: 0, inScopeFloor: null, inScopeQuantiles: [], labels };
}
const ones = (count: number, value = 0.99): number[] => Array.from({ length: count }, () => value);

describe('cross-validation at training', () => {
  it('scores every training row once out of fold and keeps the evidence with the model', () => {
    const cal = model.calibration!;
    expect(cal.folds).toBe(HYPERPARAMETERS.folds);
    expect(cal.outOfFoldRows).toBe(MULTILINGUAL_ROWS.length);
    const counted = Object.values(cal.labels).reduce((sum, l) => sum + l.right.length + l.wrong.length, 0);
    expect(counted).toBe(MULTILINGUAL_ROWS.length);
    expect(Object.keys(cal.labels).sort()).toEqual([...model.labels]);
    expect(cal.unseenRows).toBe(0);
    expect(model.metrics.heldOutRows).toBe(MULTILINGUAL_ROWS.length);
    expect(cal.inScopeQuantiles).toHaveLength(101);
    expect(cal.inScopeFloor).toBe(cal.inScopeQuantiles[Math.round(HYPERPARAMETERS.inScopeQuantile * 100)]);
    // Quantiles rise, and the floor is a low one.
    for (let q = 1; q <= 100; q++)
      expect(cal.inScopeQuantiles[q]!).toBeGreaterThanOrEqual(cal.inScopeQuantiles[q - 1]!);
    expect(cal.inScopeFloor!).toBeLessThan(cal.inScopeQuantiles[50]!);
  });

  it('deals each label evenly over the folds and caps the rows cross-validated', () => {
    const targets = Array.from({ length: 90 }, (_, i) => i % 3);
    const folds = assignFolds(targets, 3, 1000, 1);
    for (let label = 0; label < 3; label++)
      for (let f = 0; f < 3; f++) expect(targets.filter((t, i) => t === label && folds[i] === f)).toHaveLength(10);
    const capped = assignFolds(targets, 3, 30, 1);
    expect([...capped].filter((f) => f >= 0)).toHaveLength(30);
    expect([...capped].filter((f) => f === -1)).toHaveLength(60);
  });

  it('with unseenLabelShare, scores rows of labels left out of their fold model, only ever as wrong', () => {
    const leaving = trainModel(MULTILINGUAL_ROWS, { seed: 5, now, unseenLabelShare: 0.34 });
    const cal = leaving.calibration!;
    expect(cal.outOfFoldRows).toBe(MULTILINGUAL_ROWS.length);
    expect(cal.unseenRows).toBeGreaterThan(0);
    expect(leaving.metrics.heldOutRows).toBe(MULTILINGUAL_ROWS.length - cal.unseenRows);
    const right = (c: typeof cal) => Object.values(c.labels).reduce((sum, l) => sum + l.right.length, 0);
    expect(right(cal)).toBeLessThanOrEqual(MULTILINGUAL_ROWS.length - cal.unseenRows);
    expect(right(cal)).toBeLessThan(right(model.calibration!));
  });

  it('leaves disjoint label sets out of the fold models, keeping at least two labels in each', () => {
    const sets = unseenLabelsPerFold(77, 3, 0.25, 1);
    expect(sets.map((set) => set.size)).toEqual([19, 19, 19]);
    expect(new Set(sets.flatMap((set) => [...set])).size).toBe(57);
    expect(unseenLabelsPerFold(3, 3, 0.25, 1).map((set) => set.size)).toEqual([1, 1, 1]);
    expect(unseenLabelsPerFold(2, 3, 0.25, 1).every((set) => set.size === 0)).toBe(true);
  });

  it('trains without calibration below the minimum rows', () => {
    const [first, second] = model.labels;
    const rows = [first, second].flatMap((label) => MULTILINGUAL_ROWS.filter((row) => row.label === label).slice(0, 6));
    const few = trainModel(rows, { seed: 1, now });
    expect(few.calibration?.outOfFoldRows).toBe(0);
    expect(few.calibration?.inScopeFloor).toBeNull();
    // Nothing cross-validated shows any precision: never applied without review.
    expect([...labelThresholds(few.calibration!).values()].every((t) => t.auto === null)).toBe(true);
  });
});

describe('labelThresholds', () => {
  const targets = {
    autoPrecision: 0.97,
    escalationAutoPrecision: 0.99,
    escalationLabels: ['breach'],
    draftPrecision: 0.8,
  };

  it('never auto-applies a label whose few examples were all right: luck is not shown precision', () => {
    const thresholds = labelThresholds(calibration({ rare: { right: ones(20), wrong: [] } }), targets);
    expect(thresholds.get('rare')?.auto).toBeNull();
    // …but 20 right of 20 do show a draft is right four times in five.
    expect(thresholds.get('rare')?.draft).toBe(0.99);
  });

  it('gives a label with enough right answers the lowest threshold whose bound reaches the target', () => {
    // 150 right at 0.99, then 30 right and 10 wrong at 0.7: above 0.7 precision is shown, at 0.7 it is 0.94.
    const thresholds = labelThresholds(
      calibration({ common: { right: [...ones(150), ...ones(30, 0.7)], wrong: ones(10, 0.7) } }),
      targets,
    );
    expect(thresholds.get('common')?.auto).toBe(0.99);
    expect(thresholds.get('common')?.draft).toBe(0.7);
  });

  it('holds escalation labels to the stricter target', () => {
    const evidence = { right: ones(200), wrong: [0.99] };
    const thresholds = labelThresholds(calibration({ billing: evidence, breach: evidence }), targets);
    expect(thresholds.get('billing')?.auto).toBe(0.99);
    expect(thresholds.get('breach')?.auto).toBeNull();
  });
});

describe('model file format 2', () => {
  it('round-trips the calibration', () => {
    const parsed = parseModel(serializeModel(model));
    expect(parsed.calibration).toEqual(model.calibration);
  });

  it('still loads a format 1 file, which predicts as before and has no gate', async () => {
    const file = JSON.parse(serializeModel(model)) as Record<string, unknown>;
    delete file.calibration;
    const old = parseModel(JSON.stringify({ ...file, formatVersion: 1 }));
    expect(old.calibration).toBeUndefined();
    for (const [text] of MULTILINGUAL_CHECKS) expect(predict(old, text)).toEqual(predict(model, text));
    const ticket = Ticket.parse({ id: '1', subject: 'Refund', description: MULTILINGUAL_CHECKS[0]![0] });
    const answer = await createLocalClassifier(old).classify({
      ticket,
      text: MULTILINGUAL_CHECKS[0]![0],
      examples: [],
    });
    expect(answer.gate).toBeNull();
  });

  it.each([
    [
      'a calibration in a format 1 file',
      (file: Record<string, unknown>) => ({ ...file, formatVersion: 1 }),
      /format version 1/,
    ],
    [
      'a calibration for a label the model does not know',
      (file: Record<string, unknown>) => ({
        ...file,
        calibration: { ...(file.calibration as object), labels: { nope: { right: [], wrong: [] } } },
      }),
      /calibration\.labels/,
    ],
  ])('rejects %s', (_name, change, message) => {
    const file = JSON.parse(serializeModel(model)) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify(change(file)))).toThrow(ModelFormatError);
    expect(() => parseModel(JSON.stringify(change(file)))).toThrow(message);
  });
});

describe('createLocalClassifier gate', () => {
  const ticket = Ticket.parse({ id: '1', subject: 's', description: 'd' });

  it("carries the model's in-scope score, floor and the label's auto threshold for the given targets", async () => {
    const classifier = createLocalClassifier(model);
    const [text] = MULTILINGUAL_CHECKS[0]!;
    const answer = await classifier.classify({ ticket, text, examples: [] });
    const prediction = predict(model, text);
    expect(answer.gate?.inScopeScore).toBe(prediction.inScopeScore);
    expect(answer.gate?.inScopeFloor).toBe(model.calibration!.inScopeFloor);
    const own = labelThresholds(model.calibration!).get(prediction.label);
    expect(answer.gate?.autoThreshold).toBe(own?.auto ?? null);
    expect(answer.gate?.draftThreshold).toBe(own?.draft ?? null);
    // Every label's own thresholds, for a label picked over the prediction (a promoted escalation).
    expect(answer.gate?.byLabel).toEqual(labelThresholds(model.calibration!));
    // A target no cross-validation can show: never auto.
    const strict = await classifier.classify({
      ticket,
      text,
      examples: [],
      precisionTargets: { autoPrecision: 1, escalationAutoPrecision: 1, escalationLabels: [], draftPrecision: 1 },
    });
    expect(strict.gate?.autoThreshold).toBeNull();
  });
});
