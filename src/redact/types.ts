/** A PII span: offsets into the ORIGINAL text, never the value itself. */
export interface RedactionFinding {
  type: string;
  start: number;
  end: number;
  score: number;
  recognizer: string;
}

export interface RedactOptions {
  /** Participant names (requester, agents) redacted wherever they appear, each part too. */
  knownNames?: readonly string[];
  /** Minimum score, 0..1; default 0.5. */
  threshold?: number;
  /** Values never redacted (case-insensitive exact match), e.g. the support address. */
  allowList?: readonly string[];
}
