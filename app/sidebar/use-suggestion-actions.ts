import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  FeedbackKind,
  TaxonomyView,
  TriageResult,
  ZendeskPriority,
  ZendeskTicketType,
} from '../../src/contract/index.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { ApiError } from '../shared/api-error.ts';
import { useClient } from '../shared/client-context.tsx';
import { feedbackEvent, feedbackKey } from '../shared/feedback-event.ts';

export type ActionOutcome =
  /** `tags`: the suggested tags the agent had selected, written with `ticket.tags.add`. */
  | { kind: 'accepted'; tags: readonly string[] }
  | { kind: 'rejected' }
  /** `labelId`: the label corrected to; `label`: its name. */
  | { kind: 'corrected'; labelId: string; label: string; priority: ZendeskPriority; ticketType: ZendeskTicketType }
  | { kind: 'rated' };

/** `ticket`: the host refused a tag/priority/type change; otherwise the backend call failed. */
export type ActionFailure = { kind: 'ticket' } | { kind: 'api'; error: ApiError };

export interface SuggestionActions {
  busy: FeedbackKind | null;
  outcome: ActionOutcome | null;
  failure: ActionFailure | null;
  rating: 'like' | 'dislike' | null;
  accept(tags: readonly string[]): Promise<boolean>;
  reject(): Promise<boolean>;
  correct(labelId: string): Promise<boolean>;
  rate(rating: 'like' | 'dislike'): Promise<void>;
}

/**
 * Priority and type a ticket gets when corrected to `labelId`: the label's ticket type and the priority of its
 * default urgency, where the taxonomy defines them; otherwise what was suggested.
 */
export function correctionTarget(
  result: TriageResult,
  taxonomy: TaxonomyView | null,
  labelId: string,
): { priority: ZendeskPriority; ticketType: ZendeskTicketType } {
  const label = taxonomy?.labels.find((candidate) => candidate.id === labelId);
  const urgency = label ? taxonomy?.urgency.find((level) => level.id === label.defaultUrgency) : undefined;
  return { priority: urgency?.priority ?? result.urgency.priority, ticketType: label?.ticketType ?? result.ticketType };
}

/**
 * The agent's answers to one triage result. Writes go to the ticket through ZAF, then a feedback event to the
 * backend. A key already sent (or in flight) is not sent again, so double clicks post once; the server is
 * idempotent on the same key as a second line of defence.
 */
export function useSuggestionActions(options: {
  api: ApiClient;
  userId: string;
  result: TriageResult;
  taxonomy: TaxonomyView | null;
  /** Routes the ticket to a label's group after Accept or Correct wrote it (see useRouting); never throws. */
  route?: (labelId: string) => Promise<void>;
}): SuggestionActions {
  const { api, userId, result, taxonomy, route } = options;
  const client = useClient();
  const sentKeys = useRef(new Set<string>());
  const [busy, setBusy] = useState<FeedbackKind | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [rating, setRating] = useState<'like' | 'dislike' | null>(null);

  // A new text (re-triage) is a new suggestion: earlier answers do not carry over.
  useEffect(() => {
    sentKeys.current = new Set();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- deliberate reset when the result changes; it goes with the sentKeys ref reset, which may not run during render
    setBusy(null);
    setOutcome(null);
    setFailure(null);
    setRating(null);
  }, [result.ticketId, result.textHash]);

  const perform = useCallback(
    async (
      kind: FeedbackKind,
      options: {
        correctedLabel?: string;
        tags?: readonly string[];
        writeTicket?: () => Promise<void>;
        outcome: ActionOutcome;
      },
    ): Promise<boolean> => {
      const key = feedbackKey(result, kind, options.correctedLabel ?? null);
      if (sentKeys.current.has(key)) return true;
      sentKeys.current.add(key);
      setBusy(kind);
      setFailure(null);
      try {
        if (options.writeTicket) {
          try {
            await options.writeTicket();
          } catch {
            sentKeys.current.delete(key);
            setFailure({ kind: 'ticket' });
            return false;
          }
        }
        try {
          await api.feedback(
            feedbackEvent({
              result,
              kind,
              userId,
              correctedLabel: options.correctedLabel ?? null,
              tags: options.tags ?? [],
            }),
          );
        } catch (error) {
          sentKeys.current.delete(key);
          setFailure({
            kind: 'api',
            error:
              error instanceof ApiError
                ? error
                : new ApiError({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null, cause: error }),
          });
          return false;
        }
        setOutcome(options.outcome);
        return true;
      } finally {
        setBusy(null);
      }
    },
    [api, result, userId],
  );

  const writeTypeAndPriority = useCallback(
    async (priority: ZendeskPriority, ticketType: ZendeskTicketType) => {
      await client.set('ticket.priority', priority);
      await client.set('ticket.type', ticketType);
    },
    [client],
  );

  return {
    busy,
    outcome,
    failure,
    rating,
    accept: (tags) =>
      perform('accept', {
        tags,
        outcome: { kind: 'accepted', tags: [...tags] },
        writeTicket: async () => {
          // `ticket.tags.add` appends: the agent's own tags stay.
          if (tags.length > 0) await client.invoke('ticket.tags.add', [...tags]);
          await writeTypeAndPriority(result.urgency.priority, result.ticketType);
          await route?.(result.label.name);
        },
      }),
    reject: () => perform('reject', { outcome: { kind: 'rejected' } }),
    correct: (labelId) => {
      const label = taxonomy?.labels.find((candidate) => candidate.id === labelId);
      const target = correctionTarget(result, taxonomy, labelId);
      return perform('correct', {
        correctedLabel: labelId,
        outcome: { kind: 'corrected', labelId, label: label?.name ?? labelId, ...target },
        writeTicket: async () => {
          await writeTypeAndPriority(target.priority, target.ticketType);
          await route?.(labelId);
        },
      });
    },
    rate: async (next) => {
      if (await perform(next, { outcome: { kind: 'rated' } })) setRating(next);
    },
  };
}
