import { knownNameParts } from './name-parts.ts';
import { placeholderName } from './pii-types.ts';
import type { RedactionFinding } from './types.ts';

/**
 * Numbers placeholders per type; the same value gets the same placeholder. One instance per
 * ticket so every field shares the numbering. Holds values in memory only, never returns them.
 */
export class PlaceholderBook {
  readonly #byKey = new Map<string, string>();
  readonly #countByType = new Map<string, number>();
  readonly #nameAliases = new Map<string, string>();

  /**
   * Each part of a known name shares the full name's placeholder ("Dana" and "Dana Whitfield", 小明 and 王小明); the
   * first name listed wins a shared part.
   */
  constructor(knownNames: readonly string[] = []) {
    for (const name of knownNames) {
      const full = normalizeValue('PERSON', name);
      for (const part of knownNameParts(full)) if (!this.#nameAliases.has(part)) this.#nameAliases.set(part, full);
      this.#nameAliases.set(full, full);
    }
  }

  placeholderFor(type: string, value: string): string {
    const normalized = normalizeValue(type, value);
    const canonical = type === 'PERSON' ? (this.#nameAliases.get(normalized) ?? normalized) : normalized;
    const key = `${type}\u0000${canonical}`;
    const existing = this.#byKey.get(key);
    if (existing) return existing;
    const name = placeholderName(type);
    const next = (this.#countByType.get(name) ?? 0) + 1;
    this.#countByType.set(name, next);
    const placeholder = `<${name}_${next}>`;
    this.#byKey.set(key, placeholder);
    return placeholder;
  }
}

function normalizeValue(type: string, value: string): string {
  // NFKC: a full-width or decomposed value shares the placeholder of its plain form
  const lower = value.normalize('NFKC').toLowerCase().trim();
  if (type === 'PHONE_NUMBER' || type === 'CREDIT_CARD' || type === 'US_SSN') return lower.replace(/\D/g, '');
  if (type === 'IBAN_CODE') return lower.replace(/\s/g, '');
  return lower.replace(/\s+/g, ' ');
}

/** Replaces each (non-overlapping, sorted) finding with its placeholder. */
export function anonymize(
  text: string,
  findings: readonly RedactionFinding[],
  book: PlaceholderBook = new PlaceholderBook(),
): string {
  let output = '';
  let cursor = 0;
  for (const finding of findings) {
    if (finding.start < cursor) continue;
    output +=
      text.slice(cursor, finding.start) + book.placeholderFor(finding.type, text.slice(finding.start, finding.end));
    cursor = finding.end;
  }
  return output + text.slice(cursor);
}
