import { z } from 'zod';
import { ModelFormatError } from './errors.ts';
import { vectorizerFrom } from './features.ts';
import type { Head } from './head.ts';
import type { ServingCalibration, TrainedModel } from './model.ts';

export const MODEL_FORMAT = 'triage-assist/local-model';
/** 2 adds `calibration` (out-of-fold evidence for the served gates); version 1 files still load and predict as before. */
export const MODEL_FORMAT_VERSION = 2;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const HeadFile = z.object({
  classes: z.array(z.string().min(1)).min(2),
  /** int8, feature-major. */
  weights: base64,
  /** float32 per feature, little-endian. */
  scales: base64,
  bias: z.array(z.number()),
  temperature: z.number().positive(),
});

const Calibration = z.object({
  folds: z.number().int().positive(),
  outOfFoldRows: z.number().int().nonnegative(),
  unseenRows: z.number().int().nonnegative(),
  inScopeFloor: z.number().nullable(),
  inScopeQuantiles: z.array(z.number()),
  labels: z.record(
    z.string().min(1),
    z.object({
      right: z.array(z.number().min(0).max(1)),
      wrong: z.array(z.number().min(0).max(1)),
      /** Added later in format version 2: files without it had no unseen-label simulation. */
      unseen: z.array(z.number().min(0).max(1)).optional(),
    }),
  ),
});

const ModelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(MODEL_FORMAT_VERSION)]),
  version: z.string().min(1),
  trainedAt: z.iso.datetime({ offset: true }),
  labels: z.array(z.string().min(1)).min(2),
  urgencyLevels: z.array(z.string().min(1)),
  metrics: z.record(z.string(), z.number()),
  features: z.array(z.string()),
  /** float32 per feature, little-endian. */
  idf: base64,
  label: HeadFile,
  urgency: HeadFile.nullable(),
  /** Format version 2 and later; a version 1 file has none and is served on the taxonomy's thresholds alone. */
  calibration: Calibration.optional(),
});

function encode(array: Int8Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decode(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

function float32s(text: string, expected: number, what: string): Float32Array {
  const bytes = decode(text);
  if (bytes.byteLength !== expected * 4)
    throw new ModelFormatError(`${what}: expected ${expected} float32 values, found ${bytes.byteLength / 4}`);
  // Copy into a fresh, aligned buffer (Buffer slices may share an unaligned pool).
  return new Float32Array(new Uint8Array(bytes).buffer);
}

function encodeHead(head: Head): z.input<typeof HeadFile> {
  return {
    classes: [...head.classes],
    weights: encode(head.weights),
    scales: encode(head.scales),
    bias: Array.from(head.bias),
    temperature: head.temperature,
  };
}

function decodeHead(file: z.infer<typeof HeadFile>, numFeatures: number, what: string): Head {
  const C = file.classes.length;
  const weightBytes = decode(file.weights);
  if (weightBytes.byteLength !== numFeatures * C)
    throw new ModelFormatError(
      `${what}.weights: expected ${numFeatures * C} int8 values, found ${weightBytes.byteLength}`,
    );
  if (file.bias.length !== C)
    throw new ModelFormatError(`${what}.bias: expected ${C} values, found ${file.bias.length}`);
  return {
    classes: file.classes,
    weights: new Int8Array(new Uint8Array(weightBytes).buffer),
    scales: float32s(file.scales, numFeatures, `${what}.scales`),
    bias: Float32Array.from(file.bias),
    temperature: file.temperature,
  };
}

function encodeCalibration(calibration: ServingCalibration): z.input<typeof Calibration> {
  return {
    ...calibration,
    inScopeQuantiles: [...calibration.inScopeQuantiles],
    labels: Object.fromEntries(
      Object.entries(calibration.labels).map(([label, { right, wrong, unseen }]) => [
        label,
        { right: [...right], wrong: [...wrong], ...(unseen ? { unseen: [...unseen] } : {}) },
      ]),
    ),
  };
}

/** One JSON document: format and model version, training date, label set, urgency levels, metrics, base64 weights. */
export function serializeModel(model: TrainedModel): string {
  const { vectorizer, label, urgency } = model.internals;
  const file: z.input<typeof ModelFile> = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version: model.version,
    trainedAt: model.trainedAt,
    labels: [...model.labels],
    urgencyLevels: [...model.urgencyLevels],
    metrics: { ...model.metrics },
    features: [...vectorizer.features],
    idf: encode(vectorizer.idf),
    label: encodeHead(label),
    urgency: urgency ? encodeHead(urgency) : null,
    ...(model.calibration ? { calibration: encodeCalibration(model.calibration) } : {}),
  };
  return JSON.stringify(file);
}

/** Parses and validates a serialized model; throws ModelFormatError saying what is wrong. */
export function parseModel(json: string): TrainedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ModelFormatError('model file is not valid JSON', { cause: error });
  }
  const parsed = ModelFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFormatError(
      `not a Triage Assist model file: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const file = parsed.data;
  const numFeatures = file.features.length;
  if (new Set(file.features).size !== numFeatures) throw new ModelFormatError('features: duplicate feature strings');
  if (file.label.classes.join('\u0000') !== file.labels.join('\u0000'))
    throw new ModelFormatError('label.classes differ from labels');
  if (file.urgency && file.urgency.classes.join('\u0000') !== file.urgencyLevels.join('\u0000'))
    throw new ModelFormatError('urgency.classes differ from urgencyLevels');
  if (!file.urgency && file.urgencyLevels.length > 0)
    throw new ModelFormatError('urgencyLevels given without an urgency head');
  if (file.formatVersion === 1 && file.calibration)
    throw new ModelFormatError('calibration: not part of format version 1');
  if (file.calibration && Object.keys(file.calibration.labels).some((label) => !file.labels.includes(label)))
    throw new ModelFormatError('calibration.labels: a label the model does not know');
  const vectorizer = vectorizerFrom(file.features, float32s(file.idf, numFeatures, 'idf'));
  return {
    version: file.version,
    trainedAt: file.trainedAt,
    labels: file.labels,
    urgencyLevels: file.urgencyLevels,
    metrics: file.metrics,
    internals: {
      vectorizer,
      label: decodeHead(file.label, numFeatures, 'label'),
      urgency: file.urgency ? decodeHead(file.urgency, numFeatures, 'urgency') : null,
    },
    ...(file.calibration ? { calibration: file.calibration } : {}),
  };
}
