import type { TicketStatus } from '../contract/index.ts';
import { textFeatures, type FieldTerms, type TextFeatures } from './features.ts';
import { MAX_SLOT, PostingStore } from './posting-store.ts';
import { TopK } from './top-k.ts';
import { MAP_ENTRY_BYTES, OBJECT_HEADER_BYTES, POINTER_BYTES, stringBytes } from '../text/index.ts';

/** What the index keeps of a past ticket besides its postings: no text beyond the (redacted) subject. */
export interface IndexedTicket {
  id: string;
  subject: string;
  label: string | null;
  status: TicketStatus | null;
  createdAt: string | null;
}

/** One search result; `score` is 0..1 (BM25 divided by the query's score against itself, capped at 1). */
export interface SimilarHit {
  ticket: IndexedTicket;
  score: number;
}

export interface SearchOptions {
  limit: number;
  excludeId?: string;
  filter?: (ticket: IndexedTicket) => boolean;
}

/** Size figures for benchmarks and capacity planning. */
export interface IndexStats {
  tickets: number;
  terms: number;
  postings: number;
  /** Bytes held by typed arrays (postings, lengths, accumulators); the term dictionary and metadata come on top. */
  typedArrayBytes: number;
  /**
   * Estimated heap bytes of everything the index holds: the typed arrays, the term dictionary (strings and map
   * entries) and each ticket's metadata (object, id and subject strings, slot entry). Label and status strings are
   * shared between tickets and not counted.
   */
  residentBytes: number;
}

// Textbook BM25 constants: tuning them on one data set would only fit that data set.
const K1 = 1.2;
const B = 0.75;
/** Character 4-grams count half as much as whole words: they back words up, they do not outvote them. */
const GRAM_WEIGHT = 0.5;
/** Query terms scored, the rarest first; a long ticket as a query has hundreds and the common ones barely move a rank. */
const MAX_QUERY_TERMS = 96;
/**
 * Search runs in two stages once a query's posting lists are long. The rarest query terms are scored over their whole
 * posting lists until their postings add up to `firstStageShare` of the index (never less than
 * `minFirstStagePostings`) and at least `candidates` tickets have a score; the best `candidates` tickets so far are
 * then scored on the remaining, common terms from
 * each ticket's own term list. Common words and 4-grams touch most of the index but rarely decide which tickets come
 * out on top. `firstStageShare: Infinity` scores every term in full (exact BM25).
 */
export interface SearchTuning {
  firstStageShare: number;
  minFirstStagePostings: number;
  candidates: number;
}

/**
 * Chosen on the demo generator's tickets (100k, `npm run bench -- --only similar` reports the agreement with exact
 * scoring) and checked on BANKING77 retrieval, where P@1/P@5/MRR stay within 0.001 of exact scoring.
 */
export const DEFAULT_SEARCH_TUNING: Readonly<SearchTuning> = Object.freeze({
  firstStageShare: 0.002,
  minFirstStagePostings: 10_000,
  candidates: 256,
});
/** Largest term id a ticket's own term list can hold: term and term frequency share one 32-bit word. */
const MAX_TERM = 2 ** 24 - 1;
/** Dead slots (removed or replaced tickets) tolerated before postings are rewritten. */
const DEAD_SHARE = 0.25;
const MIN_DEAD_FOR_COMPACTION = 64;
const HOLE_ALLOWANCE = 1 << 20;
/** Gram terms share the dictionary with words behind a prefix no token can start with. */
const GRAM_PREFIX = '\u0001';

interface QueryTerm {
  term: number;
  grams: boolean;
  weight: number;
}

/**
 * In-process lexical index of past tickets, updated one ticket at a time. Ranks by BM25 over two fields — words
 * from `tokenize` (CJK bigrams, Vietnamese with and without diacritics) and character 4-grams at half weight — and
 * keeps only postings in typed arrays plus each ticket's small metadata; the text itself is dropped after indexing.
 * Removal marks a slot dead; postings are rewritten once a quarter of the slots are dead.
 */
