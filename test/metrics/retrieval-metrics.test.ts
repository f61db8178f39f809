import { describe, expect, it } from 'vitest';
import { evaluateRetrieval, precisionAtK, reciprocalRank } from '../../src/metrics/index.ts';

const T = true;
const F = false;

describe('precisionAtK', () => {
  it.each([
    ['all of the first 5 relevant', [T, T, T, T, T, F], 5, 1],
    ['2 of the first 5 relevant', [F, T, F, F, T, T], 5, 0.4],
    ['the first one relevant at k = 1', [T, F], 1, 1],
    ['the first one irrelevant at k = 1', [F, T], 1, 0],
    ['fewer retrieved than k: misses count', [T, T], 5, 0.4],
    ['nothing retrieved', [], 5, 0],
  ] as const)('%s', (_name, relevant, k, expected) => {
    expect(precisionAtK(relevant, k)).toBeCloseTo(expected, 10);
  });

  it('rejects k below 1', () => {
    expect(() => precisionAtK([T], 0)).toThrow(RangeError);
  });
});

describe('reciprocalRank', () => {
  it.each([
    ['relevant first', [T, F, F], 1],
    ['relevant third', [F, F, T, T], 1 / 3],
    ['none relevant', [F, F], 0],
    ['nothing retrieved', [], 0],
  ] as const)('%s', (_name, relevant, expected) => {
    expect(reciprocalRank(relevant)).toBeCloseTo(expected, 10);
  });
});

describe('evaluateRetrieval', () => {
  it('averages P@1, P@5 and MRR over queries with relevant = same label', () => {
    const scores = evaluateRetrieval([
      // P@1 1, P@5 3/5, RR 1
      { label: 'refund', retrievedLabels: ['refund', 'billing', 'refund', null, 'refund'] },
      // P@1 0, P@5 1/5, RR 1/2
      { label: 'outage', retrievedLabels: ['login', 'outage', 'login', 'login', 'login'] },
      // P@1 0, P@5 0, RR 0
      { label: 'fraud', retrievedLabels: ['refund'] },
    ]);
    // means: P@1 1/3, P@5 (0.6 + 0.2 + 0) / 3 = 0.2667, MRR (1 + 0.5 + 0) / 3 = 0.5
    expect(scores).toEqual({ precisionAt1: 0.3333, precisionAt5: 0.2667, mrr: 0.5, queries: 3 });
  });

  it('scores no queries as zeros', () => {
    expect(evaluateRetrieval([])).toEqual({ precisionAt1: 0, precisionAt5: 0, mrr: 0, queries: 0 });
  });
});
