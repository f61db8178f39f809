import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReviewItem, TaxonomyView } from '../../src/contract/index.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { ApiError } from '../shared/api-error.ts';
import { useTaxonomy } from '../shared/app-shell.tsx';
import { useClient } from '../shared/client-context.tsx';
import { feedbackEvent, feedbackKey, type FeedbackSubject } from '../shared/feedback-event.ts';

/** How many items one screen lists; the reviewer clears them, then the next ones load. */
export const REVIEW_PAGE_SIZE = 50;

/**
 * How long a confirm can be undone: it is stored when this has passed (or at once when the reviewer answers another
 * item or leaves). Feedback is append-only, so an undo is a confirm never sent rather than one taken back.
 */
export const UNDO_WINDOW_MS = 8_000;

export type QueueState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'ready';
      items: readonly ReviewItem[];
      refreshing: boolean;
      /** Waiting beyond this page. */ beyondPage: number;
    };

/** What the reviewer answered: confirm the suggested label, or correct it to another. */
export type ReviewAnswer = { kind: 'accept' } | { kind: 'correct'; label: string };

export interface ItemStatus {
  readonly busy: boolean;
  readonly error: ApiError | null;
}

/** The last answer, for the live region (and the focus move to the next item, or back to an undone one). */
export interface Settled {
  /** Which answer or undo this is (a new one moves the focus; its undo window closing does not). */
  readonly id: number;
  readonly ticketId: string;
  readonly answer: ReviewAnswer;
  /** The ticket now at the removed item's place, or null when the list ended there. */
  readonly nextTicketId: string | null;
  /** `undoable`: a confirm not sent yet (see UNDO_WINDOW_MS); `undone`: taken back, the item is in the list again. */
  readonly state: 'stored' | 'undoable' | 'undone';
}

export interface ReviewQueue {
  state: QueueState;
  taxonomy: TaxonomyView | null;
  statusOf: (ticketId: string) => ItemStatus;
  settled: Settled | null;
  answer: (item: ReviewItem, answer: ReviewAnswer) => Promise<boolean>;
  /** Takes back the confirm waiting to be sent: the item returns to its place. */
  undo: () => void;
  reload: () => void;
}

/** A confirm in its undo window. */
interface PendingConfirm {
  readonly item: ReviewItem;
  readonly index: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

const IDLE: ItemStatus = { busy: false, error: null };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({ kind: 'unreachable', code: 'NETWORK_ERROR', status: null, cause: error });
}

function subjectOf(item: ReviewItem): FeedbackSubject {
  return { ticketId: item.ticketId, textHash: item.textHash, label: { name: item.label } };
}

/**
 * The review queue: loads `GET /v1/review` and the taxonomy, posts one feedback event per answer (a key already
 * sent or in flight is not sent again; the server is idempotent on the same key too) and drops the item once
 * the event is stored. Reloads when the reviewer comes back to the pane.
 */
