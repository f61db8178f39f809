import type { Command } from 'commander';
import { registerTaxonomy } from './taxonomy.ts';
import { registerRedact } from './redact.ts';
import { registerEvalRedaction } from './eval-redaction.ts';
import { registerDemo } from './demo.ts';
import { registerTrain } from './train.ts';
import { registerClassify } from './classify.ts';
import { registerEval } from './eval.ts';
import { registerEvalSimilar } from './eval-similar.ts';
import { registerImport } from './import.ts';
import { registerServe } from './serve.ts';
import { registerToken } from './token.ts';
import { registerModel } from './model.ts';
import { registerInstallations } from './installations.ts';

/** Each command lives in its own file and registers itself here (one per line, so merges stay simple). */
export const commands: ReadonlyArray<(program: Command) => void> = [
  registerTaxonomy,
  registerRedact,
  registerEvalRedaction,
  registerDemo,
  registerTrain,
  registerClassify,
  registerEval,
  registerEvalSimilar,
  registerImport,
  registerServe,
  registerToken,
  registerModel,
  registerInstallations,
];
