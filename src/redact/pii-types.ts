/**
 * Every type of PII the recognizers find, the one list the rest derives from:
 * - `placeholder`: the short name the anonymizer writes (`<EMAIL_1>`);
 * - `highConfidence`: a match at a high score is near-certain PII (validated or unmistakable), not a guess like a name
 *   or an address: the LLM guard refuses to send text that still holds one;
 * - `presidio`: the Presidio synthetic data labels it, so the redaction metrics' `overall` counts it.
 */
export const PII_TYPES = {
  EMAIL_ADDRESS: { placeholder: 'EMAIL', highConfidence: true, presidio: true },
  PHONE_NUMBER: { placeholder: 'PHONE', highConfidence: true, presidio: true },
  CREDIT_CARD: { placeholder: 'CARD', highConfidence: true, presidio: true },
  CARD_CVV: { placeholder: 'CVV', highConfidence: true, presidio: false },
  CARD_EXPIRY: { placeholder: 'CARD_EXPIRY', highConfidence: false, presidio: false },
  IBAN_CODE: { placeholder: 'IBAN', highConfidence: true, presidio: true },
  IP_ADDRESS: { placeholder: 'IP', highConfidence: false, presidio: true },
  US_SSN: { placeholder: 'SSN', highConfidence: true, presidio: true },
  US_DRIVER_LICENSE: { placeholder: 'DRIVER_LICENSE', highConfidence: false, presidio: true },
  STREET_ADDRESS: { placeholder: 'ADDRESS', highConfidence: false, presidio: true },
  PERSON: { placeholder: 'PERSON', highConfidence: false, presidio: true },
  SECRET: { placeholder: 'SECRET', highConfidence: true, presidio: false },
  URL_CREDENTIALS: { placeholder: 'URL_SECRET', highConfidence: true, presidio: false },
} as const satisfies Record<string, { placeholder: string; highConfidence: boolean; presidio: boolean }>;

export type PiiType = keyof typeof PII_TYPES;

/** Every PII type, in the order of PII_TYPES. */
export const PII_TYPE_NAMES = Object.keys(PII_TYPES) as PiiType[];

/** The PII types whose entry has `flag` set. */
export function piiTypesWith(flag: 'highConfidence' | 'presidio'): PiiType[] {
  return PII_TYPE_NAMES.filter((type) => PII_TYPES[type][flag]);
}

function isPiiType(type: string): type is PiiType {
  return Object.hasOwn(PII_TYPES, type);
}

/** Short placeholder name for a finding type (a type outside PII_TYPES, from a caller's own recognizer, keeps its name). */
export function placeholderName(type: string): string {
  return isPiiType(type) ? PII_TYPES[type].placeholder : type;
}

/** A regex matching the placeholders the anonymizer writes for `types` (`<EMAIL_1>`, `<PHONE_12>`), not anchored. */
export function placeholderPattern(types: readonly PiiType[], flags = ''): RegExp {
  const names = [...new Set(types.map((type) => PII_TYPES[type].placeholder))];
  return new RegExp(`<(?:${names.join('|')})_\\d+>`, flags);
}
