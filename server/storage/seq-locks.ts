import { LOCK_EMBEDDING_SEQ, LOCK_TICKET_SEQ } from './migrations.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';
import { toNumber } from './values.ts';

/** A change feed's sequence and the advisory-lock space that guards it (two-int form, second key per installation). */
export const TICKET_SEQ = { lock: LOCK_TICKET_SEQ, sequence: 'ticket_seq' } as const;
export const EMBEDDING_SEQ = { lock: LOCK_EMBEDDING_SEQ, sequence: 'ticket_embedding_seq' } as const;
type Feed = typeof TICKET_SEQ | typeof EMBEDDING_SEQ;

/**
 * Every transaction that gives an installation's row a new seq takes that installation's lock shared, as its first
 * statement, before `nextval`. Its catch-up readers take it exclusive for an instant (seqHorizon): when they hold it no
 * writer of the installation is in flight, so every seq it was handed so far is committed or rolled back and none of
 * its rows can appear later below it. Other installations' in-flight seqs do not matter: a reader reads one
 * installation's rows.
 */
export async function lockSeqForWrite(tx: SqlExecutor, installation: string, feed: Feed = TICKET_SEQ): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2))', [feed.lock, installation]);
}

/** The last seq handed out while no writer of the installation was in flight: rows up to it are all committed. */
export async function seqHorizon(client: SqlClient, installation: string, feed: Feed): Promise<number> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [feed.lock, installation]);
    const { rows } = await tx.query<{ last_value: unknown; is_called: boolean }>(
      `SELECT last_value, is_called FROM ${feed.sequence}`,
    );
    return rows[0]?.is_called ? toNumber(rows[0].last_value) : 0;
  });
}
