// Writes the analyses: summary.json (the headline numbers, machine-readable), CSV tables, figures, and one
// report in Markdown and HTML built from the same blocks, opening with the headline table.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv } from '@fluidbench/data';
import { BUDGETS, METHOD_LABELS, SUMMARY_METHODS, type Analysis, type Budget, type ItemStats, type MetricTable, type Metrics, type SummaryMethod } from './analysis';
import { makeFigures, type Figure } from './figures';
import { methodsCsv, methodsSection } from './methods-report';
import { METRIC_NAMES, formatMetric } from './report-format';
import { paperMetrics } from './paper';
import { escapeXml } from './svg';
import { writeAtomically } from './store';
import type { World } from './world';

export interface ReportContext {
  world: World;
  analysis: Analysis;
  nMax: number;
  seed: number;
  /** Seconds the grid took in this invocation (0 when everything was resumed). */
  gridSeconds: number;
  unitsRan: number;
  unitsSkipped: number;
}

type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'figure'; figure: Figure };

const ADAPTIVE: SummaryMethod[] = ['random', 'random_irt', 'fluid'];
const FULL: SummaryMethod[] = ['full_accuracy', 'full_ability'];
const format = formatMetric;

/**
 * summary.json: `{ method: { budget: { rank_distance, total_variation, monotonicity } } }` for methods
 * random, random_irt, fluid, full_accuracy, full_ability and budgets 10, 50, 100, 500. Full-benchmark
 * methods do not depend on the budget; their numbers repeat under every budget key.
 *
 * @example
 * ```ts
 * JSON.parse(summaryJson(analysis)).fluid['50'].monotonicity; // a number in [0, 1]
 * ```
 */
