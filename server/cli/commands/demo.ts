import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateDemoTickets } from '../../demo/index.ts';
import { CliError } from '../errors.ts';

function positiveInteger(name: string, value: string, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new CliError('BAD_OPTION', `${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return parsed;
}

/** `triage demo --out FILE`: writes deterministic demo tickets (fake PII) as JSONL. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write labelled demo tickets (six languages, planted fake PII) as JSONL')
    .requiredOption('--out <file>', 'JSONL file to write')
    .option('--count <n>', 'how many tickets', '640')
    .option('--seed <n>', 'random seed (same seed, same tickets)', '20261123')
    .action((options: { out: string; count: string; seed: string }) => {
      const tickets = generateDemoTickets({
        count: positiveInteger('--count', options.count, 100_000),
        seed: positiveInteger('--seed', options.seed, 2 ** 31),
      });
      try {
        writeFileSync(options.out, tickets.map((ticket) => JSON.stringify(ticket)).join('\n') + '\n');
      } catch (error) {
        throw new CliError('WRITE_FAILED', `could not write ${options.out}`, { cause: error });
      }
      process.stderr.write(`wrote ${tickets.length} demo tickets to ${options.out}\n`);
    });
}