export function useReviewQueue(api: ApiClient, userId: string): ReviewQueue {
  const client = useClient();
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const taxonomy = useTaxonomy(api);
  const [statuses, setStatuses] = useState<ReadonlyMap<string, ItemStatus>>(new Map());
  const [settled, setSettled] = useState<Settled | null>(null);
  const sentKeys = useRef(new Set<string>());
  /** Tickets answered here: a reload that raced the answer must not bring them back. */
  const answered = useRef(new Set<string>());
  const latestLoad = useRef(0);
  /** The committed state, for `answer` (which runs after an await) to find the item after the answered one. */
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);

  const load = useCallback(async () => {
    const loadId = ++latestLoad.current;
    setState((previous) => (previous.status === 'ready' ? { ...previous, refreshing: true } : { status: 'loading' }));
    try {
      const { items, total } = await api.reviewQueue(REVIEW_PAGE_SIZE);
      // An older backend sends no total: the page is all the app knows of.
      const beyondPage = Math.max(0, (total ?? items.length) - items.length);
      if (loadId === latestLoad.current)
        setState({
          status: 'ready',
          items: items.filter((item) => !answered.current.has(item.ticketId)),
          refreshing: false,
          beyondPage,
        });
    } catch (error) {
      if (loadId === latestLoad.current) setState({ status: 'error', error: asApiError(error) });
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- fetching on mount: load() marks the request loading/refreshing before it awaits
    void load();
    // nav_bar panes stay in the DOM: coming back to the app shows what was triaged meanwhile.
    const onActivated = () => void load();
    client.on('pane.activated', onActivated);
    return () => {
      client.off('pane.activated', onActivated);
      latestLoad.current += 1;
    };
  }, [client, load]);

  const setStatus = useCallback(
    (ticketId: string, status: ItemStatus) =>
      setStatuses((previous) => {
        const next = new Map(previous);
        if (status === IDLE) next.delete(ticketId);
        else next.set(ticketId, status);
        return next;
      }),
    [],
  );
  /** Numbers each answer and undo, so the focus moves once per answer, not when its undo window closes. */
  const settledCount = useRef(0);

  /** Drops an answered item from the list; returns where it stood. */
  const removeItem = useCallback(
    (item: ReviewItem, reply: ReviewAnswer, state: Settled['state']): number => {
      answered.current.add(item.ticketId);
      const current = stateRef.current;
      const before = current.status === 'ready' ? current.items : [];
      const index = before.findIndex((candidate) => candidate.ticketId === item.ticketId);
      const remaining = before.filter((candidate) => candidate.ticketId !== item.ticketId);
      const next = remaining[index] ?? remaining[index - 1] ?? null;
      setState((previous) =>
        previous.status === 'ready'
          ? { ...previous, items: previous.items.filter((candidate) => candidate.ticketId !== item.ticketId) }
          : previous,
      );
      setSettled({
        id: ++settledCount.current,
        ticketId: item.ticketId,
        answer: reply,
        nextTicketId: next?.ticketId ?? null,
        state,
      });
      // The list shows one page: once it is cleared, the server says whether more are waiting.
      if (remaining.length === 0) void load();
      return index;
    },
    [load],
  );

  /** Puts an item back where it stood (an undo, or a confirm the server refused). */
  const restoreItem = useCallback((item: ReviewItem, index: number) => {
    answered.current.delete(item.ticketId);
    setState((previous) => {
      if (previous.status !== 'ready' || previous.items.some((candidate) => candidate.ticketId === item.ticketId))
        return previous;
      const items = [...previous.items];
      items.splice(Math.max(0, Math.min(index, items.length)), 0, item);
      return { ...previous, items };
    });
  }, []);

  /** Posts one answer; false (and the error on the item) when it was not stored. */
  const send = useCallback(
    async (item: ReviewItem, reply: ReviewAnswer): Promise<boolean> => {
      const correctedLabel = reply.kind === 'correct' ? reply.label : null;
      const subject = subjectOf(item);
      const key = feedbackKey(subject, reply.kind, correctedLabel);
      if (sentKeys.current.has(key)) return true;
      sentKeys.current.add(key);
      setStatus(item.ticketId, { busy: true, error: null });
      try {
        await api.feedback(
          feedbackEvent({ result: subject, kind: reply.kind, userId, role: 'reviewer', correctedLabel }),
        );
      } catch (error) {
        sentKeys.current.delete(key);
        setStatus(item.ticketId, { busy: false, error: asApiError(error) });
        return false;
      }
      setStatus(item.ticketId, IDLE);
      return true;
    },
    [api, userId, setStatus],
  );

  const pending = useRef<PendingConfirm | null>(null);

  /** Sends the confirm waiting in its undo window now; one the server refuses comes back with its error. */
  const flush = useCallback(() => {
    const waiting = pending.current;
    if (!waiting) return;
    pending.current = null;
    clearTimeout(waiting.timer);
    setSettled((previous) =>
      previous?.ticketId === waiting.item.ticketId && previous.state === 'undoable'
        ? { ...previous, state: 'stored' }
        : previous,
    );
    void send(waiting.item, { kind: 'accept' }).then((stored) => {
      if (!stored) restoreItem(waiting.item, waiting.index);
    });
  }, [send, restoreItem]);

  // Leaving the pane (or the app) stores a confirm still in its window: leaving is no undo.
  useEffect(() => flush, [flush]);

  const answer = useCallback(
    async (item: ReviewItem, reply: ReviewAnswer): Promise<boolean> => {
      // A second click on the same Confirm (a double click) is the same answer, still undoable.
      if (pending.current?.item.ticketId === item.ticketId) return true;
      // One undo at a time: answering the next item stores the previous confirm.
      flush();
      if (reply.kind === 'accept') {
        const index = removeItem(item, reply, 'undoable');
        pending.current = { item, index, timer: setTimeout(flush, UNDO_WINDOW_MS) };
        return true;
      }
      if (!(await send(item, reply))) return false;
      removeItem(item, reply, 'stored');
      return true;
    },
    [flush, removeItem, send],
  );

  const undo = useCallback(() => {
    const waiting = pending.current;
    if (!waiting) return;
    pending.current = null;
    clearTimeout(waiting.timer);
    restoreItem(waiting.item, waiting.index);
    setSettled({
      id: ++settledCount.current,
      ticketId: waiting.item.ticketId,
      answer: { kind: 'accept' },
      nextTicketId: waiting.item.ticketId,
      state: 'undone',
    });
  }, [restoreItem]);

  return {
    state,
    taxonomy,
    settled,
    statusOf: (ticketId) => statuses.get(ticketId) ?? IDLE,
    answer,
    undo,
    reload: () => void load(),
  };
}
