import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/http/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

describe('logs', () => {
  it('never contain ticket text, planted PII, search queries, secrets or tokens', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const runtime = testRuntime();
    const server = await startApp(runtime, { logger: createLogger({ level: 'trace', destination }) });
    const token = await server.token();
    const planted = ['Quentin Marlowe', 'quentin.marlowe@example.net', '4111 1111 1111 1111', 'Nightjar-Sapphire'];
    const ticket = {
      id: 'log-1',
      subject: 'Invoice problem Nightjar-Sapphire',
      description: `I am Quentin Marlowe, quentin.marlowe@example.net, card 4111 1111 1111 1111. My invoice is wrong.`,
      requester: { name: 'Quentin Marlowe', email: 'quentin.marlowe@example.net' },
    };
    expect((await server.call('POST', '/v1/triage', { body: { ticket }, authorization: `Bearer ${token}` })).status).toBe(200);
    await server.call('POST', '/v1/triage', { body: { ticket: { ...ticket, comments: [{ authorRole: 'robot', body: 'Nightjar-Sapphire' }] } } });
    await server.call('GET', '/v1/similar?q=Nightjar-Sapphire');
    await server.call('POST', '/v1/admin/train', { authorization: `Bearer ${ADMIN_TOKEN}` });
    runtime.store.getTicket = async () => {
      throw new Error('failed for Nightjar-Sapphire');
    };
    await server.call('GET', '/v1/tickets/log-1/similar');
    await server.close();

    const output = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(output).toContain('/v1/triage');
    for (const value of [...planted, token, SHARED_SECRET, ADMIN_TOKEN]) expect(output).not.toContain(value);
  });
});
