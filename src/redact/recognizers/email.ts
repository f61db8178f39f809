import type { Recognizer } from '../recognizer.ts';

export const emailRecognizer: Recognizer = {
  name: 'email',
  type: 'EMAIL_ADDRESS',
  patterns: [
    { name: 'email', regex: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,250}\.[A-Za-z]{2,24}\b/g, score: 0.9 },
  ],
  context: ['email', 'e-mail', 'mail', 'contact'],
};
