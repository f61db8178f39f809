export {
  fakeTicket,
  startFakeZendesk,
  type FakeComment,
  type FakeDelivery,
  type FakeGroup,
  type FakeRequest,
  type FakeRoute,
  type FakeTicket,
  type FakeZendesk,
  type FakeZendeskOptions,
  type Injection,
  type NewTicket,
} from './local-zendesk.ts';
