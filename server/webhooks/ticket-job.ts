import { z } from 'zod';
import { Ticket, type TriageResult } from '../../src/contract/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { RuntimeFor } from '../runtime/runtime.ts';
import { triageAndStore } from '../runtime/triage-service.ts';
import type { AccountGroup } from '../../src/routing/index.ts';
import { parseStoredResult } from '../storage/index.ts';
import { TICKET_EVENT_TYPES } from './event.ts';
import { isAssigned, routingTarget, toTriageTicket, writeBackUpdate } from './write-back.ts';
import { isZendeskTicketId, UpdateConflictError, type ZendeskTickets } from '../zendesk/index.ts';

/** The durable job a ticket event enqueues; its payload holds ids only, never ticket text. */
export const ZENDESK_TICKET_JOB = 'zendesk-ticket';
/** Safe updates refused because an agent (or a trigger) changed the ticket meanwhile, before the job gives up. */
export const MAX_CONFLICT_RETRIES = 3;

/** The client for an installation's Zendesk account (its subdomain and credentials). */
export type ZendeskFor = (installation: string) => ZendeskTickets | Promise<ZendeskTickets>;

export const TicketJobPayload = z.object({
  eventId: z.string().min(1),
  type: z.enum(TICKET_EVENT_TYPES),
  // The store keeps a Zendesk id as its decimal text; the API takes the number.
  ticketId: z
    .string()
    .regex(/^[1-9]\d{0,19}$/)
    .refine((id) => isZendeskTicketId(Number(id)), 'not a Zendesk ticket id'),
});
export type TicketJobPayload = z.infer<typeof TicketJobPayload>;

/** The ticket Zendesk returned does not fit the contract (e.g. text past its limits); the job fails with this code. */
export class ZendeskTicketInvalidError extends Error {
  readonly code = 'ZENDESK_TICKET_INVALID';
  constructor(path: string) {
    super(`the Zendesk ticket does not fit the contract at ${path || 'its root'}`);
    this.name = 'ZendeskTicketInvalidError';
  }
}

export interface TicketJobOptions {
  /** The installation's runtime (its store, model, taxonomy), held while the job runs. */
  readonly runtimeFor: RuntimeFor;
  readonly zendeskFor: ZendeskFor;
  /**
   * Whether this installation writes results back (its own switch, else TRIAGE_WRITE_BACK); false is a dry run:
   * triaged and stored only.
   */
  readonly writeBack: (installation: string) => boolean | Promise<boolean>;
  readonly maxConflictRetries?: number;
  /**
   * The installation's account groups (cached), for routing `auto` results to their label's group; null when they
   * cannot be read (the write-back then leaves the group alone). Without it nothing is routed.
   */
  readonly groupsFor?: (installation: string, signal: AbortSignal) => Promise<readonly AccountGroup[] | null>;
  /** Awaited between the job's steps (Foreground's `quiet`): requests someone waits for go first. */
  readonly pause?: () => Promise<void>;
}

/**
 * Runs a ticket event in its installation: reads the ticket (and, for a new comment, the conversation), triages and
 * stores it, then writes the result back with a safe update of the stamp it read. A 409 (the ticket changed meanwhile)
 * re-reads and tries again, at most `maxConflictRetries` times; other failures fail the job, which the queue retries.
 */
export function ticketJobHandler(options: TicketJobOptions): JobHandler {
  const maxRetries = options.maxConflictRetries ?? MAX_CONFLICT_RETRIES;
  return async (payload, signal, job) => {
    const { ticketId: storedId, type } = TicketJobPayload.parse(payload);
    const ticketId = Number(storedId);
    const zendesk = await options.zendeskFor(job.installation);
    const lease = await options.runtimeFor(job.installation);
    try {
      const { runtime } = lease;
      // Read once per job (it opens the installation's sealed settings), not on every conflict retry.
      const writeBack = await options.writeBack(job.installation);
      for (let attempt = 0; ; attempt++) {
        signal.throwIfAborted();
        const ticket = await zendesk.getTicket(ticketId, signal);
        const comments =
          type === 'zen:event-type:ticket.comment_added' ? await zendesk.ticketComments(ticketId, signal) : [];
        await options.pause?.();
        const parsed = Ticket.safeParse(toTriageTicket(ticket, comments));
        if (!parsed.success) throw new ZendeskTicketInvalidError(parsed.error.issues[0]?.path.join('.') ?? '');
        const outcome = await triageAndStore(runtime, parsed.data, {
          installation: job.installation,
          signal,
          ...(options.pause ? { pause: options.pause } : {}),
        });
        const result: TriageResult = outcome.reused ? parseStoredResult(outcome.stored) : outcome.result;
        if (!writeBack) return;
        const taxonomy = runtime.taxonomy.current();
        // An assigned ticket is routed by no one but its agent: its groups are not even read.
        const groups =
          result.decision === 'auto' && !isAssigned(ticket)
            ? await options.groupsFor?.(job.installation, signal)
            : null;
        const routing = groups ? routingTarget(taxonomy, groups, result.label.name) : undefined;
        const update = writeBackUpdate(ticket, result, taxonomy.thresholds, routing);
        if (update === null) return;
        await options.pause?.();
        try {
          await zendesk.updateTicket(ticketId, update, signal);
          return;
        } catch (error) {
          if (!(error instanceof UpdateConflictError) || attempt >= maxRetries) throw error;
        }
      }
    } finally {
      lease.release();
    }
  };
}
