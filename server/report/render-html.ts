import { MIN_EXAMPLES, type ReadinessReport } from '../../src/report/index.ts';
import type { Chart } from './charts.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#2f3941;margin:0;background:#f8f9f9}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#68737d;margin:0}
.verdict{border-radius:6px;padding:12px 16px;margin:16px 0;border:1px solid}
.verdict.trust{background:#edf8f4;border-color:#1f7a3a}.verdict.hold{background:#fff7ed;border-color:#c98a00}
.verdict strong{font-size:16px}.verdict ul{margin:6px 0 0;padding-left:20px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(500px,1fr));gap:16px}
figure{background:#fff;border:1px solid #d8dcde;border-radius:6px;margin:0;padding:12px}
figure h3{font-size:15px;margin:0 0 6px}figcaption{color:#68737d;font-size:13px;margin-top:6px}
figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;background:#fff;border:1px solid #d8dcde;min-width:50%}
th,td{padding:4px 10px;white-space:nowrap;border-bottom:1px solid #e9ebed;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f3f4f5;font-weight:600}td.low{color:#cc3340;font-weight:600}
`;

function table(headers: readonly string[], rows: readonly (readonly string[])[], caption?: string): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.join('')}</tr>`).join('');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function cell(text: string, className?: string): string {
  return `<td${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;
}

function figure(chart: Chart): string {
  // The SVG is vega's output over the report's own numbers and the taxonomy's label ids: no ticket text.
  return `<figure id="chart-${escapeHtml(chart.id)}"><h3>${escapeHtml(chart.title)}</h3>${chart.svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

/** The readiness page: one self-contained HTML file (styles inline, charts as inline SVG, no script, no network). */
export function renderReportHtml(report: ReadinessReport, charts: readonly Chart[]): string {
  const chart = (id: string): string => {
    const found = charts.find((item) => item.id === id);
    return found ? figure(found) : '';
  };
  const verdict = report.verdict;
  const bands = table(
    ['decision', 'tickets', 'share', 'right', 'at least (95 %)'],
    report.bands.map((band) => [
      cell(band.decision),
      cell(String(band.count)),
      cell(percent(band.share)),
      cell(percent(band.precision)),
      cell(percent(band.precisionLowerBound)),
    ]),
  );
  const perLabel = table(
    ['label', 'precision', 'recall', 'F1', 'tickets', 'auto-applied', 'given it, held back: not yet proven'],
    report.perLabel.map((row) => [
      cell(row.label),
      cell(percent(row.precision)),
      cell(percent(row.recall)),
      cell(percent(row.f1)),
      cell(String(row.support), row.support < MIN_EXAMPLES ? 'low' : undefined),
      cell(String(row.auto)),
      cell(String(row.heldUnproven)),
    ]),
  );
  const few =
    report.fewExamples.length === 0
      ? '<p>Every label has enough labelled tickets.</p>'
      : `<p>These labels have too few labelled tickets for their scores to mean much; label more of them before trusting auto-apply for them:</p>${table(
          ['label', 'labelled tickets'],
          report.fewExamples.map((row) => [cell(row.label), cell(String(row.count), 'low')]),
        )}`;
  const agreement = report.agreement;
  const agreementHtml =
    agreement === null
      ? '<p>Not available for a report from a file: agreement comes from the agents’ feedback stored by the server.</p>'
      : agreement.sinceModel.answered === 0
        ? `<p>No agent has answered a suggestion since ${agreement.since ? `the serving model (${escapeHtml(agreement.modelVersion ?? '')}) was trained on ${escapeHtml(agreement.since.slice(0, 10))}` : 'the start'}.</p>${chart('agreement')}`
        : `<p>Since ${agreement.since ? `the serving model <code>${escapeHtml(agreement.modelVersion ?? '')}</code> was trained (${escapeHtml(agreement.since.slice(0, 16).replace('T', ' '))} UTC)` : 'the start (no model is serving)'}, agents accepted <strong>${percent(agreement.sinceModel.rate)}</strong> of ${agreement.sinceModel.answered} answered suggestions (${agreement.sinceModel.accept} accepted, ${agreement.sinceModel.correct} corrected, ${agreement.sinceModel.reject} rejected).${agreement.driftWeeks.length > 0 ? ` <strong>Drift:</strong> agreement fell in the week(s) of ${agreement.driftWeeks.map((week) => escapeHtml(week.slice(0, 10))).join(', ')}.` : ''}</p>${chart('agreement')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Triage Assist — readiness report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Readiness report</h1>
<p class="meta">${escapeHtml(report.source)} · ${report.rows} labelled tickets · generated ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<p class="meta">${escapeHtml(report.protocol)}. Thresholds: auto ≥ ${report.thresholds.auto}, draft ≥ ${report.thresholds.review}, target precision of auto ${report.thresholds.autoPrecision}.${report.unknownLabelRows > 0 ? ` ${report.unknownLabelRows} tickets with labels the taxonomy no longer has were left out.` : ''}</p>
<section class="verdict ${verdict.trustAuto ? 'trust' : 'hold'}" data-testid="verdict">
<strong>${verdict.trustAuto ? 'Auto-apply can be trusted on this evidence' : 'Do not trust auto-apply yet'}</strong>
<ul>${verdict.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>
</section>
<h2>Auto-applied, drafted, reviewed</h2>
<p>Overall: ${percent(report.accuracy)} right, macro-F1 ${report.macroF1.toFixed(3)}.</p>
<div class="grid">${chart('bands')}<div>${bands}</div></div>
<h2>Can confidence be trusted?</h2>
<div class="grid">${chart('coverage-precision')}${chart('reliability')}</div>
<p class="meta">Expected calibration error: ${report.calibrationError.toFixed(3)} (0 is perfectly calibrated).</p>
<h2>Per label</h2>
<div class="grid">${chart('per-label')}<div>${perLabel}</div></div>
<p class="meta">Held back, not yet proven: tickets (of any label) the served rule gave this label confidently enough for auto (≥ ${report.thresholds.auto}) but kept as drafts, because the label's own held-out record does not yet show ${percent(report.thresholds.autoPrecision)} precision at that confidence (a one-sided 95 % bound, so a label needs enough right answers, and tickets of kinds it never learnt that it would take count against it). Agents see “Not applied on its own” on those drafts; more labelled tickets of the label let it prove itself.</p>
<h2>Most confused pairs</h2>
${report.confusedPairs.length === 0 ? '<p>No held-out ticket was given a wrong label.</p>' : `<div class="grid">${chart('confusion')}</div>`}
<h2>Labels with too few examples</h2>
${few}
<h2>Agent agreement</h2>
${agreementHtml}
</main>
</body>
</html>
`;
}
