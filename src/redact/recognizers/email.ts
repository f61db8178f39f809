import type { Recognizer } from '../recognizer.ts';

// accented Latin letters, as in jürgen.müller@beispiel.de or nguyễn.an@công-ty.vn (internationalised addresses)
const accented = 'À-ÖØ-öø-ÿĀ-ſƠ-ưḀ-ỿ';
const local = `A-Za-z0-9._%+\\-${accented}`;
const domain = `A-Za-z0-9.\\-${accented}`;

export const emailRecognizer: Recognizer = {
  name: 'email',
  type: 'EMAIL_ADDRESS',
  patterns: [
    // the value is group 1; the character before it must not belong to the local part, so an accented
    // letter is never cut off the front ("jürgen.mü" left behind)
    {
      name: 'email',
      regex: new RegExp(
        `(?:^|[^${local}])([${local}]{1,64}@[A-Za-z0-9${accented}][${domain}]{0,250}\\.[A-Za-z]{2,24})\\b`,
        'g',
      ),
      score: 0.9,
    },
  ],
  context: ['email', 'e-mail', 'mail', 'contact'],
};
