import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listPackageFiles, requirementsIssues } from '../../server/package/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

const webhook = {
  name: 'W',
  endpoint: 'https://backend.example/v1/webhooks/zendesk',
  http_method: 'POST',
  request_format: 'json',
  status: 'inactive',
  subscriptions: ['zen:event-type:ticket.created'],
};

describe('requirements.json', () => {
  it('is not shipped: the webhook it could create would be useless to the backend', async () => {
    // Zendesk reveals no signing secret of a webhook an app created (Show Webhook Signing Secret), and an app update
    // overrides admins' changes to it; the backend connects its own webhook instead (triage webhook).
    await expect(access(new URL('../../requirements.json', import.meta.url))).rejects.toThrow();
    expect((await listPackageFiles(root)).map((file) => file.path)).not.toContain('requirements.json');
  });

  it.each([
    ['GET, which event subscriptions refuse', { http_method: 'GET' }, 'webhooks.hook.http_method'],
    ['xml', { request_format: 'xml' }, 'webhooks.hook.request_format'],
    ['an http endpoint', { endpoint: 'http://backend.example/x' }, 'webhooks.hook.endpoint'],
    ['a made-up subscription', { subscriptions: ['ticket_created'] }, 'webhooks.hook.subscriptions.0'],
    ['no subscription', { subscriptions: [] }, 'webhooks.hook.subscriptions'],
    [
      'a signing secret shared by every account',
      { signing_secret: { algorithm: 'SHA256', secret: 'x' } },
      'signing_secret',
    ],
    ['a status Zendesk does not know', { status: 'on' }, 'webhooks.hook.status'],
  ])('refuses a webhook with %s, naming the field', (_name, change, path) => {
    const issues = requirementsIssues({ webhooks: { hook: { ...webhook, ...change } } });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.join('\n')).toContain(path);
  });

  it('refuses a requirement key Zendesk would not take and a ticket field without a title', () => {
    expect(requirementsIssues({ webhooks: { 'Bad Key': webhook } }).join()).toContain('webhooks.Bad Key');
    expect(requirementsIssues({ ticket_fields: { lang: { type: 'text' } } }).join()).toContain(
      'ticket_fields.lang.title',
    );
    expect(requirementsIssues({ ticket_fields: { lang: { type: 'tagger', title: 'Language' } } })).toEqual([]);
  });
});
