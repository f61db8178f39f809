import { describe, expect, it } from 'vitest';
import {
  classificationReport,
  coverageAtThreshold,
  decisionBands,
  servedOutOfScopeScores,
  outOfScopeScores,
  percentile,
  pickOutOfScopeThreshold,
  wilsonLowerBound,
  type ScoredPrediction,
} from '../../src/metrics/index.ts';

const scored = (gold: string, predicted: string, confidence: number): ScoredPrediction => ({
  gold,
  predicted,
  confidence,
});

describe('classificationReport', () => {
  it('computes accuracy, per-label scores, macro-F1 and the confusion matrix', () => {
    const report = classificationReport(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'a']);
    expect(report.accuracy).toBeCloseTo(0.6);
    expect(report.perLabel.a).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perLabel.b!.precision).toBeCloseTo(2 / 3);
    expect(report.perLabel.b!.recall).toBe(1);
    expect(report.perLabel.b!.f1).toBeCloseTo(0.8);
    expect(report.perLabel.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
    expect(report.confusion).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [1, 1, 0],
        [0, 2, 0],
        [1, 0, 0],
      ],
    });
  });

  it('counts a label only ever predicted, with zero support', () => {
    const report = classificationReport(['a', 'a'], ['a', 'z']);
    expect(report.perLabel.z).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('rejects lists of different lengths', () => {
    expect(() => classificationReport(['a'], [])).toThrow(RangeError);
  });
});

describe('coverageAtThreshold', () => {
  const predictions = [scored('a', 'a', 0.9), scored('a', 'b', 0.95), scored('b', 'b', 0.5), scored('b', 'b', 0.85)];

  it.each([
    [0.85, 0.75, 2 / 3],
    [0.9, 0.5, 0.5],
    [0.96, 0, 1],
    [0, 1, 0.75],
  ])('at threshold %s covers %s with precision %s', (threshold, coverage, precision) => {
    const result = coverageAtThreshold(predictions, threshold);
    expect(result.coverage).toBeCloseTo(coverage);
    expect(result.precision).toBeCloseTo(precision);
  });
});

describe('out-of-scope scores', () => {
  const predictions = [
    scored('a', 'a', 0.9), // in scope, right, accepted
    scored('a', 'b', 0.8), // in scope, wrong
    scored('b', 'b', 0.3), // in scope, right but rejected
    scored('oos', 'a', 0.2), // caught by the threshold
    scored('oos', 'b', 0.7), // missed
  ];

  it.each([
    [0.5, 1 / 3, 0.5],
    [0.75, 1 / 3, 1],
    [0, 2 / 3, 0],
    [0.95, 0, 1],
  ])('at threshold %s: in-scope accuracy %s, oos recall %s', (threshold, inScopeAccuracy, oosRecall) => {
    const result = outOfScopeScores(predictions, 'oos', threshold);
    expect(result.inScopeAccuracy).toBeCloseTo(inScopeAccuracy);
    expect(result.oosRecall).toBeCloseTo(oosRecall);
  });

  it('counts a prediction of the oos label itself as caught', () => {
    expect(outOfScopeScores([scored('oos', 'oos', 0.99)], 'oos', 0.5).oosRecall).toBe(1);
  });
});

describe('wilsonLowerBound', () => {
  it.each([
    [50, 100, 0.4188],
    [59, 100, 0.5078],
    [2, 2, 0.425],
    [0, 10, 0],
    [10, 10, 10 / (10 + 1.645 ** 2)], // all successes: n / (n + z²)
  ])('%s of %s: lower bound %s', (successes, trials, bound) => {
    expect(wilsonLowerBound(successes, trials)).toBeCloseTo(bound, 3);
  });

  it('is 0 without trials and tightens toward the share as trials grow', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(5, 10)).toBeLessThan(wilsonLowerBound(500, 1000));
    expect(wilsonLowerBound(500, 1000)).toBeLessThan(0.5);
    expect(wilsonLowerBound(500, 1000)).toBeGreaterThan(0.47);
  });
});

