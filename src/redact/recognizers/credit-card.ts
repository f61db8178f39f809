import type { Recognizer } from '../recognizer.ts';
import { luhnValid } from '../validators.ts';
import { NUMBER_END as end, NUMBER_START as start, numberRegex } from '../boundaries.ts';

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  type: 'CREDIT_CARD',
  patterns: [
    // 4-4-4-4 style with spaces or dashes (Visa, Mastercard, Discover, JCB)
    { name: 'grouped-16', regex: numberRegex`${start}(\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4})${end}`, score: 0.3 },
    // Amex 4-6-5
    { name: 'grouped-amex', regex: numberRegex`${start}(3[47]\d{2}[ -]\d{6}[ -]\d{5})${end}`, score: 0.3 },
    { name: 'compact', regex: numberRegex`${start}(\d{12,19})${end}`, score: 0.1 },
  ],
  context: ['card', 'credit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'karte', 'carte', 'tarjeta'],
  validate: (value) => luhnValid(value),
  invalidate: (value) => /^(\d)\1+$/.test(value.replace(/\D/g, '')),
};
