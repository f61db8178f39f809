import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  loadZendeskSettings,
  parseMasterKey,
  previewEnabled,
  SECRETS_FILE,
} from '../../server/config/index.ts';
import { llmConfigFromEnv } from '../../server/llm/index.ts';
import { LlmPolicy } from '../../src/triage/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PG = 'postgres://triage@127.0.0.1:5432/triage';
const load = (env: Record<string, string> = {}) => loadConfig({ env, cwd: dir });

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('previewEnabled', () => {
  it.each([
    ['auto', undefined, '127.0.0.1', true],
    ['auto', 'development', 'localhost', true],
    ['auto', 'test', '::1', true],
    ['auto', 'production', '127.0.0.1', false],
    ['auto', undefined, '0.0.0.0', false],
    ['auto', undefined, '::', false],
    ['auto', undefined, '10.0.0.5', false],
    ['on', 'production', '0.0.0.0', true],
    ['off', undefined, '127.0.0.1', false],
  ] as const)('TRIAGE_PREVIEW=%s with NODE_ENV=%s and HOST=%s → %s', (setting, nodeEnv, host, expected) => {
    expect(previewEnabled(setting, { nodeEnv, host })).toBe(expected);
  });
});

describe('loadConfig', () => {
  it('serves the preview for the zero-config local start only, and reads TRIAGE_METRICS_TOKEN', () => {
    expect(load()).toMatchObject({ preview: true, metricsToken: null });
    expect(load({ NODE_ENV: 'production' }).preview).toBe(false);
    expect(load({ HOST: '0.0.0.0' }).preview).toBe(false);
    expect(load({ HOST: '0.0.0.0', TRIAGE_PREVIEW: 'on' }).preview).toBe(true);
    expect(load({ TRIAGE_METRICS_TOKEN: 'metrics-token-0123456789' }).metricsToken).toBe('metrics-token-0123456789');
    expect(configError({ TRIAGE_PREVIEW: 'yes' }).variables).toEqual(['TRIAGE_PREVIEW']);
    expect(configError({ TRIAGE_METRICS_TOKEN: 'short' }).variables).toEqual(['TRIAGE_METRICS_TOKEN']);
  });

  it('has working defaults and resolves paths against the working directory', () => {
    const config = load();
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      databaseUrl: null,
      taxonomyPath: join(dir, 'config/taxonomy.yaml'),
      logLevel: 'info',
    });
    expect(config.llm).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('switches the LLM tier on with a key, reading its settings from .env as well', () => {
    writeFileSync(
      join(dir, '.env'),
      'OPENAI_BASE_URL=http://127.0.0.1:11434/v1\nTRIAGE_LLM_MODEL=llama3.1:8b\nTRIAGE_LLM_DAILY_BUDGET_CALLS=500\n',
    );
    const config = load({ OPENAI_API_KEY: 'ollama', TRIAGE_LLM_POLICY: 'always' });
    expect(config.llm).toMatchObject({
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKey: 'ollama',
      model: 'llama3.1:8b',
      policy: 'always',
      budget: { calls: 500, usd: null },
    });
    expect(Object.isFrozen(config.llm)).toBe(true);
  });

  it('parses TRIAGE_LLM_POLICY once: the same message with or without a key, and any case, as the LLM settings do', () => {
    const direct = () => llmConfigFromEnv({ TRIAGE_LLM_POLICY: 'sometimes' });
    expect(direct).toThrow(
      `TRIAGE_LLM_POLICY must be ${LlmPolicy.options.slice(0, -1).join(', ')} or ${LlmPolicy.options.at(-1)}`,
    );
    for (const env of [
      { TRIAGE_LLM_POLICY: 'sometimes' },
      { TRIAGE_LLM_POLICY: 'sometimes', OPENAI_API_KEY: 'k' },
    ] as Record<string, string>[]) {
      const error = configError(env);
      expect(error.variables).toEqual(['TRIAGE_LLM_POLICY']);
      expect(error.message.match(/TRIAGE_LLM_POLICY/g)).toHaveLength(1);
      expect(() => direct()).toThrow(error.message.slice(error.message.indexOf('TRIAGE_LLM_POLICY')));
    }
    expect(load({ OPENAI_API_KEY: 'k', TRIAGE_LLM_POLICY: 'ALWAYS' }).llm?.policy).toBe('always');
  });

  it('names the LLM variable to fix when the tier is set up wrongly', () => {
    const error = configError({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' });
    expect(error.variables).toContain('TRIAGE_LLM_MODEL');
    expect(error.message).toMatch(/TRIAGE_LLM_MODEL is required with OPENAI_BASE_URL/);
    expect(configError({ OPENAI_API_KEY: 'k', TRIAGE_LLM_TIMEOUT_MS: 'soon' }).variables).toContain(
      'TRIAGE_LLM_TIMEOUT_MS',
    );
  });

  it('generates secrets when unset, keeps them in DATA_DIR (0600) and reuses them on the next start', () => {
    const first = load();
    expect(first.secretSources).toEqual({ sharedSecret: 'generated', adminToken: 'generated' });
    expect(first.sharedSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.sharedSecret).not.toBe(first.adminToken);
    const file = join(dir, 'data', SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = load();
    expect(second.sharedSecret).toBe(first.sharedSecret);
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.secretSources).toEqual({ sharedSecret: 'data-dir', adminToken: 'data-dir' });
  });

  it('prefers secrets from the environment', () => {
    const config = load({ TRIAGE_SHARED_SECRET: 's'.repeat(20), TRIAGE_ADMIN_TOKEN: 'a'.repeat(20) });
    expect(config).toMatchObject({
      sharedSecret: 's'.repeat(20),
      adminToken: 'a'.repeat(20),
      secretSources: { sharedSecret: 'env', adminToken: 'env' },
    });
  });

  it('reads .env, with the real environment winning', () => {
    writeFileSync(
      join(dir, '.env'),
      'PORT=4100\nLOG_LEVEL=debug\nOPENAI_API_KEY=sk-from-dotenv\nTRIAGE_LLM_POLICY=always\n',
    );
    expect(load({ LOG_LEVEL: 'warn' })).toMatchObject({
      port: 4100,
      logLevel: 'warn',
      llm: { policy: 'always', apiKey: 'sk-from-dotenv' },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT=3000'],
    [{ PORT: '70000' }, 'PORT', 'at most 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'postgres://'],
    [{ TRIAGE_SHARED_SECRET: 'short' }, 'TRIAGE_SHARED_SECRET', 'at least 16'],
    [{ TRIAGE_LLM_POLICY: 'sometimes' }, 'TRIAGE_LLM_POLICY', 'off, uncertain or always'],
    [{ TRIAGE_RATE_LIMIT_PER_SECOND: '0' }, 'TRIAGE_RATE_LIMIT_PER_SECOND', 'greater than 0'],
    [{ OPENAI_BASE_URL: 'not a url' }, 'OPENAI_BASE_URL', 'must be a URL'],
    [{ TRIAGE_WORKERS: '0', DATABASE_URL: PG }, 'TRIAGE_WORKERS', 'at least 1'],
    [{ TRIAGE_WORKERS: '2.5', DATABASE_URL: PG }, 'TRIAGE_WORKERS', 'TRIAGE_WORKERS=4'],
    [{ TRIAGE_WORKERS: 'many', DATABASE_URL: PG }, 'TRIAGE_WORKERS', 'TRIAGE_WORKERS=4'],
  ])('fails on %o naming the variable and the fix', (env, variable, fix) => {
    const error = configError(env);
    expect(error.variables).toContain(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(fix);
  });

  it('runs one server process by default; TRIAGE_WORKERS takes a count or auto (one per core) on PostgreSQL', () => {
    expect(load().workers).toBe(1);
    expect(load({ TRIAGE_WORKERS: '' }).workers).toBe(1);
    expect(load({ TRIAGE_WORKERS: '4', DATABASE_URL: PG }).workers).toBe(4);
    expect(load({ TRIAGE_WORKERS: 'auto', DATABASE_URL: PG }).workers).toBe(availableParallelism());
    expect(load({ TRIAGE_WORKERS: '1' }).workers).toBe(1);
  });

  it('opens at most TRIAGE_DB_POOL_SIZE PostgreSQL connections per process (10 by default), a whole number', () => {
    expect(load().dbPoolSize).toBe(10);
    expect(load({ TRIAGE_DB_POOL_SIZE: '4', DATABASE_URL: PG }).dbPoolSize).toBe(4);
    for (const bad of ['0', '2.5', 'lots'])
      expect(configError({ TRIAGE_DB_POOL_SIZE: bad }).variables).toEqual(['TRIAGE_DB_POOL_SIZE']);
  });

  it('keeps installations within TRIAGE_MEMORY_BUDGET_MB (512 by default), a whole number of MiB', () => {
    expect(load().memoryBudgetBytes).toBe(512 * 1024 * 1024);
    expect(load({ TRIAGE_MEMORY_BUDGET_MB: '64' }).memoryBudgetBytes).toBe(64 * 1024 * 1024);
    for (const bad of ['0', '1.5', 'lots'])
      expect(configError({ TRIAGE_MEMORY_BUDGET_MB: bad }).variables).toEqual(['TRIAGE_MEMORY_BUDGET_MB']);
  });

  it.each(['2', 'auto'])('refuses TRIAGE_WORKERS=%s on the embedded database, which serves one process', (workers) => {
    const error = configError({ TRIAGE_WORKERS: workers });
    expect(error.variables).toEqual(['TRIAGE_WORKERS', 'DATABASE_URL']);
    expect(error.message).toContain(`TRIAGE_WORKERS=${workers} needs PostgreSQL`);
    expect(error.message).toContain('set DATABASE_URL=postgres://');
    // Nothing was written for a configuration that cannot start.
    expect(existsSync(join(dir, 'data', SECRETS_FILE))).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: null });
  });

  it('generates a master key on the embedded database, keeps it in DATA_DIR, and reuses it', () => {
    const first = load();
    expect(first.masterKey?.source).toBe('generated');
    expect(parseMasterKey(first.masterKey!.value)?.length).toBe(32);
    const stored = JSON.parse(readFileSync(join(dir, 'data', SECRETS_FILE), 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ sharedSecret: first.sharedSecret, masterKey: first.masterKey!.value });
    expect(load().masterKey).toEqual({ value: first.masterKey!.value, source: 'data-dir' });
  });

  it('makes up no master key on PostgreSQL (instances must share one) and takes one from the environment', () => {
    expect(load({ DATABASE_URL: PG }).masterKey).toBeNull();
    const hex = 'ab'.repeat(32);
    expect(load({ DATABASE_URL: PG, TRIAGE_MASTER_KEY: hex }).masterKey).toEqual({ value: hex, source: 'env' });
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(load({ TRIAGE_MASTER_KEY: base64 }).masterKey).toEqual({ value: base64, source: 'env' });
  });

  it.each(['ab'.repeat(31), Buffer.alloc(16).toString('base64'), 'not a key at all'])(
    'refuses TRIAGE_MASTER_KEY=%s, which is not 32 bytes, saying how to make one',
    (value) => {
      const error = configError({ TRIAGE_MASTER_KEY: value });
      expect(error.variables).toEqual(['TRIAGE_MASTER_KEY']);
      expect(error.message).toContain('openssl rand -base64 32');
      expect(error.message).not.toContain(value);
    },
  );

  it('fails on a corrupt secrets file with what to do', () => {
    load();
    writeFileSync(join(dir, 'data', SECRETS_FILE), '{oops');
    expect(configError({}).message).toContain('delete it');
    expect(readFileSync(join(dir, 'data', SECRETS_FILE), 'utf8')).toBe('{oops');
  });
});

describe('loadConfig: the Zendesk connection', () => {
  it('is off with no ZENDESK_* variable, and takes an API token with its user, or an OAuth token', () => {
    expect(load()).toMatchObject({ zendesk: null, zendeskLabelTagPrefix: '' });
    expect(
      load({
        ZENDESK_URL: 'https://acme.zendesk.com/',
        ZENDESK_EMAIL: 'admin@acme.com',
        ZENDESK_API_TOKEN: 'abcdefgh1234',
        TRIAGE_ZENDESK_LABEL_TAG_PREFIX: 'label_',
        TRIAGE_ZENDESK_LABEL_FIELD: '360012345678',
      }),
    ).toMatchObject({
      zendesk: { url: 'https://acme.zendesk.com', auth: { kind: 'api-token', email: 'admin@acme.com' } },
      zendeskLabelTagPrefix: 'label_',
      zendeskLabelField: 360012345678,
    });
    expect(load({ ZENDESK_URL: 'http://127.0.0.1:9000', ZENDESK_OAUTH_TOKEN: 'oauth-token-1' }).zendesk).toEqual({
      url: 'http://127.0.0.1:9000',
      auth: { kind: 'oauth', accessToken: 'oauth-token-1' },
    });
  });

  it.each([
    {},
    { ZENDESK_URL: 'https://acme.zendesk.com/', ZENDESK_EMAIL: 'admin@acme.com', ZENDESK_API_TOKEN: 'abcdefgh1234' },
    {
      ZENDESK_URL: 'http://127.0.0.1:9000',
      ZENDESK_OAUTH_TOKEN: 'oauth-token-1',
      TRIAGE_ZENDESK_LABEL_TAG_PREFIX: 'label_',
      TRIAGE_ZENDESK_LABEL_FIELD: '360012345678',
    },
  ] as Record<string, string>[])(
    "gives the CLI's partial load (loadZendeskSettings) the server's very Zendesk values for %j",
    (env) => {
      const { zendesk, zendeskLabelTagPrefix, zendeskLabelField } = load(env);
      expect(loadZendeskSettings({ env, cwd: dir })).toEqual({ zendesk, zendeskLabelTagPrefix, zendeskLabelField });
    },
  );

  it.each([
    [{ ZENDESK_URL: 'acme.zendesk.com', ZENDESK_OAUTH_TOKEN: 'oauth-token-1' }, 'ZENDESK_URL', 'no path'],
    [
      { ZENDESK_URL: 'https://acme.zendesk.com/api/v2', ZENDESK_OAUTH_TOKEN: 'oauth-token-1' },
      'ZENDESK_URL',
      'no path',
    ],
    [{ ZENDESK_EMAIL: 'admin@acme.com', ZENDESK_API_TOKEN: 'abcdefgh1234' }, 'ZENDESK_URL', 'is required'],
    [{ ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'admin@acme.com' }, 'ZENDESK_API_TOKEN', 'together'],
    [
      { ZENDESK_URL: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'nope', ZENDESK_API_TOKEN: 'abcdefgh1234' },
      'ZENDESK_EMAIL',
      'email',
    ],
    [
      { ZENDESK_URL: 'https://a.zendesk.com', ZENDESK_OAUTH_TOKEN: 'oauth-token-1', ZENDESK_API_TOKEN: 'abcdefgh1234' },
      'ZENDESK_OAUTH_TOKEN',
      'not both',
    ],
    [{ TRIAGE_ZENDESK_LABEL_TAG_PREFIX: 'has space' }, 'TRIAGE_ZENDESK_LABEL_TAG_PREFIX', 'tag prefix'],
    [{ TRIAGE_ZENDESK_LABEL_FIELD: 'category' }, 'TRIAGE_ZENDESK_LABEL_FIELD', 'ticket field'],
  ])('refuses %j, naming %s', (env, variable, fix) => {
    let error: unknown;
    try {
      load(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).toContain(fix);
    expect((error as ConfigError).message).not.toContain('abcdefgh1234');
  });
});
