import type { SparseVector } from './features.ts';
import { seededRandom, shuffleInPlace } from '../sampling/index.ts';

export interface SoftmaxOptions {
  numFeatures: number;
  numClasses: number;
  epochs: number;
  /** L2 strength per example (λ in λ/2·‖w‖²). */
  lambda: number;
  /** Initial step size; decays as η₀ / (1 + η₀·λ·t). */
  learningRate: number;
  seed: number;
  /** `linear`: the step falls linearly to zero over the run (converges in fewer epochs); `inverse`: η₀ / (1 + η₀·λ·t). */
  schedule?: 'linear' | 'inverse';
}

/** Dense weights laid out feature-major (`weights[f * C + c]`), so a sparse row touches contiguous memory. */
export interface SoftmaxWeights {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

// Classes whose gradient is smaller than this are skipped: after a few epochs most are, which makes training fast.
const GRADIENT_FLOOR = 1e-4;

/**
 * Multinomial logistic regression by SGD on sparse rows, with L2 applied lazily through a global scale
 * (w = s·v, as in Bottou's SGD), so an update costs O(nnz × classes touched) rather than O(features × classes).
 */
export function trainSoftmax(
  rows: readonly SparseVector[],
  targets: Int32Array,
  options: SoftmaxOptions,
): SoftmaxWeights {
  const { numFeatures, numClasses: C, epochs, lambda, learningRate } = options;
  const v = new Float64Array(numFeatures * C);
  const bias = new Float64Array(C);
  const scores = new Float64Array(C);
  const gradient = new Float64Array(C);
  const active = new Int32Array(C);
  const order = Int32Array.from(rows.keys());
  const random = seededRandom(options.seed);
  let scale = 1;
  let step = 0;
  const totalSteps = epochs * rows.length;
  const linear = (options.schedule ?? 'linear') === 'linear';
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const row of order) {
      const x = rows[row]!;
      const target = targets[row]!;
      const eta = linear
        ? learningRate * (1 - step++ / totalSteps)
        : learningRate / (1 + learningRate * lambda * step++);
      scoreInto(scores, v, bias, x, C, scale);
      softmaxInPlace(scores);
      scale *= 1 - eta * lambda;
      if (scale < 1e-6) {
        for (let i = 0; i < v.length; i++) v[i]! *= scale;
        scale = 1;
      }
      let activeCount = 0;
      for (let c = 0; c < C; c++) {
        const g = scores[c]! - (c === target ? 1 : 0);
        if (g > GRADIENT_FLOOR || g < -GRADIENT_FLOOR) {
          gradient[activeCount] = g;
          active[activeCount++] = c;
          bias[c]! -= eta * g;
        }
      }
      const factor = eta / scale;
      for (let k = 0; k < x.indices.length; k++) {
        const base = x.indices[k]! * C;
        const xk = x.values[k]! * factor;
        for (let a = 0; a < activeCount; a++) v[base + active[a]!]! -= xk * gradient[a]!;
      }
    }
  }
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
  return { weights: v, bias };
}

/** Raw class scores of one row under trained weights (bias included), as training computes them. */
export function softmaxScores(trained: SoftmaxWeights, x: SparseVector, numClasses: number): Float64Array {
  const out = new Float64Array(numClasses);
  scoreInto(out, trained.weights, trained.bias, x, numClasses, 1);
  return out;
}

function scoreInto(
  out: Float64Array,
  weights: Float64Array,
  bias: Float64Array,
  x: SparseVector,
  C: number,
  scale: number,
): void {
  for (let c = 0; c < C; c++) out[c] = 0;
  for (let k = 0; k < x.indices.length; k++) {
    const base = x.indices[k]! * C;
    const xk = x.values[k]!;
    for (let c = 0; c < C; c++) out[c]! += xk * weights[base + c]!;
  }
  for (let c = 0; c < C; c++) out[c] = out[c]! * scale + bias[c]!;
}

/** Softmax in place, shifted by the maximum for numerical safety. */
export function softmaxInPlace(scores: Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) if (scores[c]! > max) max = scores[c]!;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c]! - max) / temperature);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
}
