import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ticket, TriageResult, type TicketInput } from '../../src/contract/index.ts';
import { NO_MODEL_VERSION } from '../../src/triage/index.ts';
import { triageAndStore, type TriageOutcome } from '../../server/runtime/triage-service.ts';
import type { RuntimeLlm } from '../../server/runtime/runtime.ts';
import { parseStoredResult } from '../../server/storage/index.ts';
import { chatCompletion, startFakeOpenAi, suggestionJson, type FakeOpenAi } from '../support/fake-openai.ts';
import { testRuntime, type TestRuntime } from '../support/test-runtime.ts';
import { tierFor } from '../llm/support.ts';

const ticket = (input: Partial<TicketInput> = {}): Ticket =>
  Ticket.parse({
    id: '501',
    subject: 'Webhooks stopped firing',
    description: 'Since the API update our webhooks no longer reach our endpoint.',
    ...input,
  });

function resultOf(outcome: TriageOutcome): TriageResult {
  return outcome.reused ? parseStoredResult(outcome.stored) : outcome.result;
}

const NO_MODEL = 'no local model is trained for this installation yet';

describe('triage for an installation with no model yet', () => {
  let fake: FakeOpenAi;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("answers a rule hit with the rule's label, decided review, and stores it", async () => {
    const runtime = testRuntime({ modelLoaded: false });
    const outcome = await triageAndStore(
      runtime,
      ticket({ subject: 'Our account was hacked', description: 'Someone changed our recovery e-mail.' }),
    );
    const result = TriageResult.parse(resultOf(outcome));
    expect(result).toMatchObject({ label: { name: 'security', source: 'rule' }, decision: 'review' });
    expect(result.label.reason).toContain(NO_MODEL);
    expect(await runtime.store.findResult('501', result.textHash)).not.toBeNull();
  });

  it('without a rule or an LLM, goes to review with a reason that says no model is trained yet', async () => {
    const result = resultOf(await triageAndStore(testRuntime({ modelLoaded: false }), ticket()));
    expect(result).toMatchObject({
      label: { source: 'none' },
      decision: 'review',
      versions: { model: NO_MODEL_VERSION },
    });
    expect(result.label.reason).toContain(NO_MODEL);
  });

  it("with an LLM configured (a real OpenAI-compatible server), gives the LLM's label, still review", async () => {
    fake.script('chat', { status: 200, body: chatCompletion(suggestionJson({ label: 'integrations' })) });
    const tier = tierFor(fake);
    const llm: RuntimeLlm = {
      classifier: tier.classifier,
      policy: 'uncertain',
      promptVersion: tier.promptVersion,
      status: () => ({ state: 'ready', detail: null }),
    };
    const result = resultOf(await triageAndStore(testRuntime({ modelLoaded: false, llm }), ticket()));
    expect(result).toMatchObject({
      label: { name: 'integrations', source: 'llm' },
      decision: 'review',
      tier: { llm: 'used' },
    });
    expect(result.label.reason).toContain(NO_MODEL);
    expect(fake.requests).toHaveLength(1);
  });

  it('triages again, with the model, a ticket first answered before the installation had one', async () => {
    let loaded = false;
    const runtime: TestRuntime = testRuntime({ modelLoaded: false });
    const withModel: TestRuntime = {
      ...runtime,
      model: {
        current: () =>
          loaded
            ? { version: 'double-1', classifier: runtime.classifier, labels: runtime.taxonomy.current().labelIds }
            : null,
      },
    };
    const first = await triageAndStore(withModel, ticket());
    expect(resultOf(first).versions.model).toBe(NO_MODEL_VERSION);
    // Without a model still, the stored answer is reused.
    expect((await triageAndStore(withModel, ticket())).reused).toBe(true);
    loaded = true;
    const second = await triageAndStore(withModel, ticket());
    expect(second.reused).toBe(false);
    expect(resultOf(second).versions.model).toBe('double-1');
    // And that one is reused from now on.
    expect((await triageAndStore(withModel, ticket())).reused).toBe(true);
  });
});
