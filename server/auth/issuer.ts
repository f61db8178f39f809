/** A Zendesk subdomain as installations are registered under: lowercase letters, digits and hyphens, at most 63. */
export const SUBDOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

const ZENDESK_HOST = /^([a-z0-9][a-z0-9-]{0,62})\.zendesk\.com$/;

/**
 * The subdomain a token's `iss` names, or null when it names none. Zendesk's proxy signs whatever claims the app asks
 * for (docs/decisions/2026-12-07-installation-registry.md): the subdomain (`acme`), its host (`acme.zendesk.com`) or
 * its origin (`https://acme.zendesk.com/`) all name `acme`. Only a hint of which secret to try: the token must still
 * verify with that installation's secret.
 */
export function subdomainOfIssuer(iss: unknown): string | null {
  if (typeof iss !== 'string' || iss.length > 300) return null;
  const host = iss
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/$/, '');
  const zendesk = ZENDESK_HOST.exec(host);
  if (zendesk) return zendesk[1]!;
  return SUBDOMAIN_PATTERN.test(host) ? host : null;
}
