import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/index.ts';
import { createLogger, resolveLogFormat } from '../../server/http/index.ts';
import { startApp } from '../support/http.ts';
import { testRuntime } from '../support/test-runtime.ts';

function collectLines(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { lines, destination };
}

function withEnv<T>(env: Record<string, string>, run: (load: () => ReturnType<typeof loadConfig>) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'triage-log-format-'));
  try {
    return run(() => loadConfig({ env, cwd: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('log format', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['auto', undefined, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('LOG_FORMAT=%s with stdout.isTTY %s logs %s', (setting, isTTY, expected) => {
    expect(resolveLogFormat(setting, isTTY === undefined ? {} : { isTTY })).toBe(expected);
  });

  it('reads LOG_FORMAT (default auto) and refuses a value it does not know, naming the variable', () => {
    expect(withEnv({}, (load) => load().logFormat)).toBe('auto');
    expect(withEnv({ LOG_FORMAT: 'pretty' }, (load) => load().logFormat)).toBe('pretty');
    const error = withEnv({ LOG_FORMAT: 'yaml' }, (load) => {
      try {
        load();
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/LOG_FORMAT.*auto.*json.*pretty/s);
  });

  it('renders a request as readable lines by route pattern, without the ids in its path or its query', async () => {
    const { lines, destination } = collectLines();
    const server = await startApp(testRuntime(), {
      logger: createLogger({ level: 'info', format: 'pretty', destination, colorize: false }),
    });
    await server.call('GET', '/v1/tickets/ticket-4471-Okapi/similar?q=Nightjar-Sapphire');
    await server.close();

    const request = lines.filter((line) => line.includes('"reqId":"req-1"'));
    expect(request[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: incoming request: GET \/v1\/tickets\/:id\/similar \{"reqId":"req-1"\}$/,
    );
    expect(request.at(-1)).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request completed: 404 in \d+ ms \{"reqId":"req-1","installation":"default"\}$/,
    );
    for (const value of ['ticket-4471', 'Okapi', 'Nightjar', '{"level"']) expect(lines.join('\n')).not.toContain(value);
  });

  it('keeps an error on its line, by type and code', () => {
    const { lines, destination } = collectLines();
    createLogger({ format: 'pretty', destination, colorize: false }).error(
      { err: Object.assign(new Error('ticket text Okapi'), { code: 'DB_DOWN' }) },
      'query failed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR: query failed: \(Error DB_DOWN\)$/);
  });

  it('censors secrets and tokens in pretty lines as in JSON ones', () => {
    const { lines, destination } = collectLines();
    createLogger({ format: 'pretty', destination, colorize: false }).info(
      { token: 'tok-Okapi', secret: 'sec-Okapi', headers: { authorization: 'Bearer x' } },
      'signed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('INFO: signed');
    expect(lines[0]).not.toContain('Okapi');
    expect(lines[0]).not.toContain('Bearer');
  });
});
