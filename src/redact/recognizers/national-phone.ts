import type { Recognizer } from '../recognizer.ts';
import { NUMBER_END as end, NUMBER_START as start, numberRegex } from '../boundaries.ts';
import { looksLikeSomethingElse, plausibleLength } from './phone-context.ts';

/**
 * National phone numbers written without a cue word, in the six demo languages' countries: trunk
 * prefix 0 (UK, DE, FR, VN, JP) or the Spanish/US shapes, with the group lengths each country prints.
 * Each shape scores above the threshold on its own; the surroundings drop order numbers, references,
 * amounts, decimals and longer ids (see `invalidate`). Flat patterns, no nested quantifiers.
 */
export const nationalPhoneRecognizer: Recognizer = {
  name: 'national-phone',
  type: 'PHONE_NUMBER',
  patterns: [
    // UK: 020 7946 0321 (London, Cardiff…), 0161 496 0000 / 0800 123 4567, 01632 960001 / 07700 900123, 07700 900 123
    { name: 'uk-02', regex: numberRegex`${start}(02\d[ -]\d{4}[ -]\d{4})${end}`, score: 0.6 },
    { name: 'uk-4-3-4', regex: numberRegex`${start}(0[1389]\d{2}[ -]\d{3}[ -]\d{4})${end}`, score: 0.6 },
    { name: 'uk-5-6', regex: numberRegex`${start}(0[17]\d{3}[ -]\d{5,6})${end}`, score: 0.6 },
    { name: 'uk-mobile-5-3-3', regex: numberRegex`${start}(07\d{3}[ -]\d{3}[ -]\d{3})${end}`, score: 0.6 },
    // DE: 030 12345678, 089/1234567, 0171-1234567, (030) 1234567; 10 to 12 digits in all (checked below)
    { name: 'de', regex: numberRegex`${start}(0[1-9]\d{1,4}[ /-]\d{5,8})${end}`, score: 0.6 },
    { name: 'de-brackets', regex: numberRegex`\(0[1-9]\d{1,4}\) ?\d{5,8}${end}`, score: 0.6 },
    // FR: 01 23 45 67 89, 06.12.34.56.78, 06-12-34-56-78
    { name: 'fr', regex: numberRegex`${start}(0[1-9](?:[ .-]\d\d){4})${end}`, score: 0.6 },
    // VN: mobile 0912 345 678 / 091 234 5678 (prefixes 03, 05, 07, 08, 09), landline 024 3826 4567
    { name: 'vn-mobile-4-3-3', regex: numberRegex`${start}(0[35789]\d{2}[ .]\d{3}[ .]\d{3})${end}`, score: 0.6 },
    { name: 'vn-mobile-3-3-4', regex: numberRegex`${start}(0[35789]\d[ .]\d{3}[ .]\d{4})${end}`, score: 0.6 },
    { name: 'vn-landline', regex: numberRegex`${start}(02\d{1,2}[ .]\d{3,4}[ .]\d{4})${end}`, score: 0.6 },
    // JP: mobile 090-1234-5678 / 090 1234 5678, landline 03-1234-5678, 0465-12-3456, (03)1234-5678
    { name: 'jp-mobile', regex: numberRegex`${start}(0[789]0[ -]\d{4}[ -]\d{4})${end}`, score: 0.6 },
    { name: 'jp-landline', regex: numberRegex`${start}(0[1-9]\d{0,3}-\d{2,4}-\d{4})${end}`, score: 0.6 },
    { name: 'jp-brackets', regex: numberRegex`\(0[1-9]\d{0,3}\) ?\d{2,4}-\d{4}${end}`, score: 0.6 },
    // ES: 612 34 56 78, 912 345 678 (mobile 6/7, landline 8/9; no trunk prefix)
    { name: 'es-3-2-2-2', regex: numberRegex`${start}([6-9]\d{2} \d\d \d\d \d\d)${end}`, score: 0.6 },
    { name: 'es-3-3-3', regex: numberRegex`${start}([67]\d{2} \d{3} \d{3})${end}`, score: 0.55 },
  ],
  invalidate: (value, where) => !plausibleLength(value) || looksLikeSomethingElse(where),
};
