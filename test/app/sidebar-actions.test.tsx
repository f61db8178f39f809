// @vitest-environment jsdom
import './support/dom-setup.ts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RETRIAGE_DELAY_MS } from '../../app/sidebar/use-triage.ts';
import { backend, errorReply, searchResponse, taxonomyView, triageResult } from './support/fixtures.ts';
import { labelPicker, offeredLabels, pickLabel } from './support/label-picker.ts';
import { postedFeedback, renderSidebar } from './support/render-sidebar.tsx';
import { zafFailure } from './support/stub-zaf-client.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function draftShown() {
  return screen.findByRole('heading', { name: 'Billing' });
}

/** What a suggested tag shows once accepted (`data-state` of its Garden Tag). */
function tagState(tag: string): string | null {
  return screen.getByText(tag, { selector: 'span' }).closest('[data-state]')?.getAttribute('data-state') ?? null;
}

function okFeedback() {
  return async () => ({ id: 'f1', duplicate: false });
}

describe('accept', () => {
  it('adds only the chosen tags, sets priority and type, and posts accept feedback once on a double click', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    const accept = screen.getByRole('button', { name: 'Accept' });
    await act(async () => {
      fireEvent.click(accept);
      fireEvent.click(accept);
    });
    await screen.findByText('Applied: 2 tags, priority and type.');
    expect(client.invocations('ticket.tags.add')).toEqual([[['refund', 'invoice']]]);
    expect(client.fields['ticket.tags']).toEqual(['vip_customer', 'refund', 'invoice']);
    expect(client.calls.some((call) => call.method === 'set' && call.path === 'ticket.tags')).toBe(false);
    expect(client.sets('ticket.priority')).toEqual(['high']);
    expect(client.sets('ticket.type')).toEqual(['question']);
    const feedback = postedFeedback(client);
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({
      kind: 'accept',
      ticketId: '4242',
      label: 'billing',
      tags: ['refund', 'invoice'],
      actor: { id: '9', role: 'agent' },
    });
    expect(String(feedback[0]?.idempotencyKey)).toContain('4242');
    expect((accept as HTMLButtonElement).disabled).toBe(true);
  });

  it('leaves out a tag the agent toggled off', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    const refund = screen.getByRole('button', { name: 'refund' });
    expect(refund.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(refund);
    expect(refund.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await screen.findByText('Applied: 1 tag, priority and type.');
    expect(client.invocations('ticket.tags.add')).toEqual([[['invoice']]]);
    expect(postedFeedback(client)[0]).toMatchObject({ tags: ['invoice'] });
  });

  it('marks each suggested tag after Accept: added, already on the ticket, or left out', async () => {
    await renderSidebar({
      fields: { 'ticket.tags': ['vip_customer', 'invoice'] },
      request: backend({
        triage: async () => triageResult({ tags: ['refund', 'invoice', 'vat'] }),
        taxonomy: async () => taxonomyView,
        feedback: okFeedback(),
      }),
    });
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'vat' }));
    expect(screen.getByText('Select the tags to add. Your own tags stay as they are.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await screen.findByText('Applied: 2 tags, priority and type.');
    expect(['refund', 'invoice', 'vat'].map(tagState)).toEqual(['added', 'on_ticket', 'not_added']);
    expect(screen.getByText('refund').closest('[data-state]')?.textContent).toBe('refund(added)');
    expect(screen.getByText('vat').closest('[data-state]')?.getAttribute('title')).toBe('not added');
    expect(screen.queryByRole('button', { name: 'refund' })).toBeNull();
    expect(screen.getByText(/^Accepted\. Green tags were added/)).toBeTruthy();
  });

  it('does not claim "0 tags" were applied when none were chosen', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'refund' }));
    fireEvent.click(screen.getByRole('button', { name: 'invoice' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await screen.findByText('Applied: priority and type (no tags).');
    expect(client.invocations('ticket.tags.add')).toEqual([]);
  });

  it('says so and posts no feedback when the host refuses the ticket change', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    client.set = async () => Promise.reject(new Error('no permission'));
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await screen.findByText('Could not update the ticket. Try again.');
    expect(postedFeedback(client)).toHaveLength(0);
  });
});

