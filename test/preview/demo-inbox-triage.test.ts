import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/contract/index.ts';
import { textHash } from '../../src/triage/index.ts';
import { buildPreviewTickets, previewTicketInput, triageDemoInbox } from '../../server/preview/index.ts';
import { parseStoredResult } from '../../server/storage/index.ts';
import { testRuntime } from '../support/test-runtime.ts';

describe('triageDemoInbox', () => {
  it('triages the inbox with the local tiers only, never spending the LLM budget at start', async () => {
    let llmCalls = 0;
    const classifier = {
      id: 'llm-double',
      async classify(): Promise<never> {
        llmCalls++;
        throw new Error('the LLM must not be called');
      },
    };
    const runtime = testRuntime({
      llm: { classifier, policy: 'always', promptVersion: 'p1', status: () => ({ state: 'on', detail: null }) },
    });
    const incoming = buildPreviewTickets().incoming.slice(0, 5);
    const decisions = await triageDemoInbox(runtime, incoming, pino({ level: 'silent' }));
    expect(Object.values(decisions).reduce((sum, count) => sum + count, 0)).toBe(5);
    expect(llmCalls).toBe(0);
    const stored = await runtime.store.findResult(
      String(incoming[0]!.id),
      await textHash(Ticket.parse(previewTicketInput(incoming[0]!))),
    );
    expect(parseStoredResult(stored!).tier.llm).toBe('off');
  });
});
