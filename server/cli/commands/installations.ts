import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApiError } from '../../errors.ts';
import { ConfigError, loadMasterKey, loadSharedSecret, type ZendeskConnection } from '../../config/index.ts';
import {
  InstallationRegistry,
  MIN_SHARED_SECRET_LENGTH,
  sealerFromConfig,
  storePurge,
  type InstallationSummary,
} from '../../installations/index.ts';
import type { Store } from '../../storage/index.ts';
import { CliError } from '../errors.ts';
import { openStore, withStoreLocation } from '../open-store.ts';
import { progress } from '../progress.ts';
import { textTable } from '../text-table.ts';

interface LocationOptions {
  dataDir: string;
  databaseUrl?: string;
}

/**
 * `triage installations add | list | rotate | taxonomy | zendesk | webhook-secret | remove`: the Zendesk accounts this backend serves, in its database. A
 * shared secret is printed only by add and rotate, on stdout (JSON), never on stderr or in a log.
 */
export function registerInstallations(program: Command): void {
  const installations = program
    .command('installations')
    .description('the Zendesk accounts the server serves (in its database): add, list, rotate a secret, remove');

  withStoreLocation(installations.command('add'))
    .description(
      `register a Zendesk account; prints { id, subdomain, sharedSecret } (the secret is generated, or read from stdin with --secret-from-stdin: at least ${MIN_SHARED_SECRET_LENGTH} characters) — paste it into the app's shared secret setting`,
    )
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .option('--secret-from-stdin', 'read the shared secret from stdin instead of generating one')
    .action((subdomain: string, options: LocationOptions & { secretFromStdin?: boolean }) =>
      withRegistry(options, async (registry) => {
        const sharedSecret = options.secretFromStdin ? await readSecret() : undefined;
        const created = await registry.add({ subdomain, sharedSecret });
        progress(`installations: added ${created.subdomain} (${created.id})`);
        process.stdout.write(`${JSON.stringify(created)}\n`);
      }),
    );

  withStoreLocation(installations.command('list'))
    .description('list installations (the default one, from the environment, first); never a secret')
    .option('--json', 'print a JSON array instead of a table')
    .action((options: LocationOptions & { json?: boolean }) =>
      withRegistry(options, async (registry) => {
        const rows = await registry.list();
        process.stdout.write(options.json ? `${JSON.stringify(rows)}\n` : formatList(rows));
      }),
    );

  withStoreLocation(installations.command('rotate'))
    .description(
      'give an installation a new shared secret; prints { sharedSecret, previousValidUntil } (the old one is accepted until then)',
    )
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .action((subdomain: string, options: LocationOptions) =>
      withRegistry(options, async (registry) => {
        const rotated = await registry.rotate(subdomain);
        progress(`installations: rotated ${subdomain}; the previous secret works until ${rotated.previousValidUntil}`);
        process.stdout.write(`${JSON.stringify(rotated)}\n`);
      }),
    );

  withStoreLocation(installations.command('taxonomy'))
    .description(
      "an installation's own taxonomy: --file sets it (validated first; every server follows within TRIAGE_SYNC_INTERVAL_MS), --clear goes back to the shared file, --show prints it",
    )
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .option(
      '--file <file.yaml>',
      'set the taxonomy from this YAML file (check it first with: triage taxonomy check FILE)',
    )
    .option('--clear', 'go back to the shared taxonomy file (TRIAGE_TAXONOMY)')
    .option(
      '--show',
      "print the installation's own taxonomy YAML (nothing, and a note on stderr, when it uses the file)",
    )
    .action((subdomain: string, options: LocationOptions & { file?: string; clear?: boolean; show?: boolean }) => {
      const chosen = [options.file !== undefined, options.clear === true, options.show === true].filter(Boolean);
      if (chosen.length !== 1)
        throw new CliError(
          'BAD_OPTION',
          'installations taxonomy: give exactly one of --file FILE.yaml, --clear, --show',
        );
      const file = options.file;
      return withRegistry(options, async (registry) => {
        if (file !== undefined) {
          const set = await registry.setTaxonomy(subdomain, await readTaxonomyFile(file));
          progress(`installations: ${set.subdomain} now uses its own taxonomy ${set.version} (${set.labels} labels)`);
          process.stdout.write(`${JSON.stringify(set)}\n`);
        } else if (options.clear) {
          const cleared = await registry.clearTaxonomy(subdomain);
          progress(
            cleared.cleared
              ? `installations: ${cleared.subdomain} is back on the shared taxonomy file`
              : `installations: ${cleared.subdomain} had no taxonomy of its own; it uses the shared file`,
          );
          process.stdout.write(`${JSON.stringify(cleared)}\n`);
        } else {
          const own = await registry.taxonomyBySubdomain(subdomain);
          if (own.taxonomy === null)
            progress(`installations: ${own.subdomain ?? 'default'} uses the shared taxonomy file (TRIAGE_TAXONOMY)`);
          else process.stdout.write(own.taxonomy.endsWith('\n') ? own.taxonomy : `${own.taxonomy}\n`);
        }
      });
    });

  withStoreLocation(installations.command('zendesk'))
    .description(
      "an installation's Zendesk API connection (history import, background triage) and write-back switch; prints the connection, never a token",
    )
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .option('--url <url>', "the account's address, e.g. https://acme.zendesk.com")
    .option('--email <email>', 'with --api-token: the email of the Zendesk user the API token belongs to')
    .option('--api-token', 'read a Zendesk API token from stdin (never an argument: it would show in ps and history)')
    .option('--oauth-token', 'read a Zendesk OAuth access token (tickets:read tickets:write) from stdin')
    .option('--write-back <on|off|default>', 'write triage results to its tickets; default follows TRIAGE_WRITE_BACK')
    .option('--clear', 'forget its Zendesk credentials')
    .action((subdomain: string, options: LocationOptions & ZendeskOptions) => {
      const change = zendeskChange(options);
      return withRegistry(options, async (registry) => {
        const view =
          change === null
            ? await registry.zendeskView(subdomain)
            : await registry.setZendesk(subdomain, await change());
        if (change !== null)
          progress(
            `installations: ${view.subdomain} ${view.connected ? `connects to ${view.url} (${view.auth})` : 'has no Zendesk credentials'}; write-back ${view.writeBack === null ? 'follows TRIAGE_WRITE_BACK' : view.writeBack ? 'on' : 'off'}`,
          );
        process.stdout.write(`${JSON.stringify(view)}\n`);
      });
    });

  withStoreLocation(installations.command('webhook-secret'))
    .description(
      "set the signing secret of the installation's Zendesk webhook (read from stdin, never an argument) or --clear it; never printed",
    )
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .option('--clear', 'forget the secret: its deliveries are refused until one is set again')
    .action((subdomain: string, options: LocationOptions & { clear?: boolean }) =>
      withRegistry(options, async (registry) => {
        const secret = options.clear ? null : await readSecret('webhook-secret', 'the signing secret');
        await registry.setWebhookSecret(subdomain, secret);
        progress(`installations: ${subdomain}'s webhook secret ${secret === null ? 'cleared' : 'set'}`);
        process.stdout.write(`${JSON.stringify({ subdomain, webhookSecret: secret === null ? 'cleared' : 'set' })}\n`);
      }),
    );

  withStoreLocation(installations.command('remove'))
    .description('remove an installation and delete its data; prints { id, subdomain, deleted } with counts per table')
    .argument('<subdomain>', 'the account: acme, or acme.zendesk.com')
    .action((subdomain: string, options: LocationOptions) =>
      withRegistry(options, async (registry, store) => {
        const removed = await registry.remove(subdomain, storePurge(store));
        progress(`installations: removed ${removed.subdomain} (${removed.id})`);
        process.stdout.write(`${JSON.stringify(removed)}\n`);
      }),
    );
}

