import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import {
  JobParams,
  type ImportReport,
  type JobView,
  type TrainResponse,
  type ZendeskImportStarted,
} from '../../../src/contract/index.ts';
import { ZendeskNotConfiguredError } from '../../installations/index.ts';
import { ZENDESK_IMPORT_DEDUPE_KEY, ZENDESK_IMPORT_JOB } from '../../zendesk/index.ts';
import { z } from 'zod';
import type { Runtime, RuntimeFor } from '../../runtime/runtime.ts';
import { DEFAULT_INSTALLATION_ID } from '../../auth/index.ts';
import { parseWith } from '../validate.ts';
import { requireMediaType } from '../content-type.ts';
import { JobNotFoundError, PayloadTooLargeError } from '../../errors.ts';
import { readLines } from '../read-lines.ts';

export const IMPORT_CONTENT_TYPES = [
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'text/plain',
];
/** `?installation=SUBDOMAIN` on the admin routes that act on one installation's data. */
const AdminInstallationQuery = z.object({ installation: z.string().min(1).max(63).optional() });

/** One JSONL line is one ticket; the contract caps a ticket well below this. */
export const MAX_IMPORT_LINE_BYTES = 4 * 1024 * 1024;

/** Admin routes (admin token checked by the enclosing plugin). The import body is a stream, not bound by the 1 MB limit. */
export async function adminRoutes(
  app: FastifyInstance,
  options: {
    runtime: Runtime;
    runtimeFor: RuntimeFor;
    /** The id of the installation a subdomain names (`default` the default one); 404 INSTALLATION_NOT_FOUND otherwise. */
    installationId: (subdomain: string) => Promise<string>;
    /** Whether an installation (by id) has Zendesk API credentials; absent: none has. */
    zendeskConnected?: (installation: string) => Promise<boolean>;
  },
): Promise<void> {
  const { runtimeFor, installationId } = options;
  /**
   * `?installation=SUBDOMAIN` picks the installation the route acts on; without it, the default one. `work` is also
   * given the subdomain as asked, so no route parses the query again.
   */
  const withRuntime = async <T>(
    query: unknown,
    work: (runtime: Runtime, subdomain: string | undefined) => Promise<T>,
  ): Promise<T> => {
    const { installation } = parseWith(AdminInstallationQuery, query, 'query');
    const lease = await runtimeFor(
      installation === undefined ? options.runtime.installation : await installationId(installation),
    );
    try {
      return await work(lease.runtime, installation);
    } finally {
      lease.release();
    }
  };
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
    return withRuntime(request.query, async (runtime) => {
      const report = await runtime.importer(lines);
      await runtime.similar.refresh();
      return report;
    });
  });

  app.post('/train', async (request): Promise<TrainResponse> =>
    withRuntime(request.query, (runtime) => runtime.trainer.train()),
  );

  // The account's history through Zendesk's export, as a durable job (it takes minutes to hours under the export's
  // rate limit); progress and summary at GET /jobs/:id. A second request while one waits gets the same job.
  app.post('/import/zendesk', async (request, reply): Promise<ZendeskImportStarted> => {
    return withRuntime(request.query, async (runtime, subdomain) => {
      if (!(await options.zendeskConnected?.(runtime.installation)))
        throw new ZendeskNotConfiguredError(runtime.installation === DEFAULT_INSTALLATION_ID ? null : subdomain!);
      const jobId = await runtime.store.enqueueJob(
        ZENDESK_IMPORT_JOB,
        {},
        { dedupeKey: ZENDESK_IMPORT_DEDUPE_KEY, maxAttempts: 10 },
      );
      request.log.info({ installation: runtime.installation, job: jobId }, 'zendesk import queued');
      reply.status(202);
      return { jobId, status: 'queued' };
    });
  });

  app.get('/jobs/:id', async (request): Promise<JobView> => {
    const { id } = parseWith(JobParams, request.params, 'params', { pathPrefix: 'params' });
    return withRuntime(request.query, async (runtime) => {
      const job = await runtime.store.getJob(id);
      if (!job) throw new JobNotFoundError();
      return {
        id: job.id,
        kind: job.kind,
        status: job.status,
        attempts: job.attempts,
        maxAttempts: job.maxAttempts,
        lastError: job.lastError,
        progress: job.progress,
      };
    });
  });
}
