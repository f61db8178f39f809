/** One regular expression a recognizer runs; group 1, when present, is the value span. */
export interface PatternSpec {
  readonly name: string;
  readonly regex: RegExp;
  /** Score before context and validation, 0..1. */
  readonly score: number;
}

/** A span a recognizer proposes before threshold and overlap resolution. */
export interface Candidate {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly recognizer: string;
}

/** Where a value sits, for `invalidate` rules that look at the words around it. */
export interface SpanPosition {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Options a recognizer may read: known participant names. */
export interface RecognizerContext {
  readonly knownNames: readonly string[];
}

/**
 * Presidio's PatternRecognizer: patterns with a base score, context words that raise it,
 * and hooks. `validate` returning false drops the span, true raises it to 1; `invalidate`
 * returning true drops it (known fakes, impossible values).
 */
export interface Recognizer {
  readonly name: string;
  readonly type: string;
  readonly patterns: readonly PatternSpec[];
  readonly context?: readonly string[];
  /** Score of a span `validate` confirms; default 1. */
  readonly validatedScore?: number;
  validate?(value: string): boolean | undefined;
  invalidate?(value: string, where: SpanPosition): boolean;
  /** For recognizers that are not just patterns (known names). */
  find?(text: string, context: RecognizerContext): Candidate[];
  /**
   * Whether the recognizer runs on this text at all, asked once per text (Presidio's supported language): the
   * Japanese name cues only where there is kana, the Chinese ones only where there is Han and no kana.
   */
  appliesTo?(text: string): boolean;
}
