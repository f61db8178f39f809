import { describe, expect, it } from 'vitest';
import { isReadOnlyStatement } from '../../server/storage/pg-client.ts';

describe('isReadOnlyStatement: which statements may run again after their connection broke', () => {
  it.each([
    'SELECT 1',
    '  select count(*) FROM tickets WHERE installation = $1',
    'WITH recent AS (SELECT * FROM triage_results) SELECT * FROM recent',
  ])('a read: %s', (text) => expect(isReadOnlyStatement(text)).toBe(true));

  it.each([
    'INSERT INTO tickets (id) VALUES ($1)',
    'UPDATE jobs SET state = $1',
    'DELETE FROM jobs',
    'WITH moved AS (DELETE FROM jobs RETURNING *) SELECT * FROM moved',
    'SELECT nextval($1)',
    'SELECT pg_advisory_xact_lock($1)',
    'SELECT * FROM jobs WHERE state = $1 FOR UPDATE SKIP LOCKED',
    "SELECT set_config('triage.installation', $1, false)",
    'BEGIN',
  ])('not a read: %s', (text) => expect(isReadOnlyStatement(text)).toBe(false));
});
