#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError } from './errors.ts';
import { commands } from './commands/index.ts';

/**
 * The program with the command `argv` names, or with every command when it names none of them (the full help, or
 * commander's "unknown command" with its suggestions).
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('triage')
    .description('Triage Assist: redact, classify and triage support tickets')
    .showHelpAfterError()
    .exitOverride();
  const named = argv[0] !== undefined && Object.hasOwn(commands, argv[0]) ? [argv[0]] : Object.keys(commands);
  for (const register of await Promise.all(named.map((name) => commands[name]!()))) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`triage: ${error.message}\n`);
      return error.exitCode;
    }
    return unexpected(error);
  }
}

function unexpected(error: unknown): number {
  process.stderr.write(`triage: unexpected error: ${error instanceof Error ? error.message : typeof error}\n`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // main answers every error itself; the catch is for what escapes it (building the program), which would
  // otherwise crash with a stack trace instead of one line on stderr.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = unexpected(error);
    },
  );
}
