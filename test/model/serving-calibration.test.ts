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
  type TrainingRow,
} from '../../src/model/index.ts';
import { seededRandom } from '../../src/sampling/index.ts';
import { assignFolds, unseenLabelsPerFold } from '../../src/model/train.ts';
import { Ticket } from '../../src/contract/index.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from './multilingual-rows.ts';

const now = new Date('2026-12-07T10:00:00Z');
const model = trainModel(MULTILINGUAL_ROWS, { seed: 5, now, version: 'cal-1' });

function calibration(labels: ServingCalibration['labels']): ServingCalibration {
  return { folds: 3, outOfFoldRows: 0, unseenRows: 0, inScopeFloor: null, inScopeQuantiles: [], labels };
}
const ones = (count: number, value = 0.99): number[] => Array.from({ length: count }, () => value);

/**
 * Two look-alike labels (the same eight words about a card in the post, told apart by one word each) and four
 * distinct ones, 120 seeded rows each: enough for a perfect record to show 0.97.
 */
const TWIN_ROWS: TrainingRow[] = (() => {
  const random = seededRandom(42);
  const pick = (words: readonly string[], count: number): string[] =>
    Array.from({ length: count }, () => words[Math.floor(random() * words.length)]!);
  const filler = ['hello', 'please', 'thanks', 'today', 'again', 'help', 'team', 'hi', 'asap', 'kindly'];
  const post = ['card', 'arrive', 'post', 'sent', 'ordered', 'mail', 'still', 'waiting'];
  const families: Record<string, { words: readonly string[]; own: readonly string[] }> = {
    'card-arrival': { words: post, own: ['tracking', 'courier'] },
    'card-delivery-time': { words: post, own: ['estimate', 'days'] },
    refund: { words: ['refund', 'money', 'back', 'returned', 'item', 'charge', 'reimburse', 'credit'], own: [] },
    password: { words: ['password', 'reset', 'login', 'locked', 'forgot', 'account', 'email', 'link'], own: [] },
    invoice: { words: ['invoice', 'vat', 'pdf', 'billing', 'address', 'company', 'receipt', 'copy'], own: [] },
    cancel: { words: ['cancel', 'subscription', 'plan', 'stop', 'renewal', 'close', 'end', 'membership'], own: [] },
  };
  return Object.entries(families).flatMap(([label, { words, own }]) =>
    Array.from({ length: 120 }, () => ({
      label,
      text: [...pick(words, 4), ...pick(own, own.length > 0 ? 1 : 0), ...pick(filler, 2)].join(' '),
    })),
  );
})();

