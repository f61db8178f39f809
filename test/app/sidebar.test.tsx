// @vitest-environment jsdom
import './support/dom-setup.ts';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/app.tsx';
import { ClientProvider, useClient } from '../../app/shared/client-context.tsx';
import { backend, taxonomyView, ticketFields, triageResult } from './support/fixtures.ts';
import { labelPicker } from './support/label-picker.ts';
import { renderSidebar } from './support/render-sidebar.tsx';
import { StubZafClient } from './support/stub-zaf-client.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function draftShown() {
  return screen.findByRole('heading', { name: 'Billing' });
}

describe('sidebar registration', () => {
  it('renders nothing and asks the host nothing before app.registered', async () => {
    const { client, view } = await renderSidebar({ register: false });
    await act(async () => undefined);
    expect(view.container.innerHTML).toBe('');
    expect(client.calls).toEqual([]);
    await act(async () => client.register());
    expect(await draftShown()).toBeTruthy();
  });

  it('useClient throws outside its provider', () => {
    function Probe() {
      useClient();
      return null;
    }
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<Probe />)).toThrow(/ClientProvider/);
  });

  it('renders at once for a client that registered before the provider mounted', async () => {
    const client = new StubZafClient({
      fields: ticketFields,
      request: backend({ triage: async () => triageResult(), taxonomy: async () => taxonomyView }),
    });
    client.ready = true;
    render(
      <ClientProvider client={client}>
        <App />
      </ClientProvider>,
    );
    expect(await draftShown()).toBeTruthy();
  });
});

