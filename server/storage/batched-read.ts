import DataLoader from 'dataloader';

export interface BatchedReadOptions {
  /** Batches running at once; a further batch waits for one to finish, and reads arriving meanwhile join it. */
  readonly maxInFlight: number;
  /** Keys in one batch at most (one statement's array parameters). */
  readonly maxBatchSize: number;
}

/**
 * Many concurrent single-key reads as few statements: a DataLoader without its cache (every read goes to the
 * database, so instances never answer from stale memory) whose batches are gated. A read never waits for a timer:
 * with a batch slot free, its batch goes at the end of this turn of the event loop (with every read the same
 * turn's I/O started); with all slots busy it waits for the first to finish, gathering the reads that arrive
 * meanwhile. Under load that turns one round trip per request into one per batch, which is most of what a
 * stored-result hit costs; alone, a read costs one `setImmediate` more than before.
 */
export function batchedRead<K, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  options: BatchedReadOptions,
): (key: K) => Promise<V> {
  if (!(options.maxInFlight >= 1) || !(options.maxBatchSize >= 1))
    throw new RangeError('batchedRead needs maxInFlight and maxBatchSize of at least 1');
  let running = 0;
  const waiting: (() => void)[] = [];
  const pump = () => {
    while (running < options.maxInFlight && waiting.length > 0) {
      running++;
      setImmediate(waiting.shift()!);
    }
  };
  const loader = new DataLoader<K, V>(
    async (keys) => {
      try {
        return await load(keys);
      } finally {
        running--;
        pump();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize,
      batchScheduleFn: (dispatch) => {
        waiting.push(dispatch);
        pump();
      },
    },
  );
  return (key) => loader.load(key);
}
