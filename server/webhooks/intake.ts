import { DEFAULT_INSTALLATION_ID } from '../auth/index.ts';
import { ValidationError } from '../errors.ts';
import { InstallationNotFoundError, type InstallationRegistry } from '../installations/index.ts';
import type { InstallationScopes, JobStore } from '../storage/store.ts';
import type { TicketEvent } from './event.ts';
import { ZENDESK_TICKET_JOB, type TicketJobPayload } from './ticket-job.ts';

/** What the webhook route needs: whose secret checks a delivery, and where its job goes. */
export interface WebhookIntake {
  /**
   * The installation a webhook URL names (`null`: the default installation's URL) and its signing secret; null when the
   * installation is unknown or has no secret (the delivery is then refused like a bad signature).
   */
  secretFor(subdomain: string | null): Promise<{ installation: string; secret: string } | null>;
  /** Enqueues the event's job in the installation; 'duplicate' when the installation has had this event before. */
  enqueue(installation: string, event: TicketEvent): Promise<{ jobId: string } | 'duplicate'>;
}

export interface WebhookIntakeOptions {
  /** The database: each installation's job goes into its own scope. */
  readonly store: InstallationScopes<Pick<JobStore, 'enqueueEventJob'>>;
  /** TRIAGE_WEBHOOK_SECRET: the default installation's signing secret; null refuses its deliveries. */
  readonly defaultSecret: string | null;
  /** Registered installations' secrets; without it only the default installation receives webhooks. */
  readonly registry?: Pick<InstallationRegistry, 'webhookSecret'>;
  /** After a new event's job is stored: wakes this instance's job worker, so the job needn't wait for its next poll. */
  readonly onEnqueued?: (installation: string) => void;
}

export function webhookIntake(options: WebhookIntakeOptions): WebhookIntake {
  return {
    async secretFor(subdomain) {
      if (subdomain === null || subdomain === DEFAULT_INSTALLATION_ID) {
        return options.defaultSecret ? { installation: DEFAULT_INSTALLATION_ID, secret: options.defaultSecret } : null;
      }
      if (!options.registry) return null;
      try {
        const { id, secret } = await options.registry.webhookSecret(subdomain);
        return secret ? { installation: id, secret } : null;
      } catch (error) {
        // Unknown or malformed subdomain: refused like a bad signature, so the URL says nothing of who is registered.
        if (error instanceof InstallationNotFoundError || error instanceof ValidationError) return null;
        throw error;
      }
    },
    async enqueue(installation, event) {
      const payload: TicketJobPayload = { eventId: event.eventId, type: event.type, ticketId: event.ticketId };
      const jobId = await options.store
        .forInstallation(installation)
        .enqueueEventJob(event.eventId, ZENDESK_TICKET_JOB, payload);
      if (jobId === null) return 'duplicate';
      options.onEnqueued?.(installation);
      return { jobId };
    },
  };
}
