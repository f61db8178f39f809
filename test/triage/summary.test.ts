import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { summaryOf } from '../../src/triage/ticket-text.ts';

const ticket = (
  subject: string,
  description: string,
  comments: { body: string; authorRole: 'requester' | 'agent' }[] = [],
) =>
  Ticket.parse({
    id: 't-1',
    subject,
    description,
    comments: comments.map((comment, index) => ({ id: `c${index}`, ...comment, createdAt: '2026-11-01T10:00:00Z' })),
  });

describe('summaryOf (extractive one-line summary)', () => {
  it('picks the sentence about the subject, not the greeting or the contact line', () => {
    const summary = summaryOf(
      ticket(
        'Charged twice',
        'Good morning, My invoice shows 41 seats but we only have 2. We were charged twice this month, please refund one payment. You can reach me at <EMAIL_1>. <PERSON_1>',
      ),
    );
    expect(summary).toBe('We were charged twice this month, please refund one payment.');
  });

  it('cuts a long subject before an emoji that straddles the 140th character, never inside it', () => {
    const summary = summaryOf(ticket(`${'x'.repeat(138)}🙏🙏`, ''));
    expect(summary).toBe(`X${'x'.repeat(137)}…`);
    expect(summary).not.toMatch(/\p{Cs}/u);
  });

  it('cuts before a placeholder rather than through it', () => {
    const summary = summaryOf(ticket(`${'word '.repeat(26)}mail <EMAIL_1> today`, ''));
    expect(summary.length).toBeLessThanOrEqual(140);
    expect(summary).toMatch(/ mail…$/);
  });

  it('falls back to the subject when no sentence shares its words', () => {
    expect(summaryOf(ticket('Export to CSV fails', 'Hi there! It just spins forever. Thanks, <PERSON_1>'))).toBe(
      'Export to CSV fails',
    );
  });

  it('uses the first informative sentence when the subject is empty or a single word', () => {
    expect(
      summaryOf(ticket('', 'Hello team, The dashboard shows a blank page after login since this morning. Regards')),
    ).toBe('The dashboard shows a blank page after login since this morning.');
    expect(summaryOf(ticket('Help', 'Dear support, Our webhooks stopped firing after the update yesterday.'))).toBe(
      'Our webhooks stopped firing after the update yesterday.',
    );
  });

  it('works for Japanese sentences without spaces', () => {
    const summary = summaryOf(
      ticket(
        '請求が二重になっています',
        'お世話になっております。今月の請求が二重になっています。返金をお願いします。',
      ),
    );
    expect(summary).toBe('今月の請求が二重になっています。');
  });

  it('reads Thai, written without spaces, in character pairs as it does Japanese: the sentence sharing the subject’s words wins', () => {
    const summary = summaryOf(
      ticket('ระบบล่มทั้งวัน', 'ขอบคุณที่ช่วยตอบกลับเร็วมาก\nตั้งแต่เช้าระบบล่มทั้งวันและลูกค้าใช้งานไม่ได้เลย\nโทรหาเราได้ตลอด'),
    );
    expect(summary).toBe('ตั้งแต่เช้าระบบล่มทั้งวันและลูกค้าใช้งานไม่ได้เลย');
  });

  it('reads the requester’s comments but never the agent’s', () => {
    const summary = summaryOf(
      ticket('Login loop', 'Hello.', [
        { body: 'Internal: login loop caused by the SSO certificate rotation on our side.', authorRole: 'agent' },
        { body: 'The login loop happens on every browser we tried.', authorRole: 'requester' },
      ]),
    );
    expect(summary).toBe('The login loop happens on every browser we tried.');
  });

  it('keeps the line to 140 characters', () => {
    const long = `The sync fails ${'again and again '.repeat(20)}for every account.`;
    const summary = summaryOf(ticket('Sync fails', long));
    expect(summary.length).toBeLessThanOrEqual(140);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('summaryOf greetings', () => {
  it('treats a greeting word only as a whole word', () => {
    expect(summaryOf(ticket('Heyday plan', 'Heyday plan renewals fail at checkout for annual customers.'))).toBe(
      'Heyday plan renewals fail at checkout for annual customers.',
    );
  });
});

describe('summaryOf in Japanese', () => {
  it('skips the set phrases of a Japanese business mail even when a sentence shares the subject’s words', () => {
    expect(
      summaryOf(ticket('ログインできません', 'お世話になっております、ログインの件です。今朝からログインできません。')),
    ).toBe('今朝からログインできません。');
  });
});

describe('sentences', () => {
  it('ends Latin sentences only before white space, CJK ones anywhere, and at line breaks', async () => {
    const { sentences } = await import('../../src/triage/ticket-text.ts');
    expect(sentences('Export fails on v2.0 since Monday. Please help!\nThanks')).toEqual([
      'Export fails on v2.0 since Monday.',
      'Please help!',
      'Thanks',
    ]);
    expect(sentences('ログインできません。今朝から？')).toEqual(['ログインできません。', '今朝から？']);
    expect(sentences('  ')).toEqual([]);
  });

  it('keeps "v2.0" inside the summary sentence', () => {
    expect(summaryOf(ticket('Export fails', 'Hi team, Export fails on v2.0 since Monday.'))).toBe(
      'Export fails on v2.0 since Monday.',
    );
  });

  it('summarises a 500,000-character text without sentence ends (a one-pass splitter, no backtracking)', () => {
    const hostile = `${'a'.repeat(250_000)} ${'b'.repeat(249_990)} on v2.0`;
    const summary = summaryOf(ticket('Subject words here', hostile));
    expect(summary.length).toBeLessThanOrEqual(140);
  });
});
