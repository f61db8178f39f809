import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, parseEvent, signDelivery } from '../../server/webhooks/index.ts';

const SECRET = 'dGhpc19pc19hX3NpZ25pbmdfc2VjcmV0';
const NOW = new Date('2026-12-07T12:00:00Z');
const STAMP = '2026-12-07T11:59:30Z';
const BODY = Buffer.from('{"type":"zen:event-type:ticket.created","id":"e-1","detail":{"id":"35436"}}');
/** Zendesk's documented recipe, written out independently: base64(HMACSHA256(TIMESTAMP + BODY)). */
const zendeskSignature = (secret: string, timestamp: string, body: Buffer) =>
  createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(timestamp), body]))
    .digest('base64');

describe('checkSignature', () => {
  it('accepts a delivery signed as Zendesk documents it, and signDelivery signs the same', () => {
    const signature = zendeskSignature(SECRET, STAMP, BODY);
    expect(signDelivery(SECRET, STAMP, BODY)).toBe(signature);
    expect(checkSignature(SECRET, { signature, timestamp: STAMP, body: BODY }, NOW)).toBeNull();
  });

  it('accepts a Unix-seconds timestamp too', () => {
    const stamp = String(Math.floor(NOW.getTime() / 1000) - 10);
    const signature = zendeskSignature(SECRET, stamp, BODY);
    expect(checkSignature(SECRET, { signature, timestamp: stamp, body: BODY }, NOW)).toBeNull();
  });

  it.each([
    ['a missing signature', { signature: undefined }, 'missing'],
    ['a missing timestamp', { timestamp: undefined }, 'missing'],
    ['a timestamp that is no time', { timestamp: 'yesterday' }, 'bad-timestamp'],
    ['a body changed by one byte', { body: Buffer.from(BODY.toString().replace('35436', '35437')) }, 'mismatch'],
    ['another secret', { signature: zendeskSignature('another-secret-0123456789', STAMP, BODY) }, 'mismatch'],
    ['a signature of the wrong length', { signature: 'c2hvcnQ=' }, 'mismatch'],
    [
      'a hex digest instead of base64',
      { signature: createHmac('sha256', SECRET).update(STAMP).update(BODY).digest('hex') },
      'mismatch',
    ],
  ] as const)('refuses %s', (_name, change, reason) => {
    const delivery = { signature: zendeskSignature(SECRET, STAMP, BODY), timestamp: STAMP, body: BODY, ...change };
    expect(checkSignature(SECRET, delivery, NOW)).toBe(reason);
  });

  it.each([
    ['over 5 minutes old', '2026-12-07T11:54:59Z'],
    ['over 5 minutes ahead', '2026-12-07T12:05:01Z'],
  ])('refuses a correctly signed delivery %s', (_name, stamp) => {
    const signature = zendeskSignature(SECRET, stamp, BODY);
    expect(checkSignature(SECRET, { signature, timestamp: stamp, body: BODY }, NOW)).toBe('stale');
  });

  it('accepts one exactly 5 minutes old', () => {
    const stamp = '2026-12-07T11:55:00Z';
    const signature = zendeskSignature(SECRET, stamp, BODY);
    expect(checkSignature(SECRET, { signature, timestamp: stamp, body: BODY }, NOW)).toBeNull();
  });

  it('refuses everything when the secret is empty', () => {
    const signature = zendeskSignature('', STAMP, BODY);
    expect(checkSignature('', { signature, timestamp: STAMP, body: BODY }, NOW)).toBe('missing');
  });
});

describe('parseEvent', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it.each(['zen:event-type:ticket.created', 'zen:event-type:ticket.comment_added'])('reads %s: ids only', (type) => {
    expect(
      parseEvent(body({ type, id: 'e-9', account_id: 1, detail: { id: '35436', subject: 'secret text' } })),
    ).toEqual({ kind: 'ticket', event: { eventId: 'e-9', type, ticketId: '35436' } });
  });

  it('ignores other event types', () => {
    expect(parseEvent(body({ type: 'zen:event-type:user.active_changed', id: 'e-1', detail: { id: '6' } }))).toEqual({
      kind: 'ignored',
      type: 'zen:event-type:user.active_changed',
    });
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    ['no event id', body({ type: 'zen:event-type:ticket.created', detail: { id: '1' } })],
    ['a ticket id that is no number', body({ type: 'zen:event-type:ticket.created', id: 'e', detail: { id: 'x' } })],
    ['no detail', body({ type: 'zen:event-type:ticket.created', id: 'e' })],
    ['an event id with U+0000', body({ type: 'zen:event-type:ticket.created', id: 'e\u0000', detail: { id: '1' } })],
  ])('calls %s invalid', (_name, payload) => {
    expect(parseEvent(payload).kind).toBe('invalid');
  });
});
