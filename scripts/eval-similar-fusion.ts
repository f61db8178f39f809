/**
 * Would fusing a local, deterministic embedding with the lexical ranking help similar-ticket search?
 * `npx tsx scripts/eval-similar-fusion.ts --train TRAIN.csv --test TEST.csv [--limit N] [--dims 128]`
 * Every test text searches the train texts (relevant = same label), as `triage eval-similar` does, with:
 * lexical (SimilarIndex), two local embeddings alone (DenseIndex), and each fused with lexical (fuseRankings):
 *  - lsa: TF-IDF over the index's own terms (words + character 4-grams at half weight) reduced by a seeded
 *    randomized SVD: unsupervised, no download;
 *  - model: the local classifier's calibrated label distribution (trained on the train texts): uses the labels.
 * Nothing is downloaded; the data set is read by path.
 */
import { readLabelledFile } from '../server/cli/data-files.ts';
import { RETRIEVAL_DEPTH } from '../src/evaluate/index.ts';
import { evaluateRetrieval, type RetrievalScores } from '../src/metrics/index.ts';
import { predict, trainModel } from '../src/model/index.ts';
import { DenseIndex, fuseRankings, SimilarIndex, textFeatures, type RankedId } from '../src/similar/index.ts';
import { seededRandom } from '../src/sampling/index.ts';

function option(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const train = readLabelledFile(option('train'));
const test = readLabelledFile(option('test')).slice(0, Number(option('limit', 'Infinity')));
const DIMS = Number(option('dims', '128'));

interface Sparse {
  indices: Int32Array;
  values: Float64Array;
}

/** TF-IDF (1 + log tf) × idf over words and 4-grams (half weight), L2-normalised; idf from the train texts. */
function tfidfModel(texts: readonly string[]): (text: string) => Sparse {
  const dictionary = new Map<string, number>();
  const df: number[] = [];
  for (const text of texts) {
    const features = textFeatures(text);
    for (const key of [
      ...[...features.words.terms.keys()].map((w) => `w${w}`),
      ...[...features.grams.terms.keys()].map((g) => `g${g}`),
    ]) {
      let id = dictionary.get(key);
      if (id === undefined) {
        id = df.length;
        dictionary.set(key, id);
        df.push(0);
      }
      df[id]!++;
    }
  }
  const idf = df.map((count) => Math.log((texts.length + 1) / (count + 1)) + 1);
  return (text) => {
    const features = textFeatures(text);
    const entries: [number, number][] = [];
    const add = (terms: Map<string, number>, prefix: string, weight: number) => {
      for (const [term, tf] of terms) {
        const id = dictionary.get(prefix + term);
        if (id !== undefined) entries.push([id, weight * (1 + Math.log(tf)) * idf[id]!]);
      }
    };
    add(features.words.terms, 'w', 1);
    add(features.grams.terms, 'g', 0.5);
    const norm = Math.sqrt(entries.reduce((sum, [, value]) => sum + value * value, 0)) || 1;
    return {
      indices: Int32Array.from(entries.map(([id]) => id)),
      values: Float64Array.from(entries.map(([, value]) => value / norm)),
    };
  };
}

/** Columns of a (rows × cols, row-major) made orthonormal in place (modified Gram-Schmidt). */
function orthonormalize(a: Float64Array, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += a[i * cols + j]! * a[i * cols + p]!;
      for (let i = 0; i < rows; i++) a[i * cols + j]! -= dot * a[i * cols + p]!;
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += a[i * cols + j]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < rows; i++) a[i * cols + j]! /= norm;
  }
}

/** Eigenvectors of a symmetric k×k matrix by cyclic Jacobi: columns of the returned matrix, largest eigenvalue first. */
function symmetricEigen(matrix: Float64Array, k: number): { vectors: Float64Array; values: number[] } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * k + q]! - a[p * k + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p]!;
          const arq = a[r * k + q]!;
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r]!;
          const aqr = a[q * k + r]!;
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p]!;
          const vrq = v[r * k + q]!;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => a[y * k + y]! - a[x * k + x]!);
  const vectors = new Float64Array(k * k);
  order.forEach((from, to) => {
    for (let r = 0; r < k; r++) vectors[r * k + to] = v[r * k + from]!;
  });
  return { vectors, values: order.map((i) => a[i * k + i]!) };
}