describe('pickOutOfScopeThreshold', () => {
  /** `inScope` right rows scored 100 and up and `oos` rows scored 0..oos-1 (well apart), plus extra rows. */
  function separated(inScope: number, oos: number, extra: ScoredPrediction[] = []): ScoredPrediction[] {
    return [
      ...Array.from({ length: inScope }, (_, i) => scored('a', 'a', 100 + i)),
      ...Array.from({ length: oos }, (_, i) => scored('oos', 'a', i)),
      ...extra,
    ];
  }

  it('takes the lowest threshold whose recall bound reaches the floor, not the observed share', () => {
    // 100 oos rows scored 0..99: a threshold t catches t of them. The observed share reaches 0.5 at t = 50, but the
    // one-sided 95 % Wilson bound first reaches 0.5 at 59 caught.
    const rows = Array.from({ length: 100 }, (_, i) => scored('oos', 'a', i));
    const withInScope = [...rows, ...Array.from({ length: 100 }, (_, i) => scored('a', 'a', i + 0.5))];
    expect(pickOutOfScopeThreshold(withInScope, 'oos', { minOosRecall: 0.5, z: 1.645 })).toBe(58.5);
    expect(outOfScopeScores(withInScope, 'oos', 58.5).oosRecall).toBe(0.59);
    // With z = 0 the bound is the share itself.
    expect(pickOutOfScopeThreshold(withInScope, 'oos', { minOosRecall: 0.5, z: 0 })).toBe(49.5);
  });

  it('keeps every in-scope answer when the oos rows all score below them', () => {
    const validation = separated(20, 30);
    const threshold = pickOutOfScopeThreshold(validation, 'oos');
    const scores = outOfScopeScores(validation, 'oos', threshold);
    expect(scores.inScopeAccuracy).toBe(1);
    expect(wilsonLowerBound(scores.oosRecall * 30, 30)).toBeGreaterThanOrEqual(0.5);
    expect(threshold).toBeLessThan(30);
  });

  it('works on raw scores below zero', () => {
    const validation = [...Array.from({ length: 40 }, (_, i) => scored('oos', 'a', -100 + i)), scored('a', 'a', 5)];
    const threshold = pickOutOfScopeThreshold(validation, 'oos');
    expect(threshold).toBeLessThan(0);
    expect(outOfScopeScores(validation, 'oos', threshold).inScopeAccuracy).toBe(1);
  });

  it('counts rows predicted as the oos label as caught at any threshold', () => {
    const validation = [...Array.from({ length: 100 }, () => scored('oos', 'oos', 0.99)), scored('a', 'a', 0.1)];
    expect(pickOutOfScopeThreshold(validation, 'oos')).toBe(0.1);
  });

  it('with too few oos rows to show the floor, takes the lowest threshold that catches them all', () => {
    const validation = [scored('a', 'a', 0.9), scored('b', 'b', 0.8), scored('oos', 'a', 0.4), scored('oos', 'b', 0.6)];
    // 2 of 2 caught has a bound of 0.425 < 0.5: the most two rows can show, at the lowest threshold catching both.
    expect(pickOutOfScopeThreshold(validation, 'oos')).toBe(0.8);
  });

  it('rejects everything when an oos row outscores every in-scope row and the floor needs it', () => {
    const validation = [scored('a', 'a', 0.5), scored('oos', 'a', 0.9), scored('oos', 'a', 0.1)];
    const threshold = pickOutOfScopeThreshold(validation, 'oos');
    expect(threshold).toBeGreaterThan(0.9);
    expect(outOfScopeScores(validation, 'oos', threshold).oosRecall).toBe(1);
  });

  it('refuses a validation set without oos rows', () => {
    expect(() => pickOutOfScopeThreshold([scored('a', 'a', 0.9)], 'oos')).toThrow(/no rows labelled "oos"/);
  });
});

describe('percentile', () => {
  it.each([
    [50, 3],
    [99, 5],
    [0, 1],
    [20, 1],
  ])('p%s of 1..5 is %s (nearest rank)', (p, expected) => {
    expect(percentile([5, 1, 4, 2, 3], p)).toBe(expected);
  });
});

describe('decisionBands', () => {
  it('counts, shares and scores each band of the served decision', () => {
    const bands = decisionBands([
      { gold: 'a', predicted: 'a', decision: 'auto' },
      { gold: 'a', predicted: 'a', decision: 'auto' },
      { gold: 'oos', predicted: 'a', decision: 'auto' },
      { gold: 'b', predicted: 'a', decision: 'draft' },
    ]);
    expect(bands.auto).toEqual({ count: 3, share: 0.75, precision: 2 / 3 });
    expect(bands.draft).toEqual({ count: 1, share: 0.25, precision: 0 });
    // Nothing reviewed: nothing wrong there.
    expect(bands.review).toEqual({ count: 0, share: 0, precision: 1 });
  });

  it('gives zero shares for no rows', () => {
    expect(decisionBands([]).auto).toEqual({ count: 0, share: 0, precision: 1 });
  });
});

describe('servedOutOfScopeScores', () => {
  it('catches an out-of-scope row sent to review and credits an in-scope row right and not reviewed', () => {
    const scores = servedOutOfScopeScores(
      [
        { gold: 'oos', predicted: 'a', decision: 'review' },
        { gold: 'oos', predicted: 'a', decision: 'draft' },
        { gold: 'a', predicted: 'a', decision: 'draft' },
        { gold: 'a', predicted: 'a', decision: 'review' },
        { gold: 'b', predicted: 'a', decision: 'auto' },
        { gold: 'b', predicted: 'b', decision: 'auto' },
      ],
      (gold) => gold === 'oos',
    );
    expect(scores).toEqual({ inScopeAccuracy: 0.5, oosRecall: 0.5, oosRows: 2 });
  });
});
