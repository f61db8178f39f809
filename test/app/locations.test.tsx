// @vitest-environment jsdom
import './support/dom-setup.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App, LOCATIONS } from '../../app/app.tsx';
import { ClientProvider } from '../../app/shared/client-context.tsx';
import { backend, reviewItems, taxonomyView, ticketFields, triageResult } from './support/fixtures.ts';
import { StubZafClient } from './support/stub-zaf-client.ts';

afterEach(() => cleanup());

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../manifest.json'), 'utf8')) as {
  location: { support: Record<string, { url: string }> };
};

async function renderIn(location: string | null, settings?: Record<string, unknown>) {
  const request = backend({
    triage: async () => triageResult(),
    taxonomy: async () => taxonomyView,
    review: async () => ({ items: reviewItems() }),
  });
  const client = new StubZafClient({ fields: ticketFields, request, location, ...(settings ? { settings } : {}) });
  render(
    <ClientProvider client={client}>
      <App />
    </ClientProvider>,
  );
  await act(async () => client.register());
  return client;
}

describe('one app, one page, a view per location', () => {
  it('maps every location manifest.json declares, and no other, and each loads the one page assets/iframe.html', () => {
    const declared = manifest.location.support;
    expect(Object.keys(LOCATIONS).sort()).toEqual(Object.keys(declared).sort());
    for (const location of Object.values(declared)) expect(location.url).toBe('assets/iframe.html');
  });

  it('shows the ticket draft in the ticket_sidebar location', async () => {
    await renderIn('ticket_sidebar');
    expect(await screen.findByRole('heading', { name: 'Billing' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Review queue' })).toBeNull();
  });

  it('shows the review queue in the nav_bar location, without reading a ticket', async () => {
    const client = await renderIn('nav_bar');
    expect(await screen.findByRole('heading', { name: 'Review queue', level: 1 })).toBeTruthy();
    expect(client.requests().some((request) => request.url.endsWith('/v1/triage'))).toBe(false);
  });

  it('shows the not-configured state in either location when the backend URL is missing', async () => {
    await renderIn('nav_bar', { backend_url: '' });
    expect(await screen.findByText('Not set up yet')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Review queue' })).toBeNull();
  });

  it.each([
    ['a location the app has no view for', 'top_bar', 'top_bar'],
    ['a name an object inherits', 'constructor', 'constructor'],
    ['no location at all', null, '?'],
  ])('answers %s with an error state naming it, and calls no backend', async (_case, location, shown) => {
    const client = await renderIn(location);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not available here');
    expect(alert.textContent).toContain(`(${shown})`);
    expect(client.requests()).toEqual([]);
  });
});
