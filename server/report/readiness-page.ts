import type { ReadinessReport } from '../../src/report/index.ts';
import { buildReadinessReport, type BuildReportInput } from './build-report.ts';
import { reportCharts, type Chart } from './charts.ts';
import { renderReportHtml } from './render-html.ts';

/** The report, its charts and the page: what `triage report` writes and `GET /v1/admin/report` answers. */
export async function readinessPage(
  input: BuildReportInput,
): Promise<{ report: ReadinessReport; charts: Chart[]; html: string }> {
  const report = await buildReadinessReport(input);
  const charts = await reportCharts(report);
  return { report, charts, html: renderReportHtml(report, charts) };
}
