import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { textHash, webSha256Hex } from '../../src/triage/index.ts';
import { sha256Hex } from '../../server/sha256-hex.ts';

const ticket = (subject: string, description: string, comments: string[] = []) =>
  Ticket.parse({
    id: 't-1',
    subject,
    description,
    comments: comments.map((body) => ({ body, authorRole: 'requester' })),
  });

describe('text hash digests', () => {
  it.each([
    ['ASCII', ticket('Refund please', 'I was charged twice.')],
    [
      'accents, CJK and emoji',
      ticket('Rückerstattung für Bestellung', 'お世話になっております 🙏 đơn hàng', ['Ça ne marche pas']),
    ],
    ['empty fields', ticket('', '')],
  ])('gives the same hash through node:crypto as through Web Crypto for %s', async (_name, value) => {
    expect(await textHash(value, sha256Hex)).toBe(await textHash(value));
  });

  it('gives the same hex through node:crypto as through Web Crypto for a lone surrogate (the contract refuses it in a ticket)', async () => {
    expect(sha256Hex('broken \ud800 text \udfff')).toBe(await webSha256Hex('broken \ud800 text \udfff'));
  });

  it('matches a known SHA-256', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(await webSha256Hex('abc')).toBe(abc);
  });
});
