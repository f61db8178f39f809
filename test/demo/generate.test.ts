import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabelledTicket } from '../../src/contract/index.ts';
import { luhnValid, redact } from '../../src/redact/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';
import { generateDemoTickets, LANGUAGES } from '../../server/demo/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));
const tickets = generateDemoTickets();
const allText = (ticket: LabelledTicket) =>
  [ticket.subject, ticket.description, ...ticket.comments.map((c) => c.body)].join(' ');

describe('generateDemoTickets', () => {
  it('makes 600+ contract-valid tickets with unique ids', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(600);
    for (const ticket of tickets) expect(LabelledTicket.safeParse(ticket).success).toBe(true);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(tickets.length);
  });

  it('covers every taxonomy label in every language, with a realistic skew', () => {
    for (const label of taxonomy.labelIds)
      for (const language of LANGUAGES)
        expect(
          tickets.some((t) => t.label === label && t.locale === language),
          `${label}/${language}`,
        ).toBe(true);
    const count = (label: string) => tickets.filter((t) => t.label === label).length;
    expect(count('how_to')).toBeGreaterThan(count('security') * 2);
  });

  it('uses only urgency levels the taxonomy knows', () => {
    for (const ticket of tickets) expect(taxonomy.urgencyIds).toContain(ticket.urgency);
  });

  it('plants fake PII: example-domain e-mails and Luhn-valid test cards', () => {
    const text = tickets.map(allText).join('\n');
    expect(text).toMatch(/@example\.(com|org|net)/);
    const cards = text.match(/\b(?:\d[ ]?){15,16}\b/g) ?? [];
    expect(cards.some((card) => luhnValid(card.replace(/\D/g, '')))).toBe(true);
    expect(text).toMatch(/192\.0\.2\.|198\.51\.100\.|203\.0\.113\./);
    expect(text).toContain('DE89 3704 0044 0532 0130 00');
  });

  // a sign-off glued to the last sentence put planted PII right against a name ("連絡先: 4012 8888 8888 1881Lucía")
  it('signs off with the requester name on its own line, after a finished sentence', () => {
    for (const ticket of tickets)
      expect(ticket.description, ticket.id).toMatch(new RegExp(`[.?!。？！]\\n${ticket.requester?.name}$`));
  });

  it('leaves no planted card, IBAN, IP address or international phone number once redacted', () => {
    const redacted = tickets.map((ticket) => redact(allText(ticket)).redacted).join('\n');
    expect(redacted).not.toMatch(
      /\d{4} \d{4,6} \d{4,5}|[A-Z]{2}\d{2} [A-Z0-9]{4}|2001:db8|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|\+\d/,
    );
  });

  it('spreads dates over about six months, updated after created', () => {
    const created = tickets.map((t) => Date.parse(t.createdAt ?? ''));
    expect((Math.max(...created) - Math.min(...created)) / 86_400_000).toBeGreaterThan(150);
    for (const t of tickets)
      expect(Date.parse(t.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(t.createdAt ?? ''));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDemoTickets({ seed: 7, count: 80 })).toEqual(generateDemoTickets({ seed: 7, count: 80 }));
    expect(generateDemoTickets({ seed: 8, count: 80 })).not.toEqual(generateDemoTickets({ seed: 7, count: 80 }));
  });
});
