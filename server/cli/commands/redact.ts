import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { redact } from '../../../src/redact/index.ts';
import { CliError } from '../errors.ts';

/** `triage redact [TEXT]`: redacts TEXT (or stdin) and prints `{redacted, findings}` as JSON. */
export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description(
      'redact PII from TEXT (or stdin) and print {redacted, findings} as JSON; findings hold types and offsets, never values',
    )
    .argument('[text]', 'text to redact; read from stdin when omitted')
    .option('--name <name...>', 'known participant names to redact wherever they appear')
    .option('--threshold <score>', 'minimum score 0..1', '0.5')
    .option('--allow <value...>', 'values never to redact')
    .action((text: string | undefined, options: { name?: string[]; threshold: string; allow?: string[] }) => {
      const threshold = Number(options.threshold);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
        throw new CliError('BAD_THRESHOLD', `--threshold must be a number between 0 and 1, got "${options.threshold}"`);
      }
      const input = text ?? readStdin();
      const result = redact(input, { knownNames: options.name ?? [], threshold, allowList: options.allow ?? [] });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    throw new CliError('STDIN_UNREADABLE', 'no TEXT given and stdin could not be read', { cause: error });
  }
}
