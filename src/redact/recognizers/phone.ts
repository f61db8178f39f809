import type { Recognizer } from '../recognizer.ts';
import { NUMBER_END as end, NUMBER_START as start, numberRegex } from '../boundaries.ts';
import { looksLikeSomethingElse, PHONE_CONTEXT } from './phone-context.ts';

const sep = '[ .-]';

/**
 * Known national formats score on their own; the generic digit-group pattern scores below the
 * threshold so it needs a context word ("phone", "call me", "office"), which keeps order numbers out.
 * No nested quantifiers, so matching stays linear.
 */
export const phoneRecognizer: Recognizer = {
  name: 'phone',
  type: 'PHONE_NUMBER',
  patterns: [
    // +44 20 7946 0958, +49 30 123456, +84 912 345 678, +81 3-1234-5678, +33 1 23 45 67 89
    {
      name: 'international',
      regex: numberRegex`\+\d{1,3}[ .-]?\(?\d{1,4}\)?[ .-]?\d{1,4}[ .-]?\d{1,4}[ .-]?\d{0,4}[ .-]?\d{0,3}\d${end}`,
      score: 0.7,
    },
    // 00 prefixed international: 0049 30 1234567, 001-253-366-9781
    {
      name: 'international-00',
      regex: numberRegex`${start}(00\d{1,3}${sep}?\(?\d{1,4}\)?${sep}?\d{2,4}${sep}?\d{1,4}${sep}?\d{0,3}\d)${end}`,
      score: 0.6,
    },
    // US/CA: (602)272-9781, 602-272-9781, 602.272.9781, 1-800-555-0199
    {
      name: 'nanp-brackets',
      regex: numberRegex`${start}((?:1[ .-])?\(\d{3}\)[ .-]?\d{3}[ .-]\d{4})${end}`,
      score: 0.6,
    },
    { name: 'nanp', regex: numberRegex`${start}((?:1[ .-])?\d{3}[ .-]\d{3}[ .-]\d{4})${end}`, score: 0.6 },
    // FR/BE national: 01 23 45 67 89, 0489 25 37 29
    {
      name: 'pairs-4',
      regex: numberRegex`${start}(0\d{1,3}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2})${end}`,
      score: 0.55,
    },
    { name: 'pairs-3', regex: numberRegex`${start}(0\d{1,3}[ .-]\d{2}[ .-]\d{2}[ .-]\d{2})${end}`, score: 0.55 },
    // UK: 020 7946 0958, 07700 900123, 01632 960001
    { name: 'uk', regex: numberRegex`${start}(0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4})${end}`, score: 0.45 },
    // DE: 030 1234567, 089/12345678, 0171 1234567
    { name: 'de', regex: numberRegex`${start}(0\d{2,4}[ /-]\d{5,8})${end}`, score: 0.45 },
    // JP: 03-1234-5678, 090-1234-5678
    { name: 'jp', regex: numberRegex`${start}(0\d{1,4}-\d{1,4}-\d{4})${end}`, score: 0.55 },
    // VN: 0912 345 678, 024 3826 4567
    { name: 'vn', regex: numberRegex`${start}(0\d{2,3}[ .]\d{3,4}[ .]\d{3,4})${end}`, score: 0.45 },
    // 345-899-3560x4587
    {
      name: 'extension',
      regex: numberRegex`${start}((?:\(\d{3}\)|\d{3}[ .-])\d{3}[ .-]\d{4}x\d{1,5})${end}`,
      score: 0.6,
    },
    // anything else phone-shaped: digits with spaces, dots, dashes or brackets; needs a context word
    { name: 'generic', regex: numberRegex`${start}(\+?\(?\d{1,4}\)?[\d .()-]{4,16}\d)${end}`, score: 0.4 },
    // three groups of 2-3 digits: 655 437 108, 78 651 450 (ES, SE, NO national)
    { name: 'three-groups', regex: numberRegex`${start}(\d{2,3} \d{3} \d{3})${end}`, score: 0.4 },
  ],
  context: PHONE_CONTEXT,
  invalidate: (value, where) => {
    const digits = value.replace(/\D/g, '');
    if (/^\d{4}-\d{2}-\d{2}/.test(value) || /^\d{1,2}[.-]\d{1,2}[.-]\d{4}$/.test(value)) return true;
    if (digits.length < 7 || digits.length > 15 || /^(\d)\1+$/.test(digits)) return true;
    // a national number after an id word or a currency ("order 01 23 45 67 89"); "+44…" is always a phone
    return !value.startsWith('+') && looksLikeSomethingElse(where);
  },
};
