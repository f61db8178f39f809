import { softmaxInPlace } from './softmax.ts';

/**
 * Temperature scaling (Guo et al. 2017): the T that minimizes held-out negative log-likelihood,
 * found by golden-section search on log T. It rescales confidence without changing any ranking.
 * Targets are smoothed by ε = 1/(n + 2) (Laplace's rule of succession): when every held-out row is right,
 * n rows cannot justify more than about (n + 1)/(n + 2) confidence, so T does not run off to zero.
 */
export function fitTemperature(heldOutLogits: readonly Float64Array[], targets: readonly number[]): number {
  if (heldOutLogits.length === 0) return 1;
  const epsilon = 1 / (heldOutLogits.length + 2);
  const loss = (logT: number): number => {
    const temperature = Math.exp(logT);
    let total = 0;
    for (let i = 0; i < heldOutLogits.length; i++) {
      const p = Float64Array.from(heldOutLogits[i]!);
      softmaxInPlace(p, temperature);
      let uniformPart = 0;
      for (let c = 0; c < p.length; c++) uniformPart += Math.log(Math.max(p[c]!, 1e-300));
      total -= (1 - epsilon) * Math.log(Math.max(p[targets[i]!]!, 1e-300)) + (epsilon / p.length) * uniformPart;
    }
    return total;
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(0.05);
  let high = Math.log(20);
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let lossA = loss(a);
  let lossB = loss(b);
  for (let i = 0; i < 40; i++) {
    if (lossA < lossB) {
      high = b;
      b = a;
      lossB = lossA;
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      low = a;
      a = b;
      lossA = lossB;
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  return Math.exp((low + high) / 2);
}
