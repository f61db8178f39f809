/**
 * Tickets near the body limit: the pipeline reads only their first ANALYSED_CHARS (so their cost is bounded), what is
 * stored and returned holds nothing from the rest, and they run one at a time while short tickets pass them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ticket, TriageResult, type TicketInput } from '../../src/contract/index.ts';
import type { Classification, ClassifierInput } from '../../src/classifier/index.ts';
import { ANALYSED_CHARS } from '../../src/triage/index.ts';
import { triageAndStore } from '../../server/runtime/triage-service.ts';
import { startApp, type RunningApp } from '../support/http.ts';
import { KeywordClassifier, testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const SENTENCES = [
  'The invoice export stops at the second page.',
  'We retried after clearing the cache.',
  'Colleagues see the same thing since Monday.',
];
const filler = (length: number, salt: number) => {
  let text = '';
  for (let index = 0; text.length < length; index++)
    text += `${SENTENCES[(index + salt) % SENTENCES.length]} (step ${index}) `;
  return text.slice(0, length);
};

const HEAD_EMAIL = 'head.person@example.com';
const TAIL_PII = [
  'tail.person@example.org',
  '4111 1111 1111 1111',
  'DE89 3704 0044 0532 0130 00',
  'comment.person@example.net',
];

/** ~0.9 MB: PII early (kept, redacted) and far past the analysed part, in the description and in comments. */
function hugeTicket(id: string): TicketInput {
  return {
    id,
    subject: 'Invoice export fails',
    description: `Hello, ${filler(1_000, 0)} write to ${HEAD_EMAIL}. ${filler(300_000, 1)} card ${TAIL_PII[1]}, e-mail ${TAIL_PII[0]} ${filler(150_000, 2)} IBAN ${TAIL_PII[2]}`,
    comments: [
      { authorRole: 'requester', body: `${filler(190_000, 0)} reply to ${TAIL_PII[3]}` },
      { authorRole: 'requester', body: filler(190_000, 1) },
    ],
  };
}

let runtime: TestRuntime;
let server: RunningApp;

beforeEach(async () => {
  runtime = testRuntime();
  server = await startApp(runtime);
});
afterEach(async () => {
  await server.close();
});

describe('POST /v1/triage with a ticket near the body limit', () => {
  it('analyses and stores only the first ANALYSED_CHARS; nothing from the rest is stored or returned', async () => {
    const body = JSON.stringify({ ticket: hugeTicket('huge-1') });
    expect(body.length).toBeGreaterThan(800_000);
    const response = await server.call('POST', '/v1/triage', { rawBody: body });
    expect(response.status).toBe(200);
    const returned = await response.text();
    const result = TriageResult.parse(JSON.parse(returned));
    expect(result.label.name).toBe('billing');
    expect(runtime.classifier.seen).toHaveLength(1);
    // subject + '\n' + description: the parts joined by modelText
    expect(runtime.classifier.seen[0]!.text.length).toBeLessThanOrEqual(ANALYSED_CHARS + 1);
    const stored = runtime.store.tickets.get('huge-1');
    expect(stored?.text.length).toBeLessThanOrEqual(ANALYSED_CHARS + 1);
    expect(stored?.text).toContain('<EMAIL_1>');
    const everything = [
      returned,
      JSON.stringify([...runtime.store.tickets.values(), ...runtime.store.results.values()]),
      JSON.stringify(runtime.classifier.seen),
    ].join('\n');
    for (const value of [HEAD_EMAIL, ...TAIL_PII]) expect(everything).not.toContain(value);
    // The hash still covers all of the text: a change past the analysed part is a new text.
    const changed = hugeTicket('huge-1');
    changed.comments![1]!.body += ' one more line';
    const again = TriageResult.parse(
      await (await server.call('POST', '/v1/triage', { body: { ticket: changed } })).json(),
    );
    expect(again.textHash).not.toBe(result.textHash);
  });
});

/** Records how many long texts it classifies at once, taking a moment over each as a real model would. */
class OverlapRecorder extends KeywordClassifier {
  active = 0;
  mostAtOnce = 0;
  override async classify(input: ClassifierInput): Promise<Classification> {
    const long = input.text.length > 1_000;
    if (long) this.mostAtOnce = Math.max(this.mostAtOnce, ++this.active);
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (long) this.active--;
    return super.classify(input);
  }
}

describe('triageAndStore with several long tickets at once', () => {
  it('runs long tickets one at a time, and a short ticket does not wait behind them', async () => {
    const classifier = new OverlapRecorder();
    const base = testRuntime();
    const recording = {
      ...base,
      model: { current: () => ({ version: 'double-1', classifier, labels: base.taxonomy.current().labelIds }) },
    };
    const finished: string[] = [];
    const run = (ticket: TicketInput) =>
      triageAndStore(recording, Ticket.parse(ticket)).then(() => finished.push(ticket.id));
    const long = ['long-1', 'long-2', 'long-3'].map((id) => run(hugeTicket(id)));
    const short = run({
      id: 'short-1',
      subject: 'Invoice copy',
      description: 'Please send the October invoice again.',
    });
    await Promise.all([...long, short]);
    expect(classifier.mostAtOnce).toBe(1);
    expect(finished.indexOf('short-1')).toBeLessThan(finished.indexOf('long-3'));
  });
});
