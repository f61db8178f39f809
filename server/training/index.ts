/**
 * The local model's life on the server: training a candidate (in a worker thread) and promoting it when no worse,
 * holding the version that serves, and retraining after enough new labels. The learning itself is src/model.
 */
export type { LoadedModel, ModelSource } from './model-source.ts';
export type { Trainer } from './trainer.ts';
export { ModelHolder } from './model-holder.ts';
export { HOLDOUT_FRACTION, ModelTrainer } from './train-model.ts';
export { trainInWorker, type Fitted } from './train-in-worker.ts';
export { RETRAIN_JOB, RetrainScheduler, type FeedbackCounts, type RetrainOptions } from './retrain-scheduler.ts';
