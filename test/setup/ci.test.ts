import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const commandLines = (script: string) =>
  script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('set ') && !line.startsWith('cd '));

describe('test setup', () => {
  it('CI runs the setup script, then exactly the test command the README gives', () => {
    const readmeTest = /^(npm install && npm test)\s+#/m.exec(readme)?.[1];
    expect(readmeTest).toBe('npm install && npm test');
    expect(commandLines(readFileSync('.ci/run', 'utf8'))).toEqual(['scripts/setup-test-deps.sh', readmeTest]);
  });

  it('npm run setup runs the same script, which the README names', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.setup).toBe('scripts/setup-test-deps.sh');
    expect(statSync('scripts/setup-test-deps.sh').mode & 0o111).not.toBe(0);
    expect(readme).toContain('`npm run setup` (`scripts/setup-test-deps.sh`');
  });
});
