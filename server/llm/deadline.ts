/**
 * Runs `work` with a signal that fires when the caller aborts or `timeoutMs` passes, and settles as
 * soon as either happens: the SDK's sleep before a retry does not listen to its signal, so waiting
 * for it could overrun the deadline by a whole retry-after.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T } | { error: unknown; deadlineHit: boolean }> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const running = work(signal);
  // The loser of the race must not surface as an unhandled rejection.
  running.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return { value: await Promise.race([running, aborted]) };
  } catch (error) {
    return { error, deadlineHit: deadline.signal.aborted && !callerSignal?.aborted };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
