import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../server/cli/index.ts';
import { commands } from '../../server/cli/commands/index.ts';

describe('the triage program', () => {
  it.each(Object.keys(commands))('loads only the command "%s" when the arguments name it', async (name) => {
    const program = await buildProgram([name, '--help']);
    expect(program.commands.map((command) => command.name())).toEqual([name]);
  });

  it('loads every command, in the registry order, when the arguments name none', async () => {
    for (const argv of [[], ['--help'], ['trian']]) {
      const program = await buildProgram(argv);
      expect(program.commands.map((command) => command.name())).toEqual(Object.keys(commands));
    }
  });
});
