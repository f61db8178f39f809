/** Largest document slot a posting can hold: slot and term frequency share one 32-bit word. */
export const MAX_SLOT = 2 ** 24 - 1;
const MAX_TF = 255;
const MIN_CAPACITY = 2;

/**
 * Posting lists of every term, packed in one growing Uint32Array as (slot << 8 | tf), each list contiguous and
 * sorted by slot (slots only grow between compactions). A full list moves to the end of the pool with twice the
 * room; the hole it leaves is reclaimed by `compact`. Per term the store keeps three integers, not an object.
 */
export class PostingStore {
  private pool = new Uint32Array(1 << 16);
  private used = 0;
  private starts = new Int32Array(1 << 10);
  private lengths = new Int32Array(1 << 10);
  private capacities = new Int32Array(1 << 10);
  private termCount = 0;
  private postingCount = 0;

  /** Registers a new, empty term and returns its id. */
  addTerm(): number {
    if (this.termCount === this.starts.length) {
      this.starts = grow(this.starts, this.starts.length * 2);
      this.lengths = grow(this.lengths, this.lengths.length * 2);
      this.capacities = grow(this.capacities, this.capacities.length * 2);
    }
    return this.termCount++;
  }

  get terms(): number {
    return this.termCount;
  }

  /** Words of the pool in use, holes included (memory accounting). */
  get poolWords(): number {
    return this.used;
  }

  /** Bytes of the typed arrays behind the lists. */
  get byteLength(): number {
    return this.pool.byteLength + this.starts.byteLength + this.lengths.byteLength + this.capacities.byteLength;
  }

  /** Postings stored (dead slots included until the next compaction). */
  get postings(): number {
    return this.postingCount;
  }

  /** Number of postings of a term (dead slots included until the next compaction). */
  documentFrequency(term: number): number {
    return this.lengths[term]!;
  }

  append(term: number, slot: number, tf: number): void {
    if (slot > MAX_SLOT) throw new RangeError(`posting slot ${slot} exceeds ${MAX_SLOT}`);
    const length = this.lengths[term]!;
    if (length === this.capacities[term]!) this.relocate(term, Math.max(MIN_CAPACITY, length * 2));
    this.pool[this.starts[term]! + length] = slot * 256 + Math.min(tf, MAX_TF);
    this.lengths[term] = length + 1;
    this.postingCount++;
  }

  /** The pool and the range of a term's postings: read `pool[start .. start + length)`, slot = v >>> 8, tf = v & 255. */
  list(term: number): { pool: Uint32Array; start: number; length: number } {
    return { pool: this.pool, start: this.starts[term]!, length: this.lengths[term]! };
  }

  /** Rewrites every list tightly, renumbering slots by `remap` (-1 drops the posting). */
  compact(remap: Int32Array): void {
    let total = 0;
    for (let term = 0; term < this.termCount; term++) total += this.lengths[term]!;
    const pool = new Uint32Array(Math.max(1 << 16, Math.ceil(total * 1.25)));
    let used = 0;
    for (let term = 0; term < this.termCount; term++) {
      const start = this.starts[term]!;
      const end = start + this.lengths[term]!;
      const newStart = used;
      for (let i = start; i < end; i++) {
        const value = this.pool[i]!;
        const slot = remap[value >>> 8]!;
        if (slot >= 0) pool[used++] = slot * 256 + (value & MAX_TF);
      }
      this.starts[term] = newStart;
      this.lengths[term] = used - newStart;
      this.capacities[term] = used - newStart;
    }
    this.pool = pool;
    this.used = used;
    this.postingCount = used;
  }

  private relocate(term: number, capacity: number): void {
    if (this.used + capacity > this.pool.length) {
      this.pool = grow(this.pool, Math.max(this.pool.length * 2, this.used + capacity));
    }
    const start = this.starts[term]!;
    const length = this.lengths[term]!;
    // A list at the end of the pool grows in place.
    if (start + this.capacities[term]! === this.used && length > 0) {
      this.used += capacity - this.capacities[term]!;
    } else {
      this.pool.copyWithin(this.used, start, start + length);
      this.starts[term] = this.used;
      this.used += capacity;
    }
    this.capacities[term] = capacity;
  }
}

function grow<T extends Int32Array | Uint32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array);
  return next;
}
