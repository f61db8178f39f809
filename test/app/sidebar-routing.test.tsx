// @vitest-environment jsdom
import './support/dom-setup.ts';
import { labelPicker, pickLabel } from './support/label-picker.ts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { readAccountGroups } from '../../app/shared/account-groups.ts';
import type { TaxonomyView } from '../../src/contract/index.ts';
import { backend, taxonomyView, triageResult } from './support/fixtures.ts';
import { postedFeedback, renderSidebar } from './support/render-sidebar.tsx';
import { StubZafClient, zafFailure, type RequestHandler } from './support/stub-zaf-client.ts';

afterEach(cleanup);

const SUPPORT = 1;
const BILLING = 6;
const PRODUCT = 7;
const TRUST = 8;
const GROUPS = [
  { id: SUPPORT, name: 'Support', default: true, deleted: false },
  { id: BILLING, name: 'Billing', default: false, deleted: false },
  { id: PRODUCT, name: 'Product', default: false, deleted: false },
  { id: TRUST, name: 'Trust & Safety', default: false, deleted: false },
];

/** The fixture taxonomy with routing groups: billing → Billing, fraud → "trust & safety" (the account spells it otherwise). */
function withGroups(groups: Record<string, string>): TaxonomyView {
  return {
    ...taxonomyView,
    labels: taxonomyView.labels.map((label) => (label.id in groups ? { ...label, group: groups[label.id] } : label)),
  };
}

/** The backend double, plus Zendesk's own `GET /api/v2/groups.json` as ZAF answers it. */
function host(options: { taxonomy?: TaxonomyView; groups?: RequestHandler } = {}): RequestHandler {
  const api = backend({
    triage: async () => triageResult(),
    taxonomy: async () => options.taxonomy ?? withGroups({ billing: 'Billing', fraud: 'trust & safety' }),
    feedback: async () => ({ id: 'f1', duplicate: false }),
    verdict: async () => ({ verdict: null }),
  });
  return (request) =>
    request.url.startsWith('/api/v2/groups.json')
      ? (options.groups ?? (async () => ({ groups: GROUPS, meta: { has_more: false }, links: { next: null } })))(
          request,
        )
      : api(request);
}

const unassigned = { 'ticket.assignee': { group: { id: SUPPORT, name: 'Support' }, user: null } };

async function note(state: string): Promise<HTMLElement> {
  return waitFor(() => {
    const element = document.querySelector<HTMLElement>(`[data-testid="routing-note"][data-state="${state}"]`);
    if (!element) throw new Error(`no routing note in state ${state}`);
    return element;
  });
}

describe('routing in the sidebar', () => {
  it('shows where Accept routes an unassigned ticket in the default group, then moves it there', async () => {
    const { client } = await renderSidebar({ fields: unassigned, request: host() });
    expect((await note('planned')).textContent).toBe('Route to: Billing');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    expect((await note('routed')).textContent).toBe('Routed to Billing');
    expect(client.sets('ticket.assignee')).toEqual([{ groupId: BILLING }]);
    expect(postedFeedback(client)).toHaveLength(1);
  });

  it('routes a ticket with no group at all', async () => {
    const { client } = await renderSidebar({
      fields: { 'ticket.assignee': { group: null, user: null } },
      request: host(),
    });
    await note('planned');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    await note('routed');
    expect(client.sets('ticket.assignee')).toEqual([{ groupId: BILLING }]);
  });

  it('leaves a ticket an agent put in another group, and says so before and after Accept', async () => {
    const { client } = await renderSidebar({
      fields: { 'ticket.assignee': { group: { id: PRODUCT, name: 'Product' }, user: null } },
      request: host(),
    });
    expect((await note('kept')).textContent).toBe('Stays in Product: an agent assigned it');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    expect((await note('left')).textContent).toBe('Left in Product: an agent assigned it');
    expect(client.sets('ticket.assignee')).toEqual([]);
    // The rest of Accept still happened.
    expect(client.sets('ticket.priority')).toEqual(['high']);
  });

  it('never moves a ticket with an assignee, even one assigned after the sidebar loaded', async () => {
    const { client } = await renderSidebar({ fields: unassigned, request: host() });
    await note('planned');
    client.fields['ticket.assignee'] = { group: { id: SUPPORT, name: 'Support' }, user: { id: 31, name: 'Sam' } };
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    expect((await note('left')).textContent).toBe('Left in Support: an agent assigned it');
    expect(client.sets('ticket.assignee')).toEqual([]);
  });

  it('routes a correction to the corrected label’s group, matched however the account spells it', async () => {
    const { client } = await renderSidebar({ fields: unassigned, request: host() });
    await note('planned');
    await pickLabel(labelPicker('Correct label'), 'Fraud', 'fra');
    expect((await note('routed')).textContent).toBe('Routed to Trust & Safety');
    expect(client.sets('ticket.assignee')).toEqual([{ groupId: TRUST }]);
  });

  it('warns when the taxonomy’s group does not exist in the account, and Accept leaves the group alone', async () => {
    const { client } = await renderSidebar({
      fields: unassigned,
      request: host({ taxonomy: withGroups({ billing: 'Finance' }) }),
    });
    const warning = await note('unknown');
    expect(warning.textContent).toContain('“Finance”');
    expect(warning.textContent).toContain('no group of that name');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    await screen.findByText('Applied: 2 tags, priority and type.');
    expect(client.sets('ticket.assignee')).toEqual([]);
    expect((await note('unknown')).textContent).toContain('“Finance”');
  });

  it('says so when the groups cannot be read, and Accept still applies the rest', async () => {
    const { client } = await renderSidebar({
      fields: unassigned,
      request: host({ groups: () => zafFailure({ status: 403, statusText: 'Forbidden' }) }),
    });
    expect((await note('unavailable')).textContent).toContain('could not be read');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Accept' })));
    await screen.findByText('Applied: 2 tags, priority and type.');
    expect(client.sets('ticket.assignee')).toEqual([]);
  });

  it('shows nothing about routing for a label without a group', async () => {
    await renderSidebar({ fields: unassigned, request: host({ taxonomy: withGroups({}) }) });
    await screen.findByRole('button', { name: 'Accept' });
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(document.querySelector('[data-testid="routing-note"]')).toBeNull();
  });
});

describe('readAccountGroups', () => {
  it('follows cursor pages through ZAF, by path, and validates each', async () => {
    const urls: string[] = [];
    const client = new StubZafClient({
      request: async (request) => {
        urls.push(request.url);
        return request.url.includes('page[after]')
          ? { groups: [GROUPS[1]], meta: { has_more: false }, links: { next: null } }
          : {
              groups: [GROUPS[0]],
              meta: { has_more: true },
              links: { next: 'https://acme.zendesk.com/api/v2/groups.json?page[size]=100&page[after]=abc' },
            };
      },
    });
    expect((await readAccountGroups(client)).map((group) => group.id)).toEqual([SUPPORT, BILLING]);
    expect(urls).toEqual(['/api/v2/groups.json?page[size]=100', '/api/v2/groups.json?page[size]=100&page[after]=abc']);
    // Read once per app instance.
    await readAccountGroups(client);
    expect(urls).toHaveLength(2);
  });

  it('rejects an answer that is not a groups list, and reads again next time', async () => {
    let answer: unknown = { tickets: [] };
    const client = new StubZafClient({ request: async () => answer });
    await expect(readAccountGroups(client)).rejects.toMatchObject({ code: 'ZENDESK_GROUPS_UNAVAILABLE' });
    answer = { groups: GROUPS };
    expect(await readAccountGroups(client)).toHaveLength(4);
  });
});
