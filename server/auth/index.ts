export { verifyInstallationToken, installationVerifier, bearerToken, secretKey, CLOCK_TOLERANCE_SECONDS, type Installation, type InstallationVerifier } from './installation-token.ts';
export { checkAdminToken, tokensMatch } from './admin-token.ts';
export { signInstallationToken } from './sign.ts';
