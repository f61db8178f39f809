import { describe, expect, it } from 'vitest';
import { serveBanner, type BannerFacts } from '../../server/cli/serve-banner.ts';
import type { Config, SecretSource } from '../../server/config/index.ts';

const SHARED = 'shared-secret-value-0123456789';
const ADMIN = 'admin-token-value-0123456789';
const facts: BannerFacts = { engine: 'pglite', modelVersion: 'local-1', llm: 'off', similar: 'lexical' };

function config(sharedSecret: SecretSource, adminToken: SecretSource, dataDir = '/srv/triage data'): Config {
  return {
    host: '127.0.0.1',
    dataDir,
    sharedSecret: SHARED,
    adminToken: ADMIN,
    secretSources: { sharedSecret, adminToken },
  } as Config;
}

describe('the start banner', () => {
  it('shows generated secrets to a terminal, on the start that generated them', () => {
    const text = serveBanner(config('generated', 'generated'), 3000, facts, { interactive: true });
    expect(text).toContain(
      `Shared secret (generated, kept in /srv/triage data/secrets.json; paste it into the app's settings): ${SHARED}`,
    );
    expect(text).toContain(`Admin token (generated, same file): ${ADMIN}`);
  });

  it.each([
    ['generated, not a terminal', 'generated', false],
    ['kept from an earlier start, on a terminal', 'data-dir', true],
  ] as const)('names the secrets file instead of the values when %s', (_case, source, interactive) => {
    const text = serveBanner(config(source, source), 3000, facts, { interactive });
    expect(text).not.toContain(SHARED);
    expect(text).not.toContain(ADMIN);
    expect(text).toContain('Shared secret: kept in /srv/triage data/secrets.json (mode 0600)');
    expect(text).toContain('Admin token: kept in /srv/triage data/secrets.json');
  });

  it('never mentions secrets from the environment', () => {
    const text = serveBanner(config('env', 'env'), 3000, facts, { interactive: true });
    expect(text).not.toContain(SHARED);
    expect(text).not.toContain(ADMIN);
    expect(text).not.toMatch(/Shared secret|Admin token/);
    expect(text).toContain('"authorization: Bearer $(npm run -s triage -- token)"');
  });

  it("holds no signed token: its curl line mints one with `triage token` for the server's folder", () => {
    const text = serveBanner(config('generated', 'generated'), 3000, facts, { interactive: true });
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(text).toContain(
      `curl -s http://127.0.0.1:3000/v1/triage -H 'content-type: application/json' -H "authorization: Bearer $(npm run -s triage -- token --data-dir '/srv/triage data')"`,
    );
  });
});
