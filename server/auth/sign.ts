import { SignJWT } from 'jose';
import { secretKey } from './installation-token.ts';

/**
 * Signs a token the way Zendesk's proxy does for a secure request: HS256 with the shared secret, `exp` seconds ahead.
 * Used by `serve` to print a ready-to-paste curl, by the preview host's proxy, and by tests.
 */
export async function signInstallationToken(
  secret: string,
  options: { installation?: string; expiresInSeconds?: number; now?: Date; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.installation ?? 'local')
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + (options.expiresInSeconds ?? 60))
    .sign(secretKey(secret));
}
