import { z } from 'zod';
import { parseMasterKey } from './master-key.ts';

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(emptyAsUndefined, z.string().trim().optional());
const wholeNumber = (min: number, max: number, fix: string) =>
  z.coerce
    .number({ error: `must be a whole number; ${fix}` })
    .int(`must be a whole number; ${fix}`)
    .min(min, `must be at least ${min}; ${fix}`)
    .max(max, `must be at most ${max}; ${fix}`);
const positiveNumber = (fix: string) =>
  z.coerce.number({ error: `must be a number; ${fix}` }).positive(`must be greater than 0; ${fix}`);

/**
 * Every environment variable the server reads, with its default and the fix a bad value needs, except the LLM tier's
 * (OPENAI_*, TRIAGE_LLM_*, TRIAGE_PROMPT, TRIAGE_EMBEDDING_MODEL): server/llm/config.ts parses those, once.
 * README.md ("Configuration", "LLM tier") documents each one; keep them in step.
 */
export const EnvSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, wholeNumber(0, 65_535, 'for example PORT=3000').default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must start with postgres:// or postgresql://, e.g. postgres://user@127.0.0.1:5432/triage; leave it unset for the embedded database',
      )
      .optional(),
  ),
  TRIAGE_SHARED_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(
        16,
        'must be at least 16 characters; use the same value as the app\'s "Shared secret" setting in Zendesk, or unset it to generate one',
      )
      .optional(),
  ),
  TRIAGE_ADMIN_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(
        16,
        'must be at least 16 characters; generate one with `openssl rand -base64 32`, or unset it to generate one',
      )
      .optional(),
  ),
  TRIAGE_MASTER_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine(
        (value) => parseMasterKey(value) !== null,
        "must be 32 bytes as 64 hex digits or base64; generate one with `openssl rand -base64 32` and give every instance the same one (it seals the installations' secrets), or unset it on the embedded database to generate one",
      )
      .optional(),
  ),
  TRIAGE_TAXONOMY: z.preprocess(emptyAsUndefined, z.string().default('config/taxonomy.yaml')),
  TRIAGE_RATE_LIMIT_PER_SECOND: z.preprocess(
    emptyAsUndefined,
    positiveNumber('for example TRIAGE_RATE_LIMIT_PER_SECOND=20').default(20),
  ),
  TRIAGE_RATE_LIMIT_BURST: z.preprocess(
    emptyAsUndefined,
    wholeNumber(1, 1_000_000, 'for example TRIAGE_RATE_LIMIT_BURST=100').default(100),
  ),
  TRIAGE_SYNC_INTERVAL_MS: z.preprocess(
    emptyAsUndefined,
    wholeNumber(100, 3_600_000, 'for example TRIAGE_SYNC_INTERVAL_MS=2000').default(2000),
  ),
  TRIAGE_RETRAIN_AFTER: z.preprocess(
    emptyAsUndefined,
    wholeNumber(
      0,
      1_000_000,
      'for example TRIAGE_RETRAIN_AFTER=50, or 0 to retrain only on POST /v1/admin/train',
    ).default(50),
  ),
  TRIAGE_WORKERS: z.preprocess(
    emptyAsUndefined,
    z
      .union([z.literal('auto'), wholeNumber(1, 1024, 'for example TRIAGE_WORKERS=4')], {
        error: 'must be auto (one per core) or a whole number from 1 to 1024; for example TRIAGE_WORKERS=4',
      })
      .default(1),
  ),
  TRIAGE_DB_POOL_SIZE: z.preprocess(
    emptyAsUndefined,
    wholeNumber(1, 1_000, 'for example TRIAGE_DB_POOL_SIZE=10').default(10),
  ),
  TRIAGE_MEMORY_BUDGET_MB: z.preprocess(
    emptyAsUndefined,
    wholeNumber(1, 1_048_576, 'for example TRIAGE_MEMORY_BUDGET_MB=512').default(512),
  ),
  TRIAGE_DEMO_DATA: z.preprocess(
    emptyAsUndefined,
    z.enum(['auto', 'on', 'off'], { error: 'must be auto (embedded database only), on or off' }).default('auto'),
  ),
  TRIAGE_PREVIEW: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['auto', 'on', 'off'], {
        error: 'must be auto (on unless NODE_ENV=production or HOST is not a loopback address), on or off',
      })
      .default('auto'),
  ),
  TRIAGE_METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(
        16,
        'must be at least 16 characters; generate one with `openssl rand -base64 32`, or unset it to leave /metrics open',
      )
      .optional(),
  ),
  ZENDESK_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (
            (url.protocol === 'https:' || url.protocol === 'http:') && (url.pathname === '/' || url.pathname === '')
          );
        } catch {
          return false;
        }
      }, "must be the account's address, e.g. https://acme.zendesk.com (no path)")
      .optional(),
  ),
  ZENDESK_EMAIL: z.preprocess(
    emptyAsUndefined,
    z.email('must be the email of the Zendesk user the API token belongs to, e.g. admin@acme.com').optional(),
  ),
  ZENDESK_API_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .min(8, 'must be a Zendesk API token (Admin Center › Apps and integrations › Zendesk API)')
      .optional(),
  ),
  ZENDESK_OAUTH_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .min(8, 'must be a Zendesk OAuth access token with the tickets:read and tickets:write scopes')
      .optional(),
  ),
  TRIAGE_ZENDESK_LABEL_TAG_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(
        /^[a-z0-9_:-]{1,40}$/i,
        'must be 1 to 40 letters, digits, _ : or - (a Zendesk tag prefix), e.g. TRIAGE_ZENDESK_LABEL_TAG_PREFIX=label_',
      )
      .optional(),
  ),
  TRIAGE_ZENDESK_LABEL_FIELD: z.preprocess(
    emptyAsUndefined,
    wholeNumber(
      1,
      Number.MAX_SAFE_INTEGER,
      'the id of a Zendesk ticket field, e.g. TRIAGE_ZENDESK_LABEL_FIELD=360012345678',
    ).optional(),
  ),
  TRIAGE_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(
        16,
        "must be at least 16 characters: the signing secret Zendesk shows for the default installation's webhook; unset it to refuse webhook deliveries",
      )
      .optional(),
  ),
  TRIAGE_WRITE_BACK: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['on', 'off'], {
        error: 'must be on (write triage results back to Zendesk tickets) or off (dry run: triage and store only)',
      })
      .default('off'),
  ),
  NODE_ENV: optionalText,
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  LOG_FORMAT: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['auto', 'json', 'pretty'], {
        error: 'must be auto (readable lines on a terminal, JSON otherwise), json or pretty',
      })
      .default('auto'),
  ),
});
export type Env = z.infer<typeof EnvSchema>;
