import type { Taxonomy } from '../../../src/taxonomy/index.ts';
import type { ZendeskConnection } from '../../config/index.ts';
import type { ImportCursorStore, TicketStore } from '../../storage/index.ts';
import {
  EXPORT_RETRY_POLICY,
  importZendeskHistory,
  ZendeskApiError,
  ZendeskClient,
  type ZendeskImportReport,
} from '../../zendesk/index.ts';
import { ApiError } from '../../errors.ts';
import type { Store } from '../../storage/index.ts';
import { CliError } from '../errors.ts';
import { registryOf } from './installations.ts';
import { zendeskSettingsOrFail } from '../zendesk-settings.ts';
import { progress } from '../progress.ts';

/**
 * `triage import --from-zendesk`: the account's history through the cursor export, into `store`. Progress per page
 * and a summary on stderr, the report as JSON on stdout. Ctrl-C stops after the page being stored; the same command
 * continues from there. The account is ZENDESK_*'s, or `registered`'s (an installation's sealed connection).
 */
export async function importFromZendesk(
  store: TicketStore & ImportCursorStore,
  taxonomy: Taxonomy,
  registered: { subdomain: string; connection: ZendeskConnection | null } | null = null,
): Promise<void> {
  const settings = zendeskSettingsOrFail();
  const connection = accountConnection(registered, settings.zendesk);
  const client = new ZendeskClient(connection, {
    policy: EXPORT_RETRY_POLICY,
    onRetry: (notice) =>
      progress(
        `import: Zendesk answered ${notice.status ?? 'nothing'}; retrying in ${Math.ceil(notice.delayMs / 1000)} s`,
      ),
  });
  const stop = new AbortController();
  const onSignal = () => {
    progress('import: stopping after the page being stored…');
    stop.abort(new CliError('STOPPED', 'stopped; run the same command again to continue where it stopped'));
  };
  process.once('SIGINT', onSignal);
  let report: ZendeskImportReport;
  try {
    report = await importZendeskHistory(store, client, {
      taxonomy,
      labelTagPrefix: settings.zendeskLabelTagPrefix,
      ...(settings.zendeskLabelField === null ? {} : { labelFieldId: settings.zendeskLabelField }),
      signal: stop.signal,
      onPage: (counts) =>
        progress(
          `import: page ${counts.pages}${counts.resumed ? ' (resumed)' : ''}: ${counts.read} read, ${counts.inserted} new, ${counts.updated} updated, ${counts.unlabelled} unlabelled`,
        ),
    });
  } catch (error) {
    if (error instanceof ZendeskApiError)
      throw new CliError(
        error.code,
        `${error.message}; what was stored is kept, run the same command again to continue`,
        { cause: error },
      );
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
  const labelled = Object.entries(report.labelled)
    .map(([label, count]) => `${label} ${count}`)
    .join(', ');
  const skipped = Object.entries(report.skipped)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  progress(
    `import: done: ${report.read} read; labelled: ${labelled || 'none'}; unlabelled ${report.unlabelled}${report.ambiguous > 0 ? ` (${report.ambiguous} with several label tags)` : ''}; skipped: ${skipped || 'none'}`,
  );
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/**
 * The Zendesk account a command works on: `registered`'s sealed connection, or the default installation's ZENDESK_*
 * (`fromEnv`); ZENDESK_NOT_CONFIGURED, saying how to set it, when there is none.
 */
export function accountConnection(
  registered: { subdomain: string; connection: ZendeskConnection | null } | null,
  fromEnv: ZendeskConnection | null,
): ZendeskConnection {
  const connection = registered === null ? fromEnv : registered.connection;
  if (connection !== null) return connection;
  throw new CliError(
    'ZENDESK_NOT_CONFIGURED',
    registered === null
      ? 'the default installation needs ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN) of an admin, in the environment or .env'
      : `--installation ${registered.subdomain} has no Zendesk credentials: set them with triage installations zendesk ${registered.subdomain} --url URL --email EMAIL --api-token (the token on stdin)`,
  );
}

/** A registered installation's Zendesk connection from the registry (opened with the master key). */
export async function registeredZendesk(
  store: Store,
  options: { installation?: string; dataDir: string; databaseUrl?: string },
): Promise<{ subdomain: string; connection: ZendeskConnection | null }> {
  try {
    const { subdomain, connection } = await registryOf(store, options).zendeskBySubdomain(options.installation!);
    return { subdomain, connection };
  } catch (error) {
    if (error instanceof ApiError)
      throw new CliError(error.code, `--installation ${options.installation}: ${error.message}`, {
        cause: error,
        exitCode: error.status < 500 ? 2 : 1,
      });
    throw error;
  }
}
