import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TrainResponse } from '../../src/contract/index.ts';
import { splitById } from '../../src/sampling/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { importWrite } from '../../server/import/index.ts';
import { parseModel, predict, serializeModel, trainModel, type TrainingRow } from '../../src/model/index.ts';
import { HOLDOUT_FRACTION, ModelHolder, ModelTrainer } from '../../server/training/index.ts';
import { MemoryStore } from '../support/memory-store.ts';

const silent = pino({ level: 'silent' });
const now = () => new Date('2026-11-23T12:00:00Z');

async function demoStore(count = 400): Promise<MemoryStore> {
  const store = new MemoryStore();
  const tickets = generateDemoTickets({ count, seed: 7 });
  await store.upsertTickets(tickets.map(importWrite));
  return store;
}

describe('ModelHolder.residentBytes', () => {
  it('is 0 without a model, and at least the weights, idf and feature strings of the serving one', async () => {
    const store = await demoStore();
    const holder = new ModelHolder(store, silent);
    expect(holder.residentBytes()).toBe(0);
    await new ModelTrainer(store, holder, { now }).train();
    const model = holder.current()!.model;
    const { vectorizer, label } = model.internals;
    const floor =
      label.weights.byteLength +
      vectorizer.idf.byteLength +
      vectorizer.features.reduce((sum, feature) => sum + feature.length + 16, 0);
    expect(holder.residentBytes()).toBeGreaterThan(floor);
    // Honest, not wildly over: within a few times the serialized model's length.
    expect(holder.residentBytes()).toBeLessThan(4 * serializeModel(model).length);
  });
});

