import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { EnvSchema } from './env-schema.ts';
import { llmConfigFromEnv, LlmConfigError, type LlmConfig, type LlmPolicy } from '../llm/config.ts';
import { ConfigError } from './errors.ts';
import { zendeskSettings, type ZendeskConnection } from './zendesk.ts';
import {
  readStoredSharedSecret,
  resolveMasterKey,
  resolveSecrets,
  SECRETS_FILE,
  type ResolvedSecret,
  type SecretSource,
} from './secrets.ts';

export type { LlmPolicy };

/** The server's configuration, parsed once at start and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly sharedSecret: string;
  readonly adminToken: string;
  /** Where each secret came from: `generated` ones are printed once at start so they can be used. */
  readonly secretSources: { readonly sharedSecret: SecretSource; readonly adminToken: SecretSource };
  /**
   * TRIAGE_MASTER_KEY (32 bytes, see parseMasterKey): seals registered installations' secrets. Generated into DATA_DIR
   * on the embedded database; null on PostgreSQL without the variable (registering an installation then fails).
   */
  readonly masterKey: ResolvedSecret | null;
  /** Absolute. */
  readonly taxonomyPath: string;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  /** How often the model holder and the similar index look for changes made by other instances. */
  readonly syncIntervalMs: number;
  /** Agent labels (accepts and corrections) since the serving model that schedule a retraining; 0 = never. */
  readonly retrainAfter: number;
  /** Server processes `triage serve` runs (TRIAGE_WORKERS, `auto` resolved to the cores); above 1 needs PostgreSQL. */
  readonly workers: number;
  /** PostgreSQL connections each server process opens at most (TRIAGE_DB_POOL_SIZE); N workers open N times as many. */
  readonly dbPoolSize: number;
  /**
   * Bytes each server process keeps of installations' models and similar indexes (TRIAGE_MEMORY_BUDGET_MB): the least
   * recently used installation's are dropped beyond it and loaded again on its next request.
   */
  readonly memoryBudgetBytes: number;
  /** Import the demo tickets into an empty database at start (default: only for the embedded database). */
  readonly demoData: boolean;
  /**
   * Serve the local preview host (`/`, `/preview*`, `/assets/*`) and its signing proxy: TRIAGE_PREVIEW, `auto` resolved
   * by previewEnabled.
   */
  readonly preview: boolean;
  /** Bearer token `/metrics` requires (TRIAGE_METRICS_TOKEN); null leaves it open. */
  readonly metricsToken: string | null;
  /** TRIAGE_WEBHOOK_SECRET: the default installation's Zendesk webhook signing secret; null refuses its deliveries. */
  readonly webhookSecret: string | null;
  /** TRIAGE_WRITE_BACK=on: background triage updates the Zendesk ticket; off (default) is a dry run. */
  readonly writeBack: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: `auto` is readable lines when stdout is a terminal, JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** The default installation's Zendesk API connection (ZENDESK_*); null when not configured. */
  readonly zendesk: ZendeskConnection | null;
  /** TRIAGE_ZENDESK_LABEL_TAG_PREFIX: a Zendesk tag names a label when it is this + a label id ('' = the id alone). */
  readonly zendeskLabelTagPrefix: string;
  /** TRIAGE_ZENDESK_LABEL_FIELD: a custom ticket field whose value names the label (instead of the tags); null: tags. */
  readonly zendeskLabelField: number | null;
  /** The LLM tier's settings; null without OPENAI_API_KEY (the tier is off and /readyz says so). */
  readonly llm: LlmConfig | null;
}

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Directory relative paths resolve against, and where `.env` is looked for. Defaults to process.cwd(). */
  cwd?: string;
  /** `.env` file to read; values already in `env` win. Defaults to `<cwd>/.env` when it exists. */
  envFile?: string | null;
}

