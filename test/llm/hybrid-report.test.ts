import { describe, expect, it } from 'vitest';
import { hybridReport, type HybridOutcome } from '../../server/llm/index.ts';

const cost = (usd: number) => ({ tokensIn: 1000, tokensOut: 100, usd });
const outcome = (over: Partial<HybridOutcome>): HybridOutcome => ({
  truth: 'billing',
  localLabel: 'billing',
  finalLabel: 'billing',
  tier: 'skipped',
  cost: null,
  ...over,
});

describe('hybridReport', () => {
  it('reports the share sent to the LLM, cost per 1,000 tickets, accuracy per tier and the saving', () => {
    const outcomes: HybridOutcome[] = [
      ...Array.from({ length: 6 }, () => outcome({})),
      outcome({ truth: 'bug', localLabel: 'billing', finalLabel: 'billing' }),
      outcome({ truth: 'bug', localLabel: 'how_to', finalLabel: 'bug', tier: 'used', cost: cost(0.002) }),
      outcome({
        truth: 'integrations',
        localLabel: 'bug',
        finalLabel: 'integrations',
        tier: 'used',
        cost: cost(0.002),
      }),
      outcome({ truth: 'how_to', localLabel: 'how_to', finalLabel: 'how_to', tier: 'failed', detail: 'LLM_TIMEOUT' }),
    ];
    expect(hybridReport(outcomes)).toEqual({
      tickets: 10,
      sentToLlm: 3,
      llmShare: 0.3,
      llmAnswered: 2,
      llmFailed: 1,
      failuresByCode: { LLM_TIMEOUT: 1 },
      tokensIn: 2000,
      tokensOut: 200,
      usd: 0.004,
      usdPer1000Tickets: 0.4,
      usdPerLlmCall: 0.002,
      allLlmUsdPer1000Tickets: 2,
      savingShare: 0.8,
      accuracy: { localOnly: 0.7, hybrid: 0.9, onLlmTickets: { tickets: 2, local: 0, llm: 1 } },
    });
  });

  it('has no per-call cost or saving when the LLM never answered, and copes with no tickets', () => {
    const report = hybridReport([outcome({ tier: 'off' })]);
    expect(report).toMatchObject({
      llmShare: 0,
      usdPerLlmCall: null,
      allLlmUsdPer1000Tickets: null,
      savingShare: null,
      accuracy: { localOnly: 1, hybrid: 1, onLlmTickets: { tickets: 0, local: null, llm: null } },
    });
    expect(hybridReport([])).toMatchObject({
      tickets: 0,
      llmShare: 0,
      usdPer1000Tickets: 0,
      accuracy: { localOnly: 0, hybrid: 0 },
    });
  });
});
