import { describe, expect, it } from 'vitest';
import { redactTicket } from '../../src/redact/index.ts';
import { ModelTrainingError, parseModel, predict, serializeModel, trainModel } from '../../src/model/index.ts';
import { modelText } from '../../src/triage/index.ts';
import { generateDemoTickets } from '../../server/demo/index.ts';
import { trainInWorker } from '../../server/training/index.ts';

const rows = generateDemoTickets({ count: 200, seed: 5 }).map((ticket) => ({
  text: modelText(redactTicket(ticket).ticket),
  label: ticket.label,
  urgency: ticket.urgency ?? null,
}));
const options = { seed: 3, now: new Date('2026-11-29T10:00:00Z'), version: 'm-worker-test' };

describe('trainInWorker', () => {
  it('trains in a worker thread the same model as in this thread, as every instance loads it', async () => {
    const { model: inWorker, artifact } = await trainInWorker(rows, options);
    const here = parseModel(serializeModel(trainModel(rows, options)));
    expect(inWorker.version).toBe('m-worker-test');
    expect(serializeModel(inWorker)).toBe(serializeModel(here));
    // The artifact answered is what is stored: the same file.
    expect(artifact).toBe(serializeModel(here));
    for (const row of rows.slice(0, 20)) expect(predict(inWorker, row.text)).toEqual(predict(here, row.text));
  }, 120_000);

  it('keeps the event loop free while it trains', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await trainInWorker(rows, options);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(5);
  }, 120_000);

  it('reports bad training data as a ModelTrainingError', async () => {
    await expect(trainInWorker([{ text: 'only one label', label: 'billing' }], options)).rejects.toBeInstanceOf(
      ModelTrainingError,
    );
  }, 120_000);

  it('ends the worker and rejects when its signal aborts', async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 20 }, () => rows).flat();
    const training = trainInWorker(many, options, controller.signal);
    setTimeout(() => controller.abort(new Error('stopping')), 50);
    await expect(training).rejects.toThrow('stopping');
    await expect(trainInWorker(rows, options, controller.signal)).rejects.toThrow('stopping');
  }, 120_000);
});
