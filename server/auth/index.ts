export {
  verifyInstallationToken,
  installationVerifier,
  registryVerifier,
  UnknownIssuerError,
  bearerToken,
  secretKey,
  CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_INSTALLATION_ID,
  type Installation,
  type InstallationVerifier,
  type InstallationKeys,
  type InstallationKeyring,
  type VerifiedToken,
} from './installation-token.ts';
export { checkAdminPageCredentials, checkAdminToken, checkMetricsToken, tokensMatch } from './admin-token.ts';
export { signInstallationToken } from './sign.ts';
export { checkActor, installationGrant, INSTALLATION_ROLES, type ActorGrant } from './actor-grant.ts';
export { subdomainOfIssuer, SUBDOMAIN_PATTERN } from './issuer.ts';
