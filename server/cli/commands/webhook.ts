import type { Command } from 'commander';
import { DEFAULT_INSTALLATION_ID } from '../../storage/store.ts';
import { ApiError } from '../../errors.ts';
import {
  connectInstallationWebhook,
  connectWebhook,
  webhookEndpoint,
  WebhookSecretHiddenError,
  ZendeskApiError,
} from '../../zendesk/index.ts';
import { CliError } from '../errors.ts';
import { INSTALLATION_OPTION, openStore, withStoreLocation } from '../open-store.ts';
import { progress } from '../progress.ts';
import { zendeskSettingsOrFail } from '../zendesk-settings.ts';
import { accountConnection } from './import-zendesk.ts';
import { registryOf } from './installations.ts';

interface WebhookOptions {
  backendUrl: string;
  installation?: string;
  dataDir: string;
  databaseUrl?: string;
}

/** The endpoint for `--backend-url`, a bad URL being the CLI's BAD_OPTION. */
function endpointOf(backendUrl: string, subdomain: string | null): string {
  try {
    return webhookEndpoint(backendUrl, subdomain);
  } catch (error) {
    if (error instanceof ApiError)
      throw new CliError('BAD_OPTION', `--backend-url: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * `triage webhook --backend-url URL [--installation SUBDOMAIN]`: creates (or updates, by name) the account's webhook
 * for new tickets and comments through Zendesk's Webhooks API, pointed at this backend and active, and keeps its
 * signing secret: sealed in the registry for a registered installation; for the default one it is printed once, for
 * TRIAGE_WEBHOOK_SECRET (the default installation's secrets live in the environment). Run it again after an app
 * update or a move of the backend: it repairs the same webhook.
 */
export function registerWebhook(program: Command): void {
  withStoreLocation(program.command('webhook'))
    .description(
      "connect the Zendesk account's webhook (new tickets and comments) to this backend through Zendesk's API and keep its signing secret",
    )
    .requiredOption('--backend-url <url>', 'where Zendesk reaches this backend, e.g. https://triage.example.com')
    .option(...INSTALLATION_OPTION)
    .action(async (options: WebhookOptions) => {
      if (options.installation === undefined || options.installation === DEFAULT_INSTALLATION_ID) {
        // The address is checked before anything is read or asked of Zendesk.
        const endpoint = endpointOf(options.backendUrl, null);
        const connected = await connect(() =>
          connectWebhook(accountConnection(null, zendeskSettingsOrFail().zendesk), endpoint),
        );
        progress(
          `webhook: ${connected.created ? 'created' : 'updated'} ${connected.webhookId} → ${connected.endpoint}; set TRIAGE_WEBHOOK_SECRET to the signingSecret printed on stdout and restart the server`,
        );
        process.stdout.write(`${JSON.stringify(connected)}\n`);
        return;
      }
      const store = await openStore(
        { dataDir: options.dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) },
        { mustExist: true },
      );
      try {
        const registry = registryOf(store, options);
        const installation = options.installation;
        const connected = await connect(() => connectInstallationWebhook(registry, installation, options.backendUrl));
        const { subdomain, ...shown } = connected;
        progress(
          `webhook: ${shown.created ? 'created' : 'updated'} ${shown.webhookId} → ${shown.endpoint}; its signing secret is stored (sealed) for ${subdomain}`,
        );
        process.stdout.write(`${JSON.stringify({ ...shown, signingSecret: 'stored' })}\n`);
      } finally {
        await store.close();
      }
    });
}

/** Runs a webhook connection, its failures as one-line CLI errors (exit 2 for what the admin can fix). */
async function connect<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WebhookSecretHiddenError) throw new CliError(error.code, error.message, { cause: error });
    if (error instanceof ZendeskApiError)
      throw new CliError(
        error.code,
        `Zendesk refused to set up the webhook (${error.status ?? 'no answer'}${error.description ? `: ${error.description}` : ''}); the credentials must be an admin's`,
        { cause: error },
      );
    if (error instanceof ApiError)
      throw new CliError(error.code, error.message, { cause: error, exitCode: error.status < 500 ? 2 : 1 });
    throw error;
  }
}
