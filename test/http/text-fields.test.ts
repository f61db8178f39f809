import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, type FeedbackEventInput, type TicketInput } from '../../src/contract/index.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const ticket = (): TicketInput => ({
  id: '1001',
  subject: 'Invoice is missing our VAT number',
  description: 'The invoice for October lacks our VAT number.',
  comments: [{ authorRole: 'requester', authorName: 'Maria Lopez', body: 'Any news?' }],
  requester: { name: 'Maria Lopez', email: 'maria@example.org' },
  participants: [{ name: 'Sam Agent' }],
  tags: ['vip'],
  locale: 'en-US',
});

const feedback = (): FeedbackEventInput => ({
  idempotencyKey: 'fb-key-0001',
  ticketId: '1001',
  kind: 'correct',
  label: 'billing',
  correctedLabel: 'bug',
  tags: ['vip'],
  actor: { id: 'agent-7' },
  at: '2026-11-23T10:00:00Z',
});

/** Sets the string at a dotted path (`comments.0.body`) of a JSON value. */
function withValue<T>(value: T, path: string, text: string): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = text;
  return copy as T;
}

const BAD = [
  { name: 'a NUL', insert: (text: string) => `${text}\u0000`, message: /NUL/ },
  { name: 'a lone surrogate', insert: (text: string) => `${text}\ud83d`, message: /lone UTF-16 surrogate/ },
];

const TICKET_FIELDS: [string, string][] = [
  ['id', 'ticket.id'],
  ['subject', 'ticket.subject'],
  ['description', 'ticket.description'],
  ['comments.0.body', 'ticket.comments[0].body'],
  ['comments.0.authorName', 'ticket.comments[0].authorName'],
  ['requester.name', 'ticket.requester.name'],
  ['requester.email', 'ticket.requester.email'],
  ['participants.0.name', 'ticket.participants[0].name'],
  ['tags.0', 'ticket.tags[0]'],
  ['locale', 'ticket.locale'],
];

const FEEDBACK_FIELDS: [string, string][] = [
  ['idempotencyKey', 'idempotencyKey'],
  ['ticketId', 'ticketId'],
  ['label', 'label'],
  ['correctedLabel', 'correctedLabel'],
  ['tags.0', 'tags[0]'],
  ['actor.id', 'actor.id'],
];

let runtime: TestRuntime;
let server: RunningApp;

beforeAll(async () => {
  runtime = testRuntime();
  server = await startApp(runtime);
});
afterAll(async () => {
  await server.close();
});

async function expectRejected(response: Response, path: string, message: RegExp, notEchoed?: string): Promise<void> {
  expect(response.status).toBe(400);
  const text = await response.text();
  const { error } = ErrorBody.parse(JSON.parse(text));
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path });
  expect(error.message).toMatch(message);
  if (notEchoed !== undefined) expect(text).not.toContain(notEchoed);
}

describe.each(BAD)('$name in a request', ({ insert, message }) => {
  it.each(TICKET_FIELDS)('POST /v1/triage answers 400 naming %s, never echoing the value', async (field, path) => {
    const original = field
      .split('.')
      .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], ticket()) as string;
    const response = await server.call('POST', '/v1/triage', {
      body: { ticket: withValue(ticket(), field, insert(original)) },
    });
    await expectRejected(response, path, message, original);
    expect(runtime.classifier.seen).toHaveLength(0);
  });

  it.each(FEEDBACK_FIELDS)('POST /v1/feedback answers 400 naming %s', async (field, path) => {
    const original = field
      .split('.')
      .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], feedback()) as string;
    const response = await server.call('POST', '/v1/feedback', {
      body: withValue(feedback(), field, insert(original)),
    });
    await expectRejected(response, path, message);
  });
});

describe('query and path parameters', () => {
  it('GET /v1/similar answers 400 naming q for a NUL', async () => {
    await expectRejected(await server.call('GET', '/v1/similar?q=vat%00number'), 'q', /NUL/);
  });

  // A URL carries UTF-8, where half an emoji is an invalid byte sequence: the query decodes it to U+FFFD.
  it('GET /v1/similar searches a query with half an emoji in UTF-8 as text with a replacement character', async () => {
    expect((await server.call('GET', '/v1/similar?q=vat%ED%A0%BD')).status).toBe(200);
  });

  it.each(['verdict', 'similar'])('GET /v1/tickets/<NUL>/%s answers 400 naming params.id', async (route) => {
    await expectRejected(await server.call('GET', `/v1/tickets/%00/${route}`), 'params.id', /NUL/);
  });

  it.each(['verdict', 'similar'])(
    'GET /v1/tickets/<half an emoji in UTF-8>/%s answers 400 INVALID_URL',
    async (route) => {
      const response = await server.call('GET', `/v1/tickets/%ED%A0%BD/${route}`);
      expect(response.status).toBe(400);
      const { error } = ErrorBody.parse(await response.json());
      expect(error.code).toBe('INVALID_URL');
      expect(error.message).toMatch(/must spell UTF-8/);
    },
  );

  it('still answers a well-formed id', async () => {
    expect((await server.call('GET', '/v1/tickets/1001/verdict')).status).toBe(200);
  });
});
