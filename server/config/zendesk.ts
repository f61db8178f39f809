import type { z } from 'zod';
import type { EnvSchema } from './env-schema.ts';
import { ConfigError } from './errors.ts';

/** API-token auth (Basic `{email}/token:{token}`) or an OAuth access token (Bearer). */
export type ZendeskAuth =
  | { readonly kind: 'api-token'; readonly email: string; readonly apiToken: string }
  | { readonly kind: 'oauth'; readonly accessToken: string };

/**
 * A Zendesk account's API connection, where and as whom: the default installation's from ZENDESK_*, a registered
 * one's from the registry, and what every Zendesk client is made from.
 */
export interface ZendeskConnection {
  /** The account's origin, e.g. https://acme.zendesk.com (tests: a local server). */
  readonly url: string;
  readonly auth: ZendeskAuth;
}

type ZendeskEnv = Pick<
  z.infer<typeof EnvSchema>,
  'ZENDESK_URL' | 'ZENDESK_EMAIL' | 'ZENDESK_API_TOKEN' | 'ZENDESK_OAUTH_TOKEN'
>;

/**
 * ZENDESK_URL with one way to sign in: ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN. Null when none is
 * set (no Zendesk connection); a half-set combination throws a ConfigError that says what is missing.
 */
export function zendeskSettings(values: ZendeskEnv): ZendeskConnection | null {
  const { ZENDESK_URL: url, ZENDESK_EMAIL: email, ZENDESK_API_TOKEN: apiToken, ZENDESK_OAUTH_TOKEN: oauth } = values;
  if (url === undefined && email === undefined && apiToken === undefined && oauth === undefined) return null;
  const fail = (message: string, variables: string[]) =>
    new ConfigError(`invalid configuration: ${message}`, variables);
  if (url === undefined)
    throw fail('ZENDESK_URL is required with Zendesk credentials, e.g. ZENDESK_URL=https://acme.zendesk.com', [
      'ZENDESK_URL',
    ]);
  if (oauth !== undefined && (email !== undefined || apiToken !== undefined))
    throw fail('set ZENDESK_OAUTH_TOKEN or ZENDESK_EMAIL + ZENDESK_API_TOKEN, not both', [
      'ZENDESK_OAUTH_TOKEN',
      'ZENDESK_API_TOKEN',
    ]);
  const origin = new URL(url).origin;
  if (oauth !== undefined)
    return Object.freeze({ url: origin, auth: Object.freeze({ kind: 'oauth', accessToken: oauth }) });
  if (email === undefined || apiToken === undefined)
    throw fail(
      'ZENDESK_URL needs credentials: ZENDESK_EMAIL and ZENDESK_API_TOKEN together (an API token and its user), or ZENDESK_OAUTH_TOKEN',
      ['ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'],
    );
  return Object.freeze({ url: origin, auth: Object.freeze({ kind: 'api-token', email, apiToken }) });
}
