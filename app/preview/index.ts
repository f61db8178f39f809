export { createZafHost, type RequestProxy, type ZafHost, type ZafHostOptions } from './zaf-host.ts';
export {
  allComments,
  toHtml,
  zafConversation,
  zafTicket,
  type HostComment,
  type HostTicket,
  type HostUser,
} from './host-ticket.ts';
export { parseIncoming, type OutgoingMessage } from './zaf-messages.ts';
