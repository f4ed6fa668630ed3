// The report's figures: metrics against the budget, learning curves per benchmark (LM × method panels),
// and the items dynamic stopping uses along training.
import { BUDGETS, METHOD_LABELS, scoreOf, type Analysis, type Metrics, type SummaryMethod } from './analysis';
import { lineChart, type Panel, type Series } from './svg';
import type { World } from './world';

const METHOD_COLORS: Record<SummaryMethod, string> = {
  random: '#d95f02',
  random_irt: '#7570b3',
  fluid: '#1b9e77',
  full_accuracy: '#555555',
  full_ability: '#999999',
};
const SHORT_LABELS: Record<'random' | 'random_irt' | 'fluid', string> = { random: 'Random', random_irt: 'Random IRT', fluid: 'Fluid' };
/** Light to dark: 10, 50, 100, 500 items. */
const BUDGET_COLORS = ['#fdae6b', '#6baed6', '#2171b5', '#08306b'];
const LM_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

export interface Figure {
  /** File name under figures/. */
  file: string;
  title: string;
  svg: string;
  /** The same chart as a Vega-Lite spec with its data inline (figures/<name>.vl.json), to restyle or explore. */
  vegaLite: Record<string, unknown>;
}

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** A faceted Vega-Lite line chart with independent y scales. */
function vegaLiteLines(
  title: string, values: Record<string, unknown>[], facet: Record<string, unknown>, encoding: Record<string, unknown>, columns?: number,
): Record<string, unknown> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values },
    facet,
    ...(columns ? { columns } : {}),
    spec: { width: 180, height: 120, mark: { type: 'line', point: false }, encoding },
    resolve: { scale: { y: 'independent' } },
  };
}

const METRIC_PANELS: { key: keyof Metrics; title: string }[] = [
  { key: 'rank_distance', title: 'Validity: rank distance ↓' },
  { key: 'total_variation', title: 'Variance: total variation ↓' },
  { key: 'monotonicity', title: 'Saturation: monotonicity ↑' },
];

function metricsFigure(analysis: Analysis): Figure {
  const panels: Panel[] = METRIC_PANELS.map(({ key, title }) => ({
    title,
    series: (['random', 'random_irt', 'fluid', 'full_accuracy', 'full_ability'] as const).map((method): Series => {
      const full = method === 'full_accuracy' || method === 'full_ability';
      return {
        label: full ? `${METHOD_LABELS[method]} (all items)` : METHOD_LABELS[method],
        color: METHOD_COLORS[method],
        dashed: full,
        markers: !full,
        points: BUDGETS.map((budget) => ({ x: budget, y: analysis.summary[method][budget][key] ?? NaN })),
      };
    }),
  }));
  const values = METRIC_PANELS.flatMap(({ key, title }) => panels.find((p) => p.title === title)!.series.flatMap((series) =>
    series.points.map((point) => ({ metric: title, method: series.label, budget: point.x, value: Number.isFinite(point.y) ? point.y : null, key }))));
  return {
    file: 'metrics-vs-budget.svg',
    title: 'Metrics against the item budget (means over LMs × benchmarks)',
    svg: lineChart(panels, { title: 'Metrics against the item budget', columns: 3, panelWidth: 280, panelHeight: 200, xLabel: 'items (log scale)', logX: true, xTicks: [...BUDGETS] }),
    vegaLite: vegaLiteLines('Metrics against the item budget', values, { column: { field: 'metric', type: 'nominal', title: null, sort: METRIC_PANELS.map((p) => p.title) } }, {
      x: { field: 'budget', type: 'quantitative', scale: { type: 'log' }, title: 'items' },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'method', type: 'nominal', legend: { labelLimit: 300 } },
    }),
  };
}

