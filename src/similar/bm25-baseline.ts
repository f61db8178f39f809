import { tokenize } from '../text/index.ts';
import { TopK } from './top-k.ts';

const K1 = 1.2;
const B = 0.75;

export interface Bm25Document {
  id: string;
  text: string;
}

/**
 * Plain textbook BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5)), each distinct query term
 * once) over `tokenize` words: the baseline the product's ranker is measured against. Builds its index once and
 * ranks every query; scores are raw BM25, not normalised.
 */
export function bm25Rank(
  documents: readonly Bm25Document[],
  queries: readonly string[],
  options: { limit: number },
): { id: string; score: number }[][] {
  const postings = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths = new Float64Array(documents.length);
  let total = 0;
  documents.forEach((document, index) => {
    const counts = new Map<string, number>();
    const tokens = tokenize(document.text);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [token, tf] of counts) {
      let list = postings.get(token);
      if (!list) postings.set(token, (list = { docs: [], tfs: [] }));
      list.docs.push(index);
      list.tfs.push(tf);
    }
    lengths[index] = tokens.length;
    total += tokens.length;
  });
  const count = documents.length;
  const average = total / count || 1;
  const scores = new Float64Array(count);
  return queries.map((query) => {
    scores.fill(0);
    for (const token of new Set(tokenize(query))) {
      const list = postings.get(token);
      if (!list) continue;
      const idf = Math.log(1 + (count - list.docs.length + 0.5) / (list.docs.length + 0.5));
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const tf = list.tfs[i]!;
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[doc]!) / average));
      }
    }
    const best = new TopK(Math.max(1, Math.min(options.limit, count)));
    for (let doc = 0; doc < count; doc++) if (scores[doc]! > 0) best.push(scores[doc]!, doc);
    return best.drain().map(({ score, slot }) => ({ id: documents[slot]!.id, score }));
  });
}
