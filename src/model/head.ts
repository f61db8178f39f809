import type { SparseVector } from './features.ts';
import type { SoftmaxWeights } from './softmax.ts';

/** One classification head (label or urgency): int8 weights with a scale per feature, float bias, a temperature. */
export interface Head {
  readonly classes: readonly string[];
  /** Feature-major: `weights[f * classes.length + c]`, times `scales[f]`. */
  readonly weights: Int8Array;
  readonly scales: Float32Array;
  readonly bias: Float32Array;
  /** Calibration: logits are divided by this before the softmax. */
  readonly temperature: number;
}

/**
 * Quantizes to int8 per feature row (max |w| → 127). The model keeps only the quantized weights,
 * so a model and its serialized copy predict exactly alike.
 */
export function quantizeHead(classes: readonly string[], trained: SoftmaxWeights, temperature = 1): Head {
  const C = classes.length;
  const numFeatures = trained.weights.length / C;
  const weights = new Int8Array(trained.weights.length);
  const scales = new Float32Array(numFeatures);
  for (let f = 0; f < numFeatures; f++) {
    let max = 0;
    for (let c = 0; c < C; c++) max = Math.max(max, Math.abs(trained.weights[f * C + c]!));
    const scale = Math.fround(max / 127);
    scales[f] = scale;
    if (scale === 0) continue;
    for (let c = 0; c < C; c++) weights[f * C + c] = Math.round(trained.weights[f * C + c]! / scale);
  }
  return { classes, weights, scales, bias: Float32Array.from(trained.bias), temperature };
}

export function withTemperature(head: Head, temperature: number): Head {
  return { ...head, temperature };
}

/** Raw logits (before temperature) of one row. */
export function logits(head: Head, x: SparseVector): Float64Array {
  const C = head.classes.length;
  const out = Float64Array.from(head.bias);
  for (let k = 0; k < x.indices.length; k++) {
    const f = x.indices[k]!;
    const xk = x.values[k]! * head.scales[f]!;
    if (xk === 0) continue;
    const base = f * C;
    for (let c = 0; c < C; c++) out[c]! += xk * head.weights[base + c]!;
  }
  return out;
}

/**
 * Contribution of each feature of `x` to class `c`'s logit, largest first. With `against`, the contribution to the
 * gap between `c` and that class ("why c rather than the runner-up"): words every label weighs alike drop out.
 */
export function contributions(
  head: Head,
  x: SparseVector,
  c: number,
  against?: number,
): { feature: number; value: number }[] {
  const C = head.classes.length;
  const out: { feature: number; value: number }[] = [];
  for (let k = 0; k < x.indices.length; k++) {
    const f = x.indices[k]!;
    const weight = head.weights[f * C + c]! - (against === undefined ? 0 : head.weights[f * C + against]!);
    const value = x.values[k]! * head.scales[f]! * weight;
    if (value > 0) out.push({ feature: f, value });
  }
  return out.sort((a, b) => b.value - a.value || a.feature - b.feature);
}
