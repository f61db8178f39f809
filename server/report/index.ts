/** The readiness report: cross-validated predictions over the installation's labelled tickets, drawn to one HTML page. */
export {
  buildReadinessReport,
  feedbackOf,
  fitInThread,
  fitInWorker,
  AGREEMENT_WEEKS,
  REPORT_FOLDS,
  type BuildReportInput,
  type FeedbackSource,
  type Fit,
} from './build-report.ts';
export { reportCharts, renderSvg, type Chart } from './charts.ts';
export { renderReportHtml } from './render-html.ts';
export { readinessPage } from './readiness-page.ts';
