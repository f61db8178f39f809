import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  FeedbackResponse,
  ImportReport,
  ReadyResponse,
  ReviewResponse,
  SimilarResponse,
  TaxonomyView,
  TrainResponse,
  TriageResult,
  VerdictResponse,
  type FeedbackEventInput,
  type TicketInput,
} from '../../src/contract/index.ts';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/http.ts';
import { testRuntime, type TestRuntime } from '../support/test-runtime.ts';

const pii = { email: 'maria.lopez@example.org', phone: '+1 202-555-0187', name: 'Maria Lopez' };
const ticket = (input: Partial<TicketInput> = {}): TicketInput => ({
  id: '1001',
  subject: 'Invoice is missing our VAT number',
  description: `Hello, this is ${pii.name} (${pii.email}, phone ${pii.phone}). The invoice for October lacks our VAT number.`,
  requester: { name: pii.name, email: pii.email },
  status: 'open',
  ...input,
});

const feedback = (input: Partial<FeedbackEventInput> = {}): FeedbackEventInput => ({
  idempotencyKey: 'fb-key-0001',
  ticketId: '1001',
  kind: 'accept',
  label: 'billing',
  actor: { id: 'agent-7' },
  at: '2026-11-23T10:00:00Z',
  ...input,
});

let runtime: TestRuntime;
let server: RunningApp;

beforeEach(async () => {
  runtime = testRuntime();
  server = await startApp(runtime);
});
afterEach(async () => {
  await server.close();
});

async function triage(input: TicketInput): Promise<TriageResult> {
  const response = await server.call('POST', '/v1/triage', { body: { ticket: input } });
  expect(response.status).toBe(200);
  // A stored result is sent as stored text: it must still say it is JSON.
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return TriageResult.parse(await response.json());
}

describe('POST /v1/triage', () => {
  it('returns a contract-valid result and stores only the redacted ticket', async () => {
    const result = await triage(ticket());
    expect(result).toMatchObject({ ticketId: '1001', label: { name: 'billing', source: 'model' }, decision: 'auto' });
    expect(result.redaction.total).toBeGreaterThan(0);
    const stored = runtime.store.tickets.get('1001');
    expect(stored).toMatchObject({ label: 'billing', status: 'open' });
    const everythingStored = JSON.stringify([...runtime.store.tickets.values(), ...runtime.store.results.values()]);
    for (const value of Object.values(pii)) expect(everythingStored).not.toContain(value);
    for (const value of Object.values(pii)) expect(JSON.stringify(runtime.classifier.seen)).not.toContain(value);
  });

  it('returns the stored result for the same ticket id and text without recomputing', async () => {
    const first = await triage(ticket());
    const second = await triage(ticket({ tags: ['vip'] }));
    expect(second).toEqual(first);
    expect(runtime.classifier.seen).toHaveLength(1);
    expect(runtime.store.callsTo('saveTriage')).toHaveLength(1);
  });

  it('recomputes when the ticket text changed', async () => {
    const first = await triage(ticket());
    const second = await triage(ticket({ subject: 'Reports', description: 'How do I export a report to CSV?' }));
    expect(second.textHash).not.toBe(first.textHash);
    expect(second.label.name).toBe('how_to');
    expect(runtime.classifier.seen).toHaveLength(2);
  });

  it('keeps a known label when a labelled ticket is triaged and leaves drafts unlabelled', async () => {
    await runtime.store.upsertTickets([
      {
        id: '1001',
        subject: 's',
        text: 't',
        label: 'bug',
        urgency: null,
        status: 'open',
        createdAt: null,
        source: 'import',
      },
    ]);
    await triage(ticket());
    expect(runtime.store.tickets.get('1001')?.label).toBe('bug');
    const draft = await triage(ticket({ id: '1002', subject: 'Question', description: 'How do I export a report?' }));
    expect(draft.decision).toBe('draft');
    expect(runtime.store.tickets.get('1002')?.label).toBeNull();
  });

  it('attaches similar tickets and adds the triaged ticket to the index at once', async () => {
    await triage(ticket());
    const result = await triage(
      ticket({ id: '1002', description: 'The invoice for November lacks our VAT number too.' }),
    );
    expect(result.similar.map((hit) => hit.ticketId)).toContain('1001');
    expect(result.similar.map((hit) => hit.ticketId)).not.toContain('1002');
    expect(runtime.similar.tickets.has('1002')).toBe(true);
  });

  it('links a new escalation to an open similar escalation instead of a second alert', async () => {
    const outage = (id: string) =>
      ticket({
        id,
        subject: 'Outage: dashboard is down',
        description: 'The whole dashboard is down, service unavailable for everyone.',
      });
    const first = await triage(outage('2001'));
    expect(first.escalation).toEqual({ isEscalation: true, linkedTo: null });
    const second = await triage(outage('2002'));
    expect(second.escalation.linkedTo?.ticketId).toBe('2001');
  });

  it('answers while no model is loaded yet: rules still run, and the decision is review with the reason', async () => {
    await server.close();
    runtime = testRuntime({ modelLoaded: false });
    server = await startApp(runtime);
    const response = await server.call('POST', '/v1/triage', { body: { ticket: ticket() } });
    expect(response.status).toBe(200);
    const result = TriageResult.parse(await response.json());
    expect(result).toMatchObject({ decision: 'review', label: { source: 'none' }, versions: { model: 'none' } });
    expect(result.label.reason).toContain('no local model is trained for this installation yet');
    const hacked = await server.call('POST', '/v1/triage', {
      body: { ticket: ticket({ id: '1002', subject: 'Our account was hacked' }) },
    });
    expect(TriageResult.parse(await hacked.json())).toMatchObject({
      decision: 'review',
      label: { name: 'security', source: 'rule' },
    });
  });
});