async function withRegistry(
  options: LocationOptions,
  run: (registry: InstallationRegistry, store: Store) => Promise<void>,
): Promise<void> {
  const store = await openStore(
    { dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) },
    { mustExist: true },
  );
  try {
    await run(registryOf(store, options), store);
  } catch (error) {
    // The registry's errors are written for people already: one line, exit 2 for bad input, 1 for the server's side.
    if (error instanceof ApiError)
      throw new CliError(error.code, error.message, { cause: error, exitCode: error.status < 500 ? 2 : 1 });
    throw error;
  } finally {
    await store.close();
  }
}

/** The registry over an open store, with the master key that opens its sealed secrets. */
export function registryOf(store: Store, options: LocationOptions): InstallationRegistry {
  return new InstallationRegistry(store, {
    sealer: sealerFromConfig(masterKeyOf(options)),
    defaultSecret: defaultSecretOf(options),
  });
}

/** TRIAGE_MASTER_KEY, else the embedded database's (generated there on first use), else null (PostgreSQL). */
function masterKeyOf(options: LocationOptions) {
  try {
    return loadMasterKey({ dataDir: options.dataDir, embedded: !options.databaseUrl });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.code, error.message, { cause: error });
    throw error;
  }
}

/** The default installation's secret when it can be found: only to refuse registering another with the same one. */
function defaultSecretOf(options: LocationOptions): string | null {
  try {
    return loadSharedSecret({ dataDir: options.dataDir }).value;
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

async function readTaxonomyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      'BAD_OPTION',
      `--file ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}`,
      {
        cause: error,
      },
    );
  }
}

