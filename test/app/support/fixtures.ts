import type { ReviewItem, SimilarResponse, TaxonomyView, TriageResult } from '../../../src/contract/index.ts';
import { zafFailure } from './stub-zaf-client.ts';

export const ticketFields: Record<string, unknown> = {
  'ticket.id': 4242,
  'ticket.subject': 'Charged twice for my subscription',
  'ticket.description': '<p>Hello, I was <b>charged twice</b> this month.</p>',
  'ticket.requester': { id: 7, name: 'Dana Example', email: 'dana@example.com', locale: 'en-US' },
  'ticket.assignee.user': { id: 9, name: 'Alex Agent' },
  'ticket.tags': ['vip_customer'],
  'ticket.status': 'open',
  'ticket.conversation': [
    {
      author: { id: 7, name: 'Dana Example', role: 'end-user' },
      channel: { name: 'web' },
      message: { content: '<p>I was charged twice.</p>', contentType: 'text/html' },
      timestamp: '2026-11-20T10:00:00Z',
    },
    {
      author: { id: 9, name: 'Alex Agent', role: 'agent' },
      channel: { name: 'internal' },
      message: { content: 'Checking the invoice.', contentType: 'text/plain' },
      timestamp: '2026-11-20T10:05:00Z',
    },
  ],
  'currentUser.id': 9,
  'currentUser.locale': 'en-US',
  'currentAccount.subdomain': 'acme',
};

export function triageResult(overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    ticketId: '4242',
    label: {
      name: 'billing',
      confidence: 0.78,
      source: 'model',
      reason: 'words like "charged" and "invoice"',
      ruleId: null,
      evidence: null,
    },
    alternatives: [
      { label: 'fraud', confidence: 0.12 },
      { label: 'churn_risk', confidence: 0.05 },
    ],
    urgency: { level: 'high', priority: 'high', confidence: 0.7, source: 'model' },
    ticketType: 'question',
    tags: ['refund', 'invoice'],
    language: 'en',
    summary: 'Customer was charged twice for the monthly subscription.',
    decision: 'draft',
    heldBack: null,
    escalation: { isEscalation: false, linkedTo: null },
    similar: [
      {
        ticketId: '1001',
        subject: 'Double charge on card',
        label: 'billing',
        status: 'solved',
        createdAt: '2026-10-01T09:00:00Z',
        score: 0.82,
      },
      {
        ticketId: '1002',
        subject: 'Invoice shows two payments',
        label: 'billing',
        status: 'closed',
        createdAt: '2026-09-12T09:00:00Z',
        score: 0.64,
      },
    ],
    redaction: { total: 2, byType: { PERSON: 1, EMAIL: 1 } },
    tier: { llm: 'off', detail: null },
    versions: { model: 'm-1', taxonomy: '1', prompt: null },
    cost: null,
    latencyMs: 12,
    textHash: 'a'.repeat(64),
    createdAt: '2026-11-23T10:00:00Z',
    ...overrides,
  };
}

export const taxonomyView: TaxonomyView = {
  version: '1',
  labels: [
    {
      id: 'billing',
      name: 'Billing',
      description: 'Payments and invoices',
      ticketType: 'question',
      escalation: false,
      defaultUrgency: 'normal',
    },
    {
      id: 'fraud',
      name: 'Fraud',
      description: 'Unauthorised charges',
      ticketType: 'incident',
      escalation: true,
      defaultUrgency: 'critical',
    },
    {
      id: 'churn_risk',
      name: 'Churn risk',
      description: 'Threat to cancel',
      ticketType: 'problem',
      escalation: true,
      defaultUrgency: 'high',
    },
    // An urgency id the view does not list: a correction to it keeps the suggested priority.
    {
      id: 'bug',
      name: 'Bug',
      description: 'Something broken',
      ticketType: 'problem',
      escalation: false,
      defaultUrgency: 'unlisted',
    },
  ],
  urgency: [
    { id: 'low', name: 'Low', priority: 'low' },
    { id: 'normal', name: 'Normal', priority: 'normal' },
    { id: 'high', name: 'High', priority: 'high' },
    { id: 'critical', name: 'Critical', priority: 'urgent' },
  ],
  tags: [
    { id: 'refund', description: 'Refund' },
    { id: 'invoice', description: 'Invoice' },
  ],
  thresholds: { auto: 0.85, review: 0.6 },
};

export const searchResponse: SimilarResponse = {
  hits: [
    {
      ticketId: '2001',
      subject: 'Password reset link expired',
      label: 'account_access',
      status: 'solved',
      createdAt: '2026-08-02T09:00:00Z',
      score: 0.71,
    },
  ],
};

/** Three tickets waiting for a reviewer, newest first, as `GET /v1/review` lists them (subjects redacted). */
export function reviewItems(): ReviewItem[] {
  return [
    {
      ticketId: '5001',
      subject: 'Question about my account',
      excerpt: 'Hello, the invoice for <PERSON_1> shows a charge I do not understand.',
      label: 'billing',
      confidence: 0.41,
      decision: 'review',
      reason: 'Local model: "invoice", "question about"',
      textHash: 'b'.repeat(64),
      createdAt: '2026-11-28T09:30:00Z',
    },
    {
      ticketId: '5002',
      subject: 'It does not work for <PERSON_1>',
      excerpt: '',
      label: 'bug',
      confidence: 0.26,
      decision: 'review',
      reason: null,
      textHash: 'c'.repeat(64),
      createdAt: '2026-11-27T16:00:00Z',
    },
    {
      ticketId: '5003',
      subject: 'Following up',
      label: 'fraud',
      confidence: 0.996,
      decision: 'review',
      reason: 'LLM failed; local answer kept',
      textHash: 'd'.repeat(64),
      createdAt: '2026-11-26T08:15:00Z',
    },
  ];
}

/** A backend double routing by method and path, as the ZAF proxy would hand answers back. */
export function backend(
  routes: Partial<
    Record<
      'triage' | 'feedback' | 'similar' | 'taxonomy' | 'ticketSimilar' | 'review' | 'verdict',
      (body: unknown) => Promise<unknown>
    >
  >,
) {
  return (options: { url: string; type: string; data?: string }): Promise<unknown> => {
    const path = new URL(options.url).pathname;
    const body: unknown = options.data === undefined ? undefined : JSON.parse(options.data);
    const route =
      path === '/v1/triage'
        ? routes.triage
        : path === '/v1/feedback'
          ? routes.feedback
          : path === '/v1/similar'
            ? routes.similar
            : path === '/v1/taxonomy'
              ? routes.taxonomy
              : path === '/v1/review'
                ? routes.review
                : /^\/v1\/tickets\/[^/]+\/similar$/.test(path)
                  ? routes.ticketSimilar
                  : /^\/v1\/tickets\/[^/]+\/verdict$/.test(path)
                    ? routes.verdict
                    : undefined;
    if (!route) return zafFailure({ status: 404, responseJSON: { error: { code: 'NOT_FOUND', message: 'no route' } } });
    return route(body);
  };
}

export function errorReply(status: number, code: string, extra: Record<string, unknown> = {}) {
  return zafFailure({ status, statusText: 'error', responseJSON: { error: { code, message: 'failed', ...extra } } });
}
