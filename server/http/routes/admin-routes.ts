import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { ImportReport, TrainResponse } from '../../../src/contract/index.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { requireMediaType } from '../content-type.ts';
import { PayloadTooLargeError } from '../../errors.ts';
import { readLines } from '../read-lines.ts';

export const IMPORT_CONTENT_TYPES = [
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'text/plain',
];
/** One JSONL line is one ticket; the contract caps a ticket well below this. */
export const MAX_IMPORT_LINE_BYTES = 4 * 1024 * 1024;

/** Admin routes (admin token checked by the enclosing plugin). The import body is a stream, not bound by the 1 MB limit. */
export async function adminRoutes(app: FastifyInstance, options: { runtime: Runtime }): Promise<void> {
  const { runtime } = options;
  // Hand the raw request stream to the route: a 100k-ticket import never sits in memory whole.
  app.addContentTypeParser(IMPORT_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  // Checked before the body is read: JSONL sent as application/json would otherwise be parsed as one JSON value
  // (INVALID_JSON for several lines, an internal error for one), and a missing body would reach the importer.
  const onRequest = requireMediaType(
    IMPORT_CONTENT_TYPES,
    'send the tickets as JSONL, one per line, with content-type: application/x-ndjson',
  );

  app.post('/import', { onRequest }, async (request): Promise<ImportReport> => {
    const lines = readLines(
      request.body as Readable,
      MAX_IMPORT_LINE_BYTES,
      () => new PayloadTooLargeError(MAX_IMPORT_LINE_BYTES),
    );
    const report = await runtime.importer(lines);
    await runtime.similar.refresh();
    return report;
  });

  app.post('/train', async (): Promise<TrainResponse> => runtime.trainer.train());
}