/** Top-`dims` right singular vectors of the document × term matrix (randomized SVD, 2 power iterations). */
function lsaProjection(docs: readonly Sparse[], terms: number, dims: number): (x: Sparse) => Float32Array {
  const k = dims + 10;
  const random = seededRandom(77);
  // Z (terms × k) = Xᵀ G with G Gaussian-ish (sum of uniforms), then (XᵀX) Z twice.
  const xTimes = (z: Float64Array): Float64Array => {
    const out = new Float64Array(docs.length * k);
    docs.forEach((doc, d) => {
      for (let n = 0; n < doc.indices.length; n++) {
        const row = doc.indices[n]! * k;
        const value = doc.values[n]!;
        for (let j = 0; j < k; j++) out[d * k + j]! += value * z[row + j]!;
      }
    });
    return out;
  };
  const xtTimes = (y: Float64Array): Float64Array => {
    const out = new Float64Array(terms * k);
    docs.forEach((doc, d) => {
      for (let n = 0; n < doc.indices.length; n++) {
        const row = doc.indices[n]! * k;
        const value = doc.values[n]!;
        for (let j = 0; j < k; j++) out[row + j]! += value * y[d * k + j]!;
      }
    });
    return out;
  };
  const g = Float64Array.from({ length: docs.length * k }, () => random() + random() + random() - 1.5);
  let z = xtTimes(g);
  orthonormalize(z, terms, k);
  for (let power = 0; power < 2; power++) {
    z = xtTimes(xTimes(z));
    orthonormalize(z, terms, k);
  }
  // C = X Q; eigen of CᵀC gives the rotation W: V = Q W.
  const c = xTimes(z);
  const ctc = new Float64Array(k * k);
  for (let d = 0; d < docs.length; d++)
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) ctc[i * k + j]! += c[d * k + i]! * c[d * k + j]!;
  const { vectors: w } = symmetricEigen(ctc, k);
  const v = new Float64Array(terms * dims);
  for (let t = 0; t < terms; t++)
    for (let j = 0; j < dims; j++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += z[t * k + i]! * w[i * k + j]!;
      v[t * dims + j] = sum;
    }
  return (x) => {
    const out = new Float32Array(dims);
    for (let n = 0; n < x.indices.length; n++)
      for (let j = 0; j < dims; j++) out[j]! += x.values[n]! * v[x.indices[n]! * dims + j]!;
    return out;
  };
}

function score(name: string, rankings: readonly (readonly RankedId[])[]): [string, RetrievalScores] {
  return [
    name,
    evaluateRetrieval(
      rankings.map((ranking, q) => ({
        label: test[q]!.label,
        retrievedLabels: ranking.slice(0, RETRIEVAL_DEPTH).map((hit) => train[Number(hit.id)]!.label),
      })),
    ),
  ];
}

const clock = performance.now();
const index = new SimilarIndex();
train.forEach((example, position) =>
  index.add({ id: String(position), subject: '', label: example.label, status: null, createdAt: null }, example.text),
);
const lexical = test.map((example) =>
  index.search(example.text, { limit: RETRIEVAL_DEPTH }).map((hit) => ({ id: hit.ticket.id, score: hit.score })),
);
const results: [string, RetrievalScores][] = [score('lexical (SimilarIndex)', lexical)];

function denseRun(name: string, embedTrain: Float32Array[], embedTest: Float32Array[]): void {
  const dense = new DenseIndex(embedTrain[0]!.length);
  embedTrain.forEach((vector, position) => dense.add(String(position), vector));
  const denseRankings = embedTest.map((vector) => dense.search(vector, RETRIEVAL_DEPTH));
  results.push(score(`${name} alone`, denseRankings));
  results.push(
    score(
      `lexical + ${name} (RRF k=60)`,
      lexical.map((ranking, q) => fuseRankings([ranking, denseRankings[q]!])),
    ),
  );
}

const vectorize = tfidfModel(train.map((example) => example.text));
const trainSparse = train.map((example) => vectorize(example.text));
const terms = trainSparse.reduce((most, doc) => doc.indices.reduce((m, id) => Math.max(m, id + 1), most), 0);
const project = lsaProjection(trainSparse, terms, DIMS);
denseRun(
  `lsa-${DIMS}`,
  trainSparse.map(project),
  test.map((example) => project(vectorize(example.text))),
);

const model = trainModel(
  train.map((example) => ({ text: example.text, label: example.label })),
  { seed: 1, now: new Date(0) },
);
const distribution = (text: string): Float32Array => {
  const byLabel = new Map(predict(model, text).scores.map((entry) => [entry.label, entry.confidence]));
  return Float32Array.from(model.labels, (label) => byLabel.get(label) ?? 0);
};
denseRun(
  'model-probabilities',
  train.map((example) => distribution(example.text)),
  test.map((example) => distribution(example.text)),
);

process.stdout.write(
  `train ${train.length}, test ${test.length} queries, depth ${RETRIEVAL_DEPTH}, ${Math.round((performance.now() - clock) / 1000)} s\n`,
);
process.stdout.write('| ranking | P@1 | P@5 | MRR |\n|---|---|---|---|\n');
for (const [name, scores] of results)
  process.stdout.write(
    `| ${name} | ${scores.precisionAt1.toFixed(4)} | ${scores.precisionAt5.toFixed(4)} | ${scores.mrr.toFixed(4)} |\n`,
  );
