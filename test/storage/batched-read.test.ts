import { describe, expect, it } from 'vitest';
import { batchedRead } from '../../server/storage/batched-read.ts';
import { SqlStore } from '../../server/storage/sql-store.ts';
import type { SqlClient } from '../../server/storage/sql-client.ts';
import { openPglite } from '../../server/storage/pglite-client.ts';
import { parseStoredResult } from '../../server/storage/index.ts';
import { result } from './store-contract.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

/** A load whose batches the test finishes by hand. */
function manualLoad() {
  const batches: { keys: string[]; finish(values?: string[]): void; fail(error: Error): void }[] = [];
  const load = (keys: readonly string[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({
        keys: [...keys],
        finish: (values) => resolve(values ?? keys.map((key) => `value of ${key}`)),
        fail: reject,
      });
    });
  return { batches, load };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('batchedRead', () => {
  it('sends the reads of one event-loop turn as one batch, each answered with its own value', async () => {
    const { batches, load } = manualLoad();
    const read = batchedRead(load, { maxInFlight: 2, maxBatchSize: 100 });
    const answers = Promise.all(['a', 'b', 'a', 'c'].map(read));
    await turn();
    expect(batches.map((batch) => batch.keys)).toEqual([['a', 'b', 'a', 'c']]);
    batches[0]!.finish();
    expect(await answers).toEqual(['value of a', 'value of b', 'value of a', 'value of c']);
  });

  it('with every slot busy, gathers the reads that arrive meanwhile into one batch sent when a slot frees', async () => {
    const { batches, load } = manualLoad();
    const read = batchedRead(load, { maxInFlight: 1, maxBatchSize: 100 });
    const first = read('a');
    await turn();
    expect(batches).toHaveLength(1);
    const later = [read('b'), read('c')];
    await turn();
    const evenLater = read('d');
    await turn();
    // Still one batch: the slot is busy, so b, c and d wait together.
    expect(batches).toHaveLength(1);
    batches[0]!.finish();
    expect(await first).toBe('value of a');
    await turn();
    expect(batches.map((batch) => batch.keys)).toEqual([['a'], ['b', 'c', 'd']]);
    batches[1]!.finish();
    expect(await Promise.all([...later, evenLater])).toEqual(['value of b', 'value of c', 'value of d']);
  });

  it('never holds more than maxBatchSize keys in one batch', async () => {
    const { batches, load } = manualLoad();
    const read = batchedRead(load, { maxInFlight: 4, maxBatchSize: 3 });
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map(read));
    await turn();
    expect(batches.map((batch) => batch.keys)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    for (const batch of batches) batch.finish();
    expect(await answers).toHaveLength(5);
  });

  it('a failed batch rejects its own reads only, frees its slot, and later reads are answered', async () => {
    const { batches, load } = manualLoad();
    const read = batchedRead(load, { maxInFlight: 1, maxBatchSize: 100 });
    const failing = [read('a'), read('b')];
    await turn();
    const waiting = read('c');
    batches[0]!.fail(new Error('connection lost'));
    for (const answer of failing) await expect(answer).rejects.toThrow('connection lost');
    await turn();
    expect(batches.map((batch) => batch.keys)).toEqual([['a', 'b'], ['c']]);
    batches[1]!.finish();
    expect(await waiting).toBe('value of c');
  });

  it('refuses a gate that would never open', () => {
    const { load } = manualLoad();
    expect(() => batchedRead(load, { maxInFlight: 0, maxBatchSize: 10 })).toThrow(RangeError);
    expect(() => batchedRead(load, { maxInFlight: 1, maxBatchSize: 0 })).toThrow(RangeError);
  });
});

describe('SqlStore stored-result lookups', () => {
  it('answers concurrent lookups with one statement, and a lookup alone with one of its own', async () => {
    const folder = await freshPgliteDir();
    const inner = await openPglite(folder.dir);
    const lookups: number[] = [];
    // The same database through a client that records how many keys each lookup statement carries.
    const counting: SqlClient = {
      engine: inner.engine,
      query: (text, params) => {
        if (text.includes('FROM unnest($2::text[], $3::text[]) AS k(ticket_id, text_hash)'))
          lookups.push((params![1] as string[]).length);
        return inner.query(text, params);
      },
      transaction: (work) => inner.transaction(work),
      scoped: () => counting,
      close: () => inner.close(),
    };
    const store = new SqlStore(counting);
    try {
      await store.migrate();
      const saved = Array.from({ length: 30 }, (_, i) => result(`lookup-${i}`));
      for (const one of saved) await store.saveResult(one);
      expect(
        (await Promise.all(saved.map((one) => store.findResult(one.ticketId, one.textHash)))).map((stored) =>
          parseStoredResult(stored!),
        ),
      ).toEqual(saved);
      expect(lookups).toEqual([30]);
      expect(parseStoredResult((await store.findResult('lookup-0', saved[0]!.textHash))!)).toEqual(saved[0]);
      expect(lookups).toEqual([30, 1]);

      // A batch of two installations' lookups: one statement each, each answered from its own installation.
      const other = store.forInstallation('other');
      const theirs = result('lookup-0', { summary: 'theirs' });
      await other.saveResult(theirs);
      lookups.length = 0;
      const [ours, found] = await Promise.all([
        store.findResult('lookup-0', saved[0]!.textHash),
        other.findResult('lookup-0', saved[0]!.textHash),
        ...saved.slice(1, 5).map((one) => other.findResult(one.ticketId, one.textHash)),
      ]);
      expect(parseStoredResult(ours!)).toEqual(saved[0]);
      expect(parseStoredResult(found!)).toEqual(theirs);
      expect(lookups.sort()).toEqual([1, 5]);
    } finally {
      await store.close();
      folder.remove();
    }
  });

  it('runs at most half of a small pool as lookups at once, and up to four of a larger one', async () => {
    for (const [connections, inFlight] of [
      [2, 1],
      [5, 2],
      [10, 4],
      [40, 4],
    ] as const) {
      const held: (() => void)[] = [];
      // A PostgreSQL client whose lookups wait until the test lets them answer (no rows: every result is absent).
      const client: SqlClient = {
        engine: 'postgres',
        query: async <Row>() => {
          await new Promise<void>((resolve) => held.push(resolve));
          return { rows: [] as Row[], rowCount: 0 };
        },
        transaction: () => Promise.reject(new Error('not used')),
        scoped: () => client,
        close: async () => undefined,
      };
      const store = new SqlStore(client, { connections });
      // One lookup per turn of the event loop: each would be a batch of its own if a slot were free.
      const lookups: Promise<unknown>[] = [];
      for (let i = 0; i < 6; i++) {
        lookups.push(store.findResult(`t-${i}`, 'h'));
        await turn();
      }
      expect({ connections, running: held.length }).toEqual({ connections, running: inFlight });
      // Let every statement answer, including the batches that waited for a slot, until all lookups are answered.
      let answered = false;
      const all = Promise.all(lookups).finally(() => (answered = true));
      while (!answered) {
        while (held.length > 0) held.shift()!();
        await turn();
      }
      expect(await all).toEqual(Array(6).fill(null));
    }
  });
});
