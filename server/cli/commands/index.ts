import type { Command } from 'commander';
import { registerTaxonomy } from './taxonomy.ts';
import { registerRedact } from './redact.ts';
import { registerEvalRedaction } from './eval-redaction.ts';
import { registerDemo } from './demo.ts';

/** Each command lives in its own file and registers itself here. */
export const commands: ReadonlyArray<(program: Command) => void> = [registerTaxonomy, registerRedact, registerEvalRedaction, registerDemo];