describe('similar tickets', () => {
  it('searches past tickets with GET /v1/similar', async () => {
    await triage(ticket());
    const response = await server.call('GET', `/v1/similar?q=${encodeURIComponent('VAT number on invoice')}&limit=3`);
    expect(response.status).toBe(200);
    const body = SimilarResponse.parse(await response.json());
    expect(body.hits[0]).toMatchObject({ ticketId: '1001', label: 'billing', status: 'open' });
  });

  it('leaves the ticket named by exclude out of GET /v1/similar', async () => {
    await triage(ticket());
    await triage(ticket({ id: '1002', description: 'Our invoice lacks the VAT number.' }));
    const query = `q=${encodeURIComponent('invoice VAT number')}&limit=5`;
    const all = SimilarResponse.parse(await (await server.call('GET', `/v1/similar?${query}`)).json());
    expect(all.hits.map((hit) => hit.ticketId).sort()).toEqual(['1001', '1002']);
    const response = await server.call('GET', `/v1/similar?${query}&exclude=1002`);
    expect(response.status).toBe(200);
    expect(SimilarResponse.parse(await response.json()).hits.map((hit) => hit.ticketId)).toEqual(['1001']);
  });

  it('rejects an empty exclude with the field path', async () => {
    const response = await server.call('GET', '/v1/similar?q=invoice&exclude=');
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'exclude' });
  });

  it('never lists the triaged ticket among its own similar tickets, also when its text changed', async () => {
    await triage(ticket({ id: '1002', description: 'Our invoice lacks the VAT number.' }));
    await triage(ticket());
    const again = await triage(ticket({ description: 'The October invoice still lacks our VAT number.' }));
    expect(again.similar.map((hit) => hit.ticketId)).toEqual(['1002']);
  });

  it('finds tickets like a stored one with GET /v1/tickets/:id/similar, excluding itself', async () => {
    await triage(ticket());
    await triage(ticket({ id: '1002', description: 'Our invoice lacks the VAT number.' }));
    const response = await server.call('GET', '/v1/tickets/1002/similar?limit=5');
    const body = SimilarResponse.parse(await response.json());
    expect(body.hits.map((hit) => hit.ticketId)).toEqual(['1001']);
  });

  it('answers 404 for an unknown ticket id', async () => {
    const response = await server.call('GET', '/v1/tickets/nope/similar');
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).error.code).toBe('NOT_FOUND');
  });

  it('rejects an empty query with the field path', async () => {
    const response = await server.call('GET', '/v1/similar?q=');
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'q' });
  });
});

