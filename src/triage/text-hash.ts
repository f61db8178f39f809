import type { Ticket } from '../contract/index.ts';
import { normalizeText } from '../text/index.ts';

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex. */
export type Sha256Hex = (text: string) => string | Promise<string>;

/** Web Crypto is a global in Node 20 and browsers: hashing is computation, not I/O. */
export async function webSha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The runs `\s+` → ' ' would change, without matching every single space: the same text out, several times faster on
 * a long ticket, where this hash (it covers all of the text, not only the analysed part) is most of the request's work.
 */
const WHITE_SPACE_TO_COLLAPSE = /[^\S ]\s*|\s{2,}/g;

/**
 * sha-256 (hex) of the ticket's normalized text fields: a changed ticket gets a new hash, whitespace edits do not.
 * A server passes a synchronous `sha256Hex` (node:crypto): Web Crypto's digest is an async job that costs tens of
 * microseconds more per call than the hashing itself.
 */
export async function textHash(ticket: Ticket, sha256Hex: Sha256Hex = webSha256Hex): Promise<string> {
  const fields = [ticket.subject, ticket.description, ...ticket.comments.map((comment) => comment.body)];
  const normalized = fields
    .map((field) => normalizeText(field).replace(WHITE_SPACE_TO_COLLAPSE, ' ').trim())
    .join('\u0000');
  return sha256Hex(normalized);
}
