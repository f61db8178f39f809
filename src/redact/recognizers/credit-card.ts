import type { Recognizer } from '../recognizer.ts';
import { luhnValid } from '../validators.ts';

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  type: 'CREDIT_CARD',
  patterns: [
    // 4-4-4-4 style with spaces or dashes (Visa, Mastercard, Discover, JCB)
    { name: 'grouped-16', regex: /\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b/g, score: 0.3 },
    // Amex 4-6-5
    { name: 'grouped-amex', regex: /\b3[47]\d{2}[ -]\d{6}[ -]\d{5}\b/g, score: 0.3 },
    { name: 'compact', regex: /\b\d{12,19}\b/g, score: 0.1 },
  ],
  context: ['card', 'credit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'karte', 'carte', 'tarjeta'],
  validate: (value) => luhnValid(value),
  invalidate: (value) => /^(\d)\1+$/.test(value.replace(/\D/g, '')),
};
