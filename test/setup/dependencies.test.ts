import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

// semver comes with npm's own tree (many dependencies use it); the test only needs two functions.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

interface LockedPackage {
  engines?: unknown;
  hasInstallScript?: boolean;
}
interface PackageJson {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
}

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };
const locked = Object.entries(lock.packages).filter(([path]) => path !== '');
const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
const oldestNode = semver.minVersion(packageJson.engines.node)?.version ?? '';

describe('npm install', () => {
  it('installs only packages whose engines accept the oldest Node the project declares (no EBADENGINE)', () => {
    expect(oldestNode).toMatch(/^20\./);
    const refusing = locked.flatMap(([path, entry]) => {
      const engines = entry.engines;
      const node = typeof engines === 'object' && engines !== null && 'node' in engines ? engines.node : undefined;
      return typeof node === 'string' && !semver.satisfies(oldestNode, node) ? [`${path} needs node ${node}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it('states the same Node version in the README as in package.json engines', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`Node.js ≥ ${packageJson.engines.node.replace(/^>=/, '')}`);
  });

  it('has an allowScripts decision for every locked package with an install script', () => {
    const decided = new Set(Object.keys(packageJson.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, '$1')));
    const undecided = locked
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([path]) => packageName(path))
      .filter((name) => !decided.has(name));
    expect(undecided).toEqual([]);
  });

  it('keeps fastify.inject sending cookies with the cookie version pinned for Node 20', async () => {
    const app = Fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie ?? null }));
    const response = await app.inject({ method: 'GET', url: '/', cookies: { session: 'a b', theme: 'dark' } });
    await app.close();
    expect(response.json()).toEqual({ cookie: 'session=a%20b; theme=dark' });
  });
});
