import { describe, expect, it } from 'vitest';
import { confidenceBand, decidedBand } from '../../src/contract/index.ts';

const thresholds = { auto: 0.85, review: 0.6 };

describe('confidenceBand', () => {
  it.each([
    [0.99, 'high'],
    [0.85, 'high'],
    [0.8499, 'medium'],
    [0.6, 'medium'],
    [0.5999, 'low'],
    [0, 'low'],
  ] as const)('reads confidence %s as %s with auto 0.85 and review 0.6', (confidence, band) => {
    expect(confidenceBand(confidence, thresholds)).toBe(band);
  });

  it('follows the thresholds it is given, not fixed numbers', () => {
    expect(confidenceBand(0.7, { auto: 0.7, review: 0.3 })).toBe('high');
    expect(confidenceBand(0.7, { auto: 0.95, review: 0.75 })).toBe('low');
  });
});

describe('decidedBand: what the badge shows and the write-back tags', () => {
  it.each([
    [0.99, 'auto', 'high'],
    [0.99, 'draft', 'medium'],
    [0.99, 'review', 'low'],
    [0.7, 'auto', 'medium'],
    [0.7, 'review', 'low'],
    [0.3, 'draft', 'low'],
  ] as const)('confidence %s decided %s reads %s', (confidence, decision, band) => {
    expect(decidedBand(confidence, decision, thresholds)).toBe(band);
  });
});
