import type { Classifier } from '../../src/classifier/index.ts';

/** The model that serves now. */
export interface LoadedModel {
  readonly version: string;
  readonly classifier: Classifier;
  /** The labels it was trained on (some may have left the taxonomy since: /readyz and /metrics say which). */
  readonly labels: readonly string[];
}

export interface ModelSource {
  /** Null until a model has been trained or loaded: /readyz says not ready; triage still answers, decided review. */
  current(): LoadedModel | null;
}