describe('sidebar draft', () => {
  it('shows loading, then the draft with label, confidence, source, reason, summary, priority, type and decision', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const { client } = await renderSidebar({
      request: backend({
        triage: () => new Promise((resolve) => (answer = resolve)),
        taxonomy: async () => taxonomyView,
      }),
    });
    expect(await screen.findByText(/Reading the ticket/)).toBeTruthy();
    await act(async () => answer(triageResult()));
    await draftShown();
    // The level in words (and colour) from the taxonomy's thresholds (auto 0.85, review 0.6), the number beside it.
    expect(screen.getByText('Medium confidence · 78%').getAttribute('data-band')).toBe('medium');
    expect(screen.getByText('Local model')).toBeTruthy();
    expect(screen.getByText(/Why: words like "charged"/)).toBeTruthy();
    expect(screen.getByText('Customer was charged twice for the monthly subscription.')).toBeTruthy();
    expect(screen.getByText('High')).toBeTruthy();
    expect(screen.getByText('Question')).toBeTruthy();
    expect(screen.getByText('Draft: check it, then accept.')).toBeTruthy();
    expect(screen.queryByText(/Escalation:/)).toBeNull();
    const body = JSON.parse(client.requests().find((request) => request.url.endsWith('/v1/triage'))?.data ?? '{}') as {
      ticket?: Record<string, unknown>;
    };
    expect(body.ticket).toMatchObject({
      id: '4242',
      subject: 'Charged twice for my subscription',
      description: 'Hello, I was charged twice this month.',
      requester: { name: 'Dana Example', email: 'dana@example.com' },
      tags: ['vip_customer'],
      status: 'open',
      comments: [
        { authorRole: 'requester', authorName: 'Dana Example', body: 'I was charged twice.', public: true },
        { authorRole: 'agent', authorName: 'Alex Agent', body: 'Checking the invoice.', public: false },
      ],
    });
    expect(body.ticket?.participants).toEqual([{ name: 'Dana Example' }, { name: 'Alex Agent' }]);
  });

  it('shows an escalation banner and the linked open escalation, which opens on click', async () => {
    const { client } = await renderSidebar({
      request: backend({
        triage: async () =>
          triageResult({
            label: {
              name: 'fraud',
              confidence: 0.95,
              source: 'rule',
              reason: 'rule fraud_unauthorized_charge matched "unauthorized"',
              ruleId: 'fraud_unauthorized_charge',
              evidence: null,
            },
            escalation: { isEscalation: true, linkedTo: { ticketId: '900', score: 0.8 } },
            decision: 'auto',
          }),
        taxonomy: async () => taxonomyView,
      }),
    });
    const banner = await screen.findByRole('alert');
    expect(within(banner).getByText('Escalation: Fraud')).toBeTruthy();
    expect(within(banner).getByText(/Linked to open escalation #900/)).toBeTruthy();
    expect(screen.getByText('Keyword rule')).toBeTruthy();
    expect(screen.getByText('Confident: safe to apply as suggested.')).toBeTruthy();
    fireEvent.click(within(banner).getByRole('button', { name: 'Open #900' }));
    await waitFor(() => expect(client.invocations('routeTo')).toEqual([['ticket', '900']]));
  });

  it.each([
    [0.996, 'High confidence · 99%'],
    [1, 'High confidence · 99%'],
    [0.99, 'High confidence · 99%'],
    [0.984, 'High confidence · 98%'],
    [0.004, 'Low confidence · 0%'],
  ])('never claims certainty: confidence %s shows as “%s”', async (confidence, shown) => {
    await renderSidebar({
      request: backend({
        triage: async () =>
          triageResult({
            label: { name: 'billing', confidence, source: 'model', reason: 'x', ruleId: null, evidence: null },
            decision: 'auto',
          }),
        taxonomy: async () => taxonomyView,
      }),
    });
    await draftShown();
    expect(screen.getByText(shown)).toBeTruthy();
    expect(screen.queryByText(/100%/)).toBeNull();
  });

  it('shows the empty state for a ticket with no similar tickets and no tags', async () => {
    await renderSidebar({
      request: backend({
        triage: async () => triageResult({ similar: [], tags: [] }),
        taxonomy: async () => taxonomyView,
      }),
    });
    await draftShown();
    expect(screen.getByText('No similar tickets yet.')).toBeTruthy();
    expect(screen.getByText('No tags suggested.')).toBeTruthy();
  });
});

describe('sidebar draft for an installation with no model yet', () => {
  it('says no label is suggested yet, with the reason and the review decision, and offers only Correct', async () => {
    await renderSidebar({
      request: backend({
        triage: async () =>
          triageResult({
            label: {
              name: 'unclassified',
              confidence: 0,
              source: 'none',
              reason:
                'No rule matched and no LLM answered; no local model is trained for this installation yet, so an agent reviews every label',
              ruleId: null,
              evidence: null,
            },
            alternatives: [],
            urgency: { level: 'low', priority: 'low', confidence: 0, source: 'none' },
            decision: 'review',
          }),
        taxonomy: async () => taxonomyView,
      }),
    });
    expect(await screen.findByRole('heading', { name: 'No label yet' })).toBeTruthy();
    expect(screen.getByText('No suggestion yet')).toBeTruthy();
    expect(screen.queryByText(/confidence/)).toBeNull();
    // Nothing answered only happens without a model: the why line says so, in the agent's language.
    expect(
      screen.getByText('Why: no model is trained on your tickets yet, no keyword rule matched and no AI answered.'),
    ).toBeTruthy();
    expect(screen.getByText('Unsure: please review and choose the label.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(labelPicker('Correct label')).toBeTruthy();
  });
});

describe('sidebar locale', () => {
  it('speaks the agent’s language from currentUser.locale', async () => {
    await renderSidebar({ fields: { 'currentUser.locale': 'ja' } });
    expect(await screen.findByRole('button', { name: '承認' })).toBeTruthy();
    expect(screen.getByText('ローカルモデル')).toBeTruthy();
  });
});

describe('sidebar size', () => {
  it('asks the host to resize the iframe to the content height when it changes', async () => {
    const observers: Array<() => void> = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          observers.push(callback);
        }
        observe() {}
        disconnect() {}
      },
    );
    let height = 420;
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(() => ({ height }) as DOMRect);
    try {
      const { client } = await renderSidebar();
      await draftShown();
      act(() => observers.forEach((notify) => notify()));
      act(() => observers.forEach((notify) => notify()));
      height = 512.4;
      act(() => observers.forEach((notify) => notify()));
      expect(client.invocations('resize')).toEqual([
        [{ width: '100%', height: '420px' }],
        [{ width: '100%', height: '513px' }],
      ]);
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });
});