function curvesFigure(analysis: Analysis, benchmark: string): Figure {
  const curves = analysis.curves.filter((c) => c.benchmark === benchmark);
  const methods = [
    { method: 'random' as const, full: 'full_accuracy' as const },
    { method: 'random_irt' as const, full: 'full_ability' as const },
    { method: 'fluid' as const, full: 'full_ability' as const },
  ];
  const panels: Panel[] = [];
  for (const { method, full } of methods) {
    for (const curve of curves) {
      const x = curve.rows.map((_, t) => t + 1);
      const series: Series[] = BUDGETS.map((budget, k) => ({
        label: `${budget} items`,
        color: BUDGET_COLORS[k],
        points: curve.rows.map((row, t) => ({ x: x[t], y: scoreOf(row, method, budget) })),
      }));
      series.push({ label: 'all items (accuracy or ability)', color: '#000', dashed: true, points: curve.rows.map((row, t) => ({ x: x[t], y: scoreOf(row, full, 0) })) });
      panels.push({ title: `${SHORT_LABELS[method]} · ${curve.lm}`, series });
    }
  }
  const values = methods.flatMap(({ method }, m) => curves.flatMap((curve, c) => panels[m * curves.length + c].series.flatMap((series) =>
    series.points.map((point) => ({ method: SHORT_LABELS[method], lm: curve.lm, checkpoint: point.x, series: series.label, value: point.y })))));
  return {
    file: `curves-${benchmark}.svg`,
    title: `Learning curves on ${benchmark}`,
    vegaLite: vegaLiteLines(`Learning curves on ${benchmark}`, values, {
      row: { field: 'method', type: 'nominal', title: null, sort: methods.map(({ method }) => SHORT_LABELS[method]) },
      column: { field: 'lm', type: 'nominal', title: null },
    }, {
      x: { field: 'checkpoint', type: 'quantitative', title: 'checkpoint (training order)' },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    }),
    svg: lineChart(panels, {
      title: `Learning curves on ${benchmark}: rows Random (accuracy), Random IRT and Fluid (ability); one column per LM`,
      columns: Math.max(1, curves.length), panelWidth: 210, panelHeight: 150, xLabel: 'checkpoint (training order)',
    }),
  };
}

function dynamicFigure(analysis: Analysis, world: World): Figure {
  const panels: Panel[] = world.benchmarks.map((b) => ({
    title: `${b.name} (SE < ${analysis.dynamic.thresholds[b.name].toFixed(3)})`,
    series: world.lms.map((lm, k) => ({
      label: lm.name,
      color: LM_COLORS[k % LM_COLORS.length],
      points: analysis.dynamic.items.filter((x) => x.benchmark === b.name && x.lm === lm.name).map((x, t) => ({ x: t + 1, y: x.items })),
    })),
  }));
  const values = analysis.dynamic.items.map((x) => ({ ...x, index: world.lms.find((lm) => lm.name === x.lm)!.checkpoints.indexOf(x.checkpoint) + 1 }));
  return {
    file: 'dynamic-stopping.svg',
    title: 'Items used per checkpoint with dynamic stopping',
    vegaLite: vegaLiteLines('Dynamic stopping: items used per checkpoint', values, { field: 'benchmark', type: 'nominal', title: null }, {
      x: { field: 'index', type: 'quantitative', title: 'checkpoint (training order)' },
      y: { field: 'items', type: 'quantitative', title: 'items' },
      color: { field: 'lm', type: 'nominal', title: 'LM' },
    }, 3),
    svg: lineChart(panels, { title: 'Dynamic stopping: items used per checkpoint', columns: 3, panelWidth: 260, panelHeight: 170, xLabel: 'checkpoint (training order)' }),
  };
}

/**
 * Every figure of the report, as SVG text.
 *
 * @example
 * ```ts
 * makeFigures(analysis, world).map((f) => f.file); // returns ['metrics-vs-budget.svg', 'curves-arc_challenge.svg', ..., 'dynamic-stopping.svg']
 * ```
 */
export function makeFigures(analysis: Analysis, world: World): Figure[] {
  const benchmarks = world.benchmarks.map((b) => b.name).filter((name) => analysis.curves.some((c) => c.benchmark === name));
  return [metricsFigure(analysis), ...benchmarks.map((b) => curvesFigure(analysis, b)), dynamicFigure(analysis, world)];
}
