import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { PlaceholderBook, redactPrefix, redactTicket } from '../../src/redact/index.ts';
import { graphemeBoundary } from '../../src/text/index.ts';

const filler = (length: number) =>
  'the export keeps failing after the update '.repeat(Math.ceil(length / 42)).slice(0, length);

describe('graphemeBoundary, where redactPrefix cuts', () => {
  it.each([
    ['before an emoji', 'ab😀c', 2, 2],
    ['inside an emoji', 'ab😀c', 3, 2],
    ['after an emoji', 'ab😀c', 4, 4],
    ['at the start', '😀', 0, 0],
    ['past the end', 'abc', 9, 3],
    ['inside a letter with its accent', 'cafe\u0301s', 4, 3],
  ])('%s', (_name, text, index, expected) => {
    expect(graphemeBoundary(text, index)).toBe(expected);
  });
});

describe('redactPrefix', () => {
  it('keeps the whole text and every finding when it fits', () => {
    const { redacted, clipped } = redactPrefix('mail ana@example.com', 100, {}, new PlaceholderBook());
    expect(redacted).toBe('mail <EMAIL_1>');
    expect(clipped).toBe(false);
  });

  it('cuts on white space at or before the limit', () => {
    const { redacted, clipped } = redactPrefix('alpha beta gamma delta', 13, {}, new PlaceholderBook());
    expect(redacted).toBe('alpha beta');
    expect(clipped).toBe(true);
  });

  it('drops a card number that straddles the cut whole instead of keeping its first digits', () => {
    const text = `${filler(990)} card 4111 1111 1111 1111 please`;
    const limit = text.indexOf('4111') + 7;
    const { redacted, findings } = redactPrefix(text, limit, {}, new PlaceholderBook());
    expect(redacted).not.toMatch(/4111|1111/);
    expect(redacted.endsWith('card ')).toBe(true);
    expect(findings).toEqual([]);
  });

  it('never leaves half a surrogate pair at the end of text without spaces', () => {
    const text = '😀'.repeat(1_000);
    const { redacted } = redactPrefix(text, 501, {}, new PlaceholderBook());
    expect(redacted).toBe('😀'.repeat(250));
  });
});

describe('redactTicket with maxChars', () => {
  const ticket = Ticket.parse({
    id: 't-1',
    subject: 'Export fails',
    description: `${filler(3_000)} reach me at head@example.com ${filler(3_000)} tail secret tail.person@example.org`,
    comments: [
      { authorRole: 'requester', authorName: 'Ana Ruiz', body: 'later comment from ana.ruiz@example.com' },
      { authorRole: 'agent', body: 'agent reply' },
    ],
    requester: { name: 'Ana Ruiz', email: 'ana.ruiz@example.com' },
  });

  it('keeps at most maxChars of subject, description and comments, and redacts what it keeps', () => {
    const { ticket: redacted, summary, clipped } = redactTicket(ticket, { maxChars: 4_000 });
    expect(clipped).toBe(true);
    const kept = [redacted.subject, redacted.description, ...redacted.comments.map((comment) => comment.body)].join('');
    expect(kept.length).toBeLessThanOrEqual(4_000);
    expect(redacted.description).toContain('<EMAIL_1>');
    expect(redacted.comments).toEqual([]);
    // The description's one kept e-mail, and the requester's name and e-mail; nothing from the text left out.
    expect(summary).toEqual({ total: 3, byType: { EMAIL_ADDRESS: 2, PERSON: 1 } });
    const everything = JSON.stringify(redacted);
    for (const value of [
      'head@example.com',
      'tail secret',
      'tail.person@example.org',
      'later comment',
      'Ana Ruiz',
      'ana.ruiz@example.com',
    ])
      expect(everything).not.toContain(value);
  });

  it('redacts everything, as before, without maxChars', () => {
    const { ticket: redacted, clipped } = redactTicket(ticket);
    expect(clipped).toBe(false);
    expect(redacted.description).toContain('tail secret <EMAIL_2>');
    expect(redacted.comments).toHaveLength(2);
  });
});
