import { join } from 'node:path';
import { readLabelledFile } from '../server/cli/data-files.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import {
  createLlmTier,
  evaluateHybrid,
  hybridReport,
  loadPrompt,
  renderPrompt,
  assertRedacted,
  costOf,
} from '../server/llm/index.ts';
import { createLocalClassifier, predict, trainModel } from '../src/model/index.ts';
import { redactTicket } from '../src/redact/index.ts';
import { parseTaxonomy } from '../src/taxonomy/index.ts';
import { modelText } from '../src/triage/index.ts';
import { readFileSync } from 'node:fs';
import { chatCompletion, startFakeOpenAi, suggestionJson } from '../test/support/fake-openai.ts';
import type { BenchSection } from './section.ts';

/** gpt-4o-mini list prices (USD per 1M tokens), the default cheap structured-output model. */
const PRICES = { inputPerMillion: 0.15, outputPerMillion: 0.6 };
const OUTPUT_TOKENS = 80;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Share of tickets the hybrid sends to the LLM, cost per 1,000 tickets, and the tier's own overhead per call. */
export const llmSection: BenchSection = {
  name: 'llm',
  title: 'LLM tier: share sent, cost, overhead',
  async run({ datasets }) {
    const taxonomy = parseTaxonomy(readFileSync(new URL('../config/taxonomy.yaml', import.meta.url), 'utf8'));
    const prompt = loadPrompt();
    const lines: string[] = [
      `Policy \`uncertain\` (auto threshold ${taxonomy.thresholds.auto}), prices ${PRICES.inputPerMillion} / ${PRICES.outputPerMillion} USD per 1M tokens in/out (gpt-4o-mini list). Input tokens ≈ rendered prompt characters / 4; ${OUTPUT_TOKENS} output tokens per answer.`,
      '',
    ];

    // 1. Demo set through the real pipeline, with a fake server that answers the true label (an upper bound for the LLM's accuracy).
    const all = generateDemoTickets();
    const train = all.slice(0, 500);
    const test = all.slice(500);
    const rows = train.map((ticket) => ({
      text: modelText(redactTicket(ticket).ticket),
      label: ticket.label,
      urgency: ticket.urgency ?? null,
    }));
    const local = createLocalClassifier(
      trainModel(rows, { seed: 1, now: new Date('2026-11-23T00:00:00Z'), version: 'bench' }),
    );
    const fake = await startFakeOpenAi();
    const renderMs: number[] = [];
    const callMs: number[] = [];
    try {
      const truthByText = new Map(
        test.map((ticket) => [modelText(redactTicket(ticket).ticket).slice(0, 200), ticket.label]),
      );
      fake.fallback('chat', (request) => {
        const messages = (request.body as { messages: { content: string }[] }).messages;
        const user = messages.at(-1)?.content ?? '';
        const label = [...truthByText].find(([text]) => user.includes(text))?.[1] ?? 'how_to';
        const tokensIn = Math.ceil(messages.reduce((sum, message) => sum + message.content.length, 0) / 4);
        return {
          body: chatCompletion(suggestionJson({ label, tags: [] }), {
            usage: { prompt_tokens: tokensIn, completion_tokens: OUTPUT_TOKENS },
          }),
        };
      });
      const tier = createLlmTier({
        baseURL: fake.baseURL,
        apiKey: 'bench',
        model: 'fake',
        taxonomy,
        prompt,
        prices: PRICES,
        onCall: (event) => callMs.push(event.latencyMs),
      });
      const report = hybridReport(
        await evaluateHybrid(test, { taxonomy, local, llm: { classifier: tier.classifier, policy: 'uncertain' } }),
      );
      lines.push(
        `**Demo set** (${train.length} train / ${test.length} test, \`generateDemoTickets()\`; template-generated, so easy for the local model), real pipeline (redact → rules → local → LLM → decide) against a loopback OpenAI-compatible server that answers the true label:`,
        '',
        '| tickets | sent to LLM | USD / LLM call | USD / 1,000 tickets (hybrid) | USD / 1,000 (LLM for every ticket) | saving | accuracy local-only | accuracy hybrid (oracle LLM) | local accuracy on the tickets sent |',
        '|---|---|---|---|---|---|---|---|---|',
        `| ${report.tickets} | ${(report.llmShare * 100).toFixed(1)} % | ${report.usdPerLlmCall ?? '–'} | ${report.usdPer1000Tickets} | ${report.allLlmUsdPer1000Tickets ?? '–'} | ${report.savingShare === null ? '–' : `${(report.savingShare * 100).toFixed(1)} %`} | ${report.accuracy.localOnly} | ${report.accuracy.hybrid} | ${report.accuracy.onLlmTickets.local ?? '–'} |`,
        '',
      );
      // Overhead of the tier itself: every test ticket straight to the loopback server (warm).
      callMs.length = 0;
      for (const ticket of test) {
        const text = modelText(redactTicket(ticket).ticket);
        await tier.classifier.classify({ ticket, text, examples: [] });
      }
      for (const ticket of test) {
        const text = modelText(redactTicket(ticket).ticket);
        const started = performance.now();
        assertRedacted(renderPrompt(prompt, taxonomy, { text, examples: [] }).map((message) => message.content));
        renderMs.push(performance.now() - started);
      }
    } finally {
      await fake.close();
    }
    const sortedCalls = [...callMs].sort((a, b) => a - b);
    const sortedRender = [...renderMs].sort((a, b) => a - b);
    lines.push(
      `Tier overhead per call: prompt rendering + PII re-check p50 ${percentile(sortedRender, 50).toFixed(2)} ms, p99 ${percentile(sortedRender, 99).toFixed(2)} ms; whole call on loopback (SDK, HTTP, validation) p50 ${percentile(sortedCalls, 50)} ms, p99 ${percentile(sortedCalls, 99)} ms over ${sortedCalls.length} calls. A hosted model adds its own 0.5–3 s.`,
      '',
    );

    // 2. BANKING77: what share of real customer messages the local model is unsure about.
    const trainRows = readLabelledFile(join(datasets, 'banking77/train.csv'));
    const testRows = readLabelledFile(join(datasets, 'banking77/test.csv'));
    const model = trainModel(
      trainRows.map((row) => ({ text: row.text, label: row.label })),
      { seed: 1, now: new Date('2026-11-23T00:00:00Z'), version: 'bench' },
    );
    let unsure = 0;
    let sureRight = 0;
    let unsureRight = 0;
    let promptChars = 0;
    for (const row of testRows) {
      const prediction = predict(model, row.text);
      const right = prediction.label === row.label;
      if (prediction.confidence >= taxonomy.thresholds.auto) sureRight += right ? 1 : 0;
      else {
        unsure++;
        unsureRight += right ? 1 : 0;
        promptChars += renderPrompt(prompt, taxonomy, { text: row.text, examples: [] }).reduce(
          (sum, message) => sum + message.content.length,
          0,
        );
      }
    }
    const sure = testRows.length - unsure;
    const usdUnsure = costOf({ tokensIn: Math.ceil(promptChars / 4), tokensOut: OUTPUT_TOKENS * unsure }, PRICES);
    const perCall = unsure > 0 ? usdUnsure / unsure : 0;
    lines.push(
      `**BANKING77** (train ${trainRows.length} / test ${testRows.length}, local model only; the prompt rendered with our taxonomy stands in for a 77-label one):`,
      '',
      '| sent to LLM (confidence < auto) | local accuracy when confident | local accuracy when unsure | USD / 1,000 tickets (hybrid) | USD / 1,000 (LLM for every ticket) |',
      '|---|---|---|---|---|',
      `| ${((unsure / testRows.length) * 100).toFixed(1)} % | ${(sure ? sureRight / sure : 0).toFixed(3)} | ${(unsure ? unsureRight / unsure : 0).toFixed(3)} | ${((usdUnsure / testRows.length) * 1000).toFixed(4)} | ${(perCall * 1000).toFixed(4)} |`,
    );
    return lines.join('\n');
  },
};
