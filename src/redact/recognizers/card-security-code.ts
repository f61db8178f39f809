import type { Recognizer } from '../recognizer.ts';

// The code only counts right after its name, in the six languages: three or four digits alone are
// everything (amounts, years, ids). The gap allows a colon, a bracket and one joining word ("CVV is 123",
// "セキュリティコードは123", "mã bảo mật là 123"); a flat gap keeps the pattern's star height at 1.
const NAMES = [
  'cvv2?',
  'cvc2?',
  'csc',
  'card security code',
  'security code',
  'card verification (?:code|value)',
  'kartenprüfnummer',
  'prüfnummer',
  'sicherheitscode',
  'cryptogramme visuel',
  'cryptogramme',
  'code de sécurité',
  'código de seguridad',
  'código de verificación',
  'mã bảo mật',
  'mã xác minh thẻ',
].join('|');
const GAP = '[ \\t:=#()-]{0,4}(?:is|ist|lautet|est|es|là|code|nummer|number|numéro|número)?[ \\t:]{0,3}';
const CODE = '(\\d{3,4})(?![0-9]|[.,/-]\\d)';

/** A card's verification code (CVV, CVC, CSC, CID) after its name; never a bare 3–4 digit number. */
export const cardSecurityCodeRecognizer: Recognizer = {
  name: 'card-security-code',
  type: 'CARD_CVV',
  patterns: [
    { name: 'named', regex: new RegExp(`\\b(?:${NAMES})${GAP}${CODE}`, 'gi'), score: 0.85 },
    // no \b: a Japanese word before (カードのセキュリティコード) is no ASCII word edge
    {
      name: 'named-ja',
      regex: new RegExp(`(?:セキュリティー?コード|セキュリティ番号)${GAP}(?:は|：)?${CODE}`, 'g'),
      score: 0.85,
    },
    // Amex calls it CID, as support tickets call a customer or caller id: only with a card word nearby
    { name: 'amex-cid', regex: new RegExp(`\\bCID${GAP}(\\d{4})(?![0-9]|[.,/-]\\d)`, 'g'), score: 0.3 },
  ],
  context: ['card', 'amex', 'american express', 'karte', 'carte', 'tarjeta', 'カード', 'thẻ'],
};
