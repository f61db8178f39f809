import type { Recognizer } from '../recognizer.ts';
import { NUMBER_END as end, NUMBER_START as start, numberRegex } from '../boundaries.ts';

export const usSsnRecognizer: Recognizer = {
  name: 'us-ssn',
  type: 'US_SSN',
  patterns: [
    { name: 'dashed', regex: numberRegex`${start}(\d{3}-\d{2}-\d{4})${end}`, score: 0.5 },
    { name: 'spaced', regex: numberRegex`${start}(\d{3} \d{2} \d{4})${end}`, score: 0.3 },
    { name: 'compact', regex: numberRegex`${start}(\d{9})${end}`, score: 0.05 },
  ],
  context: ['ssn', 'social security', 'social', 'security number', 'tax id'],
  // SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000; known advertising fakes.
  invalidate: (value) => {
    const digits = value.replace(/\D/g, '');
    const area = digits.slice(0, 3);
    return (
      area === '000' ||
      area === '666' ||
      area.startsWith('9') ||
      digits.slice(3, 5) === '00' ||
      digits.slice(5) === '0000' ||
      digits === '078051120' ||
      digits === '219099999' ||
      digits === '123456789'
    );
  },
};
