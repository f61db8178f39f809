import type { Logger } from 'pino';
import { createLocalClassifier, parseModel, type TrainedModel } from '../../src/model/index.ts';
import type { Classifier } from '../../src/classifier/index.ts';
import { Periodic } from '../jobs/index.ts';
import type { ModelStore } from '../storage/store.ts';
import type { LoadedModel, ModelSource } from './model-source.ts';

interface Serving extends LoadedModel {
  readonly model: TrainedModel;
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
    this.serving = { version: model.version, classifier, labels: model.labels, model };
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

  startPolling(intervalMs: number): void {
    this.poller.start(intervalMs);
  }

  /** Stops polling and waits for a poll in flight, so the store can be closed under it safely. */
  stop(): Promise<void> {
    return this.poller.stop();
  }
}