describe('reject, correct, like and dislike', () => {
  it('posts reject feedback without touching the ticket', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByText(/Rejected/);
    expect(postedFeedback(client).map((event) => event.kind)).toEqual(['reject']);
    expect(client.invocations('ticket.tags.add')).toEqual([]);
    expect(client.sets('ticket.type')).toEqual([]);
  });

  it('corrects through the taxonomy dropdown: correct feedback, and type and priority follow the corrected label', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    expect(screen.getByText('High')).toBeTruthy();
    expect(screen.getByText('Question')).toBeTruthy();
    // The taxonomy's order, as in the review queue; the suggested label is not offered.
    expect(await offeredLabels(labelPicker('Correct label'))).toEqual(['Fraud', 'Churn risk', 'Bug']);
    await pickLabel(labelPicker('Correct label'), 'Fraud');
    await screen.findByText('Corrected to Fraud. Type and priority updated.');
    expect(postedFeedback(client)).toEqual([
      expect.objectContaining({ kind: 'correct', label: 'billing', correctedLabel: 'fraud' }),
    ]);
    // Fraud is an incident whose default urgency (critical) maps to Zendesk's urgent priority.
    expect(client.sets('ticket.type')).toEqual(['incident']);
    expect(client.sets('ticket.priority')).toEqual(['urgent']);
    expect(screen.getByText('Urgent')).toBeTruthy();
    expect(screen.getByText('Incident')).toBeTruthy();
    expect(screen.queryByText('High')).toBeNull();
  });

  it('keeps the suggested priority when the corrected label’s default urgency is not in the taxonomy', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    await pickLabel(labelPicker('Correct label'), 'Bug');
    await screen.findByText('Corrected to Bug. Type and priority updated.');
    expect(client.sets('ticket.type')).toEqual(['problem']);
    expect(client.sets('ticket.priority')).toEqual(['high']);
  });

  it('still lets the agent correct after rejecting, and after accepting (as on a reopened ticket)', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByText(/Rejected/);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Accept' }).disabled).toBe(true);
    await pickLabel(labelPicker('Correct label'), 'Bug');
    await screen.findByText('Corrected to Bug. Type and priority updated.');
    expect(postedFeedback(client).map((event) => [event.kind, event.correctedLabel])).toEqual([
      ['reject', null],
      ['correct', 'bug'],
    ]);
    cleanup();
    const second = await renderSidebar();
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await screen.findByText(/Applied/);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Reject' }).disabled).toBe(true);
    await pickLabel(labelPicker('Correct label'), 'Bug');
    await screen.findByText('Corrected to Bug. Type and priority updated.');
    expect(postedFeedback(second.client).map((event) => [event.kind, event.correctedLabel])).toEqual([
      ['accept', null],
      ['correct', 'bug'],
    ]);
  });

  it('posts like, then dislike, each once, and shows which one is pressed', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    const like = screen.getByRole('button', { name: 'Good suggestion' });
    const dislike = screen.getByRole('button', { name: 'Poor suggestion' });
    fireEvent.click(like);
    await waitFor(() => expect(like.getAttribute('aria-pressed')).toBe('true'));
    fireEvent.click(like);
    fireEvent.click(dislike);
    await waitFor(() => expect(dislike.getAttribute('aria-pressed')).toBe('true'));
    expect(like.getAttribute('aria-pressed')).toBe('false');
    expect(postedFeedback(client).map((event) => event.kind)).toEqual(['like', 'dislike']);
  });

  it('shows the backend error on a failed feedback post and lets the agent try again', async () => {
    let fail = true;
    const { client } = await renderSidebar({
      request: backend({
        triage: async () => triageResult(),
        taxonomy: async () => taxonomyView,
        feedback: () =>
          fail ? errorReply(503, 'DATABASE_UNAVAILABLE') : Promise.resolve({ id: 'f1', duplicate: false }),
      }),
    });
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByText(/could not reach its backend/);
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByText(/Rejected/);
    expect(postedFeedback(client).map((event) => event.kind)).toEqual(['reject', 'reject']);
  });
});

