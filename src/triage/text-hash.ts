import type { Ticket } from '../contract/index.ts';
import { normalizeText } from '../text/index.ts';

/** sha-256 (hex) of the ticket's normalized text fields: a changed ticket gets a new hash, whitespace edits do not. */
export async function textHash(ticket: Ticket): Promise<string> {
  const fields = [ticket.subject, ticket.description, ...ticket.comments.map((comment) => comment.body)];
  const normalized = fields.map((field) => normalizeText(field).replace(/\s+/g, ' ').trim()).join('\u0000');
  // Web Crypto is a global in Node 20 and browsers: hashing is computation, not I/O.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalized));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
