import type { Recognizer } from '../recognizer.ts';

// Month/year as printed on a card (09/28, 09/2028, 9-28), only right after an expiry word: a bare
// "09/28" is a date, and dates are kept. Words that name a card's expiry score on their own; words
// that also end subscriptions and licences ("expires", "vence", "hết hạn") need a card word nearby.
const CARD_WORDS = [
  'exp\\.?',
  'expiry(?: date)?',
  'expiration(?: date)?',
  'exp(?:iry)? date',
  'valid (?:thru|through|until)',
  'good thru',
  'gültig bis',
  'ablaufdatum',
  'verfallsdatum',
  "date d['’]expiration",
  'date de validité',
  "valable jusqu['’]au",
  'fecha de (?:caducidad|vencimiento|expiración)',
  'caducidad',
  'vencimiento',
  'ngày hết hạn',
].join('|');
const SHARED_WORDS = [
  'expires?',
  'expiring',
  'läuft ab',
  'expire (?:le|fin)',
  'vence',
  'caduca',
  'hết hạn',
  'hạn sử dụng',
].join('|');
const GAP = '[ \\t:=()-]{0,4}(?:on|in|am|ist|le|fin|est|el|en|es|là|vào|date|datum)?[ \\t:]{0,3}';
const MONTH_YEAR = '((?:0?[1-9]|1[0-2]) ?[/-] ?(?:20)?\\d{2})(?![0-9]|[/.-]\\d)';

/** A card's expiry month and year after an expiry word in the six languages; never a bare date. */
export const cardExpiryRecognizer: Recognizer = {
  name: 'card-expiry',
  type: 'CARD_EXPIRY',
  patterns: [
    { name: 'named', regex: new RegExp(`\\b(?:${CARD_WORDS})${GAP}${MONTH_YEAR}`, 'gi'), score: 0.7 },
    { name: 'shared-word', regex: new RegExp(`\\b(?:${SHARED_WORDS})${GAP}${MONTH_YEAR}`, 'gi'), score: 0.3 },
    // no \b: a Japanese word before (カードの有効期限) is no ASCII word edge
    { name: 'named-ja', regex: new RegExp(`有効期限${GAP}(?:は|：)?${MONTH_YEAR}`, 'g'), score: 0.7 },
  ],
  context: ['card', 'visa', 'mastercard', 'amex', 'cvv', 'cvc', 'karte', 'carte', 'tarjeta', 'カード', 'thẻ'],
};
