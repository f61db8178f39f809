import type { Recognizer } from '../recognizer.ts';

/** Best effort: formats vary by state, so a bare match needs a context word to pass the threshold. */
export const usDriverLicenseRecognizer: Recognizer = {
  name: 'us-driver-license',
  type: 'US_DRIVER_LICENSE',
  patterns: [
    { name: 'letter-digits', regex: /\b[A-Z]\d{6,14}\b/g, score: 0.3 },
    { name: 'digits', regex: /\b\d{7,9}\b/g, score: 0.05 },
    { name: 'dashed', regex: /\b\d{4}-\d{2}-\d{4}\b/g, score: 0.1 },
  ],
  context: ['driver', 'license', 'licence', 'dl', 'permit', 'driving'],
};
