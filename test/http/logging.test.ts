import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/http/index.ts';
import { ADMIN_TOKEN, SHARED_SECRET, startApp } from '../support/http.ts';
import { rawRequest } from '../support/raw-http.ts';
import { testRuntime } from '../support/test-runtime.ts';

function collectLines(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logs', () => {
  it('name requests by route pattern, never by the ids in their path or their query string', async () => {
    const { lines, destination } = collectLines();
    const server = await startApp(testRuntime(), { logger: createLogger({ level: 'trace', destination }) });
    await server.call('GET', '/v1/tickets/ticket-4471-Okapi/verdict');
    await server.call('GET', '/v1/tickets/ticket-4471-Okapi/similar?limit=3');
    await server.call('GET', '/v1/similar?q=Nightjar-Sapphire&limit=2');
    await server.call('GET', '/v1/no-such-route/ticket-4471-Okapi?q=Nightjar-Sapphire');
    await rawRequest(
      server.base,
      'GET /v1/tickets/ticket-4471-Okapi%ZZ/verdict?q=Nightjar-Sapphire HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
    );
    await server.close();

    const output = lines.join('');
    const routes = lines
      .map((line) => JSON.parse(line) as { req?: { route: string | null } })
      .flatMap((line) => (line.req ? [line.req.route] : []));
    expect(routes).toEqual(
      expect.arrayContaining(['/v1/tickets/:id/verdict', '/v1/tickets/:id/similar', '/v1/similar', null]),
    );
    expect(routes).toHaveLength(5);
    for (const value of ['ticket-4471', 'Okapi', 'Nightjar', 'limit=', '%ZZ', 'no-such-route'])
      expect(output).not.toContain(value);
  });

  it('name the verified installation on every line of an authenticated request', async () => {
    const { lines, destination } = collectLines();
    const server = await startApp(testRuntime(), { logger: createLogger({ level: 'trace', destination }) });
    await server.call('GET', '/v1/taxonomy');
    await server.close();
    const completed = lines
      .map((line) => JSON.parse(line) as { msg?: string; installation?: string })
      .filter((line) => line.msg?.startsWith('request completed'));
    expect(completed).toHaveLength(1);
    expect(completed[0]!.installation).toBe('default');
  });

  it('never contain ticket text, planted PII, search queries, secrets or tokens', async () => {
    const { lines, destination } = collectLines();
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
    expect(
      (await server.call('POST', '/v1/triage', { body: { ticket }, authorization: `Bearer ${token}` })).status,
    ).toBe(200);
    await server.call('POST', '/v1/triage', {
      body: { ticket: { ...ticket, comments: [{ authorRole: 'robot', body: 'Nightjar-Sapphire' }] } },
    });
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