function readEnvFile(path: string): Record<string, string | undefined> {
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot be read as a .env file (KEY=value lines)`, [], { cause: error });
  }
}

/**
 * Reads env (and an optional `.env`), validates every variable, resolves secrets (generating and keeping them in
 * DATA_DIR when unset) and returns a frozen Config. A bad value throws ConfigError naming the variable and the fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = readEnvironment(options);
  const values = parseOrThrow(EnvSchema, env);
  // PGlite keeps the database inside one process: a second process cannot open it.
  if (values.TRIAGE_WORKERS !== 1 && values.DATABASE_URL === undefined) {
    throw new ConfigError(
      `invalid configuration: TRIAGE_WORKERS=${values.TRIAGE_WORKERS} needs PostgreSQL, the embedded database serves one process; set DATABASE_URL=postgres://user@host:5432/triage, or unset TRIAGE_WORKERS`,
      ['TRIAGE_WORKERS', 'DATABASE_URL'],
    );
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  const dataDir = absolute(values.DATA_DIR);
  const secrets = resolveSecrets(dataDir, {
    sharedSecret: values.TRIAGE_SHARED_SECRET,
    adminToken: values.TRIAGE_ADMIN_TOKEN,
  });
  const config: Config = {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    databaseUrl: values.DATABASE_URL ?? null,
    sharedSecret: secrets.sharedSecret.value,
    adminToken: secrets.adminToken.value,
    secretSources: Object.freeze({ sharedSecret: secrets.sharedSecret.source, adminToken: secrets.adminToken.source }),
    masterKey: resolveMasterKey(dataDir, values.TRIAGE_MASTER_KEY, { generate: values.DATABASE_URL === undefined }),
    taxonomyPath: absolute(values.TRIAGE_TAXONOMY),
    rateLimit: Object.freeze({ perSecond: values.TRIAGE_RATE_LIMIT_PER_SECOND, burst: values.TRIAGE_RATE_LIMIT_BURST }),
    syncIntervalMs: values.TRIAGE_SYNC_INTERVAL_MS,
    retrainAfter: values.TRIAGE_RETRAIN_AFTER,
    workers: values.TRIAGE_WORKERS === 'auto' ? availableParallelism() : values.TRIAGE_WORKERS,
    dbPoolSize: values.TRIAGE_DB_POOL_SIZE,
    memoryBudgetBytes: values.TRIAGE_MEMORY_BUDGET_MB * 1024 * 1024,
    demoData:
      values.TRIAGE_DEMO_DATA === 'on' || (values.TRIAGE_DEMO_DATA === 'auto' && values.DATABASE_URL === undefined),
    preview: previewEnabled(values.TRIAGE_PREVIEW, { nodeEnv: values.NODE_ENV, host: values.HOST }),
    metricsToken: values.TRIAGE_METRICS_TOKEN ?? null,
    webhookSecret: values.TRIAGE_WEBHOOK_SECRET ?? null,
    writeBack: values.TRIAGE_WRITE_BACK === 'on',
    logLevel: values.LOG_LEVEL,
    logFormat: values.LOG_FORMAT,
    ...zendeskValues(values),
    llm: readLlmConfig(env),
  };
  return Object.freeze(config);
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Whether HOST only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST.test(host.trim());
}

/**
 * The preview's proxy signs requests with the shared secret for whoever reaches it: `auto` serves it only for the
 * zero-configuration local start (not NODE_ENV=production, HOST a loopback address); `on` and `off` are the operator's.
 */
export function previewEnabled(
  setting: 'auto' | 'on' | 'off',
  environment: { nodeEnv: string | undefined; host: string },
): boolean {
  if (setting !== 'auto') return setting === 'on';
  return environment.nodeEnv !== 'production' && isLoopbackHost(environment.host);
}

/** The environment over the `.env` file's values (the environment wins). */
function readEnvironment(options: LoadConfigOptions): Record<string, string | undefined> {
  const cwd = options.cwd ?? process.cwd();
  const envFile = options.envFile === undefined ? resolve(cwd, '.env') : options.envFile;
  const fileValues = envFile !== null && existsSync(envFile) ? readEnvFile(envFile) : {};
  return { ...fileValues, ...(options.env ?? process.env) };
}

function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const variables = parsed.error.issues.map((issue) => String(issue.path[0] ?? '(env)'));
  const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(env)')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${lines.join('; ')}`, variables);
}