describe('cross-validation at training', () => {
  it('scores every training row once out of fold and keeps the evidence with the model', () => {
    const cal = model.calibration!;
    expect(cal.folds).toBe(HYPERPARAMETERS.folds);
    const counted = Object.values(cal.labels).reduce((sum, l) => sum + l.right.length + l.wrong.length, 0);
    expect(counted).toBe(MULTILINGUAL_ROWS.length);
    // Beside them, rows of labels left out of a second fold model: every label (three) once, so a third of the rows.
    const unseen = Object.values(cal.labels).reduce((sum, l) => sum + (l.unseen?.length ?? 0), 0);
    expect(unseen).toBe(cal.unseenRows);
    expect(cal.unseenRows).toBe(MULTILINGUAL_ROWS.length / 3);
    expect(cal.outOfFoldRows).toBe(MULTILINGUAL_ROWS.length + cal.unseenRows);
    expect(Object.keys(cal.labels).sort()).toEqual([...model.labels]);
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

  it('simulates unseen labels in extra fold models, leaving the in-scope evidence and temperature as they were', () => {
    const without = trainModel(MULTILINGUAL_ROWS, { seed: 5, now, unseenLabelShare: 0 });
    const cal = without.calibration!;
    expect(cal.unseenRows).toBe(0);
    expect(cal.outOfFoldRows).toBe(MULTILINGUAL_ROWS.length);
    for (const [label, evidence] of Object.entries(model.calibration!.labels)) {
      expect(evidence.right).toEqual(cal.labels[label]!.right);
      expect(evidence.wrong).toEqual(cal.labels[label]!.wrong);
      expect(cal.labels[label]!.unseen).toEqual([]);
    }
    expect(model.metrics.temperature).toBe(without.metrics.temperature);
    expect(model.calibration!.inScopeQuantiles).toEqual(cal.inScopeQuantiles);
  });

  it("keeps a label whose look-alike the account has from auto-applying, and only that label's auto", () => {
    const twins = trainModel(TWIN_ROWS, { seed: 3, now });
    const thresholds = labelThresholds(twins.calibration!);
    const blind = labelThresholds(trainModel(TWIN_ROWS, { seed: 3, now, unseenLabelShare: 0 }).calibration!);
    for (const label of ['card-arrival', 'card-delivery-time']) {
      // Without the simulation both twins auto-apply: each one's own examples are told apart by one word.
      expect(blind.get(label)?.auto).not.toBeNull();
      // Left out of a fold model, each one's rows are taken for the other with high confidence.
      expect(twins.calibration!.labels[label]!.unseen![0]).toBeGreaterThan(0.9);
      expect(thresholds.get(label)?.auto).toBeNull();
      expect(thresholds.get(label)?.draft).toBe(blind.get(label)?.draft);
    }
    for (const label of ['refund', 'password', 'invoice', 'cancel'])
      expect(thresholds.get(label)).toEqual(blind.get(label));
  });

  it('leaves disjoint label sets out of the fold models, keeping at least two labels in each', () => {
    const sets = unseenLabelsPerFold(77, 3, HYPERPARAMETERS.unseenLabelShare, 1);
    expect(sets.map((set) => set.size)).toEqual([25, 25, 25]);
    expect(new Set(sets.flatMap((set) => [...set])).size).toBe(75);
    expect(unseenLabelsPerFold(3, 3, 1 / 3, 1).map((set) => set.size)).toEqual([1, 1, 1]);
    expect(unseenLabelsPerFold(2, 3, 1 / 3, 1).every((set) => set.size === 0)).toBe(true);
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

  it('counts rows of labels a fold model never saw against the auto threshold only', () => {
    const unseen = (values: number[]) =>
      labelThresholds(calibration({ common: { right: ones(150), wrong: [], unseen: values } }), targets).get('common');
    expect(unseen([])).toEqual({ auto: 0.99, draft: 0.99 });
    // Ten look-alikes at the same confidence: 150 of 160 cannot show 0.97, yet a draft is still right 4 times in 5.
    expect(unseen(ones(10))).toEqual({ auto: null, draft: 0.99 });
    // Below every right answer they move nothing.
    expect(unseen(ones(10, 0.5))).toEqual({ auto: 0.99, draft: 0.99 });
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
    expect(Object.values(parsed.calibration!.labels).some((l) => (l.unseen?.length ?? 0) > 0)).toBe(true);
  });

  it('still loads a format 2 file written before the unseen-label simulation, with the thresholds it had', () => {
    const file = JSON.parse(serializeModel(model)) as {
      calibration: { labels: Record<string, { unseen?: number[] }> };
    };
    for (const evidence of Object.values(file.calibration.labels)) delete evidence.unseen;
    const older = parseModel(JSON.stringify(file));
    expect(Object.values(older.calibration!.labels).every((l) => l.unseen === undefined)).toBe(true);
    const blind = Object.entries(model.calibration!.labels).map(([label, l]) => [label, { ...l, unseen: [] }] as const);
    expect(labelThresholds(older.calibration!)).toEqual(
      labelThresholds({ ...model.calibration!, labels: Object.fromEntries(blind) }),
    );
    for (const [text] of MULTILINGUAL_CHECKS) expect(predict(older, text)).toEqual(predict(model, text));
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