export function summaryJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis.summary, null, 2)}\n`;
}

function headlineTable(analysis: Analysis, withPaper: boolean): Block {
  const header = ['Items', 'Method', ...METRIC_NAMES.flatMap((m) => (withPaper ? [m.label, 'paper'] : [m.label]))];
  const cells = (method: SummaryMethod, budget: Budget) => METRIC_NAMES.flatMap(({ key, digits }) => {
    const ours = format(analysis.summary[method][budget][key], digits);
    return withPaper ? [ours, format(paperMetrics(method, budget)?.[key], digits)] : [ours];
  });
  const rows: string[][] = [];
  for (const budget of BUDGETS) for (const method of ADAPTIVE) rows.push([String(budget), METHOD_LABELS[method], ...cells(method, budget)]);
  for (const method of FULL) rows.push(['all', METHOD_LABELS[method], ...cells(method, BUDGETS[0])]);
  return { kind: 'table', header, rows };
}

/** Rows: group × method; columns: the budgets, and "all items" for the full-benchmark methods. */
function groupTable(tables: Record<string, MetricTable>, key: keyof Metrics, digits: number, groupLabel: string): Block {
  const header = [groupLabel, 'Method', ...BUDGETS.map(String), 'all items'];
  const rows: string[][] = [];
  for (const [group, table] of Object.entries(tables)) {
    for (const method of ADAPTIVE) rows.push([group, METHOD_LABELS[method], ...BUDGETS.map((b) => format(table[method][b][key], digits)), '']);
    for (const method of FULL) rows.push([group, METHOD_LABELS[method], ...BUDGETS.map(() => ''), format(table[method][BUDGETS[0]][key], digits)]);
  }
  return { kind: 'table', header, rows };
}

function statsRow(label: string, stats: ItemStats, threshold?: number): string[] {
  return [label, threshold === undefined ? '' : threshold.toFixed(3), format(stats.mean, 1), format(stats.median, 1), String(stats.min), String(stats.max), `${stats.notReached}/${stats.checkpoints}`];
}

function reportBlocks(context: ReportContext, figures: Figure[]): Block[] {
  const { world, analysis } = context;
  const checkpoints = world.lms.reduce((sum, lm) => sum + lm.checkpoints.length, 0);
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: 'Fluid Benchmarking: replication report' }];
  const timing = context.unitsRan > 0
    ? `The grid's ${context.unitsRan} unit(s) ran in ${context.gridSeconds.toFixed(1)} s${context.unitsSkipped ? `; ${context.unitsSkipped} came from an earlier run` : ''}.`
    : 'Every unit came from an earlier run.';
  blocks.push({
    kind: 'paragraph',
    text: `Data: ${world.description}. ${world.benchmarks.length} benchmark(s) × ${world.lms.length} LM(s), ${checkpoints} checkpoints per benchmark, ${analysis.rows} rows in experiments.jsonl. Fluid Benchmarking: MAP, n_max ${context.nMax}, start at the leaderboard's mean ability; random subsets seeded with ${context.seed}. ${timing}`,
  });
  blocks.push({ kind: 'heading', level: 2, text: 'Headline: mean over LMs × benchmarks' });
  blocks.push(headlineTable(analysis, world.isPaperDataset));
  if (world.isPaperDataset) {
    blocks.push({ kind: 'paragraph', text: '"paper": Table 2 of Hofmann et al. (COLM 2025). The paper reports no full-ability row.' });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: world.identity.data === 'synthetic'
        ? 'This is the embedded, generated world (the 2PL model holds exactly, abilities follow noisy saturating learning curves): it shows how the methods behave, not the paper\'s values. Run `fluid-replicate --data hf` for the paper\'s dataset; the paper\'s numbers are printed beside ours then.'
        : 'The paper\'s published numbers are printed beside ours only for the paper\'s full dataset (six benchmarks, six LMs, the real item counts, and its item map in a folder).',
    });
  }
  const figure = (file: string) => figures.find((f) => f.file === file);
  const metricsFigure = figure('metrics-vs-budget.svg');
  if (metricsFigure) blocks.push({ kind: 'figure', figure: metricsFigure });

  blocks.push({ kind: 'heading', level: 2, text: 'Dynamic stopping' });
  blocks.push({
    kind: 'paragraph',
    text: `Fluid Benchmarking stops once the ability's standard error falls below the mean gap between rank-adjacent leaderboard LMs on the benchmark. Over all checkpoints it uses ${format(analysis.dynamic.overall.mean, 1)} items on average (median ${format(analysis.dynamic.overall.median, 1)}); runs that never reach the threshold within n_max count with all their items. At the stopping points: rank distance ${format(analysis.dynamic.metrics.rank_distance, 1)}, total variation ${format(analysis.dynamic.metrics.total_variation, 1)}, monotonicity ${format(analysis.dynamic.metrics.monotonicity, 2)}.`,
  });
  const statsHeader = ['', 'SE threshold', 'mean items', 'median', 'min', 'max', 'not reached'];
  blocks.push({
    kind: 'table', header: ['Benchmark', ...statsHeader.slice(1)],
    rows: world.benchmarks.map((b) => statsRow(b.name, analysis.dynamic.byBenchmark[b.name], analysis.dynamic.thresholds[b.name])),
  });
  blocks.push({
    kind: 'table', header: ['LM', ...statsHeader.slice(2)],
    rows: world.lms.map((lm) => statsRow(lm.name, analysis.dynamic.byLm[lm.name]).filter((_, i) => i !== 1)),
  });
  const dynamicFigure = figure('dynamic-stopping.svg');
  if (dynamicFigure) blocks.push({ kind: 'figure', figure: dynamicFigure });

  for (const [title, tables, label] of [['Per benchmark', analysis.byBenchmark, 'Benchmark'], ['Per LM', analysis.byLm, 'LM']] as const) {
    blocks.push({ kind: 'heading', level: 2, text: title });
    for (const { key, label: metric, digits } of METRIC_NAMES) {
      blocks.push({ kind: 'heading', level: 3, text: metric });
      if (key === 'rank_distance' && label === 'Benchmark') {
        blocks.push({ kind: 'paragraph', text: 'Per benchmark, rank distance is that of the directions starting at the benchmark; benchmarks outside the validity pairs have none (–).' });
      }
      blocks.push(groupTable(tables, key, digits, label));
    }
  }
  if (analysis.batches.length) {
    blocks.push({ kind: 'heading', level: 2, text: 'The price of batching' });
    blocks.push({
      kind: 'paragraph',
      text: 'A live evaluation (`fluid eval --batch k`) asks the k most informative items at the current estimate at once and records them in that order: fewer round trips, but each batch is chosen with an older estimate. Here the same answers are replayed that way; batch 1 is Fluid Benchmarking itself.',
    });
    const header = ['Items', 'Method', ...METRIC_NAMES.map((m) => m.label)];
    const rows: string[][] = [];
    for (const budget of BUDGETS) {
      rows.push([String(budget), `${METHOD_LABELS.fluid} (batch 1)`, ...METRIC_NAMES.map(({ key, digits }) => format(analysis.summary.fluid[budget][key], digits))]);
      for (const { batch, metrics } of analysis.batches) {
        rows.push([String(budget), `${METHOD_LABELS.fluid} (batch ${batch})`, ...METRIC_NAMES.map(({ key, digits }) => format(metrics[budget][key], digits))]);
      }
    }
    blocks.push({ kind: 'table', header, rows });
  }
  blocks.push(...methodsSection(analysis, world));
  blocks.push({ kind: 'heading', level: 2, text: 'Learning curves' });
  for (const f of figures.filter((f) => f.file.startsWith('curves-'))) blocks.push({ kind: 'figure', figure: f });

  blocks.push({ kind: 'heading', level: 2, text: 'How the numbers are computed' });
  blocks.push({
    kind: 'list',
    items: [
      'Methods at a budget of n items: Random is the accuracy on a random subset of n items; Random IRT the MAP ability on that subset; Fluid Benchmarking the ability after n adaptively chosen items. One seeded subset per benchmark and n serves every LM and checkpoint.',
      `Validity (rank distance): for a checkpoint and a direction A → B (${analysis.directions.map(([a, b]) => `${a} → ${b}`).join(', ') || 'none selected'}), the rank of its score on A among the leaderboard LMs' full scores on A (accuracies for accuracy methods, abilities for IRT methods) minus the rank of its full accuracy on B among their accuracies on B, in absolute value; averaged over checkpoints, then over LMs and directions.`,
      `Variance (total variation) of a learning curve x_1..x_n: n/(n−1) · Σ|x_(t+1) − x_t| / |x_n − x_1|; averaged over LMs × benchmarks.${analysis.undefinedTotalVariation ? ` ${analysis.undefinedTotalVariation} curve(s) ended where they started (no net change), so their total variation is undefined and left out.` : ''}`,
      'Saturation (monotonicity): |Spearman correlation| between checkpoint order and the curve, ties at their average rank; averaged over LMs × benchmarks.',
      'Files: summary.json (headline numbers), tables/*.csv (overall, per benchmark, per LM, dynamic stopping, methods beyond the paper and their diagnostics), figures/*.svg (and *.vl.json: the same charts as Vega-Lite specs with their data), experiments.jsonl (one row per benchmark × LM × checkpoint with the reference\'s keys plus benchmark, lm, checkpoint, n_items_dynamic_fb, and the abilities and items of the methods beyond the paper: abilities_fb_randomesque_<k>, abilities_fb_content, abilities_fb_graded with their items_fb_*, full_ability_graded).',
    ],
  });
  return blocks;
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * Markdown of report blocks (figures as image links into figures/).
 *
 * @example
 * ```ts
 * toMarkdown([{ kind: 'heading', level: 2, text: 'Headline' }]); // returns '## Headline\n'
 * ```
 */
