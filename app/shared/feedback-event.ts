import type { FeedbackEventInput, FeedbackKind, TriageResult } from '../../src/contract/index.ts';

/** What a feedback event answers: a triage result, or a review item shaped the same where it counts. */
export type FeedbackSubject = Pick<TriageResult, 'ticketId' | 'textHash'> & {
  label: Pick<TriageResult['label'], 'name'>;
};

/**
 * Same ticket text, same answer → same key, so a double click or a retry is stored once
 * while a later change of mind (a different kind or label) is a new event.
 */
export function feedbackKey(result: FeedbackSubject, kind: FeedbackKind, correctedLabel: string | null = null): string {
  const key = [result.ticketId, result.textHash.slice(0, 16), kind, result.label.name, correctedLabel ?? ''].join(':');
  // The contract caps keys at 200 characters; long label ids are folded into a hash.
  return key.length <= 200 ? key : `${key.slice(0, 190)}:${fnv1a(key)}`;
}

/** Builds the feedback event for one agent's (or reviewer's) action on a triage result. */
export function feedbackEvent(options: {
  result: FeedbackSubject;
  kind: FeedbackKind;
  userId: string;
  /** `reviewer` from the review queue; the sidebar's agents are the default. */
  role?: 'agent' | 'reviewer';
  correctedLabel?: string | null;
  tags?: readonly string[];
  now?: Date;
}): FeedbackEventInput {
  const correctedLabel = options.correctedLabel ?? null;
  return {
    idempotencyKey: feedbackKey(options.result, options.kind, correctedLabel),
    ticketId: options.result.ticketId,
    kind: options.kind,
    label: options.result.label.name,
    correctedLabel,
    tags: [...(options.tags ?? [])],
    actor: { id: options.userId, role: options.role ?? 'agent' },
    at: (options.now ?? new Date()).toISOString(),
  };
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
