import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TriageResult } from '../../src/contract/index.ts';
import { openPglite } from '../../server/storage/pglite-client.ts';
import { RESULT_SHAPE } from '../../server/storage/result-shape.ts';
import type { SqlClient } from '../../server/storage/sql-client.ts';
import { SqlStore } from '../../server/storage/sql-store.ts';
import { parseStoredResult } from '../../server/storage/index.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';
import { result } from './store-contract.ts';

let folder: Awaited<ReturnType<typeof freshPgliteDir>>;
let client: SqlClient;
let store: SqlStore;

beforeAll(async () => {
  folder = await freshPgliteDir();
  client = await openPglite(folder.dir);
  store = new SqlStore(client);
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  folder.remove();
});

/** A row as an older build would have left it: any JSON, any (or no) shape. */
async function storeRow(ticketId: string, json: unknown, shape: string | null): Promise<void> {
  await client.query(
    `INSERT INTO triage_results (installation_id, ticket_id, text_hash, result, decision, label, confidence, created_at, shape)
     VALUES ('default', $1, $2, $3::jsonb, 'review', 'billing', 0.4, now(), $4)`,
    [ticketId, `hash-${ticketId}`, JSON.stringify(json), shape],
  );
}

describe('stored results and the contract shape', () => {
  it('names the shape after the schema: another schema, another name', () => {
    expect(RESULT_SHAPE).toMatch(/^[0-9a-f]{16}$/);
    const other = TriageResult.extend({ extra: z.string() });
    expect(JSON.stringify(z.toJSONSchema(other))).not.toBe(JSON.stringify(z.toJSONSchema(TriageResult)));
  });

  it('records the shape with a result that fits, and none with one that does not', async () => {
    await store.saveResult(result('fits'));
    await store.saveResult({ ...result('misfit'), summary: 42 } as unknown as TriageResult);
    const { rows } = await client.query<{ ticket_id: string; shape: string | null }>(
      `SELECT ticket_id, shape FROM triage_results WHERE ticket_id IN ('fits', 'misfit') ORDER BY ticket_id`,
    );
    expect(rows).toEqual([
      { ticket_id: 'fits', shape: RESULT_SHAPE },
      { ticket_id: 'misfit', shape: null },
    ]);
    expect(await store.findResult('misfit', 'hash-misfit')).toBeNull();
  });

  it('serves a result stored under this shape as stored, without checking it again', async () => {
    // Not a TriageResult at all, but labelled with this build's shape: it is trusted, which is the point of the label.
    await storeRow('trusted', { stored: 'as is' }, RESULT_SHAPE);
    expect(JSON.parse((await store.findResult('trusted', 'hash-trusted'))!.json)).toEqual({ stored: 'as is' });
  });

  it('checks a result stored before shapes were recorded, or under another: served when it fits, without what the contract does not know', async () => {
    await storeRow('legacy', { ...result('legacy'), retired: 'field' }, null);
    await storeRow('other-build', result('other-build'), 'feedfacefeedface');
    await storeRow('legacy-misfit', { ...result('legacy-misfit'), decision: 'maybe' }, null);
    const legacy = await store.findResult('legacy', 'hash-legacy');
    expect(JSON.parse(legacy!.json)).not.toHaveProperty('retired');
    expect(parseStoredResult(legacy!)).toEqual(result('legacy'));
    expect(parseStoredResult((await store.findResult('other-build', 'hash-other-build'))!)).toEqual(
      result('other-build'),
    );
    expect(await store.findResult('legacy-misfit', 'hash-legacy-misfit')).toBeNull();
  });

  it('reads a result stored before results had a language as one whose language is unknown (null)', async () => {
    const before: Record<string, unknown> = { ...result('before-language') };
    delete before.language;
    await storeRow('before-language', before, 'feedfacefeedface');
    const stored = await store.findResult('before-language', 'hash-before-language');
    expect(stored).not.toBeNull();
    expect(parseStoredResult(stored!)).toEqual({ ...result('before-language'), language: null });
  });
});
