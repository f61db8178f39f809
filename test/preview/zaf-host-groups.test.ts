import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createZafHost, type HostTicket, type OutgoingMessage } from '../../app/preview/index.ts';
import { buildPreviewTickets } from '../../server/preview/index.ts';
import { PREVIEW_AGENT_GROUP_ID, PREVIEW_DEFAULT_GROUP_ID, PREVIEW_GROUPS } from '../../src/preview-host/index.ts';
import { resolveGroups } from '../../src/routing/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

const APP_ORIGIN = 'http://127.0.0.1:4000';
const APP_GUID = 'app-guid-1';
const SECURITY = PREVIEW_GROUPS.find((group) => group.name === 'Security')!.id;

const TICKET: HostTicket = {
  id: 100001,
  subject: 'Someone logged into my account',
  description: 'Hello, someone changed my recovery email.',
  status: 'new',
  priority: null,
  type: null,
  tags: [],
  requester: { id: 11, name: 'Ana Silva', email: 'ana@example.com' },
  assignee: null,
  groupId: PREVIEW_DEFAULT_GROUP_ID,
  comments: [],
  locale: 'en',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
};

async function registeredHost() {
  const sent: OutgoingMessage[] = [];
  const proxied: unknown[] = [];
  const host = createZafHost({
    appGuid: APP_GUID,
    appOrigin: APP_ORIGIN,
    ticket: TICKET,
    proxy: async (options) => {
      proxied.push(options);
      return { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '{}' };
    },
    send: (message) => sent.push(message),
    settings: {},
    subdomain: 'preview',
    currentUser: { id: 2, name: 'Agent Smith', email: 'agent@example.com', locale: 'en' },
  });
  const post = (payload: Record<string, unknown>) =>
    host.receive({
      origin: APP_ORIGIN,
      data: JSON.stringify({ ...payload, appGuid: APP_GUID, instanceGuid: APP_GUID }),
    });
  await post({ key: 'iframe.handshake', message: { version: '2.0.9' } });
  let id = 0;
  const call = async (request: 'get' | 'set', params: unknown) => {
    await post({ id: ++id, request, params });
    const reply = sent.at(-1);
    if (!reply || !('id' in reply)) throw new Error('no reply');
    return reply.result;
  };
  const request = async (url: string) => {
    await post({ key: `request:${++id}`, message: { url, type: 'GET', dataType: 'json' } });
    const reply = sent.at(-1) as { key: string; message: { responseArgs: unknown[] } };
    return { ok: reply.key.endsWith('.done'), body: reply.message.responseArgs[0] };
  };
  const events = () =>
    sent.flatMap((message) => ('key' in message && message.key !== 'zaf.app.registered' ? [message] : []));
  return { host, post, call, request, events, proxied };
}

describe('the preview host’s Zendesk groups', () => {
  it('answers GET /api/v2/groups.json itself (never through the backend proxy), in cursor pages', async () => {
    const { request, proxied } = await registeredHost();
    const first = (await request('/api/v2/groups.json?page[size]=4')).body as {
      groups: { id: number; name: string; default: boolean }[];
      meta: { has_more: boolean };
      links: { next: string | null };
    };
    expect(first.groups.map((group) => group.name)).toEqual(['Support', 'Tier 1', 'Tier 2 – Incidents', 'Security']);
    expect(first.groups[0]?.default).toBe(true);
    expect(first.meta.has_more).toBe(true);
    const names: string[] = first.groups.map((group) => group.name);
    let next = first.links.next;
    while (next) {
      const page = (await request(next)).body as { groups: { name: string }[]; links: { next: string | null } };
      names.push(...page.groups.map((group) => group.name));
      next = page.links.next;
    }
    expect(names).toEqual(PREVIEW_GROUPS.map((group) => group.name));
    expect(proxied).toEqual([]);
    expect(await request('/api/v2/users.json')).toMatchObject({ ok: false });
  });

  it('sets ticket.assignee { groupId }, answers it as { group: { id, name } } and fires the group events', async () => {
    const { host, post, call, events } = await registeredHost();
    await post({ key: 'iframe.on:ticket.assignee.group.id.changed', message: { subscriberCount: 1 } });
    expect(await call('get', ['ticket.assignee'])).toMatchObject({
      'ticket.assignee': { user: null, group: { id: PREVIEW_DEFAULT_GROUP_ID, name: 'Support' } },
    });
    expect(await call('set', { 'ticket.assignee': { groupId: SECURITY } })).toMatchObject({ errors: {} });
    expect(host.ticket?.groupId).toBe(SECURITY);
    expect(events()).toEqual([{ key: 'zaf.ticket.assignee.group.id.changed', message: SECURITY }]);
  });

  it('refuses a group the account does not have, and a user (the preview has no agents)', async () => {
    const { host, call } = await registeredHost();
    const unknown = await call('set', { 'ticket.assignee': { groupId: 42 } });
    expect(unknown.errors['ticket.assignee']).toMatchObject({ name: 'InvalidValueError' });
    const user = await call('set', { 'ticket.assignee': { groupId: SECURITY, userId: 2 } });
    expect(user.errors['ticket.assignee']).toMatchObject({ name: 'InvalidValueError' });
    expect(host.ticket?.groupId).toBe(PREVIEW_DEFAULT_GROUP_ID);
  });

  it('lets the page change the group as an agent would, telling the app', async () => {
    const { host, post, events } = await registeredHost();
    await post({ key: 'iframe.on:ticket.assignee.group.id.changed', message: { subscriberCount: 1 } });
    host.assignGroup(PREVIEW_AGENT_GROUP_ID);
    expect(host.ticket?.groupId).toBe(PREVIEW_AGENT_GROUP_ID);
    expect(events()).toEqual([{ key: 'zaf.ticket.assignee.group.id.changed', message: PREVIEW_AGENT_GROUP_ID }]);
  });

  it('has every group the demo taxonomy routes to, so routing shows in npm start', () => {
    const taxonomy = parseTaxonomy(readFileSync('config/taxonomy.yaml', 'utf8'));
    const resolution = resolveGroups(taxonomy, PREVIEW_GROUPS);
    expect(resolution.unknown).toEqual([]);
    expect(resolution.ambiguous).toEqual([]);
    expect(resolution.defaultGroupId).toBe(PREVIEW_DEFAULT_GROUP_ID);
  });

  it('puts new demo tickets in the default group and answered history tickets in an agent’s group', () => {
    const tickets = buildPreviewTickets();
    expect(tickets.incoming.every((ticket) => ticket.groupId === PREVIEW_DEFAULT_GROUP_ID)).toBe(true);
    expect(tickets.find('demo-0042')?.groupId).toBe(PREVIEW_AGENT_GROUP_ID);
  });
});
