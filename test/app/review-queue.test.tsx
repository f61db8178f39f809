// @vitest-environment jsdom
import './support/dom-setup.ts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedbackEvent } from '../../src/contract/index.ts';
import { backend, errorReply, reviewItems, taxonomyView } from './support/fixtures.ts';
import { postedFeedback } from './support/render-sidebar.tsx';
import { UNDO_WINDOW_MS } from '../../app/review/use-review-queue.ts';
import { labelPicker, offeredLabels, pickLabel } from './support/label-picker.ts';
import { renderReview } from './support/render-review.tsx';

afterEach(() => cleanup());

function row(ticketId: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-ticket-id="${ticketId}"]`);
  if (!found) throw new Error(`no row for ticket ${ticketId}`);
  return found;
}

async function queueShown() {
  return screen.findByRole('button', { name: 'Open ticket #5001: Question about my account' });
}

const reviewRequests = (client: Awaited<ReturnType<typeof renderReview>>['client']) =>
  client.requests().filter((request) => request.url.includes('/v1/review'));

describe('review queue: list', () => {
  it('lists each item with redacted subject, suggested label, capped confidence, why and date, through a secure request', async () => {
    const { client } = await renderReview();
    await queueShown();
    expect(screen.getByRole('heading', { name: 'Review queue', level: 1 })).toBeTruthy();
    expect(screen.getByText('3 to review')).toBeTruthy();
    const first = row('5001');
    expect(within(first).getByText('Billing')).toBeTruthy();
    expect(within(first).getByText('Low confidence · 41%').getAttribute('data-band')).toBe('low');
    // What the customer wrote below the subject, redacted as stored.
    expect(within(first).getByTestId('review-excerpt').textContent).toBe(
      'Hello, the invoice for <PERSON_1> shows a charge I do not understand.',
    );
    // No message below the subject (5002), or a backend too old to send one (5003): no empty quote.
    expect(within(row('5002')).queryByTestId('review-excerpt')).toBeNull();
    expect(within(row('5003')).queryByTestId('review-excerpt')).toBeNull();
    expect(within(first).getByText('Why: Local model: "invoice", "question about"')).toBeTruthy();
    expect(within(first).getByText(/^Triaged .*2026/)).toBeTruthy();
    expect(within(first).getByRole('button', { name: 'Confirm Billing for ticket #5001' }).textContent).toBe(
      'Confirm Billing',
    );
    // The subject is shown as the server stored it: redacted.
    expect(
      within(row('5002')).getByRole('button', { name: 'Open ticket #5002: It does not work for <PERSON_1>' }),
    ).toBeTruthy();
    expect(within(row('5002')).getByText('No reason recorded.')).toBeTruthy();
    // A calibrated 0.996 is not certainty, and a ticket sent to review never reads "high" (as its tag says).
    expect(within(row('5003')).getByText('Low confidence · 99%')).toBeTruthy();
    expect(screen.queryByText(/100%/)).toBeNull();
    const [request] = reviewRequests(client);
    expect(request).toMatchObject({ type: 'GET', secure: true, headers: { Authorization: 'Bearer {{jwt.token}}' } });
    expect(request?.url).toBe('https://triage.example.test/v1/review?limit=50');
  });

  it('opens the ticket with routeTo from the subject link', async () => {
    const { client } = await renderReview();
    fireEvent.click(await queueShown());
    await waitFor(() => expect(client.invocations('routeTo')).toEqual([['ticket', '5001']]));
  });
});

describe('review queue: count', () => {
  it('counts everything waiting, beyond the page, and one less once an answer is stored', async () => {
    await renderReview({
      request: backend({
        review: async () => ({ items: reviewItems(), total: 120 }),
        taxonomy: async () => taxonomyView,
        feedback: async () => ({ id: 'f1', duplicate: false }),
      }),
    });
    await queueShown();
    expect(screen.getByText('120 to review')).toBeTruthy();
    fireEvent.click(within(row('5001')).getByRole('button', { name: 'Confirm Billing for ticket #5001' }));
    expect(await screen.findByText('119 to review')).toBeTruthy();
  });
});

describe('review queue: answers', () => {
  it('confirm takes the item off the list at once with Undo, and posts one accept event when the undo window closes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { client } = await renderReview();
      await queueShown();
      const confirm = within(row('5001')).getByRole('button', { name: 'Confirm Billing for ticket #5001' });
      await act(async () => {
        fireEvent.click(confirm);
        fireEvent.click(confirm);
      });
      expect(document.querySelector('[data-ticket-id="5001"]')).toBeNull();
      expect(screen.getByText('Ticket #5001 confirmed. Thanks, it is training data now.')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Undo the confirmation of ticket #5001' })).toBeTruthy();
      expect(screen.getByText('2 to review')).toBeTruthy();
      // Keyboard users land on the next item's confirm button.
      expect(document.activeElement).toBe(within(row('5002')).getByRole('button', { name: /^Confirm/ }));
      // Nothing is sent while it can still be undone.
      await act(async () => vi.advanceTimersByTime(UNDO_WINDOW_MS - 100));
      expect(postedFeedback(client)).toHaveLength(0);
      await act(async () => vi.advanceTimersByTime(200));
      await waitFor(() => expect(postedFeedback(client)).toHaveLength(1));
      const event = FeedbackEvent.parse(postedFeedback(client)[0]);
      expect(event).toMatchObject({
        kind: 'accept',
        ticketId: '5001',
        label: 'billing',
        correctedLabel: null,
        actor: { id: '9', role: 'reviewer' },
      });
      expect(event.idempotencyKey).toBe(`5001:${'b'.repeat(16)}:accept:billing:`);
      // Stored: no Undo any more, and the focus stays where the reviewer is.
      expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
      expect(document.activeElement).toBe(within(row('5002')).getByRole('button', { name: /^Confirm/ }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('Undo puts the item back in its place, sends nothing, and focuses its confirm button', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { client } = await renderReview();
      await queueShown();
      fireEvent.click(within(row('5002')).getByRole('button', { name: /^Confirm/ }));
      expect(document.querySelector('[data-ticket-id="5002"]')).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Undo the confirmation of ticket #5002' }));
      expect(screen.getByText('Ticket #5002 is back in the queue; nothing was stored.')).toBeTruthy();
      const order = [...document.querySelectorAll<HTMLElement>('[data-ticket-id]')].map(
        (item) => item.dataset.ticketId,
      );
      expect(order).toEqual(['5001', '5002', '5003']);
      expect(screen.getByText('3 to review')).toBeTruthy();
      await waitFor(() =>
        expect(document.activeElement).toBe(within(row('5002')).getByRole('button', { name: /^Confirm/ })),
      );
      await act(async () => vi.advanceTimersByTime(UNDO_WINDOW_MS * 2));
      expect(postedFeedback(client)).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answering the next item stores the confirm still in its window at once (one undo at a time)', async () => {
    const { client } = await renderReview();
    await queueShown();
    fireEvent.click(within(row('5001')).getByRole('button', { name: /^Confirm/ }));
    expect(postedFeedback(client)).toHaveLength(0);
    fireEvent.click(within(row('5002')).getByRole('button', { name: /^Confirm/ }));
    await waitFor(() => expect(postedFeedback(client).map((event) => event.ticketId)).toEqual(['5001']));
    expect(screen.getByRole('button', { name: 'Undo the confirmation of ticket #5002' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo the confirmation of ticket #5001' })).toBeNull();
  });

  it('leaving the pane stores a confirm still in its window', async () => {
    const { client, view } = await renderReview();
    await queueShown();
    fireEvent.click(within(row('5001')).getByRole('button', { name: /^Confirm/ }));
    view.unmount();
    await waitFor(() => expect(postedFeedback(client).map((event) => event.ticketId)).toEqual(['5001']));
  });

  it('correct posts correctedLabel at once from the searchable label list, which offers every other label', async () => {
    const { client } = await renderReview();
    await queueShown();
    const picker = labelPicker('Correct the label of ticket #5002', row('5002'));
    // The taxonomy's order, as in the sidebar; the suggested label (Bug) is not offered.
    expect(await offeredLabels(picker)).toEqual(['Billing', 'Fraud', 'Churn risk']);
    // Searchable as in the sidebar.
    expect(await offeredLabels(picker, 'FRA')).toEqual(['Fraud']);
    await pickLabel(picker, 'Fraud', 'FRA');
    await waitFor(() => expect(document.querySelector('[data-ticket-id="5002"]')).toBeNull());
    expect(postedFeedback(client)).toEqual([
      expect.objectContaining({
        kind: 'correct',
        ticketId: '5002',
        label: 'bug',
        correctedLabel: 'fraud',
        idempotencyKey: `5002:${'c'.repeat(16)}:correct:bug:fraud`,
      }),
    ]);
    expect(screen.getByText('Ticket #5002 corrected to Fraud. Thanks, it is training data now.')).toBeTruthy();
  });

  it('a confirm the server does not store comes back to its place and says why, then succeeds on a second try', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let fail = true;
      const { client } = await renderReview({
        request: backend({
          review: async () => ({ items: reviewItems() }),
          taxonomy: async () => taxonomyView,
          feedback: () =>
            fail ? errorReply(503, 'DATABASE_UNAVAILABLE') : Promise.resolve({ id: 'f1', duplicate: false }),
        }),
      });
      await queueShown();
      fireEvent.click(within(row('5003')).getByRole('button', { name: /^Confirm/ }));
      await act(async () => vi.advanceTimersByTime(UNDO_WINDOW_MS));
      expect((await within(row('5003')).findByRole('alert')).textContent).toMatch(/could not reach its backend/);
      fail = false;
      fireEvent.click(within(row('5003')).getByRole('button', { name: /^Confirm/ }));
      await act(async () => vi.advanceTimersByTime(UNDO_WINDOW_MS));
      await waitFor(() => expect(postedFeedback(client)).toHaveLength(2));
      expect(document.querySelector('[data-ticket-id="5003"]')).toBeNull();
      // The retry reuses the idempotency key: the server stores it once whatever reached it the first time.
      const keys = postedFeedback(client).map((event) => event.idempotencyKey);
      expect(new Set(keys).size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a stored answer does not come back with a reload that raced it', async () => {
    const { client } = await renderReview();
    await queueShown();
    fireEvent.click(within(row('5001')).getByRole('button', { name: /^Confirm/ }));
    await waitFor(() => expect(document.querySelector('[data-ticket-id="5001"]')).toBeNull());
    // The server's answer to a reload sent before the feedback was stored still lists 5001.
    act(() => client.fire('pane.activated'));
    await waitFor(() => expect(reviewRequests(client)).toHaveLength(2));
    await screen.findByText('2 to review');
    expect(document.querySelector('[data-ticket-id="5001"]')).toBeNull();
  });
});

describe('review queue: states', () => {
  it('shows a loading state, then the list', async () => {
    let answer: (value: unknown) => void = () => undefined;
    await renderReview({
      request: backend({
        review: () => new Promise((resolve) => (answer = resolve)),
        taxonomy: async () => taxonomyView,
      }),
    });
    expect(await screen.findByText('Loading the review queue…')).toBeTruthy();
    await act(async () => answer({ items: reviewItems() }));
    expect(await queueShown()).toBeTruthy();
  });

  it('says the queue is clear when nothing waits, and after the last item is answered', async () => {
    await renderReview({
      request: backend({ review: async () => ({ items: [] }), taxonomy: async () => taxonomyView }),
    });
    expect(await screen.findByText('The queue is clear')).toBeTruthy();
    cleanup();
    await renderReview({
      request: backend({
        review: async () => ({ items: reviewItems().slice(0, 1) }),
        taxonomy: async () => taxonomyView,
        feedback: async () => ({ id: 'f1', duplicate: false }),
      }),
    });
    fireEvent.click(within(await screen.findByRole('listitem')).getByRole('button', { name: /^Confirm/ }));
    expect(await screen.findByText('The queue is clear')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Review queue' }));
  });

  it('loads the next page once the shown one is cleared', async () => {
    const pages = [reviewItems().slice(0, 1), reviewItems().slice(1)];
    const { client } = await renderReview({
      request: backend({
        review: async () => ({ items: pages.shift() ?? [] }),
        taxonomy: async () => taxonomyView,
        feedback: async () => ({ id: 'f1', duplicate: false }),
      }),
    });
    fireEvent.click(within(await screen.findByRole('listitem')).getByRole('button', { name: /^Confirm/ }));
    expect(
      await screen.findByRole('button', { name: 'Open ticket #5002: It does not work for <PERSON_1>' }),
    ).toBeTruthy();
    expect(screen.getByText('2 to review')).toBeTruthy();
    expect(reviewRequests(client)).toHaveLength(2);
  });

  it.each([
    ['backend down', () => errorReply(503, 'DATABASE_UNAVAILABLE'), /could not reach its backend/, true],
    ['bad shared secret', () => errorReply(401, 'UNAUTHORIZED'), /Ask your admin to check the shared secret/, false],
    [
      'an answer the contract rejects',
      () => Promise.resolve({ items: [{ ticketId: 1 }] }),
      /does not understand/,
      true,
    ],
  ])('shows the error state for %s, with Retry where it can help', async (_name, reply, message, retry) => {
    let failing = true;
    await renderReview({
      request: backend({
        review: () => (failing ? reply() : Promise.resolve({ items: reviewItems() })),
        taxonomy: async () => taxonomyView,
      }),
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(message);
    const button = screen.queryByRole('button', { name: 'Retry' });
    expect(button !== null).toBe(retry);
    if (button) {
      failing = false;
      fireEvent.click(button);
      expect(await queueShown()).toBeTruthy();
    }
  });

  it("keeps Retry disabled and counts down a rate limit's Retry-After, and starts over when refused again (the alert is shown anew)", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const replies = [3, 3];
      await renderReview({
        request: backend({
          review: () => {
            const wait = replies.shift();
            return wait === undefined
              ? Promise.resolve({ items: reviewItems() })
              : errorReply(429, 'RATE_LIMITED', { retryAfterSeconds: wait });
          },
          taxonomy: async () => taxonomyView,
        }),
      });
      await screen.findByText(/Retry in 3 s/);
      const retry = (): HTMLButtonElement => screen.getByRole<HTMLButtonElement>('button', { name: 'Retry' });
      const refresh = (): HTMLButtonElement => screen.getByRole<HTMLButtonElement>('button', { name: 'Refresh' });
      expect(retry().disabled).toBe(true);
      // The heading's Refresh reloads the same queue: it waits too.
      expect(refresh().disabled).toBe(true);
      await act(async () => vi.advanceTimersByTime(1_000));
      expect(screen.getByText(/Retry in 2 s/)).toBeTruthy();
      await act(async () => vi.advanceTimersByTime(2_100));
      expect(screen.getByText(/Retry in a moment/)).toBeTruthy();
      expect(retry().disabled).toBe(false);
      expect(refresh().disabled).toBe(false);
      // Refused again with the same wait: the count starts over instead of leaving Retry enabled.
      fireEvent.click(retry());
      await screen.findByText(/Retry in 3 s/);
      expect(retry().disabled).toBe(true);
      await act(async () => vi.advanceTimersByTime(3_100));
      fireEvent.click(retry());
      expect(await queueShown()).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for the backend URL when the installation has none', async () => {
    const { client } = await renderReview({ settings: { backend_url: '' } });
    expect(await screen.findByText('Ask your admin to set the Backend URL in the app settings.')).toBeTruthy();
    expect(client.requests()).toHaveLength(0);
  });

  it('reloads when the reviewer comes back to the pane', async () => {
    let calls = 0;
    const { client } = await renderReview({
      request: backend({
        review: async () => ({ items: reviewItems().slice(0, ++calls) }),
        taxonomy: async () => taxonomyView,
      }),
    });
    expect(await screen.findByText('1 to review')).toBeTruthy();
    act(() => client.fire('pane.activated'));
    expect(await screen.findByText('2 to review')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('3 to review')).toBeTruthy();
  });
});

describe('review queue: language and keyboard', () => {
  it('speaks the reviewer’s language', async () => {
    await renderReview({ fields: { 'currentUser.locale': 'de' } });
    expect(await screen.findByRole('heading', { name: 'Prüfliste' })).toBeTruthy();
    expect(screen.getByText('3 zu prüfen')).toBeTruthy();
  });

  it("shows the model's words and what held the ticket back in the reviewer's language", async () => {
    const items = reviewItems().map((item) =>
      item.ticketId === '5001'
        ? {
            ...item,
            reason: 'unlike the tickets the local model learnt from (out of scope); Local model: "invoice"',
            source: 'model' as const,
            ruleId: null,
            evidence: ['invoice'],
            heldBack: 'out_of_scope' as const,
          }
        : item,
    );
    await renderReview({
      fields: { 'currentUser.locale': 'de' },
      request: backend({ review: async () => ({ items }), taxonomy: async () => taxonomyView }),
    });
    await screen.findByRole('heading', { name: 'Prüfliste' });
    const first = row('5001');
    expect(within(first).getByText('Warum: Wörter wie „invoice“')).toBeTruthy();
    expect(within(first).getByTestId('review-held-back').textContent).toBe(
      'Anders als die Tickets, aus denen das Modell gelernt hat: Bitte wählen Sie die Kategorie.',
    );
    // An item from a backend that sends no evidence keeps its reason as the server wrote it, and no hold.
    expect(within(row('5003')).getByText('Warum: LLM failed; local answer kept')).toBeTruthy();
    expect(within(row('5003')).queryByTestId('review-held-back')).toBeNull();
  });

  it('every control is a real button reachable by Tab (no tabindex tricks), each with a name', async () => {
    await renderReview();
    await queueShown();
    const buttons = within(row('5001')).getAllByRole('button');
    expect(buttons.map((button) => button.getAttribute('aria-label') ?? button.textContent)).toEqual([
      'Open ticket #5001: Question about my account',
      'Confirm Billing for ticket #5001',
    ]);
    // The correction is a labelled text field (a combobox), reachable by Tab like any input.
    expect(labelPicker('Correct the label of ticket #5001', row('5001')).tagName).toBe('INPUT');
    for (const button of buttons) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('tabindex') === null || Number(button.getAttribute('tabindex')) >= 0).toBe(true);
    }
  });
});
