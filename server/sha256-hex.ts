import { createHash } from 'node:crypto';

/**
 * SHA-256 of a string's UTF-8 bytes, as lower-case hex, synchronously: the same hex as src/triage's `webSha256Hex`
 * (Web Crypto's digest is async and costs tens of microseconds more per call than the hashing itself).
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
