import type { Recognizer } from '../recognizer.ts';
import { luhnValid } from '../validators.ts';
import {
  GROUPED_NUMBER_START as anyStart,
  NUMBER_END as end,
  NUMBER_START as start,
  numberRegex,
} from '../boundaries.ts';

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  type: 'CREDIT_CARD',
  patterns: [
    // 4-4-4-4 style with spaces or dashes (Visa, Mastercard, Discover, JCB)
    // grouped and Luhn-checked, so found after any word, even an all-capitals one ("CARD4111 1111 1111 1111")
    { name: 'grouped-16', regex: numberRegex`${anyStart}(\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4})${end}`, score: 0.3 },
    // Amex 4-6-5
    { name: 'grouped-amex', regex: numberRegex`${anyStart}(3[47]\d{2}[ -]\d{6}[ -]\d{5})${end}`, score: 0.3 },
    { name: 'compact', regex: numberRegex`${start}(\d{12,19})${end}`, score: 0.1 },
    // a compact run glued to a card word ("CARD4111111111111111", "Visa4111…"), which the id rule above would hide
    {
      name: 'compact-after-card-word',
      regex: new RegExp(`\\b(?:card|visa|mastercard|amex|cc|karte|carte|tarjeta)[:#]?(\\d{12,19})${end}`, 'gi'),
      score: 0.1,
    },
  ],
  context: ['card', 'credit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'karte', 'carte', 'tarjeta'],
  validate: (value) => luhnValid(value),
  invalidate: (value) => /^(\d)\1+$/.test(value.replace(/\D/g, '')),
};