describe('POST /v1/feedback', () => {
  beforeEach(async () => {
    await triage(ticket());
  });

  /** The refusal's error body; and that nothing was written: no event, the ticket's label as triage left it. */
  async function expectRefused(response: Response, status: number, code: string, path: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(ErrorBody.parse(await response.json()).error).toMatchObject({ code, path });
    expect(runtime.store.feedback.size).toBe(0);
    expect(runtime.store.callsTo('appendFeedback')).toHaveLength(0);
    expect(runtime.store.tickets.get('1001')).toMatchObject({ label: 'billing' });
  }

  it('stores an event once: 201 the first time, 200 with duplicate on a repeat', async () => {
    const first = await server.call('POST', '/v1/feedback', { body: feedback() });
    expect(first.status).toBe(201);
    const firstBody = FeedbackResponse.parse(await first.json());
    expect(firstBody.duplicate).toBe(false);
    const again = await server.call('POST', '/v1/feedback', { body: feedback() });
    expect(again.status).toBe(200);
    expect(FeedbackResponse.parse(await again.json())).toEqual({ id: firstBody.id, duplicate: true });
    expect(runtime.store.feedback.size).toBe(1);
  });

  it('answers only after the store has written the event', async () => {
    const response = await server.call('POST', '/v1/feedback', {
      body: feedback({ idempotencyKey: 'fb-key-0002', kind: 'correct', correctedLabel: 'bug' }),
    });
    expect(response.status).toBe(201);
    expect(runtime.store.feedback.get('fb-key-0002')?.event).toMatchObject({ kind: 'correct', correctedLabel: 'bug' });
  });

  it('rejects a correction without correctedLabel, naming the field', async () => {
    const response = await server.call('POST', '/v1/feedback', { body: feedback({ kind: 'correct' }) });
    await expectRefused(response, 400, 'VALIDATION_FAILED', 'correctedLabel');
  });

  it.each(['accept', 'correct', 'reject', 'like', 'dislike'] as const)(
    'answers 404 TICKET_NOT_FOUND for a %s about a ticket this installation never stored',
    async (kind) => {
      const response = await server.call('POST', '/v1/feedback', {
        body: feedback({ ticketId: '9999', kind, correctedLabel: kind === 'correct' ? 'bug' : null }),
      });
      await expectRefused(response, 404, 'TICKET_NOT_FOUND', 'ticketId');
    },
  );

  it('answers 400 UNKNOWN_LABEL for a correction to a label the taxonomy lacks, naming correctedLabel', async () => {
    const response = await server.call('POST', '/v1/feedback', {
      body: feedback({ kind: 'correct', correctedLabel: 'no_such_label' }),
    });
    await expectRefused(response, 400, 'UNKNOWN_LABEL', 'correctedLabel');
  });

  it('answers 400 UNKNOWN_LABEL for an accept of a label the taxonomy lacks, naming label', async () => {
    const response = await server.call('POST', '/v1/feedback', { body: feedback({ label: 'no_such_label' }) });
    await expectRefused(response, 400, 'UNKNOWN_LABEL', 'label');
  });

  it('stores a reject or a like of a suggestion whose label the taxonomy has since dropped: no label is learnt', async () => {
    for (const kind of ['reject', 'like'] as const) {
      const response = await server.call('POST', '/v1/feedback', {
        body: feedback({ idempotencyKey: `fb-key-dropped-${kind}`, kind, label: 'dropped_label' }),
      });
      expect(response.status).toBe(201);
    }
    expect(runtime.store.tickets.get('1001')).toMatchObject({ label: 'billing' });
  });

  it('answers 403 ACTOR_NOT_GRANTED when the body claims the admin role: no installation token grants it', async () => {
    const response = await server.call('POST', '/v1/feedback', {
      body: feedback({ actor: { id: 'agent-7', role: 'admin' } }),
    });
    await expectRefused(response, 403, 'ACTOR_NOT_GRANTED', 'actor.role');
  });

  it("answers 403 ACTOR_NOT_GRANTED when the body names another user than the token's sub", async () => {
    const token = await server.token({ claims: { sub: 'agent-7' } });
    const response = await server.call('POST', '/v1/feedback', {
      body: feedback({ actor: { id: 'agent-8' } }),
      authorization: `Bearer ${token}`,
    });
    await expectRefused(response, 403, 'ACTOR_NOT_GRANTED', 'actor.id');
  });

  it("stores the token's user and a reviewer's answer from the review queue as sent", async () => {
    // Zendesk's proxy signs the claims the app passes; the app passes the user id as a string, a number also fits.
    for (const [sub, key] of [
      ['7', 'fb-key-sub-string'],
      [7, 'fb-key-sub-number'],
    ] as const) {
      const response = await server.call('POST', '/v1/feedback', {
        body: feedback({ idempotencyKey: key, kind: 'like', actor: { id: '7', role: 'reviewer' } }),
        authorization: `Bearer ${await server.token({ claims: { sub } })}`,
      });
      expect(response.status).toBe(201);
      expect(runtime.store.feedback.get(key)?.event.actor).toEqual({ id: '7', role: 'reviewer' });
    }
  });
});

