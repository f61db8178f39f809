import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/contract/index.ts';
import { redact, redactTicket } from '../../src/redact/index.ts';
import { clip } from '../../src/text/index.ts';

const LONE_SURROGATE = /\p{Cs}/u;
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;
const RUNS = 300;

/** PII the recognizers find, in the forms that exercise folding (full-width, decomposed accents) and glued to emoji. */
const pii = fc.constantFrom(
  'jane@example.com',
  'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ',
  '+44 20 7946 0958',
  '０９０-１２３４-５６７８',
  '4111 1111 1111 1111',
  'DE89 3704 0044 0532 0130 00',
  '078-05-1120',
  '192.168.1.20',
  'https://user:hunter2@example.com/path',
  'sk-proj-Abc123Def456Ghi789Jkl012Mno345',
  'Maria Lopez',
  'Nguyễn Văn An',
  'Nguye\u0302\u0303n Va\u0306n',
  '221B Baker Street',
);
const hard = fc.constantFrom(
  '🙏',
  '👍🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  '漢字',
  'お世話になっております',
  ' ',
  '\n',
  '\r\n',
  ', ',
  'call ',
  'mail ',
  'Tel',
  'e\u0301',
  '<',
  '>',
  '@',
  '.',
);
const piece = fc.oneof(
  pii,
  hard,
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
const wellFormed = text.filter((value) => !LONE_SURROGATE.test(value));

function isCodePointBoundary(value: string, index: number): boolean {
  if (index <= 0 || index >= value.length) return true;
  const before = value.charCodeAt(index - 1);
  const after = value.charCodeAt(index);
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

describe('redact, for any text', () => {
  it('reports sorted, non-overlapping findings inside the text, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(text, (input) => {
        let previousEnd = 0;
        for (const finding of redact(input).findings) {
          expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(input.length);
          expect(isCodePointBoundary(input, finding.start) && isCodePointBoundary(input, finding.end)).toBe(true);
          previousEnd = finding.end;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('turns well-formed UTF-16 into well-formed UTF-16', () => {
    fc.assert(
      fc.property(wellFormed, (input) => {
        expect(LONE_SURROGATE.test(redact(input).redacted)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every placeholder whole when its output is clipped', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 300 }), (input, limit) => {
        const { redacted } = redact(input);
        const clipped = clip(redacted, limit);
        const kept = clipped !== redacted && clipped.endsWith('…') ? clipped.slice(0, -1) : clipped;
        for (const match of redacted.matchAll(PLACEHOLDER)) {
          expect(kept.length <= match.index || kept.length >= match.index + match[0].length).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('redactTicket, for any ticket', () => {
  const ticket = fc
    .record({
      subject: wellFormed,
      description: wellFormed,
      comments: fc.array(fc.record({ authorName: wellFormed, body: wellFormed }), { maxLength: 3 }),
      requester: fc.record({ name: wellFormed, email: wellFormed }),
      participants: fc.array(fc.record({ name: wellFormed }), { maxLength: 2 }),
    })
    .map((fields): Ticket => ({
      id: 'prop-1',
      subject: fields.subject,
      description: fields.description,
      comments: fields.comments.map((comment) => ({ authorRole: 'requester', public: true, ...comment })),
      requester: fields.requester,
      participants: fields.participants,
      tags: [],
    }));

  it('turns well-formed text into well-formed text in every field and counts what it replaced', () => {
    fc.assert(
      fc.property(ticket, (input) => {
        const { ticket: redacted, summary } = redactTicket(input);
        const strings = [
          redacted.subject,
          redacted.description,
          ...redacted.comments.flatMap((comment) => [comment.body, comment.authorName ?? '']),
          redacted.requester?.name ?? '',
          redacted.requester?.email ?? '',
          ...redacted.participants.map((participant) => participant.name ?? ''),
        ];
        for (const value of strings) expect(LONE_SURROGATE.test(value)).toBe(false);
        expect(Object.values(summary.byType).reduce((sum, count) => sum + count, 0)).toBe(summary.total);
      }),
      { numRuns: RUNS / 3 },
    );
  });
});
