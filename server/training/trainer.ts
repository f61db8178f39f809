import type { TrainResponse } from '../../src/contract/index.ts';

export interface Trainer {
  /** Trains a new version on the stored labels with a held-out split; promotes it only when no worse. */
  train(signal?: AbortSignal): Promise<TrainResponse>;
}