describe('a ticket answered before', () => {
  const answered = (verdict: unknown) =>
    renderSidebar({
      request: backend({
        triage: async () => triageResult(),
        taxonomy: async () => taxonomyView,
        feedback: okFeedback(),
        verdict: async () => ({ verdict }),
      }),
    });
  const disabled = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name }).disabled;

  it('says an agent accepted it and when, offers no second Accept, and still lets the agent correct', async () => {
    const { client } = await answered({
      kind: 'accept',
      label: 'billing',
      correctedLabel: null,
      role: 'agent',
      at: '2026-11-23T12:00:00Z',
    });
    await draftShown();
    expect((await screen.findByTestId('verdict-note')).textContent).toBe(
      'Accepted by an agent on Nov 23, 2026. You can still correct the label.',
    );
    expect(client.requests().some((request) => request.url.endsWith('/v1/tickets/4242/verdict'))).toBe(true);
    expect(disabled('Accept')).toBe(true);
    expect(disabled('Reject')).toBe(true);
    // The tags are no longer toggles: the ticket (read with vip_customer only) shows none of them, so none was added.
    expect(screen.queryByRole('button', { name: 'refund' })).toBeNull();
    expect(tagState('refund')).toBe('not_added');
    expect(labelPicker('Correct label').disabled).toBe(false);
    await pickLabel(labelPicker('Correct label'), 'Fraud');
    await screen.findByText('Corrected to Fraud. Type and priority updated.');
    expect(postedFeedback(client)).toEqual([
      expect.objectContaining({ kind: 'correct', label: 'billing', correctedLabel: 'fraud' }),
    ]);
    expect(screen.queryByTestId('verdict-note')).toBeNull();
  });

  it('names the label a reviewer corrected it to, and shows that label’s priority and type', async () => {
    await answered({
      kind: 'correct',
      label: 'billing',
      correctedLabel: 'fraud',
      role: 'reviewer',
      at: '2026-11-24T12:00:00Z',
    });
    // The whole draft follows the reviewer's label: heading, banner, priority and type.
    await screen.findByRole('heading', { name: 'Fraud' });
    expect((await screen.findByTestId('verdict-note')).textContent).toContain(
      'Corrected to Fraud by a reviewer on Nov 24, 2026.',
    );
    expect(screen.getByText('Suggested was Billing.')).toBeTruthy();
    expect(within(screen.getByRole('alert')).getByText('Escalation: Fraud')).toBeTruthy();
    expect(screen.getByText('Urgent')).toBeTruthy();
    expect(screen.getByText('Incident')).toBeTruthy();
    expect(disabled('Accept')).toBe(true);
    expect(labelPicker('Correct label').disabled).toBe(false);
    // Fraud is shown: correcting offers Billing again, not Fraud.
    expect(await offeredLabels(labelPicker('Correct label'))).toEqual(['Billing', 'Churn risk', 'Bug']);
  });

  it('says a reviewer confirmed it', async () => {
    await answered({
      kind: 'accept',
      label: 'billing',
      correctedLabel: null,
      role: 'reviewer',
      at: '2026-11-24T12:00:00Z',
    });
    expect((await screen.findByTestId('verdict-note')).textContent).toContain(
      'Confirmed by a reviewer on Nov 24, 2026.',
    );
  });

  it('offers Accept as usual when the stored answer was about another suggestion', async () => {
    await answered({ kind: 'accept', label: 'bug', correctedLabel: null, role: 'agent', at: '2026-11-23T12:00:00Z' });
    await draftShown();
    expect(disabled('Accept')).toBe(false);
    expect(screen.queryByTestId('verdict-note')).toBeNull();
  });

  it('still shows the suggestion when the verdict cannot be read', async () => {
    await renderSidebar({
      request: backend({
        triage: async () => triageResult(),
        taxonomy: async () => taxonomyView,
        verdict: () => errorReply(503, 'DATABASE_UNAVAILABLE'),
      }),
    });
    await draftShown();
    expect(disabled('Accept')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('similar tickets and search', () => {
  it('lists similar tickets with subject, label, date and score; a click opens the ticket', async () => {
    const { client } = await renderSidebar();
    await draftShown();
    const open = screen.getByRole('button', { name: 'Open ticket #1001: Double charge on card' });
    expect(open.textContent).toContain('Billing');
    expect(open.textContent).toContain('82% match');
    expect(open.textContent).toMatch(/2026/);
    fireEvent.click(open);
    await waitFor(() => expect(client.invocations('routeTo')).toEqual([['ticket', '1001']]));
  });

  it('searches past tickets and shows the hits, then goes back to the similar list', async () => {
    const { client } = await renderSidebar({
      request: backend({
        triage: async () => triageResult(),
        taxonomy: async () => taxonomyView,
        similar: async () => searchResponse,
      }),
    });
    await draftShown();
    fireEvent.change(screen.getByRole('searchbox', { name: /Search past tickets/ }), {
      target: { value: 'password reset' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const hit = await screen.findByRole('button', { name: 'Open ticket #2001: Password reset link expired' });
    expect(screen.getByRole('heading', { name: 'Results for “password reset”' })).toBeTruthy();
    // The open ticket (4242) is left out by the server.
    expect(
      client.requests().some((request) => request.url.endsWith('/v1/similar?q=password+reset&limit=5&exclude=4242')),
    ).toBe(true);
    fireEvent.click(hit);
    await waitFor(() => expect(client.invocations('routeTo')).toEqual([['ticket', '2001']]));
    fireEvent.click(screen.getByRole('button', { name: 'Back to similar tickets' }));
    expect(screen.getByRole('button', { name: 'Open ticket #1001: Double charge on card' })).toBeTruthy();
  });

  it('never lists the open ticket, neither in the draft’s similar tickets nor in search hits', async () => {
    const self = {
      ticketId: '4242',
      subject: 'Charged twice',
      label: 'billing',
      status: 'open' as const,
      createdAt: '2026-11-01T09:00:00Z',
      score: 0.99,
    };
    const draft = triageResult();
    await renderSidebar({
      request: backend({
        triage: async () => ({ ...draft, similar: [self, ...draft.similar] }),
        taxonomy: async () => taxonomyView,
        similar: async () => ({ hits: [self, ...searchResponse.hits] }),
      }),
    });
    await draftShown();
    expect(screen.getByRole('button', { name: 'Open ticket #1001: Double charge on card' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Open ticket #4242:/ })).toBeNull();
    fireEvent.change(screen.getByRole('searchbox', { name: /Search past tickets/ }), {
      target: { value: 'charged twice' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('button', { name: 'Open ticket #2001: Password reset link expired' });
    expect(screen.queryByRole('button', { name: /^Open ticket #4242:/ })).toBeNull();
  });

  it('puts the search box above the similar tickets', async () => {
    await renderSidebar();
    await draftShown();
    const search = screen.getByRole('searchbox', { name: /Search past tickets/ });
    const firstHit = screen.getByRole('button', { name: 'Open ticket #1001: Double charge on card' });
    expect(search.compareDocumentPosition(firstHit) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says when a search finds nothing', async () => {
    await renderSidebar({
      request: backend({
        triage: async () => triageResult(),
        taxonomy: async () => taxonomyView,
        similar: async () => ({ hits: [] }),
      }),
    });
    await draftShown();
    fireEvent.change(screen.getByRole('searchbox', { name: /Search past tickets/ }), { target: { value: 'zebra' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No past tickets match “zebra”.')).toBeTruthy();
  });
});

describe('re-triage', () => {
  it('re-triages once, 1.5 s after a burst of conversation changes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let calls = 0;
    const { client } = await renderSidebar({
      request: backend({
        triage: async () => {
          calls += 1;
          return calls === 1
            ? triageResult()
            : triageResult({
                label: {
                  name: 'fraud',
                  confidence: 0.9,
                  source: 'llm',
                  reason: 'card used abroad',
                  ruleId: null,
                  evidence: null,
                },
                textHash: 'c'.repeat(64),
              });
        },
        taxonomy: async () => taxonomyView,
        feedback: okFeedback(),
      }),
    });
    await draftShown();
    expect(calls).toBe(1);
    act(() => {
      client.fire('ticket.conversation.changed');
      client.fire('ticket.comments.changed');
    });
    await act(async () => vi.advanceTimersByTime(RETRIAGE_DELAY_MS - 100));
    act(() => client.fire('ticket.conversation.changed'));
    await act(async () => vi.advanceTimersByTime(RETRIAGE_DELAY_MS - 100));
    expect(calls).toBe(1);
    await act(async () => vi.advanceTimersByTime(200));
    expect(await screen.findByRole('heading', { name: 'Fraud' })).toBeTruthy();
    expect(calls).toBe(2);
    expect(screen.getByText('AI (LLM)')).toBeTruthy();
  });
});

describe('re-triage keeps what is unchanged', () => {
  it('keeps the agent’s tag toggles when the text did not change', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let calls = 0;
    const { client } = await renderSidebar({
      request: backend({
        triage: async () => {
          calls += 1;
          return triageResult();
        },
        taxonomy: async () => taxonomyView,
      }),
    });
    await draftShown();
    fireEvent.click(screen.getByRole('button', { name: 'refund' }));
    act(() => client.fire('ticket.conversation.changed'));
    await act(async () => vi.advanceTimersByTime(RETRIAGE_DELAY_MS + 10));
    await waitFor(() => expect(calls).toBe(2));
    await waitFor(() => expect(screen.queryByText(/updating/)).toBeNull());
    expect(screen.getByRole('button', { name: 'refund' }).getAttribute('aria-pressed')).toBe('false');
  });
});

describe('error states', () => {
  it.each([
    ['bad secret (401)', () => errorReply(401, 'UNAUTHORIZED'), /Ask your admin to check the shared secret/, false],
    ['expired token (401)', () => errorReply(401, 'TOKEN_EXPIRED'), /Ask your admin to check the shared secret/, false],
    ['rate limited (429)', () => errorReply(429, 'RATE_LIMITED', { retryAfterSeconds: 20 }), /Retry in 20 s/, true],
    ['network failure', () => zafFailure({ status: 0, statusText: 'error' }), /could not reach its backend/, true],
    ['database down (503)', () => errorReply(503, 'DATABASE_UNAVAILABLE'), /could not reach its backend/, true],
    ['answer the contract rejects', () => Promise.resolve({ label: 'billing' }), /does not understand/, true],
    [
      'request the backend rejects (400)',
      () => errorReply(400, 'VALIDATION_FAILED'),
      /could not read this ticket/,
      false,
    ],
  ])('shows %s with the right message and retry button', async (_name, reply, message, retry) => {
    await renderSidebar({ request: backend({ triage: reply, taxonomy: async () => taxonomyView }) });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(message);
    expect(screen.queryByRole('button', { name: 'Retry' }) !== null).toBe(retry);
  });

  it('keeps Retry disabled and counts down until the rate limit’s Retry-After has passed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let limited = true;
    await renderSidebar({
      request: backend({
        triage: () =>
          limited ? errorReply(429, 'RATE_LIMITED', { retryAfterSeconds: 3 }) : Promise.resolve(triageResult()),
        taxonomy: async () => taxonomyView,
      }),
    });
    await screen.findByText(/Retry in 3 s/);
    const retry = screen.getByRole<HTMLButtonElement>('button', { name: 'Retry' });
    expect(retry.disabled).toBe(true);
    await act(async () => vi.advanceTimersByTime(1_000));
    expect(screen.getByText(/Retry in 2 s/)).toBeTruthy();
    await act(async () => vi.advanceTimersByTime(2_100));
    expect(screen.getByText(/Retry in a moment/)).toBeTruthy();
    expect(retry.disabled).toBe(false);
    limited = false;
    fireEvent.click(retry);
    expect(await draftShown()).toBeTruthy();
  });

  it('retries after the backend comes back', async () => {
    let down = true;
    await renderSidebar({
      request: backend({
        triage: () => (down ? zafFailure({ status: 0 }) : Promise.resolve(triageResult())),
        taxonomy: async () => taxonomyView,
      }),
    });
    await screen.findByText('Backend unreachable');
    down = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await draftShown()).toBeTruthy();
  });

  it('asks for a ticket when the host has no ticket open, without calling the backend', async () => {
    const { client } = await renderSidebar({ fields: { 'ticket.id': undefined } });
    expect(await screen.findByText('Open a ticket to see its triage.')).toBeTruthy();
    expect(client.requests().filter((request) => request.url.endsWith('/v1/triage'))).toHaveLength(0);
  });

  it('asks for the backend URL when the installation has none', async () => {
    const { client } = await renderSidebar({ settings: { backend_url: '' } });
    expect(await screen.findByText('Ask your admin to set the Backend URL in the app settings.')).toBeTruthy();
    expect(client.requests()).toHaveLength(0);
  });
});
