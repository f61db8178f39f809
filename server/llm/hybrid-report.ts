import type { CostInfo, TierInfo } from '../../src/contract/index.ts';

/** What happened to one labelled ticket in a hybrid run. */
export interface HybridOutcome {
  /** The label people gave it. */
  readonly truth: string;
  /** What the local tier alone would have answered (rules + local model). */
  readonly localLabel: string;
  /** What the hybrid answered (the LLM's label when it was used). */
  readonly finalLabel: string;
  readonly tier: TierInfo['llm'];
  /** tier.detail: the error code when the LLM failed. */
  readonly detail?: string | null;
  readonly cost: CostInfo | null;
}

export interface HybridReport {
  readonly tickets: number;
  /** Tickets the policy sent to the LLM (answered or failed). */
  readonly sentToLlm: number;
  readonly llmShare: number;
  readonly llmAnswered: number;
  readonly llmFailed: number;
  /** Failures by code (tier.detail). */
  readonly failuresByCode: Readonly<Record<string, number>>;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly usd: number;
  readonly usdPer1000Tickets: number;
  /** Mean cost of one answered LLM call; null when none answered. */
  readonly usdPerLlmCall: number | null;
  /** Estimated cost per 1,000 tickets if every ticket went to the LLM (the design this replaces). */
  readonly allLlmUsdPer1000Tickets: number | null;
  /** 1 − hybrid cost / all-LLM cost; null without a priced call. */
  readonly savingShare: number | null;
  readonly accuracy: {
    /** Local tier alone over all tickets. */
    readonly localOnly: number;
    /** Hybrid over all tickets. */
    readonly hybrid: number;
    /** On the tickets the LLM answered: the local label's accuracy and the LLM's. */
    readonly onLlmTickets: { readonly tickets: number; readonly local: number | null; readonly llm: number | null };
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Share sent to the LLM, cost per 1,000 tickets, accuracy per tier, and the saving against LLM-for-every-ticket. */
export function hybridReport(outcomes: readonly HybridOutcome[]): HybridReport {
  const sent = outcomes.filter((outcome) => outcome.tier === 'used' || outcome.tier === 'failed');
  const answered = outcomes.filter((outcome) => outcome.tier === 'used');
  const failuresByCode: Record<string, number> = {};
  let tokensIn = 0;
  let tokensOut = 0;
  let usd = 0;
  for (const outcome of outcomes) {
    tokensIn += outcome.cost?.tokensIn ?? 0;
    tokensOut += outcome.cost?.tokensOut ?? 0;
    usd += outcome.cost?.usd ?? 0;
  }
  for (const outcome of sent) {
    if (outcome.tier !== 'failed') continue;
    const code = outcome.detail ?? 'unknown';
    failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
  }
  const answeredUsd = answered.reduce((sum, outcome) => sum + (outcome.cost?.usd ?? 0), 0);
  const usdPerLlmCall = answered.length > 0 ? answeredUsd / answered.length : null;
  const usdPer1000Tickets = ratio(usd, outcomes.length) * 1000;
  const allLlm = usdPerLlmCall === null ? null : usdPerLlmCall * 1000;
  const correct = (label: string, outcome: HybridOutcome) => label === outcome.truth;
  return {
    tickets: outcomes.length,
    sentToLlm: sent.length,
    llmShare: round(ratio(sent.length, outcomes.length), 4),
    llmAnswered: answered.length,
    llmFailed: sent.length - answered.length,
    failuresByCode,
    tokensIn,
    tokensOut,
    usd: round(usd),
    usdPer1000Tickets: round(usdPer1000Tickets),
    usdPerLlmCall: usdPerLlmCall === null ? null : round(usdPerLlmCall),
    allLlmUsdPer1000Tickets: allLlm === null ? null : round(allLlm),
    savingShare: allLlm === null || allLlm === 0 ? null : round(1 - usdPer1000Tickets / allLlm, 4),
    accuracy: {
      localOnly: round(
        ratio(outcomes.filter((outcome) => correct(outcome.localLabel, outcome)).length, outcomes.length),
        4,
      ),
      hybrid: round(
        ratio(outcomes.filter((outcome) => correct(outcome.finalLabel, outcome)).length, outcomes.length),
        4,
      ),
      onLlmTickets: {
        tickets: answered.length,
        local:
          answered.length === 0
            ? null
            : round(
                ratio(answered.filter((outcome) => correct(outcome.localLabel, outcome)).length, answered.length),
                4,
              ),
        llm:
          answered.length === 0
            ? null
            : round(
                ratio(answered.filter((outcome) => correct(outcome.finalLabel, outcome)).length, answered.length),
                4,
              ),
      },
    },
  };
}
