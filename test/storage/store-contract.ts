import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackEvent, type FeedbackEventInput, type TriageResult } from '../../src/contract/index.ts';
import {
  parseStoredResult,
  StorageUnavailableError,
  type InstallationStore,
  type Store,
  type StoredTicket,
  type TicketWrite,
  type TriageWrite,
} from '../../server/storage/index.ts';

/** How the contract suite gets stores of one engine. */
export interface StoreHarness {
  /** A migrated store on a fresh database, shared by every test of the suite (tests scope their ids). */
  open(): Promise<Store>;
  /** A second store on the same database, as another server instance would open it (PGlite: the same one). */
  openSibling(): Promise<Store>;
  /** A store of its own that a test may close. */
  openDisposable(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** The same store as "another instance" where an engine has one store per database; closing it leaves the store open. */
export function sameStore(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'close') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (...args: unknown[]): unknown => Reflect.apply(value, target, args) : value;
    },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function ticket(id: string, overrides: Partial<TicketWrite> = {}): TicketWrite {
  return {
    id,
    subject: `Subject of ${id}`,
    text: `Subject of ${id}\nThe export button fails with <EMAIL_1>`,
    label: 'billing',
    urgency: 'normal',
    status: 'open',
    createdAt: '2026-10-01T08:00:00.000Z',
    source: 'import',
    ...overrides,
  };
}

export function feedback(overrides: Partial<FeedbackEventInput> = {}): FeedbackEvent {
  return FeedbackEvent.parse({
    idempotencyKey: `key-${randomUUID()}`,
    ticketId: 'unknown',
    kind: 'accept',
    label: 'billing',
    actor: { id: 'agent-1' },
    at: '2026-11-23T10:00:00Z',
    ...overrides,
  });
}

export function result(ticketId: string, overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    ticketId,
    label: {
      name: 'billing',
      confidence: 0.42,
      source: 'model',
      reason: 'words: invoice',
      ruleId: null,
      evidence: null,
    },
    alternatives: [{ label: 'refund', confidence: 0.3 }],
    urgency: { level: 'normal', priority: 'normal', confidence: 0.6, source: 'model' },
    ticketType: 'question',
    tags: ['invoice'],
    language: 'en',
    summary: 'Invoice is wrong',
    decision: 'review',
    heldBack: null,
    escalation: { isEscalation: false, linkedTo: null },
    similar: [],
    redaction: { total: 1, byType: { EMAIL: 1 } },
    tier: { llm: 'off', detail: null },
    versions: { model: 'm1', taxonomy: 't1', prompt: null },
    cost: null,
    latencyMs: 3.5,
    textHash: `hash-${ticketId}`,
    createdAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export function triageWrite(id: string, overrides: Partial<TriageWrite> = {}): TriageWrite {
  return {
    id,
    subject: `Triaged ${id}`,
    text: `Triaged ${id}\nThe invoice is wrong`,
    label: null,
    urgency: null,
    status: null,
    createdAt: null,
    ...overrides,
  };
}

/** The stored result as an object, or null. */
async function findParsed(store: InstallationStore, ticketId: string, textHash: string): Promise<TriageResult | null> {
  const stored = await store.findResult(ticketId, textHash);
  return stored ? parseStoredResult(stored) : null;
}

/** Reads every change after `since` in pages, as an in-process index catching up would. */
async function readAllChanges(store: Store, since: number, pageSize = 50): Promise<StoredTicket[]> {
  const seen: StoredTicket[] = [];
  let cursor = since;
  for (;;) {
    const page = await store.ticketsChangedSince(cursor, pageSize);
    if (page.length === 0) return seen;
    seen.push(...page);
    cursor = page[page.length - 1]!.seq;
  }
}

/**
 * Ids a reader sees by following `ticketsChangedSince` from `start` in small pages while `writers` run, then once
 * more after they are done: what a similar index catching up with other instances would see. Seqs only grow.
 */
async function catchUpWhile(store: Store, start: number, writers: readonly Promise<void>[]): Promise<Set<string>> {
  const seen = new Set<string>();
  let cursor = start;
  let writing = true;
  const reader = (async () => {
    while (writing) {
      const page = await store.ticketsChangedSince(cursor, 5);
      for (const row of page) {
        expect(row.seq).toBeGreaterThan(cursor);
        seen.add(row.id);
        cursor = row.seq;
      }
      if (page.length === 0) await sleep(1);
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  for (const row of await readAllChanges(store, cursor)) seen.add(row.id);
  return seen;
}

async function currentSeq(store: Store): Promise<number> {
  const changes = await readAllChanges(store, 0, 10_000);
  return changes.length === 0 ? 0 : changes[changes.length - 1]!.seq;
}

/** The behaviour every Store must have, run against PGlite, PostgreSQL and the in-memory test double alike. */
export function storeContract(engine: string, harness: StoreHarness | null): void {
  describe.skipIf(harness === null)(`Store contract on ${engine}`, () => {
    let store: Store;
    // Each test uses its own id prefix and job kinds, so tests share one database without seeing each other.
    const scope = () => randomUUID().slice(0, 8);

    beforeAll(async () => {
      store = await harness!.open();
    });
    afterAll(async () => {
      await store?.close();
      await harness!.cleanup();
    });

    describe('migrations', () => {
      it('migrates again as a no-op and survives two instances migrating at once', async () => {
        const sibling = await harness!.openSibling();
        try {
          await Promise.all([store.migrate(), sibling.migrate(), store.migrate()]);
          await sibling.ping();
          const id = `${scope()}-m`;
          await sibling.upsertTickets([ticket(id)]);
          expect((await store.getTicket(id))?.id).toBe(id);
        } finally {
          await sibling.close();
        }
      });
    });

    describe('tickets', () => {
      it('inserts tickets and reads them back with every field', async () => {
        const s = scope();
        const counts = await store.upsertTickets([
          ticket(`${s}-1`),
          ticket(`${s}-2`, { label: null, urgency: null, status: null, createdAt: null }),
        ]);
        expect(counts).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
        const first = await store.getTicket(`${s}-1`);
        expect(first).toMatchObject({
          id: `${s}-1`,
          subject: `Subject of ${s}-1`,
          label: 'billing',
          urgency: 'normal',
          status: 'open',
          createdAt: '2026-10-01T08:00:00.000Z',
        });
        expect(first!.text).toContain('<EMAIL_1>');
        expect(first!.seq).toBeGreaterThan(0);
        expect(await store.getTicket(`${s}-2`)).toMatchObject({
          label: null,
          urgency: null,
          status: null,
          createdAt: null,
        });
        expect(await store.getTicket(`${s}-missing`)).toBeNull();
      });

      it('counts unchanged rows without rewriting them and gives changed rows a new seq', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`), ticket(`${s}-2`)]);
        const before = await store.getTicket(`${s}-1`);
        const again = await store.upsertTickets([
          ticket(`${s}-1`),
          ticket(`${s}-2`, { text: 'new text' }),
          ticket(`${s}-3`),
        ]);
        expect(again).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
        expect((await store.getTicket(`${s}-1`))!.seq).toBe(before!.seq);
        const changed = await store.getTicket(`${s}-2`);
        expect(changed!.text).toBe('new text');
        expect(changed!.seq).toBeGreaterThan(before!.seq);
      });

      it('keeps the stored label, urgency, status and date when a write leaves them null', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: 'refund' })]);
        await store.upsertTickets([
          ticket(`${s}-1`, {
            label: null,
            urgency: null,
            status: null,
            createdAt: null,
            source: 'triage',
            text: 'edited',
          }),
        ]);
        expect(await store.getTicket(`${s}-1`)).toMatchObject({
          label: 'refund',
          urgency: 'normal',
          status: 'open',
          createdAt: '2026-10-01T08:00:00.000Z',
          text: 'edited',
        });
      });

      it('takes the last write of an id that appears twice in one batch', async () => {
        const s = scope();
        const counts = await store.upsertTickets([
          ticket(`${s}-1`, { subject: 'first' }),
          ticket(`${s}-1`, { subject: 'second' }),
        ]);
        expect(counts.inserted).toBe(1);
        expect((await store.getTicket(`${s}-1`))!.subject).toBe('second');
      });

      it('counts tickets', async () => {
        const s = scope();
        const before = await store.countTickets();
        await store.upsertTickets([ticket(`${s}-1`), ticket(`${s}-2`), ticket(`${s}-3`)]);
        expect(await store.countTickets()).toBe(before + 3);
      });

      it('lists labelled tickets oldest first, leaving out unlabelled ones and ones without text', async () => {
        const s = scope();
        await store.upsertTickets([
          ticket(`${s}-new`, { createdAt: '2026-11-02T00:00:00.000Z', label: 'refund' }),
          ticket(`${s}-old`, { createdAt: '2026-01-02T00:00:00.000Z', label: 'billing', urgency: null }),
          ticket(`${s}-none`, { label: null }),
          ticket(`${s}-empty`, { label: 'billing', text: ' \n ', subject: '' }),
        ]);
        const rows = (await store.labelledTickets()).filter((row) => row.id.startsWith(s));
        expect(rows).toEqual([
          {
            id: `${s}-old`,
            text: ticket(`${s}-old`).text,
            label: 'billing',
            urgency: null,
            createdAt: '2026-01-02T00:00:00.000Z',
          },
          {
            id: `${s}-new`,
            text: ticket(`${s}-new`).text,
            label: 'refund',
            urgency: 'normal',
            createdAt: '2026-11-02T00:00:00.000Z',
          },
        ]);
      });
    });

    describe('ticketsChangedSince', () => {
      it('pages through changes in seq order and shows an updated ticket again', async () => {
        const s = scope();
        const start = await currentSeq(store);
        await store.upsertTickets(Array.from({ length: 25 }, (_, index) => ticket(`${s}-${index}`)));
        const firstPass = await readAllChanges(store, start, 7);
        expect(firstPass.map((row) => row.id).sort()).toEqual(
          Array.from({ length: 25 }, (_, index) => `${s}-${index}`).sort(),
        );
        const seqs = firstPass.map((row) => row.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(await store.ticketsChangedSince(seqs[seqs.length - 1]!, 10)).toEqual([]);

        await store.upsertTickets([ticket(`${s}-3`, { subject: 'changed' })]);
        const secondPass = await store.ticketsChangedSince(seqs[seqs.length - 1]!, 10);
        expect(secondPass.map((row) => [row.id, row.subject])).toEqual([[`${s}-3`, 'changed']]);
      });

      it('misses no ticket while several writers commit concurrently', async () => {
        const s = scope();
        const sibling = await harness!.openSibling();
        try {
          const start = await currentSeq(store);
          const expected = new Set<string>();
          const writers = [store, sibling].map(async (writer, w) => {
            for (let batch = 0; batch < 15; batch++) {
              const rows = Array.from({ length: 1 + (batch % 4) }, (_, index) => ticket(`${s}-${w}-${batch}-${index}`));
              rows.forEach((row) => expected.add(row.id));
              await writer.upsertTickets(rows);
            }
          });
          const seen = await catchUpWhile(store, start, writers);
          expect([...seen].filter((id) => id.startsWith(s)).sort()).toEqual([...expected].sort());
        } finally {
          await sibling.close();
        }
      });
    });

    describe('saveTriage', () => {
      it('stores a new ticket and its result together, as new and created when triaged, and returns it', async () => {
        const s = scope();
        const saved = result(`${s}-1`, { createdAt: '2026-11-23T10:00:00.000Z' });
        const stored = await store.saveTriage(triageWrite(`${s}-1`), saved);
        expect(stored).toMatchObject({
          id: `${s}-1`,
          subject: `Triaged ${s}-1`,
          label: null,
          urgency: null,
          status: 'new',
          createdAt: '2026-11-23T10:00:00.000Z',
        });
        expect(stored.seq).toBeGreaterThan(0);
        expect(await store.getTicket(`${s}-1`)).toEqual(stored);
        expect(await findParsed(store, `${s}-1`, saved.textHash)).toEqual(saved);
      });

      it('stores the applied label and urgency, and the status and date the request gives', async () => {
        const s = scope();
        const stored = await store.saveTriage(
          triageWrite(`${s}-1`, {
            label: 'refund',
            urgency: 'high',
            status: 'open',
            createdAt: '2026-10-05T09:00:00.000Z',
          }),
          result(`${s}-1`),
        );
        expect(stored).toMatchObject({
          label: 'refund',
          urgency: 'high',
          status: 'open',
          createdAt: '2026-10-05T09:00:00.000Z',
        });
      });

      it('keeps what is known of a stored ticket, takes its new text, and gives it a new seq', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: 'bug', urgency: 'low', status: 'pending' })]);
        const before = await store.getTicket(`${s}-1`);
        const stored = await store.saveTriage(
          triageWrite(`${s}-1`, { label: 'refund', urgency: 'high' }),
          result(`${s}-1`),
        );
        expect(stored).toMatchObject({
          label: 'bug',
          urgency: 'low',
          status: 'pending',
          createdAt: '2026-10-01T08:00:00.000Z',
          text: triageWrite(`${s}-1`).text,
        });
        expect(stored.seq).toBeGreaterThan(before!.seq);
        expect(await store.getTicket(`${s}-1`)).toEqual(stored);
      });

      it("fills a stored ticket's missing label and takes the status and date the request gives", async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: null, urgency: null })]);
        const stored = await store.saveTriage(
          triageWrite(`${s}-1`, {
            label: 'refund',
            urgency: 'high',
            status: 'solved',
            createdAt: '2026-09-01T00:00:00.000Z',
          }),
          result(`${s}-1`),
        );
        expect(stored).toMatchObject({
          label: 'refund',
          urgency: 'high',
          status: 'solved',
          createdAt: '2026-09-01T00:00:00.000Z',
        });
      });

      it('keeps a label an agent gave through feedback', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: 'billing' })]);
        await store.appendFeedback(
          feedback({ ticketId: `${s}-1`, kind: 'correct', label: 'billing', correctedLabel: 'bug' }),
        );
        expect((await store.saveTriage(triageWrite(`${s}-1`, { label: 'refund' }), result(`${s}-1`))).label).toBe(
          'bug',
        );
      });

      it('leaves an unchanged ticket and its seq alone, returns it, and replaces the result', async () => {
        const s = scope();
        const first = await store.saveTriage(triageWrite(`${s}-1`, { label: 'refund' }), result(`${s}-1`));
        const recomputed = result(`${s}-1`, { decision: 'auto' });
        const again = await store.saveTriage(triageWrite(`${s}-1`, { label: 'bug' }), recomputed);
        expect(again).toEqual(first);
        expect(await store.ticketsChangedSince(first.seq, 10)).not.toContainEqual(
          expect.objectContaining({ id: `${s}-1` }),
        );
        expect(await findParsed(store, `${s}-1`, recomputed.textHash)).toEqual(recomputed);
      });

      it('answers every one of several concurrent triages of the same new ticket, from two instances', async () => {
        const s = scope();
        const sibling = await harness!.openSibling();
        try {
          // Same text: one insert wins, the others find the row their statement's snapshot did not show.
          const saves = Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? sibling : store).saveTriage(triageWrite(`${s}-1`), result(`${s}-1`)),
          );
          const stored = await Promise.all(saves);
          const current = await store.getTicket(`${s}-1`);
          for (const ticket of stored) expect(ticket).toEqual(current);
        } finally {
          await sibling.close();
        }
      });

      it('refuses a result of another ticket and stores nothing', async () => {
        const s = scope();
        await expect(store.saveTriage(triageWrite(`${s}-1`), result(`${s}-2`))).rejects.toThrow();
        expect(await store.getTicket(`${s}-1`)).toBeNull();
      });

      it('misses no ticket triaged by several instances while a reader catches up', async () => {
        const s = scope();
        const sibling = await harness!.openSibling();
        try {
          const start = await currentSeq(store);
          const expected = new Set<string>();
          const writers = [store, sibling].flatMap((writer, w) =>
            [0, 1, 2].map(async (lane) => {
              for (let index = 0; index < 12; index++) {
                const id = `${s}-${w}-${lane}-${index}`;
                expected.add(id);
                await writer.saveTriage(triageWrite(id), result(id));
              }
            }),
          );
          const seen = await catchUpWhile(store, start, writers);
          expect([...seen].filter((id) => id.startsWith(s)).sort()).toEqual([...expected].sort());
        } finally {
          await sibling.close();
        }
      });
    });

    describe('results', () => {
      it('finds a saved result by ticket id and text hash, and only then', async () => {
        const s = scope();
        const saved = result(`${s}-1`);
        await store.saveResult(saved);
        expect(await findParsed(store, `${s}-1`, saved.textHash)).toEqual(saved);
        expect(await findParsed(store, `${s}-1`, 'other-hash')).toBeNull();
        expect(await findParsed(store, `${s}-2`, saved.textHash)).toBeNull();
      });

      it('answers many concurrent lookups each with its own result: hits, misses, a key asked twice, a shape the contract no longer takes', async () => {
        const s = scope();
        const saved = Array.from({ length: 20 }, (_, i) => result(`${s}-${i}`, { summary: `Summary ${i}` }));
        await Promise.all(saved.map((one) => store.saveResult(one)));
        // An older shape: stored, but no longer a TriageResult, so it is recomputed rather than served.
        await store.saveResult({ ...result(`${s}-old`), summary: 42 } as unknown as TriageResult);
        const asked = [
          ...saved.map((one) => ({ id: one.ticketId, hash: one.textHash, expected: one })),
          ...saved.slice(0, 5).map((one) => ({ id: one.ticketId, hash: one.textHash, expected: one })),
          ...saved.slice(0, 5).map((one) => ({ id: one.ticketId, hash: 'other-hash', expected: null })),
          { id: `${s}-missing`, hash: `hash-${s}-missing`, expected: null },
          { id: `${s}-old`, hash: `hash-${s}-old`, expected: null },
        ];
        const found = await Promise.all(asked.map(({ id, hash }) => findParsed(store, id, hash)));
        expect(found).toEqual(asked.map(({ expected }) => expected));
      });

      it('replaces the result saved again for the same ticket and text hash', async () => {
        const s = scope();
        await store.saveResult(result(`${s}-1`));
        const recomputed = result(`${s}-1`, {
          decision: 'auto',
          label: {
            name: 'refund',
            confidence: 0.95,
            source: 'rule',
            reason: 'rule',
            ruleId: 'refund-1',
            evidence: null,
          },
        });
        await store.saveResult(recomputed);
        expect(await findParsed(store, `${s}-1`, recomputed.textHash)).toEqual(recomputed);
      });
    });

    describe('feedback', () => {
      it('stores an event once: the same key again answers the first id as a duplicate, even with other content', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: 'billing' })]);
        const event = feedback({ ticketId: `${s}-1`, kind: 'like' });
        const first = await store.appendFeedback(event);
        expect(first.duplicate).toBe(false);
        expect(await store.appendFeedback(event)).toEqual({ id: first.id, duplicate: true });
        const sameKeyOtherContent = feedback({
          idempotencyKey: event.idempotencyKey,
          ticketId: `${s}-1`,
          kind: 'correct',
          correctedLabel: 'fraud',
        });
        expect(await store.appendFeedback(sameKeyOtherContent)).toEqual({ id: first.id, duplicate: true });
        expect((await store.getTicket(`${s}-1`))!.label).toBe('billing');
      });

      it('answers concurrent events with the same key with one id', async () => {
        const s = scope();
        const event = feedback({ ticketId: `${s}-1` });
        const answers = await Promise.all(Array.from({ length: 6 }, () => store.appendFeedback(event)));
        expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
        expect(answers.filter((answer) => !answer.duplicate)).toHaveLength(1);
      });

      it('relabels the ticket on correct, with a new seq, and a later import does not undo it', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-1`, { label: 'billing' })]);
        const before = await store.getTicket(`${s}-1`);
        await store.appendFeedback(
          feedback({ ticketId: `${s}-1`, kind: 'correct', label: 'billing', correctedLabel: 'fraud' }),
        );
        const after = await store.getTicket(`${s}-1`);
        expect(after!.label).toBe('fraud');
        expect(after!.seq).toBeGreaterThan(before!.seq);
        expect((await store.labelledTickets()).find((row) => row.id === `${s}-1`)?.label).toBe('fraud');
        await store.upsertTickets([ticket(`${s}-1`, { label: 'billing', subject: 'reimported' })]);
        expect(await store.getTicket(`${s}-1`)).toMatchObject({ label: 'fraud', subject: 'reimported' });
      });

      it('sets the suggested label on accept only when the ticket has none', async () => {
        const s = scope();
        await store.upsertTickets([ticket(`${s}-blank`, { label: null }), ticket(`${s}-set`, { label: 'billing' })]);
        await store.appendFeedback(feedback({ ticketId: `${s}-blank`, kind: 'accept', label: 'outage' }));
        await store.appendFeedback(feedback({ ticketId: `${s}-set`, kind: 'accept', label: 'outage' }));
        expect((await store.getTicket(`${s}-blank`))!.label).toBe('outage');
        expect((await store.getTicket(`${s}-set`))!.label).toBe('billing');
      });

      it('keeps a label the app applied itself out of the training set until a person confirms or imports one', async () => {
        const s = scope();
        const mine = (await store.labelledTickets()).filter((row) => row.id.startsWith(s));
        expect(mine).toEqual([]);
        // An `auto` decision stores its label on the ticket (the sidebar shows it), but no one has checked it.
        for (const id of [`${s}-accepted`, `${s}-imported`, `${s}-unchecked`])
          await store.saveTriage(triageWrite(id, { label: 'billing' }), result(id));
        const training = async () =>
          (await store.labelledTickets())
            .filter((row) => row.id.startsWith(s))
            .map((row) => [row.id, row.label])
            .sort();
        expect(await training()).toEqual([]);
        expect((await store.getTicket(`${s}-unchecked`))!.label).toBe('billing');
        // An agent's Accept, or a label imported from the account's own history, is a person's: training data.
        await store.appendFeedback(feedback({ ticketId: `${s}-accepted`, kind: 'accept', label: 'billing' }));
        await store.upsertTickets([ticket(`${s}-imported`, { label: 'fraud' })]);
        expect(await training()).toEqual([
          [`${s}-accepted`, 'billing'],
          [`${s}-imported`, 'fraud'],
        ]);
        // A later triage of the same ticket does not take it back out.
        await store.saveTriage(
          triageWrite(`${s}-imported`, { label: 'billing', subject: 'again' }),
          result(`${s}-imported`),
        );
        expect(await training()).toEqual([
          [`${s}-accepted`, 'billing'],
          [`${s}-imported`, 'fraud'],
        ]);
      });

      it('stores feedback for a ticket it has never seen without inventing the ticket', async () => {
        const s = scope();
        const answer = await store.appendFeedback(
          feedback({ ticketId: `${s}-ghost`, kind: 'correct', correctedLabel: 'fraud' }),
        );
        expect(answer.duplicate).toBe(false);
        expect(await store.getTicket(`${s}-ghost`)).toBeNull();
      });
    });

    describe('latestVerdict', () => {
      it('is null for a ticket nobody answered, and a like or dislike decides nothing', async () => {
        const s = scope();
        expect(await store.latestVerdict(`${s}-1`)).toBeNull();
        await store.appendFeedback(feedback({ ticketId: `${s}-1`, kind: 'like' }));
        expect(await store.latestVerdict(`${s}-1`)).toBeNull();
      });

      it('answers the newest accept, reject or correct of that ticket with its role and time', async () => {
        const s = scope();
        await store.appendFeedback(
          feedback({ ticketId: `${s}-1`, kind: 'accept', label: 'billing', at: '2026-11-23T10:00:00Z' }),
        );
        expect(await store.latestVerdict(`${s}-1`)).toEqual({
          kind: 'accept',
          label: 'billing',
          correctedLabel: null,
          role: 'agent',
          at: '2026-11-23T10:00:00.000Z',
        });
        await store.appendFeedback(
          feedback({
            ticketId: `${s}-1`,
            kind: 'correct',
            label: 'billing',
            correctedLabel: 'fraud',
            actor: { id: 'lead-2', role: 'reviewer' },
            at: '2026-11-24T09:30:00Z',
          }),
        );
        await store.appendFeedback(feedback({ ticketId: `${s}-1`, kind: 'dislike', at: '2026-11-25T09:30:00Z' }));
        await store.appendFeedback(feedback({ ticketId: `${s}-2`, kind: 'reject', at: '2026-11-26T09:30:00Z' }));
        expect(await store.latestVerdict(`${s}-1`)).toEqual({
          kind: 'correct',
          label: 'billing',
          correctedLabel: 'fraud',
          role: 'reviewer',
          at: '2026-11-24T09:30:00.000Z',
        });
      });
    });

    describe('reviewQueue', () => {
      it('lists the latest review result per ticket without decisive feedback, newest first', async () => {
        const s = scope();
        const longBody = `${'word '.repeat(100)}end`;
        await store.upsertTickets([
          ticket(`${s}-a`, { subject: 'A', text: 'A\nThe export button\n\n  fails with <EMAIL_1>' }),
          ticket(`${s}-b`, { subject: 'B', text: `B\n${longBody}` }),
        ]);
        const at = (minute: number) => `2099-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
        await store.saveResult(result(`${s}-a`, { createdAt: at(1) }));
        await store.saveResult(result(`${s}-b`, { createdAt: at(2) }));
        await store.saveResult(result(`${s}-auto`, { createdAt: at(3), decision: 'auto' }));
        await store.saveResult(result(`${s}-later-auto`, { createdAt: at(4), textHash: 'h1' }));
        await store.saveResult(result(`${s}-later-auto`, { createdAt: at(5), textHash: 'h2', decision: 'draft' }));
        await store.saveResult(result(`${s}-accepted`, { createdAt: at(6) }));
        await store.appendFeedback(feedback({ ticketId: `${s}-accepted`, kind: 'accept' }));
        await store.saveResult(result(`${s}-liked`, { createdAt: at(7) }));
        await store.appendFeedback(feedback({ ticketId: `${s}-liked`, kind: 'like' }));

        const queue = (await store.reviewQueue(1000)).items.filter((item) => item.ticketId.startsWith(s));
        expect(queue).toEqual([
          {
            ticketId: `${s}-liked`,
            subject: '',
            excerpt: '',
            label: 'billing',
            confidence: 0.42,
            decision: 'review',
            reason: 'words: invoice',
            source: 'model',
            ruleId: null,
            evidence: null,
            heldBack: null,
            textHash: `hash-${s}-liked`,
            createdAt: at(7),
          },
          {
            ticketId: `${s}-b`,
            subject: 'B',
            // On one line, clipped at the limit with an ellipsis.
            excerpt: `${'word '.repeat(55)}word…`,
            label: 'billing',
            confidence: 0.42,
            decision: 'review',
            reason: 'words: invoice',
            source: 'model',
            ruleId: null,
            evidence: null,
            heldBack: null,
            textHash: `hash-${s}-b`,
            createdAt: at(2),
          },
          {
            ticketId: `${s}-a`,
            subject: 'A',
            excerpt: 'The export button fails with <EMAIL_1>',
            label: 'billing',
            confidence: 0.42,
            decision: 'review',
            reason: 'words: invoice',
            source: 'model',
            ruleId: null,
            evidence: null,
            heldBack: null,
            textHash: `hash-${s}-a`,
            createdAt: at(1),
          },
        ]);
      });

      it('answers a null reason when the result has none', async () => {
        const s = scope();
        await store.saveResult(
          result(`${s}-silent`, {
            createdAt: '2099-02-01T00:00:00.000Z',
            label: { name: 'bug', confidence: 0.3, source: 'model', reason: '', ruleId: null, evidence: null },
          }),
        );
        const queue = (await store.reviewQueue(1000)).items.filter((item) => item.ticketId.startsWith(s));
        expect(queue).toEqual([expect.objectContaining({ ticketId: `${s}-silent`, label: 'bug', reason: null })]);
      });

      it("carries the result's source, evidence and what held it back, for the reviewer's language", async () => {
        const s = scope();
        await store.saveResult(
          result(`${s}-why`, {
            createdAt: '2099-03-01T00:00:00.000Z',
            label: {
              name: 'bug',
              confidence: 0.9,
              source: 'model',
              reason: 'unlike the tickets…; Local model: "crash"',
              ruleId: null,
              evidence: ['crash', 'app'],
            },
            heldBack: 'out_of_scope',
          }),
        );
        const queue = (await store.reviewQueue(1000)).items.filter((item) => item.ticketId.startsWith(s));
        expect(queue).toEqual([
          expect.objectContaining({
            source: 'model',
            ruleId: null,
            evidence: ['crash', 'app'],
            heldBack: 'out_of_scope',
          }),
        ]);
      });

      it('returns at most limit items', async () => {
        const s = scope();
        for (let minute = 0; minute < 4; minute++)
          await store.saveResult(result(`${s}-${minute}`, { createdAt: `2100-01-01T00:0${minute}:00.000Z` }));
        const queue = await store.reviewQueue(2);
        expect(queue.items.map((item) => item.ticketId)).toEqual([`${s}-3`, `${s}-2`]);
        // The total counts the whole queue, beyond the page.
        expect(queue.total).toBe((await store.reviewQueue(100_000)).items.length);
        expect(queue.total).toBeGreaterThanOrEqual(4);
      });
    });

    describe('models', () => {
      it('serves the newest promoted model and keeps every version', async () => {
        const s = scope();
        const base = { metrics: { macroF1: 0.8 }, artifact: '{"weights":[1,2]}' };
        // Far-future dates keep these the newest whatever other tests saved.
        await store.saveModel({ ...base, version: `${s}-1`, createdAt: '2200-01-01T00:00:00.000Z', promoted: true });
        await store.saveModel({
          ...base,
          version: `${s}-2`,
          createdAt: '2200-01-02T00:00:00.000Z',
          promoted: true,
          metrics: { macroF1: 0.85 },
        });
        await store.saveModel({ ...base, version: `${s}-3`, createdAt: '2200-01-03T00:00:00.000Z', promoted: false });
        expect(await store.latestModel()).toEqual({
          version: `${s}-2`,
          createdAt: '2200-01-02T00:00:00.000Z',
          metrics: { macroF1: 0.85 },
          promoted: true,
          artifact: base.artifact,
        });
        const listed = (await store.listModels()).filter((model) => model.version.startsWith(s));
        expect(listed.map((model) => [model.version, model.promoted])).toEqual([
          [`${s}-3`, false],
          [`${s}-2`, true],
          [`${s}-1`, true],
        ]);
        expect(listed[0]).not.toHaveProperty('artifact');

        await store.saveModel({ ...base, version: `${s}-3`, createdAt: '2200-01-03T00:00:00.000Z', promoted: true });
        expect((await store.latestModel())!.version).toBe(`${s}-3`);
      });
    });

    describe('jobs', () => {
      it('claims a job once, with its payload, and completes it', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, { ticketId: 't-1', n: 2 });
        const job = await store.claimJob([kind], 'worker-a', 60_000);
        expect(job).toEqual({ id, installation: 'default', kind, payload: { ticketId: 't-1', n: 2 }, attempts: 1 });
        expect(await store.claimJob([kind], 'worker-b', 60_000)).toBeNull();
        expect(await store.getJob(id)).toMatchObject({ status: 'running', lockedBy: 'worker-a' });
        await store.completeJob(id);
        expect(await store.getJob(id)).toMatchObject({ status: 'done', lockedBy: null });
        expect(await store.claimJob([kind], 'worker-b', 1)).toBeNull();
      });

      it('claims only the kinds asked for, oldest first', async () => {
        const s = scope();
        const first = await store.enqueueJob(`a-${s}`, 1);
        const second = await store.enqueueJob(`a-${s}`, 2);
        await store.enqueueJob(`b-${s}`, 3);
        expect((await store.claimJob([`a-${s}`], 'w', 60_000))!.id).toBe(first);
        expect((await store.claimJob([`a-${s}`], 'w', 60_000))!.id).toBe(second);
        expect(await store.claimJob([`a-${s}`], 'w', 60_000)).toBeNull();
        expect((await store.claimJob([`a-${s}`, `b-${s}`], 'w', 60_000))!.payload).toBe(3);
      });

      it('keeps one pending job per dedupe key; a successor queued while the first runs waits for it to end', async () => {
        const kind = `kind-${scope()}`;
        const key = `retrain-${kind}`;
        const first = await store.enqueueJob(kind, { n: 1 }, { dedupeKey: key });
        expect(await store.enqueueJob(kind, { n: 2 }, { dedupeKey: key })).toBe(first);
        const [a, b] = await Promise.all([
          store.enqueueJob(kind, {}, { dedupeKey: key }),
          store.enqueueJob(kind, {}, { dedupeKey: key }),
        ]);
        expect([a, b]).toEqual([first, first]);
        expect((await store.claimJob([kind], 'w', 60_000))!.id).toBe(first);
        expect(await store.claimJob([kind], 'w', 60_000)).toBeNull();
        const next = await store.enqueueJob(kind, { n: 3 }, { dedupeKey: key });
        expect(next).not.toBe(first);
        // Another instance must not run the same work beside the first.
        expect(await store.claimJob([kind], 'other-instance', 60_000)).toBeNull();
        await store.completeJob(first);
        expect((await store.claimJob([kind], 'other-instance', 60_000))!.id).toBe(next);
      });

      it('re-runs a twin whose worker died before its successor, which still waits for it', async () => {
        const kind = `kind-${scope()}`;
        const key = `retrain-${kind}`;
        const first = await store.enqueueJob(kind, {}, { dedupeKey: key });
        expect((await store.claimJob([kind], 'dying', 40))!.id).toBe(first);
        const next = await store.enqueueJob(kind, {}, { dedupeKey: key });
        expect(await store.claimJob([kind], 'w', 60_000)).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 80));
        // The lease ran out: the older job is taken again, and its successor keeps waiting behind the new lease.
        expect((await store.claimJob([kind], 'w', 60_000))!.id).toBe(first);
        expect(await store.claimJob([kind], 'w2', 60_000)).toBeNull();
        await store.failJob(first, 'boom', { retryInMs: 60_000 });
        // A failed run cannot go back to pending beside its successor (one pending job per key): it ends, and the
        // successor does the work.
        expect((await store.claimJob([kind], 'w2', 60_000))!.id).toBe(next);
      });

      it('hands no job to two claimers that race, from two instances', async () => {
        const kind = `kind-${scope()}`;
        const sibling = await harness!.openSibling();
        try {
          const ids = new Set<string>();
          for (let index = 0; index < 30; index++) ids.add(await store.enqueueJob(kind, { index }));
          const claimed: string[] = [];
          const claimer = async (instance: Store, worker: string) => {
            for (;;) {
              const job = await instance.claimJob([kind], worker, 60_000);
              if (!job) return;
              claimed.push(job.id);
            }
          };
          await Promise.all([
            claimer(store, 'w1'),
            claimer(sibling, 'w2'),
            claimer(store, 'w3'),
            claimer(sibling, 'w4'),
          ]);
          expect(claimed).toHaveLength(30);
          expect(new Set(claimed)).toEqual(ids);
        } finally {
          await sibling.close();
        }
      });

      it('gives a job whose lease expired to another worker and counts the attempt', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, {});
        // A lease long enough that a loaded machine cannot outlast it between two statements.
        expect((await store.claimJob([kind], 'dead-worker', 400))!.attempts).toBe(1);
        expect(await store.claimJob([kind], 'other', 60_000)).toBeNull();
        await sleep(500);
        const again = await store.claimJob([kind], 'other', 60_000);
        expect(again).toMatchObject({ id, attempts: 2 });
        expect(await store.getJob(id)).toMatchObject({ lockedBy: 'other', status: 'running' });
      });

      it('releases every running lease at once, of every installation, for the next claim to take over', async () => {
        const kind = `kind-${scope()}`;
        const mine = await store.enqueueJob(kind, {});
        const theirs = await store.forInstallation(`other-${scope()}`).enqueueJob(kind, {});
        await store.claimJob([kind], 'died', 60_000);
        await store.claimJob([kind], 'died', 60_000);
        expect(await store.claimJob([kind], 'restarted', 60_000)).toBeNull();
        expect(await store.releaseLeases()).toBeGreaterThanOrEqual(2);
        const taken = [
          await store.claimJob([kind], 'restarted', 60_000),
          await store.claimJob([kind], 'restarted', 60_000),
        ];
        expect(new Set(taken.map((job) => job?.id))).toEqual(new Set([mine, theirs]));
        expect(taken.map((job) => job?.attempts)).toEqual([2, 2]);
      });

      it('keeps a job whose lease was extended away from other workers', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, {});
        await store.claimJob([kind], 'busy', 80);
        expect(await store.extendLease(id, 'busy', 60_000)).toBe(true);
        expect(await store.extendLease(id, 'stranger', 60_000)).toBe(false);
        await sleep(150);
        expect(await store.claimJob([kind], 'other', 60_000)).toBeNull();
      });

      it('records the error of a failed job, retries it, and fails it for good after its attempts', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, {}, { maxAttempts: 2 });
        await store.claimJob([kind], 'w', 60_000);
        await store.failJob(id, 'MODEL_TIMEOUT', { retryInMs: 0 });
        expect(await store.getJob(id)).toMatchObject({ status: 'pending', lastError: 'MODEL_TIMEOUT', attempts: 1 });
        expect((await store.claimJob([kind], 'w', 60_000))!.attempts).toBe(2);
        await store.failJob(id, 'MODEL_TIMEOUT again', { retryInMs: 0 });
        expect(await store.getJob(id)).toMatchObject({ status: 'failed', lastError: 'MODEL_TIMEOUT again' });
        expect(await store.claimJob([kind], 'w', 60_000)).toBeNull();
      });

      it('waits out the backoff before retrying a failed job', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, {});
        await store.claimJob([kind], 'w', 60_000);
        await store.failJob(id, 'boom');
        expect(await store.claimJob([kind], 'w', 60_000)).toBeNull();
        expect((await store.getJob(id))!.status).toBe('pending');
      });

      it('fails a job whose worker died on every attempt instead of handing it out again', async () => {
        const kind = `kind-${scope()}`;
        const id = await store.enqueueJob(kind, {}, { maxAttempts: 1 });
        await store.claimJob([kind], 'crashing', 30);
        await sleep(80);
        expect(await store.claimJob([kind], 'next', 60_000)).toBeNull();
        expect(await store.getJob(id)).toMatchObject({ status: 'failed', lastError: 'lease expired' });
      });

      it('ends a failed job when a newer pending job with its dedupe key will do the work', async () => {
        const kind = `kind-${scope()}`;
        const first = await store.enqueueJob(kind, {}, { dedupeKey: kind });
        await store.claimJob([kind], 'w', 60_000);
        const second = await store.enqueueJob(kind, {}, { dedupeKey: kind });
        await store.failJob(first, 'boom', { retryInMs: 0 });
        expect(await store.getJob(first)).toMatchObject({ status: 'failed', lastError: 'boom' });
        expect((await store.claimJob([kind], 'w', 60_000))!.id).toBe(second);
      });

      it('enqueues one job per webhook event ever: a replay after the job ran enqueues nothing, per installation', async () => {
        const kind = `event-${scope()}`;
        const eventId = randomUUID();
        const other = store.forInstallation(`o-${scope()}`);
        const first = await store.enqueueEventJob(eventId, kind, { ticketId: '7' });
        expect(first).not.toBeNull();
        expect(await store.enqueueEventJob(eventId, kind, { ticketId: '7' })).toBeNull();
        const job = await store.claimJob([kind], 'w', 60_000);
        expect(job).toMatchObject({ id: first, installation: 'default', payload: { ticketId: '7' } });
        await store.completeJob(first!);
        expect(await store.enqueueEventJob(eventId, kind, { ticketId: '7' })).toBeNull();
        expect(await store.claimJob([kind], 'w', 60_000)).toBeNull();
        // Another installation's event with the same id is its own.
        expect(await other.enqueueEventJob(eventId, kind, { ticketId: '7' })).not.toBeNull();
        expect(await Promise.all([1, 2, 3].map(() => other.enqueueEventJob(`${eventId}-x`, kind, {})))).toSatisfy(
          (ids: (string | null)[]) => ids.filter((id) => id !== null).length === 1,
        );
      });

      it('answers null for an unknown job', async () => {
        expect(await store.getJob(randomUUID())).toBeNull();
      });

      it("keeps a running job's last progress, readable after it ends, and refuses progress once it has", async () => {
        const kind = `progress-${scope()}`;
        const id = await store.enqueueJob(kind, {});
        expect(await store.getJob(id)).toMatchObject({ progress: null });
        expect(await store.setJobProgress(id, { read: 1 })).toBe(false);
        await store.claimJob([kind], 'w', 60_000);
        expect(await store.setJobProgress(id, { read: 10, pages: 1 })).toBe(true);
        expect(await store.setJobProgress(id, { read: 20, pages: 2 })).toBe(true);
        expect((await store.getJob(id))!.progress).toEqual({ read: 20, pages: 2 });
        await store.completeJob(id);
        expect(await store.setJobProgress(id, { read: 0 })).toBe(false);
        expect(await store.getJob(id)).toMatchObject({ status: 'done', progress: { read: 20, pages: 2 } });
      });
    });

    describe('feedback counts and job pruning', () => {
      it('counts feedback by kind recorded after a time, and prunes only old finished jobs', async () => {
        const s = scope();
        const start = new Date(Date.now() - 1000).toISOString();
        const before = await store.feedbackCounts(start);
        await store.appendFeedback(feedback({ ticketId: `${s}-1`, kind: 'accept' }));
        await store.appendFeedback(feedback({ ticketId: `${s}-2`, kind: 'correct', correctedLabel: 'fraud' }));
        await store.appendFeedback(feedback({ ticketId: `${s}-3`, kind: 'dislike' }));
        const after = await store.feedbackCounts(start);
        expect(after.accept - before.accept).toBe(1);
        expect(after.correct - before.correct).toBe(1);
        expect(after.dislike - before.dislike).toBe(1);
        expect(after.reject - before.reject).toBe(0);
        expect(await store.feedbackCounts(new Date(Date.now() + 60_000).toISOString())).toEqual({
          accept: 0,
          reject: 0,
          correct: 0,
          like: 0,
          dislike: 0,
        });
        expect((await store.feedbackCounts(null)).accept).toBeGreaterThanOrEqual(1);

        const kind = `prune-${s}`;
        const done = await store.enqueueJob(kind, {});
        const pending = await store.enqueueJob(kind, {});
        const claimed = await store.claimJob([kind], 'w', 60_000);
        expect(claimed?.id).toBe(done);
        await store.completeJob(done);
        expect(await store.pruneJobs(new Date(Date.now() - 3600_000).toISOString())).toBe(0);
        expect(await store.pruneJobs(new Date(Date.now() + 3600_000).toISOString())).toBeGreaterThanOrEqual(1);
        expect(await store.getJob(done)).toBeNull();
        expect((await store.getJob(pending))?.status).toBe('pending');
      });
    });

    describe('LLM budget', () => {
      it("counts the installation's calls per day up to the limit, and adds cost when settled", async () => {
        const budget = store.forInstallation(`budget-${scope()}`);
        const today = { day: '2026-11-29' };
        const limits = { calls: 2, usd: null };
        expect(await budget.reserveLlmCall(today, limits)).toBe(true);
        expect(await budget.reserveLlmCall(today, limits)).toBe(true);
        expect(await budget.reserveLlmCall(today, limits)).toBe(false);
        await budget.settleLlmCall(today, 0.0015);
        await budget.settleLlmCall(today, 0.0025);
        expect(await budget.llmSpend(today)).toEqual({ calls: 2, usd: 0.004 });
        // Another day and another installation start from nothing.
        expect(await budget.reserveLlmCall({ day: '2026-11-30' }, limits)).toBe(true);
        expect(await store.forInstallation(`${budget.installation}-other`).llmSpend(today)).toEqual({
          calls: 0,
          usd: 0,
        });
      });

      it('stops at the cost limit, and a zero limit allows nothing', async () => {
        const budget = store.forInstallation(`budget-${scope()}`);
        const key = { day: '2026-11-29' };
        expect(await budget.reserveLlmCall(key, { calls: null, usd: 0.01 })).toBe(true);
        await budget.settleLlmCall(key, 0.01);
        expect(await budget.reserveLlmCall(key, { calls: null, usd: 0.01 })).toBe(false);
        const other = store.forInstallation(`${budget.installation}-z`);
        expect(await other.reserveLlmCall(key, { calls: 0, usd: null })).toBe(false);
        expect(await other.llmSpend(key)).toEqual({ calls: 0, usd: 0 });
      });

      it('never grants more than the limit when two instances reserve at once', async () => {
        const sibling = await harness!.openSibling();
        try {
          const installation = `budget-${scope()}`;
          const key = { day: '2026-11-29' };
          const granted = await Promise.all(
            Array.from({ length: 24 }, (_, index) =>
              (index % 2 === 0 ? store : sibling).forInstallation(installation).reserveLlmCall(key, {
                calls: 5,
                usd: null,
              }),
            ),
          );
          expect(granted.filter(Boolean)).toHaveLength(5);
          expect((await sibling.forInstallation(installation).llmSpend(key)).calls).toBe(5);
        } finally {
          await sibling.close();
        }
      });
    });

    describe('embeddings', () => {
      const vector = (...values: number[]) => Float32Array.from(values);
      const changes = async (target: Store, model: string, since = 0) => {
        const rows = [];
        for (let cursor = since; ;) {
          const page = await target.embeddingsChangedSince(model, cursor, 3);
          if (page.length === 0) return rows;
          rows.push(...page);
          cursor = page[page.length - 1]!.seq;
        }
      };

      it('stores vectors per model and reads them back exactly, in seq order, from another instance', async () => {
        const model = `m-${scope()}`;
        const sibling = await harness!.openSibling();
        try {
          await store.saveEmbeddings(model, [
            { ticketId: 't-1', textHash: 'h1', vector: vector(0.25, -1.5, 3e-8, 1234.5) },
            { ticketId: 't-2', textHash: 'h2', vector: vector(1, 0, 0, 0) },
          ]);
          await store.saveEmbeddings(`${model}-other`, [{ ticketId: 't-1', textHash: 'h1', vector: vector(9) }]);
          const read = await changes(sibling, model);
          expect(read.map((row) => [row.ticketId, row.textHash, [...row.vector]])).toEqual([
            ['t-1', 'h1', [0.25, -1.5, Math.fround(3e-8), 1234.5]],
            ['t-2', 'h2', [1, 0, 0, 0]],
          ]);
          expect(read[0]!.seq).toBeLessThan(read[1]!.seq);
          // A replaced vector comes again with a newer seq.
          await sibling.saveEmbeddings(model, [{ ticketId: 't-1', textHash: 'h1b', vector: vector(0, 1, 0, 0) }]);
          const again = await store.embeddingsChangedSince(model, read[1]!.seq, 10);
          expect(again.map((row) => [row.ticketId, row.textHash, [...row.vector]])).toEqual([
            ['t-1', 'h1b', [0, 1, 0, 0]],
          ]);
        } finally {
          await sibling.close();
        }
      });

      it('claims each text once across instances, never one already embedded, and again after the lease ran out', async () => {
        const model = `m-${scope()}`;
        const sibling = await harness!.openSibling();
        try {
          await store.saveEmbeddings(model, [{ ticketId: 'done', textHash: 'h', vector: vector(1, 2) }]);
          const targets = [
            { ticketId: 'a', textHash: 'ha' },
            { ticketId: 'b', textHash: 'hb' },
            { ticketId: 'done', textHash: 'h' },
            { ticketId: 'a', textHash: 'ha' },
          ];
          const [first, second] = await Promise.all([
            store.claimEmbeddings(model, targets, 'one', 60_000),
            sibling.claimEmbeddings(model, targets, 'two', 60_000),
          ]);
          expect([...first, ...second].sort()).toEqual(['a', 'b']);
          // The owner may claim its own again (a retry); a changed text is claimable, and drops the stale vector.
          const owner = first.length > 0 ? 'one' : 'two';
          expect(await store.claimEmbeddings(model, [{ ticketId: 'a', textHash: 'ha' }], owner, 60_000)).toEqual(['a']);
          expect(
            await sibling.claimEmbeddings(model, [{ ticketId: 'done', textHash: 'h-new' }], 'two', 60_000),
          ).toEqual(['done']);
          expect((await changes(store, model)).map((row) => row.ticketId)).toEqual([]);
          // Claims are not vectors; an expired claim goes to whoever asks.
          expect(await store.claimEmbeddings(model, [{ ticketId: 'x', textHash: 'hx' }], 'one', 0)).toEqual(['x']);
          await sleep(5);
          expect(await sibling.claimEmbeddings(model, [{ ticketId: 'x', textHash: 'hx' }], 'two', 60_000)).toEqual([
            'x',
          ]);
          await store.saveEmbeddings(model, [{ ticketId: 'x', textHash: 'hx', vector: vector(3, 4) }]);
          expect(await sibling.claimEmbeddings(model, [{ ticketId: 'x', textHash: 'hx' }], 'two', 60_000)).toEqual([]);
          expect((await changes(sibling, model)).map((row) => row.ticketId)).toEqual(['x']);
        } finally {
          await sibling.close();
        }
      });

      it('misses no vector while two instances save concurrently', async () => {
        const model = `m-${scope()}`;
        const sibling = await harness!.openSibling();
        try {
          const expected = new Set<string>();
          const seen = new Set<string>();
          let writing = true;
          let cursor = 0;
          const reader = (async () => {
            while (writing) {
              const page = await store.embeddingsChangedSince(model, cursor, 4);
              for (const row of page) {
                seen.add(row.ticketId);
                cursor = row.seq;
              }
              if (page.length === 0) await sleep(1);
            }
          })();
          await Promise.all(
            [store, sibling].map(async (writer, w) => {
              for (let batch = 0; batch < 10; batch++) {
                const rows = Array.from({ length: 1 + (batch % 3) }, (_, index) => ({
                  ticketId: `${w}-${batch}-${index}`,
                  textHash: 'h',
                  vector: vector(w, batch, index),
                }));
                rows.forEach((row) => expected.add(row.ticketId));
                await writer.saveEmbeddings(model, rows);
              }
            }),
          );
          writing = false;
          await reader;
          for (const row of await changes(store, model, cursor)) seen.add(row.ticketId);
          expect([...seen].sort()).toEqual([...expected].sort());
        } finally {
          await sibling.close();
        }
      });
    });

    // ---- installation registry (issue 13, registry helper): keep edits to this block ----
    describe('installation registry', () => {
      const row = (s: string, name: string) => ({
        id: `inst_${s}${name}`,
        subdomain: `${s}-${name}`,
        secrets: `sealed-${name}`,
      });

      it('adds installations, reads them by id and subdomain, lists them by subdomain', async () => {
        const s = scope();
        expect(await store.addInstallation({ ...row(s, 'b'), settings: { locale: 'de' } })).toBe(true);
        expect(await store.addInstallation(row(s, 'a'))).toBe(true);
        const b = await store.getInstallation(`inst_${s}b`);
        expect(b).toMatchObject({ subdomain: `${s}-b`, secrets: 'sealed-b', settings: { locale: 'de' } });
        expect(new Date(b!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
        expect((await store.installationBySubdomain(`${s}-a`))?.id).toBe(`inst_${s}a`);
        expect(await store.installationBySubdomain(`${s}-none`)).toBeNull();
        expect(await store.getInstallation(`inst_${s}none`)).toBeNull();
        const mine = (await store.listInstallations()).filter((entry) => entry.subdomain.startsWith(s));
        expect(mine.map((entry) => entry.subdomain)).toEqual([`${s}-a`, `${s}-b`]);
        expect(mine[0]!.settings).toEqual({});
      });

      it('refuses a second installation with a taken subdomain or id, writing nothing', async () => {
        const s = scope();
        expect(await store.addInstallation(row(s, 'a'))).toBe(true);
        expect(await store.addInstallation({ ...row(s, 'a'), id: `inst_${s}other`, secrets: 'x' })).toBe(false);
        expect(await store.addInstallation({ ...row(s, 'a'), subdomain: `${s}-other` })).toBe(false);
        expect((await store.installationBySubdomain(`${s}-a`))?.secrets).toBe('sealed-a');
        expect(await store.installationBySubdomain(`${s}-other`)).toBeNull();
      });

      it('replaces sealed secrets and removes installations, answering whether there was one', async () => {
        const s = scope();
        await store.addInstallation(row(s, 'a'));
        expect(await store.updateInstallationSecrets(`inst_${s}a`, 'sealed-again')).toBe(true);
        expect((await store.getInstallation(`inst_${s}a`))?.secrets).toBe('sealed-again');
        expect(await store.updateInstallationSecrets(`inst_${s}none`, 'x')).toBe(false);
        expect(await store.updateInstallationSettings(`inst_${s}a`, { taxonomy: 'version: 1\n' })).toBe(true);
        expect((await store.getInstallation(`inst_${s}a`))?.settings).toEqual({ taxonomy: 'version: 1\n' });
        expect((await store.getInstallation(`inst_${s}a`))?.secrets).toBe('sealed-again');
        expect(await store.updateInstallationSettings(`inst_${s}none`, {})).toBe(false);
        expect(await store.removeInstallation(`inst_${s}a`)).toBe(true);
        expect(await store.removeInstallation(`inst_${s}a`)).toBe(false);
        expect(await store.getInstallation(`inst_${s}a`)).toBeNull();
      });

      it('moves the change marker on every add, update and remove, as another instance sees it', async () => {
        const sibling = await harness!.openSibling();
        try {
          const s = scope();
          const seen = [await sibling.installationsMarker()];
          const moved = async () => {
            const marker = await sibling.installationsMarker();
            expect(seen).not.toContain(marker);
            seen.push(marker);
          };
          expect(await sibling.installationsMarker()).toBe(seen[0]);
          await store.addInstallation(row(s, 'a'));
          await moved();
          await store.updateInstallationSecrets(`inst_${s}a`, 'one');
          await moved();
          // Two updates in quick succession still move it each time.
          await store.updateInstallationSecrets(`inst_${s}a`, 'two');
          await moved();
          await store.updateInstallationSettings(`inst_${s}a`, { taxonomy: 'x' });
          await moved();
          // A remove and an add leave the count as it was, and still move it.
          await store.removeInstallation(`inst_${s}a`);
          await store.addInstallation(row(s, 'b'));
          await moved();
          expect(await store.installationsMarker()).toBe(seen[seen.length - 1]);
        } finally {
          await sibling.close();
        }
      });
    });
    // ---- end of the installation registry block ----

    describe('two installations', () => {
      /** Two fresh installations of the shared database: nothing of one may be seen, counted or changed by the other. */
      const twoInstallations = () => {
        const s = scope();
        return { a: store.forInstallation(`a-${s}`), b: store.forInstallation(`b-${s}`) };
      };

      it('refuses ids that are no installation', () => {
        expect(() => store.forInstallation('')).toThrow(RangeError);
        expect(() => store.forInstallation('*')).toThrow(RangeError);
        expect(store.forInstallation('default').installation).toBe('default');
        expect(store.installation).toBe('default');
      });

      it('keeps ticket 1 of A and ticket 1 of B apart: reads, counts, training rows and changes', async () => {
        const { a, b } = twoInstallations();
        const start = await currentSeq(store);
        await a.upsertTickets([ticket('1', { subject: 'A one', label: 'billing' }), ticket('2', { label: null })]);
        await b.upsertTickets([ticket('1', { subject: 'B one', label: 'refund' })]);
        expect(await a.getTicket('1')).toMatchObject({ subject: 'A one', label: 'billing' });
        expect(await b.getTicket('1')).toMatchObject({ subject: 'B one', label: 'refund' });
        expect(await b.getTicket('2')).toBeNull();
        expect(await a.countTickets()).toBe(2);
        expect(await b.countTickets()).toBe(1);
        expect((await a.labelledTickets()).map((row) => [row.id, row.label])).toEqual([['1', 'billing']]);
        expect((await b.labelledTickets()).map((row) => [row.id, row.label])).toEqual([['1', 'refund']]);
        const changesOf = async (target: InstallationStore) => {
          const seen: StoredTicket[] = [];
          for (let cursor = start; ;) {
            const page = await target.ticketsChangedSince(cursor, 2);
            if (page.length === 0) return seen.map((row) => row.subject).sort();
            seen.push(...page);
            cursor = page[page.length - 1]!.seq;
          }
        };
        expect(await changesOf(a)).toEqual(['A one', 'Subject of 2']);
        expect(await changesOf(b)).toEqual(['B one']);
        // The default installation sees neither.
        expect(['A one', 'B one']).not.toContain((await store.getTicket('1'))?.subject);
      });

      it("keeps results, triages and the review queue apart, and one's triage does not touch the other's ticket", async () => {
        const { a, b } = twoInstallations();
        await b.upsertTickets([ticket('1', { subject: 'B one', label: 'refund' })]);
        const before = await b.getTicket('1');
        const ours = result('1', { textHash: 'same-hash', summary: 'A' });
        await a.saveTriage(triageWrite('1', { label: 'bug' }), ours);
        expect(await b.getTicket('1')).toEqual(before);
        expect(await b.findResult('1', 'same-hash')).toBeNull();
        expect(await findParsed(a, '1', 'same-hash')).toEqual(ours);
        const theirs = result('1', { textHash: 'same-hash', summary: 'B' });
        await b.saveResult(theirs);
        expect(await findParsed(a, '1', 'same-hash')).toEqual(ours);
        expect(await findParsed(b, '1', 'same-hash')).toEqual(theirs);
        await a.saveResult(result('2'));
        expect((await a.reviewQueue(10)).items.map((item) => [item.ticketId, item.subject])).toEqual([
          ['1', 'Triaged 1'],
          ['2', ''],
        ]);
        expect(await b.reviewQueue(10)).toMatchObject({ total: 1, items: [{ ticketId: '1', subject: 'B one' }] });
      });

      it('keeps feedback apart: the same idempotency key, verdicts, relabels and counts', async () => {
        const { a, b } = twoInstallations();
        await a.upsertTickets([ticket('1', { label: 'billing' })]);
        await b.upsertTickets([ticket('1', { label: 'billing' })]);
        await a.saveResult(result('1'));
        await b.saveResult(result('1'));
        const event = feedback({ ticketId: '1', kind: 'correct', label: 'billing', correctedLabel: 'fraud' });
        const first = await a.appendFeedback(event);
        const second = await b.appendFeedback({ ...event, kind: 'like', correctedLabel: null });
        expect(first.duplicate).toBe(false);
        expect(second.duplicate).toBe(false);
        expect(second.id).not.toBe(first.id);
        expect(await a.appendFeedback(event)).toEqual({ id: first.id, duplicate: true });
        expect((await a.getTicket('1'))!.label).toBe('fraud');
        expect((await b.getTicket('1'))!.label).toBe('billing');
        expect(await a.latestVerdict('1')).toMatchObject({ kind: 'correct', correctedLabel: 'fraud' });
        expect(await b.latestVerdict('1')).toBeNull();
        expect(await a.feedbackCounts(null)).toEqual({ accept: 0, reject: 0, correct: 1, like: 0, dislike: 0 });
        expect(await b.feedbackCounts(null)).toEqual({ accept: 0, reject: 0, correct: 0, like: 1, dislike: 0 });
        expect((await a.reviewQueue(10)).total).toBe(0);
        expect((await b.reviewQueue(10)).total).toBe(1);
      });

      it('keeps models apart, even under the same version', async () => {
        const { a, b } = twoInstallations();
        const model = (artifact: string, promoted: boolean) => ({
          version: 'v1',
          createdAt: '2026-11-23T10:00:00.000Z',
          metrics: { accuracy: 0.9 },
          promoted,
          artifact,
        });
        await a.saveModel(model('A', true));
        await b.saveModel(model('B', false));
        expect((await a.latestModel())?.artifact).toBe('A');
        expect(await b.latestModel()).toBeNull();
        expect((await b.modelByVersion('v1'))?.artifact).toBe('B');
        expect((await a.listModels()).map((row) => row.promoted)).toEqual([true]);
        expect((await b.listModels()).map((row) => row.promoted)).toEqual([false]);
      });

      it('keeps jobs apart: the same dedupe key twice, getJob and failures; a worker claims both', async () => {
        const { a, b } = twoInstallations();
        const kind = `kind-${scope()}`;
        const ofA = await a.enqueueJob(kind, { from: 'a' }, { dedupeKey: 'retrain', maxAttempts: 1 });
        const ofB = await b.enqueueJob(kind, { from: 'b' }, { dedupeKey: 'retrain' });
        expect(ofB).not.toBe(ofA);
        expect(await a.enqueueJob(kind, {}, { dedupeKey: 'retrain' })).toBe(ofA);
        expect(await b.getJob(ofA)).toBeNull();
        expect(await a.getJob(ofA)).toMatchObject({ installation: a.installation, dedupeKey: 'retrain' });
        // A worker serves every installation, whichever store it claims through.
        const claimed = [await store.claimJob([kind], 'w', 60_000), await store.claimJob([kind], 'w', 60_000)];
        expect(claimed.map((job) => [job?.installation, job?.payload]).sort()).toEqual([
          [a.installation, { from: 'a' }],
          [b.installation, { from: 'b' }],
        ]);
        await store.failJob(ofA, 'boom', { retryInMs: 0 });
        expect(await a.lastJobFailure(kind)).not.toBeNull();
        expect(await b.lastJobFailure(kind)).toBeNull();
      });

      it('keeps embeddings apart: claims and vectors of the same ticket and model', async () => {
        const { a, b } = twoInstallations();
        const model = `m-${scope()}`;
        await a.saveEmbeddings(model, [{ ticketId: '1', textHash: 'h', vector: Float32Array.from([1, 0]) }]);
        expect(await b.claimEmbeddings(model, [{ ticketId: '1', textHash: 'h' }], 'owner', 60_000)).toEqual(['1']);
        expect(await a.claimEmbeddings(model, [{ ticketId: '1', textHash: 'h' }], 'owner', 60_000)).toEqual([]);
        await b.saveEmbeddings(model, [{ ticketId: '1', textHash: 'h', vector: Float32Array.from([0, 1]) }]);
        expect((await a.embeddingsChangedSince(model, 0, 10)).map((row) => [...row.vector])).toEqual([[1, 0]]);
        expect((await b.embeddingsChangedSince(model, 0, 10)).map((row) => [...row.vector])).toEqual([[0, 1]]);
      });

      it("keeps LLM spend apart: A's spent budget leaves B's whole", async () => {
        const { a, b } = twoInstallations();
        const day = { day: '2026-12-07' };
        expect(await a.reserveLlmCall(day, { calls: 1, usd: null })).toBe(true);
        await a.settleLlmCall(day, 0.5);
        expect(await a.reserveLlmCall(day, { calls: 1, usd: null })).toBe(false);
        expect(await b.reserveLlmCall(day, { calls: 1, usd: null })).toBe(true);
        expect(await b.llmSpend(day)).toEqual({ calls: 1, usd: 0 });
        expect(await a.llmSpend(day)).toEqual({ calls: 1, usd: 0.5 });
      });

      it("keeps import cursors per installation and source: A's saved cursor is not B's, and a save replaces", async () => {
        const { a, b } = twoInstallations();
        expect(await a.importCursor('zendesk-tickets')).toBeNull();
        await a.saveImportCursor('zendesk-tickets', 'c1');
        await a.saveImportCursor('zendesk-tickets', 'c2');
        await a.saveImportCursor('other', 'o1');
        expect(await a.importCursor('zendesk-tickets')).toBe('c2');
        expect(await a.importCursor('other')).toBe('o1');
        expect(await b.importCursor('zendesk-tickets')).toBeNull();
      });

      it("deletes every row of A, counted per kind, and leaves B's intact", async () => {
        const { a, b } = twoInstallations();
        const model = `m-${scope()}`;
        const fill = async (target: InstallationStore) => {
          await target.upsertTickets([ticket('1'), ticket('2')]);
          await target.saveTriage(triageWrite('3'), result('3'));
          await target.appendFeedback(feedback({ ticketId: '1', kind: 'like' }));
          await target.saveModel({
            version: 'v1',
            createdAt: '2026-11-23T10:00:00.000Z',
            metrics: {},
            promoted: true,
            artifact: '{}',
          });
          await target.enqueueJob(`kind-${scope()}`, {});
          await target.saveEmbeddings(model, [{ ticketId: '1', textHash: 'h', vector: Float32Array.from([1]) }]);
          await target.reserveLlmCall({ day: '2026-12-07' }, { calls: null, usd: null });
          await target.saveImportCursor('zendesk-tickets', `cursor-${target.installation}`);
        };
        await fill(a);
        await fill(b);
        expect(await a.deleteInstallationData()).toEqual({
          tickets: 3,
          results: 1,
          feedback: 1,
          models: 1,
          jobs: 1,
          embeddings: 1,
          spend: 1,
          cursors: 1,
        });
        expect(await a.countTickets()).toBe(0);
        expect(await a.findResult('3', result('3').textHash)).toBeNull();
        expect(await a.latestModel()).toBeNull();
        expect(await a.llmSpend({ day: '2026-12-07' })).toEqual({ calls: 0, usd: 0 });
        expect(await a.deleteInstallationData()).toEqual({
          tickets: 0,
          results: 0,
          feedback: 0,
          models: 0,
          jobs: 0,
          embeddings: 0,
          spend: 0,
          cursors: 0,
        });
        expect(await b.countTickets()).toBe(3);
        expect(await b.findResult('3', result('3').textHash)).not.toBeNull();
        expect((await b.feedbackCounts(null)).like).toBe(1);
        expect(await b.latestModel()).not.toBeNull();
        expect(await b.embeddingsChangedSince(model, 0, 10)).toHaveLength(1);
        expect(await b.llmSpend({ day: '2026-12-07' })).toEqual({ calls: 1, usd: 0 });
      });
    });

    describe('availability', () => {
      it('answers ping while the database is up', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('throws StorageUnavailableError once closed', async () => {
        const disposable = await harness!.openDisposable();
        await disposable.close();
        const failure = await disposable.ping().then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(StorageUnavailableError);
        expect(failure).toMatchObject({ code: 'DATABASE_UNAVAILABLE', isRetryable: true, status: 503 });
      });
    });
  });
}
