import { useCallback, useEffect, useRef, useState } from 'react';
import type { TicketVerdict, TriageResult } from '../../src/contract/index.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { ApiError } from '../shared/api-error.ts';
import { readTicket, TicketReadError } from '../shared/ticket-reader.ts';
import { useClient } from '../shared/client-context.tsx';

export type TriageFailure = ApiError | TicketReadError;

export type TriageState =
  | { status: 'loading' }
  /** `verdict`: what an agent or reviewer already answered on this ticket (null when none, or when it could not be read). */
  /** `ticketTags`: the tags the ticket had when it was read for this triage (before any Accept). */
  | {
      status: 'ready';
      result: TriageResult;
      verdict: TicketVerdict | null;
      ticketTags: readonly string[];
      updating: boolean;
    }
  | { status: 'error'; error: TriageFailure };

/** Events after which the ticket's text may differ from what was triaged. */
export const CHANGE_EVENTS = [
  'ticket.conversation.changed',
  'ticket.comments.changed',
  'ticket.subject.changed',
] as const;

/** Conversation edits come in bursts (typing, several events per save); wait until they settle. */
export const RETRIAGE_DELAY_MS = 1_500;

function asFailure(error: unknown): TriageFailure {
  if (error instanceof ApiError || error instanceof TicketReadError) return error;
  return new ApiError({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null, cause: error });
}

/** Reads the ticket, asks the backend for its triage, and re-triages (debounced) when the conversation changes. */
export function useTriage(api: ApiClient): { state: TriageState; retry: () => void } {
  const client = useClient();
  const [state, setState] = useState<TriageState>({ status: 'loading' });
  const latestRun = useRef(0);

  const run = useCallback(async () => {
    const runId = ++latestRun.current;
    setState((previous) => (previous.status === 'ready' ? { ...previous, updating: true } : { status: 'loading' }));
    try {
      const ticket = await readTicket(client);
      // Read beside the triage, not after it: no extra wait, and Accept is never offered for a moment by mistake.
      // The verdict is a hint: when it cannot be read (an older backend) the suggestion still shows.
      const [result, verdict] = await Promise.all([api.triage(ticket), api.verdict(ticket.id).catch(() => null)]);
      if (runId === latestRun.current)
        setState({ status: 'ready', result, verdict, ticketTags: ticket.tags ?? [], updating: false });
    } catch (error) {
      if (runId === latestRun.current) setState({ status: 'error', error: asFailure(error) });
    }
  }, [api, client]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- fetching on mount: run() marks the request loading/updating before it awaits
    void run();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), RETRIAGE_DELAY_MS);
    };
    for (const event of CHANGE_EVENTS) client.on(event, onChange);
    return () => {
      clearTimeout(timer);
      for (const event of CHANGE_EVENTS) client.off(event, onChange);
      latestRun.current += 1;
    };
  }, [client, run]);

  return { state, retry: () => void run() };
}
