export {
  checkSignature,
  signDelivery,
  SIGNATURE_TOLERANCE_MS,
  type SignatureFailure,
  type SignedDelivery,
} from './signature.ts';
export { parseEvent, TICKET_EVENT_TYPES, type ParsedEvent, type TicketEvent, type TicketEventType } from './event.ts';
export {
  languageTag,
  routingTarget,
  toTriageTicket,
  writeBackUpdate,
  writtenBand,
  type RoutingTarget,
  type WriteBackUpdate,
} from './write-back.ts';
export {
  MAX_CONFLICT_RETRIES,
  ticketJobHandler,
  TicketJobPayload,
  ZENDESK_TICKET_JOB,
  ZendeskTicketInvalidError,
  type TicketJobOptions,
  type ZendeskFor,
} from './ticket-job.ts';
export { webhookIntake, type WebhookIntake, type WebhookIntakeOptions } from './intake.ts';
