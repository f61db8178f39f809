import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import {
  defaultRecognizers,
  PII_TYPE_NAMES,
  PII_TYPES,
  PlaceholderBook,
  placeholderPattern,
  piiTypesWith,
  redactTicket,
} from '../../src/redact/index.ts';
import { anyPlaceholder } from '../../src/text/index.ts';
import { summaryOf } from '../../src/triage/index.ts';
import { unredactedPiiTypes } from '../../server/llm/index.ts';

describe('PII types (the one list)', () => {
  it('lists exactly the types the default recognizers find', () => {
    expect([...new Set(defaultRecognizers.map((recognizer) => recognizer.type))].sort()).toEqual(
      [...PII_TYPE_NAMES].sort(),
    );
  });

  it.each(PII_TYPE_NAMES)(
    '%s: its placeholder pattern matches what the anonymizer writes, and no other type’s',
    (type) => {
      const written = new PlaceholderBook().placeholderFor(type, 'value');
      expect(written).toBe(`<${PII_TYPES[type].placeholder}_1>`);
      expect(placeholderPattern([type], 'y').exec(written)?.[0]).toBe(written);
      // The shape src/text (clip) and the model's evidence recognise, in either case.
      expect(anyPlaceholder('y').exec(written)?.[0]).toBe(written);
      expect(anyPlaceholder('iy').exec(written.toLowerCase())?.[0]).toBe(written.toLowerCase());
      for (const other of PII_TYPE_NAMES.filter((name) => name !== type))
        expect(placeholderPattern([other]).test(written)).toBe(false);
    },
  );

  it('gives every type its own placeholder name', () => {
    const names = PII_TYPE_NAMES.map((type) => PII_TYPES[type].placeholder);
    expect(new Set(names).size).toBe(names.length);
  });

  it('guards the LLM against the high-confidence types only', () => {
    expect(piiTypesWith('highConfidence')).toEqual(expect.arrayContaining(['EMAIL_ADDRESS', 'CREDIT_CARD', 'SECRET']));
    expect(piiTypesWith('highConfidence')).not.toContain('PERSON');
    expect(unredactedPiiTypes('write to jane@example.com')).toEqual(['EMAIL_ADDRESS']);
  });

  it('lets the summary skip a contact line whose address the redactor replaced', () => {
    const raw = Ticket.parse({
      id: 't-1',
      subject: 'Parcel never arrived',
      description: 'The parcel never arrived at all. It should go to 24 Clarke Avenue in town, the parcel address.',
      comments: [],
    });
    const redacted = redactTicket(raw).ticket;
    expect(redacted.description).toContain('<ADDRESS_1>');
    expect(summaryOf(redacted)).toBe('The parcel never arrived at all.');
  });
});
