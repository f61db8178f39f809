import { describe, expect, it } from 'vitest';
import { BASELINE_SETTINGS, trainBaseline } from '../../src/model/index.ts';
import { evaluateModel } from '../../server/cli/evaluate-model.ts';
import { MULTILINGUAL_CHECKS, MULTILINGUAL_ROWS } from './multilingual-rows.ts';

/** Rows whose label follows from one word among shared filler, so only a working learner gets them right. */
function wordRows(perLabel: number): { id: string; text: string; label: string }[] {
  const cues: Record<string, string[]> = {
    billing: ['invoice', 'refund', 'charged', 'receipt'],
    login: ['password', 'signin', 'locked', 'twofactor'],
    shipping: ['parcel', 'courier', 'delivery', 'tracking'],
  };
  const filler = ['hello', 'please', 'help', 'my', 'account', 'today', 'thanks', 'team'];
  return Object.entries(cues).flatMap(([label, words]) =>
    Array.from({ length: perLabel }, (_, i) => ({
      id: `${label}-${i}`,
      text: `${filler[i % filler.length]} ${words[i % words.length]} ${filler[(i * 3 + 1) % filler.length]}`,
      label,
    })),
  );
}

describe('TF-IDF + logistic-regression baseline', () => {
  it('learns word cues, with an L2 strength picked from its grid by cross-validation', () => {
    const baseline = trainBaseline(wordRows(30));
    expect(BASELINE_SETTINGS.lambdas).toContain(baseline.lambda);
    expect(baseline.crossValidatedAccuracy).toBe(1);
    expect(baseline.predict('thanks my courier never came')).toBe('shipping');
    expect(baseline.predict('please refund me')).toBe('billing');
    expect(baseline.predict('account locked again')).toBe('login');
  });

  it('is deterministic for the same rows and seed', () => {
    const rows = MULTILINGUAL_ROWS;
    const a = trainBaseline(rows, 3);
    const b = trainBaseline(rows, 3);
    expect(a.lambda).toBe(b.lambda);
    expect(MULTILINGUAL_CHECKS.map(([text]) => a.predict(text))).toEqual(
      MULTILINGUAL_CHECKS.map(([text]) => b.predict(text)),
    );
  });

  it('refuses a single label', () => {
    expect(() => trainBaseline([{ text: 'a', label: 'x' }])).toThrow(/two labels/);
  });

  it('is scored by triage eval on the same rows, out-of-scope rows counting against it', () => {
    const train = wordRows(30);
    const oos = [
      { id: 'o1', text: 'what is the weather on mars', label: 'oos' },
      { id: 'o2', text: 'play some jazz music', label: 'oos' },
    ];
    const test = [...wordRows(6).map((row) => ({ ...row, id: `t-${row.id}` })), ...oos];
    const report = evaluateModel({
      trainPath: 'train.csv',
      train,
      test,
      oosLabel: 'oos',
      baseline: true,
      autoThreshold: 0.85,
      seed: 1,
    });
    // Every in-scope row right; the two out-of-scope rows always wrong for a classifier without an oos answer.
    expect(report.baselineInScopeAccuracy).toBe(1);
    expect(report.baselineAccuracy).toBe(Math.round((18 / 20) * 10_000) / 10_000);
    expect(BASELINE_SETTINGS.lambdas).toContain(report.baselineLambda);
    const without = evaluateModel({ trainPath: 'train.csv', train, test, autoThreshold: 0.85, seed: 1 });
    expect(without).not.toHaveProperty('baselineAccuracy');
  });
});