export function toMarkdown(blocks: Block[]): string {
  return blocks.map((block) => {
    switch (block.kind) {
      case 'heading': return `${'#'.repeat(block.level)} ${block.text}\n`;
      case 'paragraph': return `${block.text}\n`;
      case 'list': return block.items.map((item) => `- ${item}`).join('\n') + '\n';
      case 'figure': return `![${block.figure.title}](figures/${block.figure.file})\n`;
      case 'table': {
        const lines = [block.header, block.header.map((_, i) => (i < 2 ? '---' : '---:')), ...block.rows];
        return `${lines.map((cells) => `| ${cells.map(markdownCell).join(' | ')} |`).join('\n')}\n`;
      }
    }
  }).join('\n');
}

function inlineHtml(text: string): string {
  return escapeXml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function toHtml(blocks: Block[]): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading': return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
      case 'paragraph': return `<p>${inlineHtml(block.text)}</p>`;
      case 'list': return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
      case 'figure': return `<figure>${block.figure.svg}<figcaption>${inlineHtml(block.figure.title)}</figcaption></figure>`;
      case 'table': {
        const head = `<tr>${block.header.map((cell) => `<th>${inlineHtml(cell)}</th>`).join('')}</tr>`;
        const rows = block.rows.map((row) => `<tr>${row.map((cell, i) => `<td${i >= 2 ? ' class="n"' : ''}>${inlineHtml(cell)}</td>`).join('')}</tr>`).join('\n');
        return `<table>\n${head}\n${rows}\n</table>`;
      }
    }
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fluid Benchmarking: replication report</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1400px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 14px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; overflow-x: auto; }
figcaption { color: #555; font-size: 13px; }
code { background: #f3f3f3; padding: 0 3px; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}


function metricRows(group: string, table: MetricTable): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const method of SUMMARY_METHODS) {
    const full = FULL.includes(method);
    for (const budget of full ? [BUDGETS[0]] : BUDGETS) {
      const m = table[method][budget];
      rows.push([group, method, full ? 'all' : budget, m.rank_distance, m.total_variation, m.monotonicity]);
    }
  }
  return rows;
}

