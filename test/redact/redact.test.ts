import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { analyze, redact, redactTicket } from '../../src/redact/index.ts';

const sample = 'Mail jane@example.com or bob@example.org, then jane@example.com again. Call +44 20 7946 0958.';

describe('redact', () => {
  it('gives the same value the same placeholder and numbers each type from 1', () => {
    expect(redact(sample).redacted).toBe('Mail <EMAIL_1> or <EMAIL_2>, then <EMAIL_1> again. Call <PHONE_1>.');
  });

  it('returns findings with types and offsets into the original text, never values', () => {
    const { findings } = redact(sample);
    for (const finding of findings) {
      expect(Object.keys(finding).sort()).toEqual(['end', 'recognizer', 'score', 'start', 'type']);
      expect(JSON.stringify(finding)).not.toMatch(/example|7946/);
    }
    expect(findings.map((finding) => sample.slice(finding.start, finding.end))).toEqual([
      'jane@example.com',
      'bob@example.org',
      'jane@example.com',
      '+44 20 7946 0958',
    ]);
  });

  it('keeps one finding where recognizers overlap, preferring the validated one', () => {
    const findings = analyze('card 4111-1111-1111-1111');
    expect(findings.map((finding) => finding.type)).toEqual(['CREDIT_CARD']);
  });

  it('redacts a 1 MB text with a finding every few characters without overflowing the stack', () => {
    const text = 'Hi Ab '.repeat(170_000);
    const { redacted, findings } = redact(text);
    expect(findings).toHaveLength(170_000);
    expect(redacted.startsWith('Hi <PERSON_1> Hi <PERSON_1>')).toBe(true);
  });

  it('leaves text without PII unchanged', () => {
    expect(redact('The export button does nothing in Firefox.')).toEqual({
      redacted: 'The export button does nothing in Firefox.',
      findings: [],
    });
  });
});

describe('redactTicket', () => {
  const ticket = Ticket.parse({
    id: 't-1',
    subject: 'Refund for Dana Whitfield',
    description: 'Hello, I am Dana Whitfield (dana@shop.io). My card 4111 1111 1111 1111 was charged twice.',
    comments: [
      { authorRole: 'agent', authorName: 'Kofi Mensah', body: 'Hi Dana, refund sent to dana@shop.io. Kofi' },
      { authorRole: 'requester', body: 'Thanks! Whitfield family says hi.' },
    ],
    requester: { name: 'Dana Whitfield', email: 'dana@shop.io' },
    participants: [{ name: 'Kofi Mensah' }],
  });
  const { ticket: redacted, summary } = redactTicket(ticket);

  it('numbers placeholders once across all fields of a ticket', () => {
    expect(redacted.subject).toBe('Refund for <PERSON_1>');
    expect(redacted.requester).toEqual({ name: '<PERSON_1>', email: '<EMAIL_1>' });
    expect(redacted.comments[0]?.body).toBe('Hi <PERSON_1>, refund sent to <EMAIL_1>. <PERSON_2>');
    expect(redacted.comments[0]?.authorName).toBe('<PERSON_2>');
    expect(redacted.description).toContain('<EMAIL_1>');
    expect(redacted.description).toContain('<CARD_1>');
  });

  it("gives each part of a known name the full name's placeholder", () => {
    expect(redact('Dana wrote; Whitfield agreed. Dana Whitfield', { knownNames: ['Dana Whitfield'] }).redacted).toBe(
      '<PERSON_1> wrote; <PERSON_1> agreed. <PERSON_1>',
    );
  });

  it('redacts every part of known names, including comment authors and participants', () => {
    const text = JSON.stringify(redacted);
    for (const part of ['Dana', 'Whitfield', 'Kofi', 'Mensah', 'dana@shop.io', '4111'])
      expect(text).not.toContain(part);
    expect(redacted.participants[0]?.name).toBe('<PERSON_2>');
  });

  it('summarises counts per type and a total that matches them', () => {
    const counted = Object.values(summary.byType).reduce((sum, count) => sum + count, 0);
    expect(summary.total).toBe(counted);
    expect(summary.byType.CREDIT_CARD).toBe(1);
    expect(summary.byType.EMAIL_ADDRESS).toBe(3);
  });

  it('does not change the input ticket', () => {
    expect(ticket.requester?.email).toBe('dana@shop.io');
  });
});
