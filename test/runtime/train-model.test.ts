import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TrainResponse } from '../../src/contract/index.ts';
import { redactTicket } from '../../src/redact/index.ts';
import { modelText } from '../../src/triage/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { parseModel, predict } from '../../src/model/index.ts';
import { ModelHolder } from '../../server/runtime/model-holder.ts';
import { ModelTrainer } from '../../server/runtime/train-model.ts';
import { MemoryStore } from '../support/memory-store.ts';

const silent = pino({ level: 'silent' });
const now = () => new Date('2026-11-23T12:00:00Z');

async function demoStore(count = 400): Promise<MemoryStore> {
  const store = new MemoryStore();
  const tickets = generateDemoTickets({ count, seed: 7 });
  await store.upsertTickets(
    tickets.map((ticket) => {
      const redacted = redactTicket(ticket).ticket;
      return { id: ticket.id, subject: redacted.subject, text: modelText(redacted), label: ticket.label, urgency: ticket.urgency ?? null, status: ticket.status ?? null, createdAt: ticket.createdAt ?? null, source: 'import' as const };
    }),
  );
  return store;
}

describe('ModelTrainer', () => {
  it('trains the first model, saves it and serves it', async () => {
    const store = await demoStore();
    const holder = new ModelHolder(store, silent);
    const response = TrainResponse.parse(await new ModelTrainer(store, holder, { now }).train());
    expect(response.promoted).toBe(true);
    expect(response.serving).toBe(response.version);
    expect(response.metrics.macroF1).toBeGreaterThan(0.5);
    expect(response.metrics.holdoutRows).toBe(80);
    expect(holder.current()?.version).toBe(response.version);
    expect(store.models).toHaveLength(1);
  });

  it('keeps the serving model, and the new version unpromoted, when the new one is worse on the held-out set', async () => {
    const store = await demoStore();
    const holder = new ModelHolder(store, silent);
    const trainer = new ModelTrainer(store, holder, { now });
    const first = await trainer.train();
    // Scramble the labels of the oldest 320 (the training side of the time split): the next model learns noise.
    const oldest = [...store.tickets.values()].sort((a, b) => Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? '')).slice(0, 320);
    oldest.forEach((ticket, index) => store.tickets.set(ticket.id, { ...ticket, label: oldest[(index * 7 + 3) % oldest.length]!.label }));
    const second = await trainer.train();
    expect(second.promoted).toBe(false);
    expect(second.serving).toBe(first.version);
    expect(holder.current()?.version).toBe(first.version);
    expect(store.models.map((model) => model.promoted)).toEqual([true, false]);
  });

  it('serves a promoted version refitted on every row: the newest (held-out) corrections are learnt too', async () => {
    const store = await demoStore(400);
    // The newest tickets — what agents just corrected — carry a word no older ticket has.
    await store.upsertTickets(
      Array.from({ length: 12 }, (_, index) => ({
        id: `fresh-${index}`, subject: 'Zorblax', text: `Zorblax zorblax chargeback number ${index}`, label: 'fraud', urgency: 'urgent',
        status: 'open', createdAt: `2026-11-29T10:${String(index).padStart(2, '0')}:00.000Z`, source: 'triage' as const,
      })),
    );
    // One labelled ticket without text must not stop training.
    await store.upsertTickets([{ id: 'empty-1', subject: '', text: '', label: 'billing', urgency: null, status: null, createdAt: '2026-11-29T11:00:00.000Z', source: 'import' as const }]);
    const holder = new ModelHolder(store, silent);
    const trained = await new ModelTrainer(store, holder, { now }).train();
    expect(trained.promoted).toBe(true);
    expect(trained.metrics.finalTrainRows).toBe(412);
    expect(trained.metrics.trainRows).toBeLessThan(412);
    const classified = await holder.current()!.classifier.classify({ ticket: { id: 'q', subject: '', description: '', comments: [], participants: [], tags: [] }, text: 'zorblax zorblax', examples: [] });
    expect(classified.label).toBe('fraud');
    const saved = parseModel(store.models[0]!.artifact);
    expect(predict(saved, 'zorblax zorblax').label).toBe('fraud');
  });

  it('answers 422 TRAINING_DATA_INSUFFICIENT without labelled tickets', async () => {
    const store = new MemoryStore();
    await expect(new ModelTrainer(store, new ModelHolder(store, silent), { now }).train()).rejects.toMatchObject({ code: 'TRAINING_DATA_INSUFFICIENT', status: 422 });
  });

  it('lets another instance pick up a promoted model by polling the store', async () => {
    const store = await demoStore(200);
    const trainer = new ModelTrainer(store, new ModelHolder(store, silent), { now });
    const other = new ModelHolder(store, silent);
    expect(await other.refresh()).toBe(false);
    const trained = await trainer.train();
    expect(await other.refresh()).toBe(true);
    expect(other.current()?.version).toBe(trained.version);
    const classified = await other.current()!.classifier.classify({ ticket: { id: 'x', subject: '', description: '', comments: [], participants: [], tags: [] }, text: 'invoice VAT refund', examples: [] });
    expect(classified.version).toBe(trained.version);
  });
});
