/**
 * The readiness report of the demo tickets, with eight weeks of made-up agent feedback that drifts in the last two:
 * what the README's charts show (`npx tsx scripts/readiness-demo.ts` rewrites docs/report/*.svg) and what the browser
 * test renders.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LabelledTicket } from '../src/contract/index.ts';
import { seededRandom } from '../src/sampling/index.ts';
import { parseTaxonomy } from '../src/taxonomy/index.ts';
import { generateDemoTickets } from '../server/demo/index.ts';
import { importWrite } from '../server/import/index.ts';
import { fitInThread, readinessPage, type FeedbackSource } from '../server/report/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const DAY_MS = 86_400_000;
type Kind = 'accept' | 'reject' | 'correct' | 'like' | 'dislike';

/** Agents' answers over eight weeks: about 9 in 10 accepted, then 7 in 10 in the last two weeks (drift). */
function demoFeedback(now: Date): FeedbackSource {
  const random = seededRandom(7);
  const events: { kind: Kind; at: number }[] = [];
  for (let day = 55; day >= 0; day--) {
    const rate = day < 14 ? 0.7 : 0.9;
    for (let n = 0; n < 6; n++) {
      const draw = random();
      events.push({
        kind: draw < rate ? 'accept' : draw < rate + (1 - rate) * 0.7 ? 'correct' : 'reject',
        at: now.getTime() - day * DAY_MS - Math.floor(random() * DAY_MS * 0.9),
      });
    }
  }
  const modelCreatedAt = new Date(now.getTime() - 50 * DAY_MS).toISOString();
  return {
    async feedbackCounts(since) {
      const counts: Record<Kind, number> = { accept: 0, reject: 0, correct: 0, like: 0, dislike: 0 };
      for (const event of events) if (since === null || event.at > Date.parse(since)) counts[event.kind]++;
      return counts;
    },
    async latestModel() {
      return { version: 'm-demo', createdAt: modelCreatedAt, metrics: {}, promoted: true, artifact: '' };
    },
  };
}

export async function demoReadinessPage(now = new Date()) {
  const taxonomy = parseTaxonomy(readFileSync(`${root}/config/taxonomy.yaml`, 'utf8'));
  const rows = generateDemoTickets({ count: 640, seed: 20261123 }).map((ticket) => {
    const write = importWrite(LabelledTicket.parse(ticket));
    return { id: write.id, text: write.text, label: write.label ?? '' };
  });
  return readinessPage({
    taxonomy,
    rows,
    fit: fitInThread(1),
    feedback: demoFeedback(now),
    now,
    source: 'demo tickets (npm run triage -- demo)',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const page = await demoReadinessPage();
  const folder = `${root}/docs/report`;
  mkdirSync(folder, { recursive: true });
  for (const chart of page.charts) writeFileSync(`${folder}/${chart.id}.svg`, chart.svg);
  process.stderr.write(`wrote ${page.charts.length} charts to docs/report/\n`);
}
