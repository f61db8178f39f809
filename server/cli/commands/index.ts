import type { Command } from 'commander';

/** Each command lives in its own file and registers itself here. */
export const commands: ReadonlyArray<(program: Command) => void> = [];
