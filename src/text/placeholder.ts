/**
 * The shape of every redaction placeholder src/redact's anonymizer writes (`<EMAIL_1>`, `<CARD_EXPIRY_2>`): a name
 * in capitals, digits and underscores, then `_` and a number. Kept here, below redact/, so that text helpers (clip)
 * and the model's evidence, which run on redacted text, recognise placeholders without depending on the redactor.
 * `i` in the flags also matches them after normalizeText lower-cased them.
 */
export function anyPlaceholder(flags = ''): RegExp {
  return new RegExp('<[A-Z][A-Z0-9_]*_\\d+>', flags);
}
