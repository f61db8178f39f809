import { z } from 'zod';
import { safeText } from '../../src/contract/index.ts';

import { TICKET_EVENT_TYPES } from '../zendesk/index.ts';

/** The event types that triage a ticket (the webhook's subscriptions): a new ticket, and a new comment (re-triage). */
export { TICKET_EVENT_TYPES };
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** A Zendesk ticket id: digits, as a string or a number (the event's `detail.id` is a string). */
const ZendeskId = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().positive()]).transform(String);

/** What we read of an event-subscribed webhook's payload; everything else (ticket text included) is left unread. */
const EventEnvelope = z.object({
  type: safeText().min(1).max(200),
  // Stored as the dedupe key: text PostgreSQL can hold (no U+0000, no lone surrogate).
  id: safeText().min(1).max(200),
});
const TicketEventPayload = EventEnvelope.extend({
  type: z.enum(TICKET_EVENT_TYPES),
  detail: z.object({ id: ZendeskId }),
});

/** A ticket event to triage: ids only, which is what the durable job carries. */
export interface TicketEvent {
  readonly eventId: string;
  readonly type: TicketEventType;
  readonly ticketId: string;
}

export type ParsedEvent =
  | { readonly kind: 'ticket'; readonly event: TicketEvent }
  | { readonly kind: 'ignored'; readonly type: string }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: string };

/** A verified delivery's body: a ticket event to triage, another event type to ignore, or not an event at all. */
export function parseEvent(body: Buffer): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'invalid', path: '', message: 'the webhook body is not JSON' };
  }
  const envelope = EventEnvelope.safeParse(value);
  if (!envelope.success) return invalid(envelope.error);
  if (!(TICKET_EVENT_TYPES as readonly string[]).includes(envelope.data.type))
    return { kind: 'ignored', type: envelope.data.type };
  const parsed = TicketEventPayload.safeParse(value);
  if (!parsed.success) return invalid(parsed.error);
  return {
    kind: 'ticket',
    event: { eventId: parsed.data.id, type: parsed.data.type, ticketId: parsed.data.detail.id },
  };
}

function invalid(error: z.ZodError): ParsedEvent {
  const issue = error.issues[0];
  return {
    kind: 'invalid',
    path: issue?.path.join('.') ?? '',
    message: `not a Zendesk event payload: ${issue?.message ?? 'invalid'}`,
  };
}
