import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { textHash, webSha256Hex } from '../../src/triage/index.ts';
import { nodeSha256Hex } from '../../server/runtime/triage-service.ts';

const ticket = (subject: string, description: string, comments: string[] = []) =>
  Ticket.parse({ id: 't-1', subject, description, comments: comments.map((body) => ({ body, authorRole: 'requester' })) });

describe('text hash digests', () => {
  it.each([
    ['ASCII', ticket('Refund please', 'I was charged twice.')],
    ['accents, CJK and emoji', ticket('Rückerstattung für Bestellung', 'お世話になっております 🙏 đơn hàng', ['Ça ne marche pas'])],
    // The contract refuses lone surrogates at the boundary; the digests must still agree on text that skipped it.
    ['a lone surrogate', { ...ticket('', ''), subject: 'broken \ud800 text', description: 'tail \udfff' }],
    ['empty fields', ticket('', '')],
  ])('gives the same hash through node:crypto as through Web Crypto for %s', async (_name, value) => {
    expect(await textHash(value, nodeSha256Hex)).toBe(await textHash(value));
  });

  it('matches a known SHA-256', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(nodeSha256Hex('abc')).toBe(abc);
    expect(await webSha256Hex('abc')).toBe(abc);
  });
});
