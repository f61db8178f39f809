import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReadinessReport } from '../../src/report/index.ts';

/** One chart of the page: an id (also the file name of the README's copy), a title, and the SVG vega drew. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  /** What to read in it, one sentence. */
  readonly caption: string;
  readonly svg: string;
}

const WIDTH = 440;
const HEIGHT = 260;
const DECISION_COLOURS = { domain: ['auto', 'draft', 'review'], range: ['#1f7a3a', '#c98a00', '#68737d'] };
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 12, gridColor: '#e9ebed' },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
  background: 'white',
} as const;

/** Draws a Vega-Lite spec to SVG on the server: no browser, no script in the page, no network. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function bandsSpec(report: ReadinessReport): TopLevelSpec {
  const values = report.bands.map((band) => ({
    decision: band.decision,
    count: band.count,
    text: `${band.count} · ${band.precision === null ? 'none' : `${Math.round(band.precision * 100)} % right`}`,
  }));
  return {
    config: CONFIG,
    width: WIDTH,
    height: 120,
    data: { values },
    encoding: {
      y: { field: 'decision', type: 'nominal', sort: DECISION_COLOURS.domain, title: null },
      x: { field: 'count', type: 'quantitative', title: 'held-out tickets', axis: { tickMinStep: 1, format: 'd' } },
    },
    layer: [
      {
        mark: { type: 'bar', height: 26 },
        encoding: { color: { field: 'decision', type: 'nominal', scale: DECISION_COLOURS, legend: null } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 12 },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}

export function coverageSpec(report: ReadinessReport): TopLevelSpec {
  const curve = report.coverage
    .filter((point) => point.precision !== null && point.coverage > 0)
    .map((point) => ({
      threshold: point.threshold,
      coverage: round(point.coverage),
      precision: round(point.precision!),
    }));
  const auto = report.bands.find((band) => band.decision === 'auto')!;
  const marker =
    auto.precision === null
      ? []
      : [{ coverage: round(auto.share), precision: round(auto.precision), text: 'served auto band' }];
  return {
    config: CONFIG,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: curve },
        mark: { type: 'line', color: '#1f73b7', strokeWidth: 2, point: { size: 12, color: '#1f73b7' } },
        encoding: {
          x: {
            field: 'coverage',
            type: 'quantitative',
            title: 'share of tickets applied (coverage)',
            scale: { domain: [0, 1] },
          },
          y: { field: 'precision', type: 'quantitative', title: 'share right (precision)', scale: { zero: false } },
        },
      },
      {
        data: { values: [{ target: report.thresholds.autoPrecision }] },
        mark: { type: 'rule', color: '#cc3340', strokeDash: [6, 4] },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
      {
        data: {
          values: [{ target: report.thresholds.autoPrecision, text: `target ${report.thresholds.autoPrecision}` }],
        },
        mark: { type: 'text', color: '#cc3340', align: 'left', dy: -7, fontSize: 11 },
        encoding: { y: { field: 'target', type: 'quantitative' }, x: { value: 4 }, text: { field: 'text' } },
      },
      {
        data: { values: marker },
        mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: DECISION_COLOURS.range[0] },
        encoding: {
          x: { field: 'coverage', type: 'quantitative' },
          y: { field: 'precision', type: 'quantitative' },
        },
      },
      {
        data: { values: marker },
        mark: { type: 'text', align: 'left', dx: 8, dy: 12, fontSize: 11, color: DECISION_COLOURS.range[0] },
        encoding: {
          x: { field: 'coverage', type: 'quantitative' },
          y: { field: 'precision', type: 'quantitative' },
          text: { field: 'text' },
        },
      },
    ],
  };
}

export function reliabilitySpec(report: ReadinessReport): TopLevelSpec {
  const bins = report.reliability
    .filter((bin) => bin.count > 0)
    .map((bin) => ({
      confidence: round(bin.meanConfidence!),
      accuracy: round(bin.accuracy!),
      count: bin.count,
      range: `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`,
    }));
  return {
    config: CONFIG,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', color: '#87929d', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'mean confidence in the bin', scale: { domain: [0, 1] } },
          y: { field: 'y', type: 'quantitative', title: 'share right in the bin', scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: bins },
        mark: { type: 'line', color: '#1f73b7', strokeWidth: 2 },
        encoding: { x: { field: 'confidence', type: 'quantitative' }, y: { field: 'accuracy', type: 'quantitative' } },
      },
      {
        data: { values: bins },
        mark: { type: 'circle', color: '#1f73b7', opacity: 0.8 },
        encoding: {
          x: { field: 'confidence', type: 'quantitative' },
          y: { field: 'accuracy', type: 'quantitative' },
          size: { field: 'count', type: 'quantitative', title: 'tickets', scale: { range: [30, 400] } },
        },
      },
    ],
  };
}

export function perLabelSpec(report: ReadinessReport): TopLevelSpec {
  const values = report.perLabel.flatMap((row) => [
    { label: row.label, metric: 'precision', value: round(row.precision) },
    { label: row.label, metric: 'recall', value: round(row.recall) },
  ]);
  return {
    config: CONFIG,
    width: WIDTH,
    height: { step: 22 },
    data: { values },
    mark: { type: 'point', filled: true, size: 90 },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: report.perLabel.map((row) => row.label) },
      x: { field: 'value', type: 'quantitative', title: 'held-out score', scale: { domain: [0, 1] } },
      color: {
        field: 'metric',
        type: 'nominal',
        title: null,
        scale: { domain: ['precision', 'recall'], range: ['#1f73b7', '#ed8f1c'] },
        legend: { orient: 'top' },
      },
      shape: { field: 'metric', type: 'nominal', title: null, legend: { orient: 'top' } },
    },
  };
}

export function confusionSpec(report: ReadinessReport): TopLevelSpec {
  const values = report.confusedPairs.map((pair) => ({
    pair: `${pair.gold} → ${pair.predicted}`,
    count: pair.count,
    text: `${pair.count} (${Math.round(pair.shareOfGold * 100)} % of ${pair.gold})`,
  }));
  return {
    config: CONFIG,
    width: WIDTH - 80,
    height: { step: 22 },
    data: { values },
    encoding: {
      y: { field: 'pair', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } },
      x: {
        field: 'count',
        type: 'quantitative',
        title: 'held-out tickets (labelled → answered)',
        axis: { tickMinStep: 1, format: 'd' },
      },
    },
    layer: [
      { mark: { type: 'bar', color: '#cc3340', height: 16 } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { text: { field: 'text' } } },
    ],
  };
}

export function agreementSpec(agreement: NonNullable<ReadinessReport['agreement']>): TopLevelSpec {
  const weeks = agreement.weekly.map((week) => ({
    week: week.weekStart.slice(0, 10),
    rate: week.rate === null ? null : round(week.rate),
    answered: week.answered,
  }));
  const rate = agreement.sinceModel.rate;
  return {
    config: CONFIG,
    width: WIDTH,
    height: 200,
    layer: [
      {
        data: { values: weeks },
        mark: { type: 'line', color: '#1f73b7', strokeWidth: 2, point: { size: 50, color: '#1f73b7' } },
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'week starting (UTC)', axis: { labelAngle: -30 } },
          y: {
            field: 'rate',
            type: 'quantitative',
            title: 'agents accepted',
            scale: { domain: [0, 1] },
            axis: { format: '%' },
          },
        },
      },
      ...(rate === null
        ? []
        : [
            {
              data: { values: [{ rate: round(rate) }] },
              mark: { type: 'rule' as const, color: '#87929d', strokeDash: [6, 4] },
              encoding: { y: { field: 'rate', type: 'quantitative' as const } },
            },
          ]),
    ],
  };
}

/** Every chart of the report, drawn: per label, bands, coverage, reliability, confusion, and agreement when known. */
export async function reportCharts(report: ReadinessReport): Promise<Chart[]> {
  const charts: { id: string; title: string; caption: string; spec: TopLevelSpec }[] = [
    {
      id: 'bands',
      title: 'What the served rule would do',
      caption: 'Held-out tickets per decision, and how often the label of each band was right.',
      spec: bandsSpec(report),
    },
    {
      id: 'coverage-precision',
      title: 'Coverage against precision',
      caption: `Each point is one confidence threshold: the further right, the more tickets applied; the dashed line is the ${report.thresholds.autoPrecision} target, the diamond the served auto band.`,
      spec: coverageSpec(report),
    },
    {
      id: 'reliability',
      title: 'Reliability',
      caption:
        'Tickets binned by confidence: on the dashed diagonal, a confidence of 0.9 is right 9 times in 10. Below it the model is overconfident.',
      spec: reliabilitySpec(report),
    },
    {
      id: 'per-label',
      title: 'Precision and recall per label',
      caption:
        'Precision: of the tickets given the label, the share that had it. Recall: of the tickets that had it, the share given it.',
      spec: perLabelSpec(report),
    },
  ];
  if (report.confusedPairs.length > 0)
    charts.push({
      id: 'confusion',
      title: 'Most confused pairs',
      caption:
        'Held-out tickets labelled one way and answered another: candidates for clearer label descriptions or more examples.',
      spec: confusionSpec(report),
    });
  if (report.agreement && report.agreement.weekly.some((week) => week.rate !== null))
    charts.push({
      id: 'agreement',
      title: 'Agent agreement per week',
      caption:
        'Share of answered suggestions agents accepted each week; the dashed line is the share since the serving model was trained. A falling line is drift.',
      spec: agreementSpec(report.agreement),
    });
  return Promise.all(charts.map(async ({ spec, ...chart }) => ({ ...chart, svg: await renderSvg(spec) })));
}
