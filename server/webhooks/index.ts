export {
  checkSignature,
  signDelivery,
  SIGNATURE_TOLERANCE_MS,
  type SignatureFailure,
  type SignedDelivery,
} from './signature.ts';
export { parseEvent, TICKET_EVENT_TYPES, type ParsedEvent, type TicketEvent, type TicketEventType } from './event.ts';
export {
  isConflict,
  type ZendeskComment,
  type ZendeskFor,
  type ZendeskTicket,
  type ZendeskTicketUpdate,
  type ZendeskTickets,
} from './zendesk-tickets.ts';
export { routingTarget, toTriageTicket, writeBackUpdate, type RoutingTarget } from './write-back.ts';
export {
  MAX_CONFLICT_RETRIES,
  ticketJobHandler,
  TicketJobPayload,
  ZENDESK_TICKET_JOB,
  ZendeskTicketInvalidError,
  type TicketJobOptions,
} from './ticket-job.ts';
export { webhookIntake, type WebhookIntake, type WebhookIntakeOptions } from './intake.ts';
export { zendeskClientTickets } from './zendesk-client-tickets.ts';
