import { fileURLToPath } from 'node:url';
import { parseTaxonomy, TaxonomyError, type Taxonomy } from '../../src/taxonomy/index.ts';
import { readTextFile } from './data-files.ts';
import { CliError } from './errors.ts';

/** The project's default taxonomy, found from this file so the CLI works from any directory. */
export const DEFAULT_TAXONOMY = fileURLToPath(new URL('../../config/taxonomy.yaml', import.meta.url));

/** Loads and validates a taxonomy file (the default when no path is given); a bad file is a one-line CliError. */
export function loadTaxonomyFile(path: string = DEFAULT_TAXONOMY): Taxonomy {
  try {
    return parseTaxonomy(readTextFile(path), path);
  } catch (error) {
    if (error instanceof TaxonomyError) throw new CliError(error.code, error.message, { cause: error });
    throw error;
  }
}
