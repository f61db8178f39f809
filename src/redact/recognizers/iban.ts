import { LOWER_LATIN } from '../letters.ts';
import type { Recognizer } from '../recognizer.ts';
import { ibanValid } from '../validators.ts';

// An IBAN ends at a character that cannot be in one, or where a capitalised word is glued on
// ("…0130 00Lucía"): the shortest run that reaches such an edge, so the name is not read as BBAN
// letters and the checksum still sees the real IBAN. Not right after a digit, uppercase letter or `_`;
// the start consumes the character before it, so the value is group 1.
const start = '(?:^|[^0-9A-Z_])';
const end = `(?=$|[^A-Za-z0-9]|[A-Z][${LOWER_LATIN}])`;

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  type: 'IBAN_CODE',
  patterns: [
    { name: 'compact', regex: new RegExp(`${start}([A-Za-z]{2}\\d{2}[A-Za-z0-9]{11,30}?)${end}`, 'g'), score: 0.5 },
    // printed in groups of four (DE89 3704 0044 0532 0130 00): one flat pattern per group count, no nesting
    ...[2, 3, 4, 5, 6, 7].map((groups) => ({
      name: `grouped-${groups}`,
      regex: new RegExp(`${start}([A-Z]{2}\\d{2}${' [A-Z0-9]{4}'.repeat(groups)} [A-Z0-9]{1,4}?)${end}`, 'g'),
      score: 0.5,
    })),
  ],
  context: ['iban', 'bank', 'account', 'konto', 'compte', 'transfer'],
  validate: (value) => ibanValid(value),
};