async function readSecret(option = '--secret-from-stdin', what = 'the secret'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const secret = Buffer.concat(chunks).toString('utf8').trim();
  if (secret === '') throw new CliError('BAD_OPTION', `${option}: stdin was empty; pipe ${what} in`);
  return secret;
}

/** `triage installations zendesk`'s options; the tokens are flags, their values come on stdin. */
interface ZendeskOptions {
  url?: string;
  email?: string;
  apiToken?: boolean;
  oauthToken?: boolean;
  writeBack?: string;
  clear?: boolean;
}

/**
 * What `installations zendesk` changes, checked before the database opens: null shows the connection as it is. The
 * token is read from stdin only when the options are sound.
 */
function zendeskChange(
  options: ZendeskOptions,
): (() => Promise<{ connection?: ZendeskConnection | null; writeBack?: boolean | null }>) | null {
  const writeBacks: Record<string, boolean | null> = { on: true, off: false, default: null };
  if (options.writeBack !== undefined && !Object.hasOwn(writeBacks, options.writeBack))
    throw new CliError('BAD_OPTION', `--write-back must be on, off or default, got "${options.writeBack}"`);
  const writeBack = options.writeBack === undefined ? {} : { writeBack: writeBacks[options.writeBack]! };
  const credentials = [options.url, options.email, options.apiToken, options.oauthToken].some((v) => v !== undefined);
  if (options.clear) {
    if (credentials) throw new CliError('BAD_OPTION', '--clear takes no --url, --email or token');
    return async () => ({ connection: null, ...writeBack });
  }
  if (!credentials) return options.writeBack === undefined ? null : async () => writeBack;
  const { url, email } = options;
  if (url === undefined) throw new CliError('BAD_OPTION', '--url is required with credentials');
  if (options.apiToken && options.oauthToken)
    throw new CliError('BAD_OPTION', 'give --api-token (with --email) or --oauth-token, not both');
  if (options.oauthToken) {
    if (email !== undefined) throw new CliError('BAD_OPTION', '--email goes with --api-token, not --oauth-token');
    return async () => ({
      connection: { url, auth: { kind: 'oauth', accessToken: await readSecret('--oauth-token', 'the token') } },
      ...writeBack,
    });
  }
  if (!options.apiToken || email === undefined)
    throw new CliError('BAD_OPTION', 'give --email with --api-token (the token on stdin), or --oauth-token');
  return async () => ({
    connection: { url, auth: { kind: 'api-token', email, apiToken: await readSecret('--api-token', 'the token') } },
    ...writeBack,
  });
}

function formatList(rows: readonly InstallationSummary[]): string {
  const table = [
    ['id', 'subdomain', 'created'],
    ...rows.map((row) => [
      row.id,
      row.default ? '(default, from the environment)' : (row.subdomain ?? ''),
      row.createdAt ?? '',
    ]),
  ];
  return textTable(table);
}
