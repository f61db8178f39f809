import { writeFileSync } from 'node:fs';
import { ModelFormatError, parseModel, serializeModel, type TrainedModel } from '../../src/model/index.ts';
import { readTextFile } from './data-files.ts';
import { CliError } from './errors.ts';

/** Reads and validates a model file written by `triage train`. */
export function readModelFile(path: string): TrainedModel {
  const text = readTextFile(path);
  try {
    return parseModel(text);
  } catch (error) {
    if (error instanceof ModelFormatError)
      throw new CliError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Writes a model file; returns its size in bytes. */
export function writeModelFile(path: string, model: TrainedModel): number {
  const text = serializeModel(model);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError('WRITE_FAILED', `could not write ${path}`, { cause: error });
  }
  return Buffer.byteLength(text);
}
