// @vitest-environment jsdom
import './support/dom-setup.ts';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { postedFeedback, renderSidebar } from './support/render-sidebar.tsx';

afterEach(cleanup);

async function draftShown() {
  return screen.findByRole('heading', { name: 'Billing' });
}

describe('a ticket background triage already wrote to', () => {
  it('says the app applied it, names the suggested tags it added, and Accept still works', async () => {
    const { client } = await renderSidebar({
      fields: { 'ticket.tags': ['vip_customer', 'triage_auto', 'triage_confidence_high', 'refund'] },
    });
    await draftShown();
    const note = screen.getByTestId('background-note');
    expect(note.getAttribute('data-decision')).toBe('auto');
    expect(note.textContent).toContain('Triage Assist applied this in the background');
    expect(note.textContent).toContain('Tags it added: refund.');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    // The agent's Accept works as on any draft: the rest of the suggestion is added, the verdict recorded.
    expect(client.fields['ticket.tags']).toEqual(expect.arrayContaining(['triage_auto', 'refund', 'invoice']));
    expect(postedFeedback(client)).toContainEqual(expect.objectContaining({ kind: 'accept' }));
  });

  it('says a draft was only tagged for an agent, naming no tags', async () => {
    await renderSidebar({ fields: { 'ticket.tags': ['triage_draft', 'triage_confidence_medium', 'refund'] } });
    await draftShown();
    const note = screen.getByTestId('background-note');
    expect(note.getAttribute('data-decision')).toBe('draft');
    expect(note.textContent).not.toContain('Tags it added');
  });

  it('shows nothing on a ticket the app has not written to', async () => {
    await renderSidebar({ fields: { 'ticket.tags': ['vip_customer', 'refund'] } });
    await draftShown();
    expect(screen.queryByTestId('background-note')).toBeNull();
  });
});
