import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/contract/index.ts';
import {
  agreementOf,
  coverageCurve,
  decisionBands,
  expectedCalibrationError,
  mostConfusedPairs,
  reliabilityBins,
  weekStarts,
  weeklyAgreement,
  type HeldOutPrediction,
} from '../../src/report/index.ts';

let next = 0;
const p = (gold: string, predicted: string, confidence: number, decision: Decision = 'auto'): HeldOutPrediction => ({
  id: `t-${next++}`,
  gold,
  predicted,
  confidence,
  decision,
});

describe('decisionBands', () => {
  it('counts each decision and how often its label was right, with a Wilson lower bound', () => {
    const bands = decisionBands([
      p('billing', 'billing', 0.95, 'auto'),
      p('billing', 'billing', 0.9, 'auto'),
      p('bug', 'billing', 0.88, 'auto'),
      p('bug', 'bug', 0.7, 'draft'),
    ]);
    expect(bands.map((band) => [band.decision, band.count, band.share, band.precision])).toEqual([
      ['auto', 3, 0.75, 2 / 3],
      ['draft', 1, 0.25, 1],
      ['review', 0, 0, null],
    ]);
    expect(bands[0]!.precisionLowerBound).toBeGreaterThan(0.2);
    expect(bands[0]!.precisionLowerBound).toBeLessThan(2 / 3);
    expect(bands[2]!.precisionLowerBound).toBeNull();
  });
});

describe('coverageCurve', () => {
  const predictions = [p('a', 'a', 0.9), p('a', 'b', 0.6), p('b', 'b', 0.3), p('b', 'b', 0.3)];
  it.each([
    [0, { coverage: 1, precision: 0.75 }],
    [0.3, { coverage: 1, precision: 0.75 }],
    [0.31, { coverage: 0.5, precision: 0.5 }],
    [0.6, { coverage: 0.5, precision: 0.5 }],
    [0.9, { coverage: 0.25, precision: 1 }],
    [1, { coverage: 0, precision: null }],
  ])('at threshold %s covers and is right as a single threshold would be', (threshold, expected) => {
    const point = coverageCurve(predictions).find((candidate) => Math.abs(candidate.threshold - threshold) < 1e-9);
    expect(point).toMatchObject(expected);
  });

  it('has one point per step from 0 to 1, coverage never rising with the threshold', () => {
    const curve = coverageCurve(predictions, 10);
    expect(curve.map((point) => point.threshold)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.coverage).toBeLessThanOrEqual(curve[i - 1]!.coverage);
  });
});

describe('reliabilityBins', () => {
  it('bins by confidence, the last bin holding 1, with mean confidence and accuracy per bin', () => {
    const bins = reliabilityBins([p('a', 'a', 0.95), p('a', 'b', 0.91), p('a', 'a', 1), p('a', 'a', 0.05)], 10);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ from: 0.9, to: 1, count: 3, accuracy: 2 / 3 });
    expect(bins[9]!.meanConfidence).toBeCloseTo((0.95 + 0.91 + 1) / 3, 10);
    expect(bins[0]).toMatchObject({ count: 1, accuracy: 1, meanConfidence: 0.05 });
    expect(bins[5]).toMatchObject({ count: 0, accuracy: null, meanConfidence: null });
  });

  it('weighs each bin’s gap between accuracy and confidence by its share of tickets', () => {
    const bins = reliabilityBins([p('a', 'a', 0.9), p('a', 'b', 0.9), p('a', 'a', 0.2), p('a', 'a', 0.2)]);
    // Bin 0.9: accuracy 0.5 vs 0.9 → 0.4; bin 0.2: 1 vs 0.2 → 0.8; each half of the tickets.
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.6, 10);
    expect(expectedCalibrationError(reliabilityBins([]))).toBe(0);
  });
});

describe('mostConfusedPairs', () => {
  it('lists wrong pairs most frequent first, with the share of the gold label, up to the limit', () => {
    const pairs = mostConfusedPairs(
      [
        p('bug', 'how_to', 0.5),
        p('bug', 'how_to', 0.5),
        p('bug', 'bug', 0.9),
        p('bug', 'bug', 0.9),
        p('billing', 'fraud', 0.5),
        p('billing', 'billing', 0.9),
        p('outage', 'bug', 0.5),
      ],
      2,
    );
    expect(pairs).toEqual([
      { gold: 'bug', predicted: 'how_to', count: 2, shareOfGold: 0.5 },
      { gold: 'billing', predicted: 'fraud', count: 1, shareOfGold: 0.5 },
    ]);
  });
});

describe('agent agreement', () => {
  const tally = (accept: number, reject: number, correct: number, like = 0) => ({
    accept,
    reject,
    correct,
    like,
    dislike: 0,
  });

  it('is the accepted share of answered suggestions; likes are not verdicts', () => {
    expect(agreementOf(tally(6, 1, 3, 50))).toEqual({ accept: 6, reject: 1, correct: 3, answered: 10, rate: 0.6 });
    expect(agreementOf(tally(0, 0, 0, 4)).rate).toBeNull();
  });

  it('starts weeks on Monday 00:00 UTC, oldest first, the last holding now', () => {
    // 2026-12-07 is a Monday; 2026-12-06 a Sunday.
    expect(weekStarts(new Date('2026-12-07T13:00:00Z'), 2)).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
    ]);
    expect(weekStarts(new Date('2026-12-06T23:59:00Z'), 1)).toEqual(['2026-11-30T00:00:00.000Z']);
  });

  it('turns running counts since each week start into counts per week', () => {
    const weeks = weeklyAgreement(
      ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z'],
      [tally(15, 3, 2), tally(5, 3, 2), tally(0, 0, 0)],
    );
    expect(weeks.map((week) => [week.weekStart.slice(0, 10), week.answered, week.rate])).toEqual([
      ['2026-11-23', 10, 1],
      ['2026-11-30', 10, 0.5],
      ['2026-12-07', 0, null],
    ]);
    expect(() => weeklyAgreement(['2026-11-23T00:00:00.000Z'], [])).toThrow(RangeError);
  });
});