export class SimilarIndex {
  private readonly tuning: Readonly<SearchTuning>;
  private readonly dictionary = new Map<string, number>();
  private readonly postings = new PostingStore();
  private readonly slotById = new Map<string, number>();
  private tickets: (IndexedTicket | undefined)[] = [];
  /** 1 for a slot that holds a live ticket: read instead of `tickets[slot]`, whose pointers are scattered in memory. */
  private alive = new Uint8Array(1024);
  private wordLengths = new Uint32Array(1024);
  private gramLengths = new Uint32Array(1024);
  /** Each slot's own terms as (term << 8 | tf): slot s owns `forward[forwardStarts[s] .. forwardStarts[s + 1])`. */
  private forward = new Uint32Array(1 << 16);
  private forwardStarts = new Uint32Array(1025);
  /** 1 where a term id is a character 4-gram, 0 for a word. */
  private termIsGram = new Uint8Array(1024);
  private totalWords = 0;
  private totalGrams = 0;
  private dead = 0;
  /** Heap bytes of the dictionary's keys and of live tickets' metadata, kept as they change (see IndexStats). */
  private dictionaryBytes = 0;
  private ticketBytes = 0;
  // Reused across queries so a search allocates nothing in proportion to the index.
  private scores = new Float32Array(0);
  private touched = new Int32Array(0);
  private restWeights = new Float32Array(0);
  /** The last text's terms: a triage searches with a ticket's text, maybe again for an escalation, then adds it. */
  private lastText: string | null = null;
  private lastFeatures: TextFeatures | null = null;

  constructor(tuning: Partial<SearchTuning> = {}) {
    this.tuning = { ...DEFAULT_SEARCH_TUNING, ...tuning };
  }

  get size(): number {
    return this.slotById.size;
  }

