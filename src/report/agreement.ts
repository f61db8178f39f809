/** Feedback events by kind, as the store counts them. */
export type FeedbackTally = Readonly<Record<'accept' | 'reject' | 'correct' | 'like' | 'dislike', number>>;

export interface Agreement {
  readonly accept: number;
  readonly reject: number;
  readonly correct: number;
  /** accept + reject + correct: the suggestions an agent answered. */
  readonly answered: number;
  /** Share of answered suggestions the agent accepted; null when none was answered. */
  readonly rate: number | null;
}

/** Agents' agreement with the suggestions: accepts among accepts, rejects and corrections (likes are not verdicts). */
export function agreementOf(tally: FeedbackTally): Agreement {
  const answered = tally.accept + tally.reject + tally.correct;
  return {
    accept: tally.accept,
    reject: tally.reject,
    correct: tally.correct,
    answered,
    rate: answered === 0 ? null : tally.accept / answered,
  };
}

const DAY_MS = 86_400_000;

/** The starts (Monday 00:00 UTC, ISO) of the `weeks` weeks up to and including the one holding `now`, oldest first. */
export function weekStarts(now: Date, weeks: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return Array.from({ length: weeks }, (_, index) => new Date(monday - (weeks - 1 - index) * 7 * DAY_MS).toISOString());
}

export interface WeeklyAgreement extends Agreement {
  /** Monday 00:00 UTC, ISO. */
  readonly weekStart: string;
}

/**
 * Agreement per week from the store's running counts: `since[i]` counts every event after `starts[i]`, so a week's
 * events are the difference between its count and the next week's (the last week runs to now).
 */
export function weeklyAgreement(starts: readonly string[], since: readonly FeedbackTally[]): WeeklyAgreement[] {
  if (starts.length !== since.length) throw new RangeError(`${starts.length} week starts but ${since.length} counts`);
  return starts.map((weekStart, index) => {
    const from = since[index]!;
    const next = since[index + 1];
    const minus = (kind: keyof FeedbackTally): number => from[kind] - (next ? next[kind] : 0);
    return {
      weekStart,
      ...agreementOf({
        accept: minus('accept'),
        reject: minus('reject'),
        correct: minus('correct'),
        like: minus('like'),
        dislike: minus('dislike'),
      }),
    };
  });
}