describe('GET /v1/tickets/:id/verdict', () => {
  const verdict = async (id: string) => {
    const response = await server.call('GET', `/v1/tickets/${id}/verdict`);
    expect(response.status).toBe(200);
    return VerdictResponse.parse(await response.json()).verdict;
  };

  it('answers null before anyone answered the suggestion, and the latest decisive answer after', async () => {
    await triage(ticket());
    expect(await verdict('1001')).toBeNull();
    await server.call('POST', '/v1/feedback', { body: feedback({ kind: 'like', idempotencyKey: 'fb-key-like' }) });
    expect(await verdict('1001')).toBeNull();
    await server.call('POST', '/v1/feedback', { body: feedback() });
    expect(await verdict('1001')).toEqual({
      kind: 'accept',
      label: 'billing',
      correctedLabel: null,
      role: 'agent',
      at: '2026-11-23T10:00:00.000Z',
    });
    await server.call('POST', '/v1/feedback', {
      body: feedback({
        idempotencyKey: 'fb-key-0003',
        kind: 'correct',
        correctedLabel: 'bug',
        actor: { id: 'lead-1', role: 'reviewer' },
        at: '2026-11-24T08:00:00Z',
      }),
    });
    expect(await verdict('1001')).toMatchObject({ kind: 'correct', correctedLabel: 'bug', role: 'reviewer' });
    expect(await verdict('1002')).toBeNull();
  });

  it('needs the installation JWT', async () => {
    const response = await server.call('GET', '/v1/tickets/1001/verdict', { authorization: null });
    expect(response.status).toBe(401);
  });
});

describe('taxonomy and review queue', () => {
  it('returns the taxonomy view for the UI', async () => {
    const response = await server.call('GET', '/v1/taxonomy');
    const view = TaxonomyView.parse(await response.json());
    expect(view.labels.map((label) => label.id)).toContain('billing');
    expect(view.thresholds).toEqual({ auto: 0.85, review: 0.6 });
    // Every label names its default urgency, one of the view's urgency levels (a correction sets its priority).
    const urgencyIds = view.urgency.map((level) => level.id);
    expect(view.labels.every((label) => urgencyIds.includes(label.defaultUrgency))).toBe(true);
  });

  it('lists low-confidence results waiting for a reviewer', async () => {
    await triage(
      ticket({
        id: '3001',
        subject: 'Strange thing',
        description: 'Something odd happens sometimes, says jane@example.com.',
      }),
    );
    await triage(ticket());
    const response = await server.call('GET', '/v1/review?limit=10');
    const body = ReviewResponse.parse(await response.json());
    expect(body.items.map((item) => item.ticketId)).toEqual(['3001']);
    expect(body.total).toBe(1);
    // What a reviewer needs to judge and answer it: the reason and the text hash of the feedback key.
    expect(body.items[0]?.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.items[0]?.reason).toEqual(expect.any(String));
    // The message below the subject, redacted as stored.
    expect(body.items[0]?.excerpt).toBe('Something odd happens sometimes, says <EMAIL_1>.');
    expect(runtime.store.callsTo('reviewQueue')).toEqual([[10]]);
  });
});

