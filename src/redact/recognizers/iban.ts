import type { Recognizer } from '../recognizer.ts';
import { ibanValid } from '../validators.ts';

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  type: 'IBAN_CODE',
  patterns: [
    { name: 'compact', regex: /\b[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}\b/g, score: 0.5 },
    // printed in groups of four (DE89 3704 0044 0532 0130 00): one flat pattern per group count, no nesting
    ...[2, 3, 4, 5, 6, 7].map((groups) => ({
      name: `grouped-${groups}`,
      regex: new RegExp(`\\b[A-Z]{2}\\d{2}${' [A-Z0-9]{4}'.repeat(groups)} [A-Z0-9]{1,4}\\b`, 'g'),
      score: 0.5,
    })),
  ],
  context: ['iban', 'bank', 'account', 'konto', 'compte', 'transfer'],
  validate: (value) => ibanValid(value),
};
