import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INSTALLATION_ID,
  registryVerifier,
  signInstallationToken,
  subdomainOfIssuer,
  UnknownIssuerError,
  verifyInstallationToken,
  type InstallationKeyring,
  type InstallationKeys,
} from '../../server/auth/index.ts';

const DEFAULT_SECRET = 'default-secret-0123456789abcdef-0123';
const SECRET_A = 'secret-of-acme-0123456789abcdef-0123456';
const SECRET_B = 'secret-of-beta-0123456789abcdef-0123456';
const OLD_A = 'old-secret-of-acme-0123456789abcdef-012';

function keyring(
  entries: InstallationKeys[],
): InstallationKeyring & { refreshes: number; entries: InstallationKeys[] } {
  return {
    refreshes: 0,
    entries,
    bySubdomain(subdomain) {
      return this.entries.find((entry) => entry.subdomain === subdomain);
    },
    async refreshSoon() {
      this.refreshes++;
      return false;
    },
  };
}

const acme: InstallationKeys = { id: 'inst_a', subdomain: 'acme', sharedSecret: SECRET_A, previous: null };
const beta: InstallationKeys = { id: 'inst_b', subdomain: 'beta', sharedSecret: SECRET_B, previous: null };
const sign = (secret: string, iss: string) => signInstallationToken(secret, { installation: iss });
/** A token with no iss at all (signInstallationToken always sets one). */
const signWithoutIss = (secret: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(new TextEncoder().encode(secret));

describe('subdomainOfIssuer', () => {
  it.each([
    ['acme', 'acme'],
    ['ACME', 'acme'],
    ['acme.zendesk.com', 'acme'],
    ['https://acme.zendesk.com', 'acme'],
    ['https://Acme.zendesk.com/', 'acme'],
    ['  acme  ', 'acme'],
    ['acme-support-2', 'acme-support-2'],
    ['-acme', null],
    ['acme.example.com', null],
    ['https://evil.example.com/acme', null],
    ['a'.repeat(64), null],
    ['', null],
    [42, null],
    [undefined, null],
  ])('%j → %j', (iss, subdomain) => expect(subdomainOfIssuer(iss)).toBe(subdomain));
});

describe('registryVerifier', () => {
  const verify = registryVerifier(keyring([acme, beta]), DEFAULT_SECRET);
  const refuses = async (token: Promise<string>, error: new (...args: never[]) => Error = Error) => {
    const signed = await token;
    expect(() => verify(signed)).toThrow(error);
  };

  it('answers the installation whose iss names it and whose secret signed the token, in every iss form', async () => {
    for (const iss of ['acme', 'acme.zendesk.com', 'https://acme.zendesk.com/'])
      expect(verify(await sign(SECRET_A, iss)).installation).toEqual({ id: 'inst_a' });
    expect(verify(await sign(SECRET_B, 'beta')).installation).toEqual({ id: 'inst_b' });
  });

  it("refuses a token signed with one installation's secret claiming another", async () => {
    await refuses(sign(SECRET_A, 'beta'));
    await refuses(sign(SECRET_B, 'acme.zendesk.com'));
  });

  it('keeps registered installations out of reach of the default secret, and the default out of theirs', async () => {
    await refuses(sign(DEFAULT_SECRET, 'acme'));
    // A registered installation's secret with no iss, or an unregistered one, is not the default installation's.
    await refuses(signWithoutIss(SECRET_A));
    await refuses(sign(SECRET_A, 'nobody'), UnknownIssuerError);
    await refuses(sign(SECRET_A, 'https://evil.example.com'));
  });

  it('gives tokens without iss, or with an unregistered one, to the default installation when the default secret signed them', async () => {
    const id = { id: DEFAULT_INSTALLATION_ID };
    expect(verify(await signWithoutIss(DEFAULT_SECRET)).installation).toEqual(id);
    expect(verify(await sign(DEFAULT_SECRET, 'local')).installation).toEqual(id);
    expect(verify(await sign(DEFAULT_SECRET, 'preview')).installation).toEqual(id);
    expect(verify(await sign(DEFAULT_SECRET, 'https://evil.example.com')).installation).toEqual(id);
  });

  it('accepts the previous secret only until its grace ends', async () => {
    let now = 1_000_000;
    const rotated: InstallationKeys = { ...acme, previous: { sharedSecret: OLD_A, validUntilMs: 2_000_000 } };
    const during = registryVerifier(keyring([rotated]), DEFAULT_SECRET, { now: () => now });
    const oldToken = await sign(OLD_A, 'acme');
    expect(during(oldToken).installation).toEqual({ id: 'inst_a' });
    expect(during(await sign(SECRET_A, 'acme')).installation).toEqual({ id: 'inst_a' });
    now = 2_000_001;
    expect(() => during(oldToken)).toThrow();
    expect(during(await sign(SECRET_A, 'acme')).installation).toEqual({ id: 'inst_a' });
  });

  it('asks the keyring to refresh once for an unknown issuer, then tries again', async () => {
    const ring = keyring([]);
    ring.refreshSoon = async function () {
      this.refreshes++;
      this.entries = [acme];
      return true;
    };
    const late = registryVerifier(ring, DEFAULT_SECRET);
    const token = await sign(SECRET_A, 'acme');
    await expect(verifyInstallationToken(`Bearer ${token}`, late)).resolves.toMatchObject({
      installation: { id: 'inst_a' },
    });
    expect(ring.refreshes).toBe(1);
    // A registered issuer's bad token does not make the keyring reload.
    await expect(verifyInstallationToken(`Bearer ${await sign(SECRET_B, 'acme')}`, late)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(ring.refreshes).toBe(1);
  });

  it('refuses an unknown issuer with 401 when the refresh finds nothing new', async () => {
    const ring = keyring([]);
    const strict = registryVerifier(ring, DEFAULT_SECRET);
    await expect(verifyInstallationToken(`Bearer ${await sign(SECRET_A, 'acme')}`, strict)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
    });
    expect(ring.refreshes).toBe(1);
  });
});