describe('admin routes', () => {
  const admin = `Bearer ${ADMIN_TOKEN}`;
  const lines = [
    JSON.stringify({
      id: 'imp-1',
      subject: 'Refund please',
      description: 'Please refund the double charge on my invoice.',
      label: 'billing',
    }),
    'not json',
    JSON.stringify({ id: 'imp-2', subject: 'Export', description: 'How do I export data?', label: 'how_to' }),
  ];

  it('imports a JSONL stream and reports counts, then the index catches up', async () => {
    const response = await server.call('POST', '/v1/admin/import', {
      rawBody: lines.join('\n'),
      authorization: admin,
      contentType: 'application/x-ndjson',
    });
    expect(response.status).toBe(200);
    const report = ImportReport.parse(await response.json());
    expect(report).toMatchObject({ received: 3, inserted: 2, rejected: 1 });
    expect(report.errors).toEqual([expect.objectContaining({ line: 2 })]);
    expect(runtime.similar.refreshes).toBe(1);
    expect(runtime.similar.tickets.has('imp-2')).toBe(true);
  });

  it('accepts an import larger than the 1 MB JSON limit', async () => {
    const many = Array.from({ length: 6000 }, (_, index) =>
      JSON.stringify({ id: `big-${index}`, subject: 'Refund', description: 'x'.repeat(200), label: 'billing' }),
    );
    const body = many.join('\n');
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const response = await server.call('POST', '/v1/admin/import', {
      rawBody: body,
      authorization: admin,
      contentType: 'application/x-ndjson',
    });
    expect(ImportReport.parse(await response.json()).inserted).toBe(6000);
  });

  it('trains through the trainer and returns the new version', async () => {
    const response = await server.call('POST', '/v1/admin/train', { authorization: admin });
    expect(response.status).toBe(200);
    expect(TrainResponse.parse(await response.json())).toMatchObject({ promoted: true });
    expect(runtime.trainCalls).toBe(1);
  });

  it.each([
    ['no token', null, 401, 'UNAUTHORIZED'],
    ['a wrong token', 'Bearer not-the-admin-token-at-all', 403, 'FORBIDDEN'],
  ])('refuses %s', async (_name, authorization, status, code) => {
    const response = await server.call('POST', '/v1/admin/train', { authorization });
    expect(response.status).toBe(status);
    expect(ErrorBody.parse(await response.json()).error.code).toBe(code);
    expect(runtime.trainCalls).toBe(0);
  });

  it.each([
    ['several JSONL lines sent as application/json', { rawBody: lines.join('\n'), contentType: 'application/json' }],
    ['one JSONL line sent as application/json', { rawBody: lines[0] as string, contentType: 'application/json' }],
    ['no body and no content type', {}],
  ])('answers %s with 415 naming the content type to use, and imports nothing', async (_name, options) => {
    const response = await server.call('POST', '/v1/admin/import', { ...options, authorization: admin });
    expect(response.status).toBe(415);
    const body = ErrorBody.parse(await response.json());
    expect(body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(body.error.message).toContain('application/x-ndjson');
    expect(runtime.imported).toHaveLength(0);
  });

  it('accepts the JSONL content type with a charset', async () => {
    const response = await server.call('POST', '/v1/admin/import', {
      rawBody: lines[0],
      authorization: admin,
      contentType: 'application/x-ndjson; charset=utf-8',
    });
    expect(response.status).toBe(200);
  });

  it('refuses an installation JWT on admin routes', async () => {
    const response = await server.call('POST', '/v1/admin/import', {
      rawBody: lines[0],
      contentType: 'application/x-ndjson',
    });
    expect(response.status).toBe(403);
    expect(runtime.imported).toHaveLength(0);
  });
});

describe('health and metrics', () => {
  it('answers /healthz and a ready /readyz with details', async () => {
    expect((await server.call('GET', '/healthz', { authorization: null })).status).toBe(200);
    const response = await server.call('GET', '/readyz', { authorization: null });
    expect(response.status).toBe(200);
    expect(ReadyResponse.parse(await response.json())).toMatchObject({
      ready: true,
      database: { ok: true },
      model: { version: 'double-1', labelsNotInTaxonomy: [], detail: null },
      llm: { state: 'off' },
    });
  });

  it('serves /metrics to anyone without TRIAGE_METRICS_TOKEN, and only with the token when it is set', async () => {
    expect((await server.call('GET', '/metrics', { authorization: null })).status).toBe(200);
    await server.close();
    const metricsToken = 'metrics-token-0123456789abcdef';
    server = await startApp(runtime, { metricsToken });
    for (const authorization of [
      null,
      'Bearer not-the-metrics-token-0123',
      `Bearer ${ADMIN_TOKEN}`,
      `Basic ${metricsToken}`,
    ]) {
      const refused = await server.call('GET', '/metrics', { authorization });
      expect(refused.status).toBe(401);
      const { error } = ErrorBody.parse(await refused.json());
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toContain('TRIAGE_METRICS_TOKEN');
    }
    const scrape = await server.call('GET', '/metrics', { authorization: `Bearer ${metricsToken}` });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('triage_http_requests_total');
    // Health checks stay open for load balancers.
    expect((await server.call('GET', '/healthz', { authorization: null })).status).toBe(200);
  });

  it('is not ready without a model', async () => {
    await server.close();
    runtime = testRuntime({ modelLoaded: false });
    server = await startApp(runtime);
    const response = await server.call('GET', '/readyz', { authorization: null });
    expect(response.status).toBe(503);
    expect(ReadyResponse.parse(await response.json())).toMatchObject({ ready: false, model: { ok: false } });
  });

  it('says in /readyz and /metrics which labels the serving model knows that the taxonomy no longer has, and stays ready', async () => {
    await server.close();
    runtime = testRuntime({ modelLabels: ['billing', 'legacy_refunds', 'bug', 'legacy_pricing'] });
    server = await startApp(runtime);
    const response = await server.call('GET', '/readyz', { authorization: null });
    expect(response.status).toBe(200);
    const ready = ReadyResponse.parse(await response.json());
    expect(ready.ready).toBe(true);
    expect(ready.model).toMatchObject({ ok: true, labelsNotInTaxonomy: ['legacy_refunds', 'legacy_pricing'] });
    expect(ready.model.detail).toContain('labels the taxonomy no longer has');
    const text = await (await server.call('GET', '/metrics', { authorization: null })).text();
    expect(text).toMatch(/^triage_model_labels_missing_from_taxonomy 2$/m);
    expect(text).toMatch(/^triage_model_label_missing_from_taxonomy_info\{label="legacy_refunds"\} 1$/m);
    expect(text).toMatch(/^triage_model_label_missing_from_taxonomy_info\{label="legacy_pricing"\} 1$/m);
    expect(text).not.toMatch(/triage_model_label_missing_from_taxonomy_info\{label="billing"\}/);
  });

  it("stays ready when the serving model knows none of the taxonomy's labels, and says every ticket goes to review", async () => {
    await server.close();
    runtime = testRuntime({ modelLabels: ['legacy_refunds', 'legacy_pricing'] });
    server = await startApp(runtime);
    const response = await server.call('GET', '/readyz', { authorization: null });
    expect(response.status).toBe(200);
    const ready = ReadyResponse.parse(await response.json());
    expect(ready.model.labelsNotInTaxonomy).toEqual(['legacy_refunds', 'legacy_pricing']);
    expect(ready.model.detail).toContain("knows none of the taxonomy's labels");
    const text = await (await server.call('GET', '/metrics', { authorization: null })).text();
    expect(text).toMatch(/^triage_model_labels_missing_from_taxonomy 2$/m);
  });

  it('exposes request counts per route pattern, decisions per tier and the model version', async () => {
    await triage(ticket());
    await triage(ticket());
    await server.call('GET', '/v1/similar?q=secretquerytext');
    const text = await (await server.call('GET', '/metrics', { authorization: null })).text();
    expect(text).toMatch(/triage_http_requests_total\{method="POST",route="\/v1\/triage",status="200"\} 2/);
    expect(text).toMatch(
      /triage_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/similar"\}/,
    );
    expect(text).toMatch(/triage_decisions_total\{tier="model",decision="auto"\} 1/);
    expect(text).toMatch(/triage_results_reused_total 1/);
    expect(text).toMatch(/triage_model_version_info\{version="double-1"\} 1/);
    expect(text).toMatch(/^triage_model_labels_missing_from_taxonomy 0$/m);
    expect(text).not.toContain('triage_model_label_missing_from_taxonomy_info{');
    expect(text).toMatch(/triage_llm_calls_total\{outcome="off"\} 1/);
    expect(text).not.toContain('secretquerytext');
  });
});