describe('ModelTrainer', () => {
  it('trains the first model, saves it and serves it', async () => {
    const store = await demoStore();
    const holder = new ModelHolder(store, silent);
    const response = TrainResponse.parse(await new ModelTrainer(store, holder, { now }).train());
    expect(response.promoted).toBe(true);
    expect(response.serving).toBe(response.version);
    expect(response.metrics.macroF1).toBeGreaterThan(0.5);
    // About 20 % held out, chosen by ticket id.
    expect(response.metrics.holdoutRows).toBeGreaterThan(60);
    expect(response.metrics.holdoutRows).toBeLessThan(100);
    expect(response.metrics.trainRows! + response.metrics.holdoutRows!).toBe(400);
    expect(holder.current()?.version).toBe(response.version);
    expect(store.models).toHaveLength(1);
  });

  it('keeps the serving model, and the new version unpromoted, when the new one is worse on the held-out set', async () => {
    const store = await demoStore();
    const holder = new ModelHolder(store, silent);
    const trainer = new ModelTrainer(store, holder, { now });
    const first = await trainer.train();
    // Scramble the labels of the training side (outside the held-out ticket ids): the next model learns noise.
    const trainingSide = splitById([...store.tickets.values()], { fraction: HOLDOUT_FRACTION }).train;
    trainingSide.forEach((ticket, index) =>
      store.tickets.set(ticket.id, { ...ticket, label: trainingSide[(index * 7 + 3) % trainingSide.length]!.label }),
    );
    const second = await trainer.train();
    expect(second.promoted).toBe(false);
    expect(second.serving).toBe(first.version);
    expect(holder.current()?.version).toBe(first.version);
    expect(store.models.map((model) => model.promoted)).toEqual([true, false]);
  });

  it('serves a promoted version that learnt the newest corrections outside the held-out tickets', async () => {
    const store = await demoStore(400);
    // The newest tickets — what agents just corrected — carry a word no older ticket has.
    await store.upsertTickets(
      Array.from({ length: 12 }, (_, index) => ({
        id: `fresh-${index}`,
        subject: 'Zorblax',
        text: `Zorblax zorblax chargeback number ${index}`,
        label: 'fraud',
        urgency: 'urgent',
        status: 'open',
        createdAt: `2026-11-29T10:${String(index).padStart(2, '0')}:00.000Z`,
        source: 'triage' as const,
      })),
    );
    // One labelled ticket without text must not stop training.
    await store.upsertTickets([
      {
        id: 'empty-1',
        subject: '',
        text: '',
        label: 'billing',
        urgency: null,
        status: null,
        createdAt: '2026-11-29T11:00:00.000Z',
        source: 'import' as const,
      },
    ]);
    const holder = new ModelHolder(store, silent);
    const trained = await new ModelTrainer(store, holder, { now }).train();
    expect(trained.promoted).toBe(true);
    // The ticket without text is left out; the rest is split by ticket id, so some fresh tickets train and some are held out.
    expect(trained.metrics.trainRows! + trained.metrics.holdoutRows!).toBe(412);
    expect(trained.metrics.trainRows).toBeLessThan(412);
    const classified = await holder.current()!.classifier.classify({
      ticket: { id: 'q', subject: '', description: '', comments: [], participants: [], tags: [] },
      text: 'zorblax zorblax',
      examples: [],
    });
    expect(classified.label).toBe('fraud');
    const saved = parseModel(store.models[0]!.artifact);
    expect(predict(saved, 'zorblax zorblax').label).toBe('fraud');
  });

  it('compares the serving model and the candidate on tickets neither was trained on, across retrainings', async () => {
    const store = await demoStore(400);
    // Texts name the ticket, so the text a fit saw says which ticket it was (a few demo tickets share a text).
    for (const [id, ticket] of store.tickets) store.tickets.set(id, { ...ticket, text: `${ticket.text} (${id})` });
    const holder = new ModelHolder(store, silent);
    // Records the texts each fit learnt from; the fits are the real ones.
    const fits: Set<string>[] = [];
    const fit = async (rows: readonly TrainingRow[], options: { seed: number; now: Date; version: string }) => {
      fits.push(new Set(rows.map((row) => row.text)));
      const model = trainModel(rows, options);
      return { model, artifact: serializeModel(model) };
    };
    const trainer = new ModelTrainer(store, holder, { now, fit });
    expect((await trainer.train()).promoted).toBe(true);
    const servingLearnt = fits.at(-1)!;
    // New labels arrive (fewer than the held-out share), then a retraining compares the two models.
    await store.upsertTickets(
      Array.from({ length: 30 }, (_, index) => ({
        id: `new-${index}`,
        subject: 'Refund',
        text: `Please refund the duplicate charge on order ${index}`,
        label: 'billing',
        urgency: null,
        status: 'open',
        createdAt: `2026-11-29T10:${String(index).padStart(2, '0')}:00.000Z`,
        source: 'triage' as const,
      })),
    );
    const fitsBefore = fits.length;
    const second = await trainer.train();
    const candidateLearnt = fits[fitsBefore]!;
    const heldOut = (await store.labelledTickets()).filter((row) => row.text !== '' && !candidateLearnt.has(row.text));
    expect(heldOut).toHaveLength(second.metrics.holdoutRows!);
    expect(heldOut.filter((row) => servingLearnt.has(row.text)).map((row) => row.id)).toEqual([]);
  });

  it('answers 422 TRAINING_DATA_INSUFFICIENT without labelled tickets', async () => {
    const store = new MemoryStore();
    await expect(new ModelTrainer(store, new ModelHolder(store, silent), { now }).train()).rejects.toMatchObject({
      code: 'TRAINING_DATA_INSUFFICIENT',
      status: 422,
    });
  });

  it('lets another instance pick up a promoted model by polling the store', async () => {
    const store = await demoStore(200);
    const trainer = new ModelTrainer(store, new ModelHolder(store, silent), { now });
    const other = new ModelHolder(store, silent);
    expect(await other.refresh()).toBe(false);
    const trained = await trainer.train();
    expect(await other.refresh()).toBe(true);
    expect(other.current()?.version).toBe(trained.version);
    const classified = await other.current()!.classifier.classify({
      ticket: { id: 'x', subject: '', description: '', comments: [], participants: [], tags: [] },
      text: 'invoice VAT refund',
      examples: [],
    });
    expect(classified.version).toBe(trained.version);
  });
});
