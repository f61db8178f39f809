import type { Taxonomy } from '../../src/taxonomy/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { ImportCursorStore, JobStore, TicketStore } from '../storage/index.ts';
import type { ZendeskTicketExport } from './client.ts';
import { importZendeskHistory } from './import-history.ts';

/** The durable job `POST /v1/admin/import/zendesk` enqueues; its payload is empty, its installation the job's own. */
export const ZENDESK_IMPORT_JOB = 'zendesk-import';
/** One import per installation at a time: a second request while one waits gets the same job. */
export const ZENDESK_IMPORT_DEDUPE_KEY = 'zendesk-import';

/** Where an installation's import goes, held while the job runs. */
export interface ImportTarget {
  readonly store: TicketStore & ImportCursorStore;
  readonly taxonomy: Taxonomy;
  /** After the import: e.g. the similar-ticket index takes the new tickets in. */
  readonly afterImport?: () => Promise<void>;
  readonly release: () => void;
}

export interface ZendeskImportJobOptions {
  /** Records progress on the job (the worker's store: it spans installations). */
  readonly jobs: Pick<JobStore, 'setJobProgress'>;
  readonly targetFor: (installation: string) => Promise<ImportTarget>;
  /** The installation's Zendesk account; throws a typed error when it has no credentials. */
  readonly zendeskFor: (installation: string) => Promise<ZendeskTicketExport>;
  readonly labelTagPrefix?: string;
  /** TRIAGE_ZENDESK_LABEL_FIELD: the custom field holding the label, when not the tags. */
  readonly labelFieldId?: number;
  /** Awaited between steps of each page (Foreground's `quiet`): requests someone waits for go first. */
  readonly pause?: () => Promise<void>;
}

/**
 * Imports an installation's Zendesk history as a job: progress (counts only) is saved on the job after every page
 * and the summary when it ends. A failed or interrupted run continues from the stored cursor when the queue retries.
 */
export function zendeskImportJobHandler(options: ZendeskImportJobOptions): JobHandler {
  return async (_payload, signal, job) => {
    const zendesk = await options.zendeskFor(job.installation);
    const target = await options.targetFor(job.installation);
    // Progress writes one after another (a later page's never overtaken by an earlier one's); a failed one is only a
    // missed update, not a reason to stop the import.
    let saved: Promise<unknown> = Promise.resolve();
    const save = (progress: unknown) => {
      saved = saved.then(() => options.jobs.setJobProgress(job.id, progress)).catch(() => undefined);
    };
    try {
      const report = await importZendeskHistory(target.store, zendesk, {
        taxonomy: target.taxonomy,
        ...(options.labelTagPrefix === undefined ? {} : { labelTagPrefix: options.labelTagPrefix }),
        ...(options.labelFieldId === undefined ? {} : { labelFieldId: options.labelFieldId }),
        signal,
        ...(options.pause ? { pause: options.pause } : {}),
        onPage: save,
      });
      save(report);
      await saved;
      await target.afterImport?.();
    } finally {
      target.release();
    }
  };
}
