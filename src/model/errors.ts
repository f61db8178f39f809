/** A model file that cannot be used: not JSON, the wrong format version, or inconsistent arrays. */
export class ModelFormatError extends Error {
  readonly code = 'MODEL_FORMAT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFormatError';
  }
}

/** Training data a model cannot be trained from (no rows, fewer than two labels, empty texts). */
export class ModelTrainingError extends Error {
  readonly code = 'MODEL_TRAINING';
  constructor(message: string) {
    super(message);
    this.name = 'ModelTrainingError';
  }
}
