import { join } from 'node:path';
import type { Config } from '../config/index.ts';
import { SECRETS_FILE } from '../config/index.ts';

/** What the runtime says about itself for the banner. */
export interface BannerFacts {
  readonly engine: string;
  readonly modelVersion: string | null;
  readonly llm: string;
  readonly similar: string;
}

export interface BannerOptions {
  readonly workers?: number;
  /**
   * The banner goes to a terminal someone is looking at (stderr is a TTY). Only then does it show generated secrets,
   * once, on the start that generated them; otherwise it names the file that holds them. Logs (stdout) never get them.
   */
  readonly interactive: boolean;
}

/** Single-quotes a path for a shell command line when it needs it. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The start banner: addresses, the tiers in use, the preview, and where the secrets are. It never holds a signed
 * token: the curl line mints one with `triage token`. Secrets from the environment are the operator's and never shown.
 */
export function serveBanner(config: Config, port: number, facts: BannerFacts, options: BannerOptions): string {
  const { engine, modelVersion, llm, similar } = facts;
  const workers = options.workers ?? 1;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const base = `http://${host}:${port}`;
  const secretsFile = join(config.dataDir, SECRETS_FILE);
  const lines = [
    '',
    `Triage Assist is listening on ${base} (${engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}, model ${modelVersion ?? 'none yet'})`,
    `  API:      ${base}/v1   health: ${base}/readyz   metrics: ${base}/metrics`,
    `  LLM tier: ${llm}`,
    `  Similar:  ${similar}`,
    ...(workers > 1 ? [`  Workers:  ${workers} processes on this port (TRIAGE_WORKERS); /metrics sums them`] : []),
    // The host page and the sidebar iframe run on two loopback origins (localhost / 127.0.0.1), as in Zendesk.
    config.preview
      ? `  Preview:  http://localhost:${port}/preview   review queue: http://localhost:${port}/preview/review`
      : '  Preview:  off (TRIAGE_PREVIEW; auto serves it only without NODE_ENV=production and on a loopback HOST)',
  ];
  const { sharedSecret, adminToken } = config.secretSources;
  const show = (source: string) => options.interactive && source === 'generated';
  if (sharedSecret !== 'env') {
    lines.push(
      show(sharedSecret)
        ? `  Shared secret (generated, kept in ${secretsFile}; paste it into the app's settings): ${config.sharedSecret}`
        : `  Shared secret: kept in ${secretsFile} (mode 0600); paste it into the app's settings`,
    );
  }
  if (adminToken !== 'env')
    lines.push(
      show(adminToken)
        ? `  Admin token (generated, same file): ${config.adminToken}`
        : `  Admin token: kept in ${secretsFile}`,
    );
  const tokenCommand = `npm run -s triage -- token${sharedSecret === 'env' ? '' : ` --data-dir ${shellWord(config.dataDir)}`}`;
  lines.push(
    `  Try it (\`${tokenCommand}\` prints a token valid for 10 minutes):`,
    `    curl -s ${base}/v1/triage -H 'content-type: application/json' -H "authorization: Bearer $(${tokenCommand})" \\`,
    `      -d '{"ticket":{"id":"demo-1","subject":"Charged twice","description":"Hi, I am Ana Ruiz (ana@example.com). My card was charged twice for the invoice."}}'`,
  );
  return `${lines.join('\n')}\n\n`;
}
