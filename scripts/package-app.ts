/**
 * `npm run package` (after the build): validates the app folder like Zendesk's validator and writes
 * dist/triage-assist-<version>.zip. Exit code 1 with one line per problem when the package is invalid.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { listPackageFiles, validateAppPackage, writeAppZip } from '../server/package/index.ts';

async function main(): Promise<number> {
  const root = resolve(process.argv[2] ?? '.');
  const problems = await validateAppPackage(root);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✗ ${problem.code}: ${problem.message}`);
    console.error(`The app package is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}).`);
    return 1;
  }
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as { version: string };
  const files = await listPackageFiles(root);
  const out = join(root, 'dist', `triage-assist-${manifest.version}.zip`);
  await writeAppZip(files, out);
  console.log(`✓ valid app package: ${files.length} files → ${relative(process.cwd(), out)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`package failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
