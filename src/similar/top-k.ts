/** The k best (score, slot) pairs seen so far: a binary min-heap on two typed arrays, best first on `drain`. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly slots: Int32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(Math.max(1, capacity));
    this.slots = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** Whether a score would enter: cheap to ask before running a filter on the candidate. */
  accepts(score: number): boolean {
    return this.count < this.capacity || score > this.scores[0]!;
  }

  push(score: number, slot: number): void {
    if (this.count < this.capacity) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.scores[i] = this.scores[parent]!;
        this.slots[i] = this.slots[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.slots[i] = slot;
      return;
    }
    if (score <= this.scores[0]!) return;
    this.siftDown(score, slot);
  }

  /** Pairs sorted by score, highest first. */
  drain(): { score: number; slot: number }[] {
    const out: { score: number; slot: number }[] = [];
    for (let i = 0; i < this.count; i++) out.push({ score: this.scores[i]!, slot: this.slots[i]! });
    this.count = 0;
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  private siftDown(score: number, slot: number): void {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.count) break;
      const right = left + 1;
      const child = right < this.count && this.scores[right]! < this.scores[left]! ? right : left;
      if (this.scores[child]! >= score) break;
      this.scores[i] = this.scores[child]!;
      this.slots[i] = this.slots[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.slots[i] = slot;
  }
}
