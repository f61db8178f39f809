import { z } from 'zod';

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string from outside the service (request, import line, CLI file). Refused when it holds U+0000 or a lone UTF-16
 * surrogate (half of an emoji or other character beyond U+FFFF): neither is text, PostgreSQL rejects both, and
 * stripping them would change what was hashed, redacted and stored without telling the sender
 * (docs/decisions/2026-12-07-text-at-the-boundary.md). The messages say which, never the value.
 */
export function safeText() {
  return z
    .string()
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain the NUL character (U+0000)' })
    .refine((value) => !LONE_SURROGATE.test(value), { message: 'must not contain a lone UTF-16 surrogate (a broken emoji or other character)' });
}
