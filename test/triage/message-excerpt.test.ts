import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { messageExcerpt, modelText } from '../../src/triage/index.ts';

const ticket = (subject: string, description: string) =>
  Ticket.parse({
    id: '1',
    subject,
    description,
    comments: [{ authorRole: 'requester', body: 'Still broken.', public: true }],
  });

describe('messageExcerpt', () => {
  it('leaves out the subject modelText put first and folds the rest onto one line', () => {
    const text = modelText(ticket('Export fails', 'The export button\n\n  does nothing for <PERSON_1>.'));
    expect(messageExcerpt('Export fails', text, 280)).toBe(
      'The export button does nothing for <PERSON_1>. Still broken.',
    );
  });

  it('says a line once when the description comes back as the first comment (as Zendesk sends it)', () => {
    const text = modelText(
      Ticket.parse({
        id: '1',
        subject: 'Thanks',
        description: 'Where can I see that?',
        comments: [
          { authorRole: 'requester', body: 'Where can I see that?', public: true },
          { authorRole: 'requester', body: 'Any news?', public: true },
        ],
      }),
    );
    expect(messageExcerpt('Thanks', text, 280)).toBe('Where can I see that? Any news?');
  });

  it('keeps the whole text when it does not start with the subject (an imported ticket) or the subject is empty', () => {
    expect(messageExcerpt('Other', 'Body only', 280)).toBe('Body only');
    expect(messageExcerpt('', 'Body only', 280)).toBe('Body only');
  });

  it('is empty for a ticket with nothing below its subject', () => {
    expect(messageExcerpt('Only a subject', 'Only a subject', 280)).toBe('');
  });

  it('clips at the limit with an ellipsis and never cuts a placeholder in half', () => {
    const excerpt = messageExcerpt('S', `S\n${'a'.repeat(30)} <EMAIL_1> tail`, 36);
    expect(excerpt.length).toBeLessThanOrEqual(36);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/<EMAIL(?!_1>)/);
  });
});