  get(id: string): IndexedTicket | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.tickets[slot];
  }

  /** Adds a ticket, or replaces the one with the same id (its old words stop matching). */
  add(ticket: IndexedTicket, text: string): void {
    this.remove(ticket.id);
    if (this.tickets.length > MAX_SLOT) this.compact();
    if (this.tickets.length > MAX_SLOT) throw new RangeError(`the similar index holds at most ${MAX_SLOT + 1} tickets`);
    const features = this.features(text);
    const slot = this.tickets.length;
    if (slot === this.wordLengths.length) {
      this.wordLengths = growUint32(this.wordLengths, slot * 2);
      this.gramLengths = growUint32(this.gramLengths, slot * 2);
      this.forwardStarts = growUint32(this.forwardStarts, slot * 2 + 1);
      this.alive = growUint8(this.alive, slot * 2);
    }
    const start = this.forwardStarts[slot]!;
    const end = start + features.words.terms.size + features.grams.terms.size;
    if (end > this.forward.length) this.forward = growUint32(this.forward, Math.max(this.forward.length * 2, end));
    this.indexField(features.grams, GRAM_PREFIX, slot, this.indexField(features.words, '', slot, start));
    this.forwardStarts[slot + 1] = end;
    this.wordLengths[slot] = features.words.length;
    this.gramLengths[slot] = features.grams.length;
    this.totalWords += features.words.length;
    this.totalGrams += features.grams.length;
    const { id, subject, label, status, createdAt } = ticket;
    this.tickets.push(Object.freeze({ id, subject, label, status, createdAt }));
    this.ticketBytes += metadataBytes(id, subject);
    this.alive[slot] = 1;
    this.slotById.set(id, slot);
    // Lists that outgrew their room leave holes behind; rewrite once holes outweigh postings twice over.
    if (this.postings.poolWords > 3 * this.postings.postings + HOLE_ALLOWANCE) this.compact();
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.slotById.delete(id);
    const ticket = this.tickets[slot]!;
    this.ticketBytes -= metadataBytes(ticket.id, ticket.subject);
    this.tickets[slot] = undefined;
    this.alive[slot] = 0;
    this.totalWords -= this.wordLengths[slot]!;
    this.totalGrams -= this.gramLengths[slot]!;
    this.dead++;
    if (this.dead >= MIN_DEAD_FOR_COMPACTION && this.dead >= this.tickets.length * DEAD_SHARE) this.compact();
  }

  /** Tickets most similar to `text`, best first, with scores in 0..1. */
  search(text: string, options: SearchOptions): SimilarHit[] {
    return this.searchEach(text, [options])[0]!;
  }

  /**
   * Several searches with one text (e.g. a draft's similar tickets and, filtered, an escalation's open twin): the
   * query terms and the first stage are worked out once, then each search picks and scores its own candidates.
   * The same answers as `search` with each option set alone.
   */
  searchEach(text: string, requests: readonly SearchOptions[]): SimilarHit[][] {
    const limits = requests.map((options) => Math.floor(options.limit));
    const live = this.slotById.size;
    const wanted = limits.filter((limit) => limit > 0);
    if (wanted.length === 0 || live === 0) return requests.map(() => []);
    const features = this.features(text);
    const averageWords = this.totalWords / live || 1;
    const averageGrams = this.totalGrams / live || 1;
    const queryTerms: QueryTerm[] = [];
    const selfScore =
      this.collectTerms(features.words, '', 1, averageWords, live, queryTerms) +
      this.collectTerms(features.grams, GRAM_PREFIX, GRAM_WEIGHT, averageGrams, live, queryTerms);
    if (selfScore === 0 || queryTerms.length === 0) return requests.map(() => []);
    queryTerms.sort((a, b) => b.weight - a.weight);
    if (queryTerms.length > MAX_QUERY_TERMS) queryTerms.length = MAX_QUERY_TERMS;

    const averages = { words: averageWords, grams: averageGrams };
    const enough = Math.max(Math.max(...wanted), this.tuning.candidates);
    const budget = Math.max(this.tuning.minFirstStagePostings, this.tuning.firstStageShare * this.postings.postings);
    this.prepareAccumulator();
    // First stage: the rarest terms in full, until their postings reach the budget and enough tickets have a score.
    let touchedCount = 0;
    let postings = 0;
    let split = 0;
    for (; split < queryTerms.length; split++) {
      const df = this.postings.documentFrequency(queryTerms[split]!.term);
      if (split > 0 && postings + df > budget && touchedCount >= enough) break;
      postings += df;
      touchedCount = this.accumulate(queryTerms[split]!, averages, touchedCount);
    }
    const exact = split === queryTerms.length;
    const heaps = this.select(
      touchedCount,
      requests.map((options, index) => ({
        options,
        size: limits[index]! > 0 ? (exact ? limits[index]! : Math.max(limits[index]!, this.tuning.candidates)) : 0,
      })),
    );
    return heaps.map((heap, index) => {
      if (heap === null) return [];
      if (exact) return heap.drain().map(({ score, slot }) => this.hit(slot, score, selfScore));
      const best = new TopK(limits[index]!);
      this.scoreRest(heap.drain(), queryTerms.slice(split), averages, best);
      return best.drain().map(({ score, slot }) => this.hit(slot, score, selfScore));
    });
  }

  stats(): IndexStats {
    const lengthsBytes = this.wordLengths.byteLength + this.gramLengths.byteLength + this.alive.byteLength;
    const typedArrayBytes =
      this.postings.byteLength +
      lengthsBytes +
      this.forward.byteLength +
      this.forwardStarts.byteLength +
      this.termIsGram.byteLength +
      this.restWeights.byteLength +
      this.scores.byteLength +
      this.touched.byteLength;
    return {
      tickets: this.size,
      terms: this.postings.terms,
      postings: this.postings.postings,
      typedArrayBytes,
      // Dead slots still hold an array element until compaction.
      residentBytes: typedArrayBytes + this.dictionaryBytes + this.ticketBytes + this.tickets.length * POINTER_BYTES,
    };
  }

  private features(text: string): TextFeatures {
    if (text !== this.lastText || this.lastFeatures === null) {
      this.lastFeatures = textFeatures(text);
      this.lastText = text;
    }
    return this.lastFeatures;
  }

  /** Appends the field's postings and writes its terms to the slot's own list from `at`; returns where that list goes on. */
  private indexField(field: FieldTerms, prefix: string, slot: number, at: number): number {
    for (const [token, tf] of field.terms) {
      const key = prefix + token;
      let term = this.dictionary.get(key);
      if (term === undefined) {
        if (this.postings.terms > MAX_TERM)
          throw new RangeError(`the similar index holds at most ${MAX_TERM + 1} distinct terms`);
        term = this.postings.addTerm();
        this.dictionary.set(key, term);
        this.dictionaryBytes += stringBytes(key) + MAP_ENTRY_BYTES;
        if (term >= this.termIsGram.length) this.termIsGram = growUint8(this.termIsGram, term * 2);
        this.termIsGram[term] = prefix === '' ? 0 : 1;
      }
      this.postings.append(term, slot, tf);
      this.forward[at++] = term * 256 + Math.min(tf, 255);
    }
    return at;
  }

  /**
   * Adds the field's known terms to `out` with their idf-weighted bound, and returns the field's share of the
   * query's BM25 score against itself (unknown terms included: words no past ticket has make a match less close).
   */
  private collectTerms(
    field: FieldTerms,
    prefix: string,
    fieldWeight: number,
    average: number,
    live: number,
    out: QueryTerm[],
  ): number {
    let selfScore = 0;
    const norm = K1 * (1 - B + (B * field.length) / average);
    for (const [token, tf] of field.terms) {
      const term = this.dictionary.get(prefix + token);
      // Dead postings still count in df until compaction; never let df pass the live count.
      const df = term === undefined ? 0 : Math.min(live, this.postings.documentFrequency(term));
      const weight = fieldWeight * Math.log(1 + (live - df + 0.5) / (df + 0.5));
      selfScore += (weight * tf * (K1 + 1)) / (tf + norm);
      if (term !== undefined && df > 0) out.push({ term, grams: prefix !== '', weight });
    }
    return selfScore;
  }

  private hit(slot: number, score: number, selfScore: number): SimilarHit {
    return { ticket: this.tickets[slot]!, score: Math.min(1, score / selfScore) };
  }

  private prepareAccumulator(): void {
    const slots = this.tickets.length;
    if (this.scores.length < slots) {
      this.scores = new Float32Array(Math.max(1024, slots * 2));
      this.touched = new Int32Array(Math.max(1024, slots * 2));
    }
  }

  /** Term-at-a-time BM25 of one term into the reused accumulator; returns how many slots are now touched (listed in `touched`). */
  private accumulate(queryTerm: QueryTerm, averages: { words: number; grams: number }, touchedBefore: number): number {
    const { scores, touched } = this;
    const { term, grams, weight } = queryTerm;
    const lengths = grams ? this.gramLengths : this.wordLengths;
    const constant = K1 * (1 - B);
    const perToken = (K1 * B) / (grams ? averages.grams : averages.words);
    const scale = weight * (K1 + 1);
    const { pool, start, length } = this.postings.list(term);
    let touchedCount = touchedBefore;
    for (let i = start, end = start + length; i < end; i++) {
      const value = pool[i]!;
      const slot = value >>> 8;
      const tf = value & 255;
      if (scores[slot] === 0) touched[touchedCount++] = slot;
      scores[slot] = scores[slot]! + (scale * tf) / (tf + constant + perToken * lengths[slot]!);
    }
    return touchedCount;
  }

  /**
   * For each request, the `size` best live slots it wants among those the accumulator touched (null where size is
   * 0), in one pass that clears the accumulator as it reads it.
   */
  private select(touchedCount: number, requests: readonly { options: SearchOptions; size: number }[]): (TopK | null)[] {
    const heaps = requests.map(({ size }) => (size > 0 ? new TopK(size) : null));
    const { scores, touched, tickets, alive } = this;
    // Compared by slot: reading each ticket's id would visit scattered objects.
    const excluded = requests.map(({ options }) =>
      options.excludeId === undefined ? -1 : (this.slotById.get(options.excludeId) ?? -1),
    );
    const filters = requests.map(({ options }) => options.filter);
    let i = 0;
    try {
      for (; i < touchedCount; i++) {
        const slot = touched[i]!;
        const score = scores[slot]!;
        scores[slot] = 0;
        if (alive[slot] === 0) continue;
        for (let r = 0; r < heaps.length; r++) {
          const best = heaps[r];
          if (!best || slot === excluded[r] || !best.accepts(score)) continue;
          const filter = filters[r];
          if (filter && !filter(tickets[slot]!)) continue;
          best.push(score, slot);
        }
      }
    } finally {
      // A throwing filter must not leave stale scores for the next query.
      for (; i < touchedCount; i++) scores[touched[i]!] = 0;
    }
    return heaps;
  }

  /** Second stage: adds the remaining terms' BM25 to each candidate's first-stage score, read from the slot's own term list. */
  private scoreRest(
    candidates: readonly { score: number; slot: number }[],
    rest: readonly QueryTerm[],
    averages: { words: number; grams: number },
    best: TopK,
  ): void {
    if (this.restWeights.length < this.postings.terms)
      this.restWeights = new Float32Array(Math.max(1024, this.postings.terms * 2));
    const { restWeights, forward, forwardStarts, termIsGram, wordLengths, gramLengths } = this;
    for (const { term, weight } of rest) restWeights[term] = weight * (K1 + 1);
    const constant = K1 * (1 - B);
    const perWord = (K1 * B) / averages.words;
    const perGram = (K1 * B) / averages.grams;
    try {
      for (const { score: firstStage, slot } of candidates) {
        let score = firstStage;
        const wordNorm = constant + perWord * wordLengths[slot]!;
        const gramNorm = constant + perGram * gramLengths[slot]!;
        for (let i = forwardStarts[slot]!, end = forwardStarts[slot + 1]!; i < end; i++) {
          const value = forward[i]!;
          const scale = restWeights[value >>> 8]!;
          if (scale === 0) continue;
          const tf = value & 255;
          score += (scale * tf) / (tf + (termIsGram[value >>> 8] === 1 ? gramNorm : wordNorm));
        }
        best.push(score, slot);
      }
    } finally {
      for (const { term } of rest) restWeights[term] = 0;
    }
  }

  /** Drops dead slots: renumbers live tickets densely (order kept, so posting lists stay sorted). */
  private compact(): void {
    const remap = new Int32Array(this.tickets.length).fill(-1);
    const tickets: IndexedTicket[] = [];
    const wordLengths = new Uint32Array(Math.max(1024, this.size * 2));
    const gramLengths = new Uint32Array(wordLengths.length);
    const forwardStarts = new Uint32Array(wordLengths.length + 1);
    const alive = new Uint8Array(wordLengths.length);
    let forwardUsed = 0;
    this.tickets.forEach((ticket, slot) => {
      if (ticket === undefined) return;
      const next = tickets.length;
      remap[slot] = next;
      wordLengths[next] = this.wordLengths[slot]!;
      gramLengths[next] = this.gramLengths[slot]!;
      alive[next] = 1;
      // Live lists move down in place: a slot's list never starts before where it will be written.
      const start = this.forwardStarts[slot]!;
      const end = this.forwardStarts[slot + 1]!;
      this.forward.copyWithin(forwardUsed, start, end);
      forwardStarts[next] = forwardUsed;
      forwardUsed += end - start;
      forwardStarts[next + 1] = forwardUsed;
      tickets.push(ticket);
      this.slotById.set(ticket.id, next);
    });
    this.forwardStarts = forwardStarts;
    this.alive = alive;
    this.postings.compact(remap);
    this.tickets = tickets;
    this.wordLengths = wordLengths;
    this.gramLengths = gramLengths;
    this.dead = 0;
  }
}

/** A ticket's metadata object (five fields), its id and subject strings and its slot map entry. */
function metadataBytes(id: string, subject: string): number {
  return OBJECT_HEADER_BYTES + 5 * POINTER_BYTES + stringBytes(id) + stringBytes(subject) + MAP_ENTRY_BYTES;
}

function growUint8(array: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(size);
  next.set(array);
  return next;
}

function growUint32(array: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(size);
  next.set(array);
  return next;
}