/**
 * The shared secret a running server checks tokens with, for signing one locally (`triage token`): TRIAGE_SHARED_SECRET
 * from the environment or `.env`, else the one generated into `dataDir` (default DATA_DIR). Never generates one: with
 * neither, a ConfigError says how to get one.
 */
export function loadSharedSecret(options: LoadConfigOptions & { dataDir?: string } = {}): {
  value: string;
  source: 'env' | 'data-dir';
} {
  const cwd = options.cwd ?? process.cwd();
  const values = parseOrThrow(EnvSchema.pick({ TRIAGE_SHARED_SECRET: true, DATA_DIR: true }), readEnvironment(options));
  if (values.TRIAGE_SHARED_SECRET !== undefined) return { value: values.TRIAGE_SHARED_SECRET, source: 'env' };
  const dataDir = resolve(cwd, options.dataDir ?? values.DATA_DIR);
  const stored = readStoredSharedSecret(dataDir);
  if (stored !== undefined) return { value: stored, source: 'data-dir' };
  throw new ConfigError(
    `no shared secret: TRIAGE_SHARED_SECRET is not set and ${join(dataDir, SECRETS_FILE)} holds none; set TRIAGE_SHARED_SECRET (in the environment or .env), pass the server's folder with --data-dir, or start the server once (npm start) to generate one`,
    ['TRIAGE_SHARED_SECRET', 'DATA_DIR'],
  );
}

function readLlmConfig(env: Record<string, string | undefined>): LlmConfig | null {
  try {
    return llmConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof LlmConfigError)) throw error;
    const variables = [...error.message.matchAll(/\b(OPENAI_[A-Z_]+|TRIAGE_(?:LLM|PROMPT|EMBEDDING)[A-Z_]*)\b/g)].map(
      (match) => match[1] as string,
    );
    throw new ConfigError(`invalid configuration: ${error.message}`, [...new Set(variables)], { cause: error });
  }
}

/** The variables the Zendesk part of the configuration is read from. */
const ZENDESK_VARIABLES = {
  ZENDESK_URL: true,
  ZENDESK_EMAIL: true,
  ZENDESK_API_TOKEN: true,
  ZENDESK_OAUTH_TOKEN: true,
  TRIAGE_ZENDESK_LABEL_TAG_PREFIX: true,
  TRIAGE_ZENDESK_LABEL_FIELD: true,
} as const;

/** The Zendesk part of the configuration, built in one place for the server and the CLI alike. */
export type ZendeskConfig = Pick<Config, 'zendesk' | 'zendeskLabelTagPrefix' | 'zendeskLabelField'>;

function zendeskValues(values: Pick<z.infer<typeof EnvSchema>, keyof typeof ZENDESK_VARIABLES>): ZendeskConfig {
  return {
    zendesk: zendeskSettings(values),
    zendeskLabelTagPrefix: values.TRIAGE_ZENDESK_LABEL_TAG_PREFIX ?? '',
    zendeskLabelField: values.TRIAGE_ZENDESK_LABEL_FIELD ?? null,
  };
}

/** The Zendesk connection and how labels are read for the CLI (`triage import --from-zendesk`), from env and `.env`. */
export function loadZendeskSettings(options: LoadConfigOptions = {}): ZendeskConfig {
  return zendeskValues(parseOrThrow(EnvSchema.pick(ZENDESK_VARIABLES), readEnvironment(options)));
}

/**
 * The master key a server on this database seals installations' secrets with, for the CLI: TRIAGE_MASTER_KEY from the
 * environment or `.env`, else the one kept in `dataDir`, else (the embedded database only) a new one kept there.
 * Null on PostgreSQL without TRIAGE_MASTER_KEY.
 */
export function loadMasterKey(
  options: LoadConfigOptions & { dataDir: string; embedded: boolean },
): ResolvedSecret | null {
  const values = parseOrThrow(EnvSchema.pick({ TRIAGE_MASTER_KEY: true }), readEnvironment(options));
  const dataDir = resolve(options.cwd ?? process.cwd(), options.dataDir);
  return resolveMasterKey(dataDir, values.TRIAGE_MASTER_KEY, { generate: options.embedded });
}
