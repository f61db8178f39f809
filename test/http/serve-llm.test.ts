/**
 * `triage serve` with the LLM tier switched on by environment variables, against an OpenAI-compatible server the
 * test starts on 127.0.0.1: results come from the LLM with its reason, failures degrade to a reviewed local result,
 * the budget stops the tier, and /metrics counts calls, tokens and cost. No planted PII reaches the endpoint.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadyResponse, TriageResult } from '../../src/contract/index.ts';
import { signInstallationToken } from '../../server/auth/index.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { freshPgliteDir } from '../support/pglite-dir.ts';

const SECRET = 'serve-llm-shared-secret-0123456789abcdef';
let dataDir: string;
let fake: FakeOpenAi;
let server: ServerProcess;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  dataDir = (await freshPgliteDir()).dir;
  server = await startServerProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'info',
    TRIAGE_SHARED_SECRET: SECRET,
    TRIAGE_ADMIN_TOKEN: 'serve-llm-admin-token-0123456789abcdef',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'sk-test-not-a-real-key',
    TRIAGE_LLM_MODEL: 'fake-model',
    TRIAGE_LLM_POLICY: 'always',
    TRIAGE_LLM_MAX_RETRIES: '1',
    TRIAGE_LLM_TIMEOUT_MS: '3000',
    TRIAGE_LLM_PRICE_IN: '1',
    TRIAGE_LLM_PRICE_OUT: '2',
    TRIAGE_LLM_DAILY_BUDGET_CALLS: '3',
  });
}, 180_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function triage(id: string, description: string, installation = 'acme'): Promise<TriageResult> {
  const token = await signInstallationToken(SECRET, { installation });
  const response = await fetch(`${server.base}/v1/triage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      ticket: {
        id,
        subject: 'Webhook deliveries',
        description,
        requester: { name: 'Bartholomew Quincey', email: 'bart.quincey@example.org' },
      },
    }),
  });
  expect(response.status).toBe(200);
  return TriageResult.parse(await response.json());
}

describe('triage serve with the LLM tier on', () => {
  it('says the tier is on in /readyz and in the start banner', async () => {
    const ready = ReadyResponse.parse(await (await fetch(`${server.base}/readyz`)).json());
    expect(ready.llm.state).toBe('on');
    expect(server.stderr()).toMatch(/LLM tier: on/);
  });

  it('answers from the LLM with its reason and cost, after redacting the planted PII', async () => {
    const result = await triage(
      'llm-1',
      'Hi, Bartholomew Quincey here (bart.quincey@example.org, +1 415 555 0132). Since Monday our webhook deliveries to the API endpoint stop after a few minutes.',
    );
    expect(result.label).toMatchObject({
      name: 'integrations',
      source: 'llm',
      reason: 'Mentions webhooks and the API integration.',
    });
    expect(result.tier.llm).toBe('used');
    expect(result.versions.prompt).toBeTruthy();
    expect(result.cost).toEqual({ tokensIn: 900, tokensOut: 60, usd: 0.00102 });
    const sent = fake.allBodies();
    expect(sent).toContain('webhook');
    for (const value of ['Bartholomew', 'Quincey', 'bart.quincey@example.org', '415 555 0132'])
      expect(sent).not.toContain(value);
  });

  it('degrades to the local result for review when the endpoint fails, and says why', async () => {
    fake.script(
      'chat',
      { status: 500, body: { error: { message: 'boom' } } },
      { status: 500, body: { error: { message: 'boom' } } },
    );
    const result = await triage('llm-2', 'Our webhook deliveries to the API endpoint time out since the last release.');
    expect(result.label.source).not.toBe('llm');
    expect(result.decision).toBe('review');
    expect(result.tier).toMatchObject({ llm: 'failed' });
    expect(result.tier.detail).toMatch(/^LLM_/);
  });

  it('stops calling once the installation spent its daily budget, counted in the database, whatever iss the token names', async () => {
    // Calls 1 and 2 were spent above; the third is the last the budget of 3 allows.
    expect((await triage('llm-3', 'Webhook deliveries fail for the API endpoint again.')).tier.llm).toBe('used');
    const calls = fake.requests.length;
    const over = await triage('llm-4', 'Webhook deliveries to the API endpoint fail once more.');
    expect(over.tier.llm).toBe('failed');
    expect(over.tier.detail).toMatch(/BUDGET/);
    expect(fake.requests.length).toBe(calls);
    // The budget is the installation's whose secret verified the token: naming another iss does not open a new one.
    expect((await triage('llm-5', 'Webhook deliveries to the API endpoint fail.', 'globex')).tier.detail).toMatch(
      /BUDGET/,
    );
    expect(fake.requests.length).toBe(calls);
  });

  it('sums LLM calls, tokens and cost in /metrics', async () => {
    const text = await (await fetch(`${server.base}/metrics`)).text();
    expect(text).toMatch(/triage_llm_requests_total\{outcome="ok",reached="true"\} 2/);
    expect(text).toMatch(/triage_llm_tokens_total\{direction="in"\} 1800/);
    expect(text).toMatch(/triage_llm_cost_usd_total 0\.00204/);
    expect(text).toMatch(/triage_decisions_total\{tier="llm",decision="(auto|draft|review)"\} 2/);
    expect(text).toMatch(/triage_llm_request_duration_seconds_count\{outcome="ok"\} 2/);
    // The retraining check runs at start and reports the agents' verdicts since the newest model (none yet).
    expect(text).toMatch(/triage_agent_feedback_since_model\{kind="correct"\} 0/);
  });
});
