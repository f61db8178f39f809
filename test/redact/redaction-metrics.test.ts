import { describe, expect, it } from 'vitest';
import { evaluateRedaction, type PresidioSample } from '../../src/evaluate/redaction-metrics.ts';

function sample(text: string, spans: Array<[string, string]>): PresidioSample {
  return {
    full_text: text,
    spans: spans.map(([type, value]) => {
      const start = text.indexOf(value);
      return { entity_type: type, entity_value: value, start_position: start, end_position: start + value.length };
    }),
  };
}

describe('evaluateRedaction', () => {
  it('scores a perfect e-mail match as precision, recall and F2 of 1', () => {
    const result = evaluateRedaction([sample('mail a@b.com now', [['EMAIL_ADDRESS', 'a@b.com']])]);
    expect(result.perType.EMAIL_ADDRESS).toEqual({ precision: 1, recall: 1, f2: 1, support: 1 });
    expect(result.overall).toEqual({ precision: 1, recall: 1, f2: 1 });
  });

  it('counts a prediction that only overlaps the gold span as a match', () => {
    // gold marks only the street number; the recognizer finds the whole street line
    const result = evaluateRedaction([sample('I live at 24 Clarke Avenue', [['STREET_ADDRESS', '24']])]);
    expect(result.perType.STREET_ADDRESS?.recall).toBe(1);
    expect(result.perType.STREET_ADDRESS?.precision).toBe(1);
  });

  it.each([
    [
      'a missed span lowers recall',
      'see 4111 1111 1111 1112 and 4111 1111 1111 1111',
      [
        ['CREDIT_CARD', '4111 1111 1111 1112'],
        ['CREDIT_CARD', '4111 1111 1111 1111'],
      ],
      'CREDIT_CARD',
      { precision: 1, recall: 0.5, f2: 0.556, support: 2 },
    ],
    [
      'an unlabelled finding lowers precision',
      'mail a@b.com or c@d.com',
      [['EMAIL_ADDRESS', 'a@b.com']],
      'EMAIL_ADDRESS',
      { precision: 0.5, recall: 1, f2: 0.833, support: 1 },
    ],
  ] as const)('%s', (_name, text, spans, type, expected) => {
    const result = evaluateRedaction([
      sample(
        text,
        spans.map(([t, v]) => [t, v]),
      ),
    ]);
    expect(result.perType[type]).toEqual(expected);
  });

  it('reports types the product does not redact per type but leaves them out of overall', () => {
    const result = evaluateRedaction([
      sample('mail a@b.com from Austria', [
        ['EMAIL_ADDRESS', 'a@b.com'],
        ['GPE', 'Austria'],
      ]),
    ]);
    // no predictions for a type with gold spans: precision counts as 0, as scikit-learn's zero_division=0
    expect(result.perType.GPE).toEqual({ precision: 0, recall: 0, f2: 0, support: 1 });
    expect(result.overall.recall).toBe(1);
  });
});
