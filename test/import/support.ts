import { readFileSync } from 'node:fs';
import type { LabelledTicket } from '../../src/contract/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

export const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));

/** Lines as the importer reads them from a stream. */
export async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  yield* lines;
}

/** The same tickets under ids of their own, so tests sharing one database do not see each other's rows. */
export const withPrefix = (prefix: string, tickets: readonly LabelledTicket[]) =>
  tickets.map((ticket) => ({ ...ticket, id: `${prefix}-${ticket.id}` }));
