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
    .refine((value) => !LONE_SURROGATE.test(value), {
      message: 'must not contain a lone UTF-16 surrogate (a broken emoji or other character)',
    });
}

const LONE_SURROGATES = /\p{Cs}/gu;

/**
 * What a client does with text it did not write (a Zendesk ticket read through ZAF) before sending it: NULs dropped
 * and lone surrogates replaced by U+FFFD, so the request passes `safeText` instead of being refused for a character
 * the agent never typed. The service itself never repairs what it is sent.
 */
export function wellFormedText(value: string): string {
  const withoutNul = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return withoutNul.replace(LONE_SURROGATES, '\uFFFD');
}
