import type { Logger } from 'pino';
import { createLocalClassifier, parseModel, type TrainedModel } from '../../src/model/index.ts';
import type { Classifier } from '../../src/classifier/index.ts';
import { MAP_ENTRY_BYTES, POINTER_BYTES, stringBytes } from '../../src/text/index.ts';
import { Periodic } from '../jobs/index.ts';
import type { ModelStore } from '../storage/store.ts';
import type { LoadedModel, ModelSource } from './model-source.ts';

interface Serving extends LoadedModel {
  readonly model: TrainedModel;
  /** Estimated heap bytes of the parsed model (see modelResidentBytes). */
  readonly residentBytes: number;
}

/**
 * The local model that serves: the latest promoted version in the store. Polling the store means several instances
 * agree on the version soon after any of them promotes one; a failed poll keeps the current model.
 */
export class ModelHolder implements ModelSource {
  private serving: Serving | null = null;
  private readonly listeners: ((model: TrainedModel) => void)[] = [];

  constructor(
    private readonly store: ModelStore,
    private readonly logger: Logger,
  ) {}

  current(): Serving | null {
    return this.serving;
  }

  /** Called with each model that starts serving (promoted here or loaded from the store). */
  onChange(listener: (model: TrainedModel) => void): void {
    this.listeners.push(listener);
  }

  /** Serves this model from now on (after this instance promoted it). */
  use(model: TrainedModel): void {
    const classifier: Classifier = createLocalClassifier(model);
    this.serving = {
      version: model.version,
      classifier,
      labels: model.labels,
      model,
      residentBytes: modelResidentBytes(model),
    };
    this.logger.info({ version: model.version }, 'model serving');
    for (const listener of this.listeners) listener(model);
  }

  /** Loads the latest promoted model when its version differs from the serving one; returns whether one is serving. */
  private readonly poller = new Periodic(
    () => this.refresh(),
    (error) => this.logger.warn({ err: error }, 'model poll failed; keeping the serving model'),
  );

  async refresh(): Promise<boolean> {
    const latest = await this.store.latestModel();
    if (latest && latest.promoted && latest.version !== this.serving?.version) this.use(parseModel(latest.artifact));
    return this.serving !== null;
  }

  /** Estimated heap bytes of the serving model; 0 without one. Memory budgets count it. */
  residentBytes(): number {
    return this.serving?.residentBytes ?? 0;
  }

  startPolling(intervalMs: number): void {
    this.poller.start(intervalMs);
  }

  /** Stops polling and waits for a poll in flight, so the store can be closed under it safely. */
  stop(): Promise<void> {
    return this.poller.stop();
  }
}

/**
 * A parsed model's heap bytes, estimated from what it holds: the heads' typed arrays, the idf array and, per feature,
 * its string, its vocabulary map entry and its slot in the features list (the same string is shared by both). The
 * serialized artifact is dropped after parsing and not counted.
 */
export function modelResidentBytes(model: TrainedModel): number {
  const { vectorizer, label, urgency } = model.internals;
  let features = 0;
  for (const feature of vectorizer.features) features += stringBytes(feature) + MAP_ENTRY_BYTES + POINTER_BYTES;
  const heads = [label, urgency].reduce(
    (sum, head) => sum + (head ? head.weights.byteLength + head.scales.byteLength + head.bias.byteLength : 0),
    0,
  );
  return vectorizer.idf.byteLength + features + heads;
}