/**
 * The CSV tables: overall, per benchmark, per LM (long format: one row per group, method and budget),
 * and dynamic stopping (per checkpoint, and summarized).
 *
 * @example
 * ```ts
 * Object.keys(csvTables(analysis, world));
 * // returns ['overall.csv', 'by_benchmark.csv', 'by_lm.csv', 'dynamic_stopping.csv', 'dynamic_stopping_items.csv', 'methods.csv', 'diagnostics.csv']
 * ```
 */
export function csvTables(analysis: Analysis, world: World): Record<string, string> {
  const metricHeader = ['group', 'method', 'budget', 'rank_distance', 'total_variation', 'monotonicity'];
  const statsHeader = ['scope', 'group', 'se_threshold', 'mean_items', 'median_items', 'min_items', 'max_items', 'not_reached', 'checkpoints'];
  const stats = (scope: string, group: string, s: ItemStats, threshold: number | null) =>
    [scope, group, threshold, s.mean, s.median, s.min, s.max, s.notReached, s.checkpoints];
  return {
    'overall.csv': formatCsv(metricHeader, metricRows('all', analysis.summary)),
    'by_benchmark.csv': formatCsv(metricHeader, Object.entries(analysis.byBenchmark).flatMap(([group, table]) => metricRows(group, table))),
    'by_lm.csv': formatCsv(metricHeader, Object.entries(analysis.byLm).flatMap(([group, table]) => metricRows(group, table))),
    'dynamic_stopping.csv': formatCsv(statsHeader, [
      stats('all', 'all', analysis.dynamic.overall, null),
      ...world.benchmarks.map((b) => stats('benchmark', b.name, analysis.dynamic.byBenchmark[b.name], analysis.dynamic.thresholds[b.name])),
      ...world.lms.map((lm) => stats('lm', lm.name, analysis.dynamic.byLm[lm.name], null)),
    ]),
    'dynamic_stopping_items.csv': formatCsv(['benchmark', 'lm', 'checkpoint', 'items', 'reached_threshold'],
      analysis.dynamic.items.map((x) => [x.benchmark, x.lm, x.checkpoint, x.items, x.reached ? 1 : 0])),
    ...methodsCsv(analysis),
  };
}

/**
 * Writes summary.json, tables/, figures/, report.md and report.html into `out` (each file atomically;
 * stale figures of benchmarks no longer selected are removed).
 *
 * @example
 * ```ts
 * writeReport('results', { world, analysis, nMax: 500, seed: 0, gridSeconds: 12.3, unitsRan: 36, unitsSkipped: 0 });
 * ```
 */
export function writeReport(out: string, context: ReportContext): string[] {
  const figures = makeFigures(context.analysis, context.world);
  const figuresDir = join(out, 'figures');
  const tablesDir = join(out, 'tables');
  mkdirSync(figuresDir, { recursive: true });
  mkdirSync(tablesDir, { recursive: true });
  const written: string[] = [];
  const write = (path: string, text: string) => {
    writeAtomically(path, text);
    written.push(path);
  };
  const specOf = (file: string) => file.replace(/\.svg$/, '.vl.json');
  for (const name of readdirSync(figuresDir)) {
    const ours = figures.some((f) => f.file === name || specOf(f.file) === name);
    if ((name.endsWith('.svg') || name.endsWith('.vl.json')) && !ours) rmSync(join(figuresDir, name));
  }
  for (const figure of figures) {
    write(join(figuresDir, figure.file), figure.svg);
    write(join(figuresDir, specOf(figure.file)), `${JSON.stringify(figure.vegaLite)}\n`);
  }
  for (const [name, text] of Object.entries(csvTables(context.analysis, context.world))) write(join(tablesDir, name), text);
  write(join(out, 'summary.json'), summaryJson(context.analysis));
  const blocks = reportBlocks(context, figures);
  write(join(out, 'report.md'), toMarkdown(blocks));
  write(join(out, 'report.html'), toHtml(blocks));
  return written;
}

/**
 * The headline table as plain text for the terminal.
 *
 * @example
 * ```ts
 * process.stderr.write(headlineText(analysis, world.isPaperDataset));
 * ```
 */
export function headlineText(analysis: Analysis, withPaper: boolean): string {
  const table = headlineTable(analysis, withPaper) as Extract<Block, { kind: 'table' }>;
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  return `${all.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n')}\n`;
}
