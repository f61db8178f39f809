import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's timestamp may be from our clock, either way (replays of a captured request end here). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** Why a delivery was refused; logged, never sent (the response says only that the signature is invalid). */
export type SignatureFailure = 'missing' | 'bad-timestamp' | 'stale' | 'mismatch';

export interface SignedDelivery {
  /** X-Zendesk-Webhook-Signature: base64 of the HMAC-SHA256 digest. */
  readonly signature: string | undefined;
  /** X-Zendesk-Webhook-Signature-Timestamp: ISO 8601 (e.g. 2024-04-17T17:18:10Z), or Unix seconds. */
  readonly timestamp: string | undefined;
  /** The request body exactly as received. */
  readonly body: Buffer;
}

/** The timestamp header as epoch milliseconds, or null when it is neither ISO 8601 nor Unix seconds. */
function timestampMs(timestamp: string): number | null {
  if (/^\d{9,11}$/.test(timestamp)) return Number(timestamp) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(timestamp)) return null;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Checks a Zendesk webhook delivery: signature = base64(HMAC-SHA256(secret, timestamp + raw body)), compared in
 * constant time, and a timestamp within SIGNATURE_TOLERANCE_MS of `now` (docs/decisions/2026-12-07-zendesk-webhooks.md).
 * Null when the delivery is genuine; otherwise why not.
 */
export function checkSignature(
  secret: string,
  delivery: SignedDelivery,
  now: Date,
  toleranceMs: number = SIGNATURE_TOLERANCE_MS,
): SignatureFailure | null {
  const { signature, timestamp, body } = delivery;
  if (!signature || !timestamp || secret === '') return 'missing';
  const sentAt = timestampMs(timestamp);
  if (sentAt === null) return 'bad-timestamp';
  if (Math.abs(now.getTime() - sentAt) > toleranceMs) return 'stale';
  const expected = createHmac('sha256', secret).update(timestamp).update(body).digest();
  const given = Buffer.from(signature, 'base64');
  // A digest's length is no secret; only equal lengths can be compared in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
  return null;
}

/** What Zendesk sends for `body` at `timestamp`: tests and the local Zendesk sign deliveries with it. */
export function signDelivery(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp).update(body).digest('base64');
}
