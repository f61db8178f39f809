import { z } from 'zod';
import { TriageResult } from '../../src/contract/index.ts';
import { sha256Hex } from '../sha256-hex.ts';
import type { StoredResult } from './store.ts';

/**
 * The shape of TriageResult as this build defines it: a hash of its JSON Schema. Every stored result records the
 * shape it was checked against when written, so a read of a result written under the same shape serves the stored
 * JSON as it is (no parse, no check, no serialisation: the stored-result hit is the request the sidebar makes most),
 * while one written by a build with another contract is parsed and checked, and recomputed when it no longer fits.
 * TriageResult has no refinements or transforms, which JSON Schema would not show; adding one must change this.
 */
export const RESULT_SHAPE = sha256Hex(JSON.stringify(z.toJSONSchema(TriageResult))).slice(0, 16);

/** The shape to store with a result: RESULT_SHAPE when it fits the contract, else null (checked on every read). */
export function shapeToStore(result: TriageResult): string | null {
  return TriageResult.safeParse(result).success ? RESULT_SHAPE : null;
}

/** A stored result as an object, checked (it comes back from the database as text). */
export function parseStoredResult(stored: StoredResult): TriageResult {
  return TriageResult.parse(JSON.parse(stored.json));
}
