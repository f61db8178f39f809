import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../server/report/render-html.ts';
import { readinessReport, type HeldOutPrediction } from '../../src/report/index.ts';
import { parseTaxonomy } from '../../src/taxonomy/index.ts';

const taxonomy = parseTaxonomy(readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8'));

const prediction = (id: number, fields: Partial<HeldOutPrediction>): HeldOutPrediction => ({
  id: `t-${id}`,
  gold: 'billing',
  predicted: 'billing',
  confidence: 0.95,
  decision: 'draft',
  ...fields,
});

/** The cells of the per-label table's row for `label`. */
function rowOf(html: string, label: string): string[] {
  const row = [...html.matchAll(/<tr>(.*?)<\/tr>/g)]
    .map((match) => match[1]!)
    .find((r) => r.startsWith(`<td>${label}</td>`));
  if (!row) throw new Error(`no row for ${label}`);
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]!);
}

describe('readiness page: per-label table', () => {
  it('shows per label how many confident tickets given it were held back as not yet proven', () => {
    const predictions = [
      ...Array.from({ length: 7 }, (_, i) => prediction(i, { heldBack: 'unproven_label' })),
      ...Array.from({ length: 3 }, (_, i) => prediction(10 + i, { decision: 'auto', heldBack: null })),
      // Given billing but labelled bug: counted for billing, the label it was given.
      prediction(20, { gold: 'bug', heldBack: 'unproven_label' }),
    ];
    const report = readinessReport({
      taxonomy,
      predictions,
      protocol: 'test',
      generatedAt: '2026-12-07T12:00:00.000Z',
      source: 'test',
    });
    const html = renderReportHtml(report, []);
    expect(html).toContain('<th>given it, held back: not yet proven</th>');
    // label, precision, recall, F1, tickets, auto-applied, held back
    const billing = rowOf(html, 'billing');
    expect(billing[4]).toBe('10');
    expect(billing[5]).toBe('3');
    expect(billing[6]).toBe('8');
    expect(rowOf(html, 'bug')[6]).toBe('0');
  });
});
