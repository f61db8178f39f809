import { MAP_ENTRY_BYTES, POINTER_BYTES, stringBytes } from '../text/index.ts';
import { TopK } from './top-k.ts';

/**
 * Brute-force cosine search over unit vectors in one Float32Array: the embeddings hook. At 100k × 256 dims that
 * is 100 MB and one pass per query; an approximate index only pays off well beyond that.
 */
export class DenseIndex {
  private vectors: Float32Array;
  private ids: string[] = [];
  private readonly slotById = new Map<string, number>();
  private idBytes = 0;

  constructor(readonly dimensions: number) {
    if (!Number.isInteger(dimensions) || dimensions < 1)
      throw new RangeError('DenseIndex: dimensions must be a positive integer');
    this.vectors = new Float32Array(dimensions * 64);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Estimated heap bytes: the vectors' array (with its spare room) and each id's string, element and map entry. */
  get residentBytes(): number {
    return this.vectors.byteLength + this.idBytes;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** A copy of the stored (normalised) vector of `id`. */
  get(id: string): Float32Array | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.vectors.slice(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  /** Adds or replaces the vector of `id`; stored normalised, so a zero vector matches nothing. */
  add(id: string, vector: Float32Array): void {
    this.check(vector);
    let slot = this.slotById.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      if ((slot + 1) * this.dimensions > this.vectors.length) {
        const next = new Float32Array(this.vectors.length * 2);
        next.set(this.vectors);
        this.vectors = next;
      }
      this.ids.push(id);
      this.slotById.set(id, slot);
      this.idBytes += stringBytes(id) + POINTER_BYTES + MAP_ENTRY_BYTES;
    }
    const norm = euclideanNorm(vector);
    const offset = slot * this.dimensions;
    for (let i = 0; i < this.dimensions; i++) this.vectors[offset + i] = norm > 0 ? vector[i]! / norm : 0;
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    // The last vector moves into the hole, so the array stays dense.
    const last = this.ids.length - 1;
    if (slot !== last) {
      this.vectors.copyWithin(slot * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      const moved = this.ids[last]!;
      this.ids[slot] = moved;
      this.slotById.set(moved, slot);
    }
    this.ids.pop();
    this.slotById.delete(id);
    this.idBytes -= stringBytes(id) + POINTER_BYTES + MAP_ENTRY_BYTES;
  }

  /** Ids by cosine similarity to `vector` (-1..1), best first. */
  search(vector: Float32Array, limit: number): { id: string; score: number }[] {
    this.check(vector);
    const count = Math.min(Math.floor(limit), this.ids.length);
    if (!(count > 0)) return [];
    const norm = euclideanNorm(vector);
    if (norm === 0) return [];
    const best = new TopK(count);
    const { vectors, dimensions } = this;
    for (let slot = 0; slot < this.ids.length; slot++) {
      let dot = 0;
      const offset = slot * dimensions;
      for (let i = 0; i < dimensions; i++) dot += vectors[offset + i]! * vector[i]!;
      best.push(dot / norm, slot);
    }
    return best.drain().map(({ score, slot }) => ({ id: this.ids[slot]!, score }));
  }

  /** Cosine similarity of `vector` to each of `ids` that has a vector, best first: re-ranking a candidate list. */
  similarities(vector: Float32Array, ids: readonly string[]): { id: string; score: number }[] {
    this.check(vector);
    const norm = euclideanNorm(vector);
    if (norm === 0) return [];
    const scored: { id: string; score: number }[] = [];
    for (const id of new Set(ids)) {
      const slot = this.slotById.get(id);
      if (slot === undefined) continue;
      let dot = 0;
      const offset = slot * this.dimensions;
      for (let i = 0; i < this.dimensions; i++) dot += this.vectors[offset + i]! * vector[i]!;
      scored.push({ id, score: dot / norm });
    }
    return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private check(vector: Float32Array): void {
    if (vector.length !== this.dimensions)
      throw new RangeError(`DenseIndex: vector has ${vector.length} dimensions, index has ${this.dimensions}`);
  }
}

function euclideanNorm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}
