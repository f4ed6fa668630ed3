// The report's section on the methods beyond the paper's (content balancing, randomesque, graded scores) and
// its two CSV tables, from the method comparison of the analysis.
import { formatCsv } from '@fluidbench/data';
import type { Analysis } from './analysis';
import { METRIC_NAMES, formatMetric } from './report-format';
import type { World } from './world';

/** The blocks this section uses (a subset of the report's). */
export type SectionBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] };

const METRICS = METRIC_NAMES;
const format = formatMetric;

/** What the graded method needs where the data has no graded bank. */
export const GRADED_BANK_NEEDED = 'a graded bank in the fork\'s layout beside the 2PL models: `data/irt_models/truthfulqa_mc2_grm_items.csv` '
  + '(`item_id, a, b1…bK`) with `data/irt_models/truthfulqa_mc2_metadata.json` giving `score_values` (ideally fitted on the leaderboard LMs\' '
  + 'raw MC2 scores mapped to categories, as the 2PL models were on theirs), or `--fit-graded` to fit one here on the evaluated checkpoints (in-sample)';

/**
 * The section "Beyond the paper": each method beside its baseline on the same curves, and the diagnostics.
 *
 * @example
 * ```ts
 * methodsSection(analysis, world)[0]; // returns { kind: 'heading', level: 2, text: 'Beyond the paper: content balancing, randomesque, graded scores' }
 * ```
 */
export function methodsSection(analysis: Analysis, world: World): SectionBlock[] {
  const { comparisons, diagnostics } = analysis.methods;
  const blocks: SectionBlock[] = [{ kind: 'heading', level: 2, text: 'Beyond the paper: content balancing, randomesque, graded scores' }];
  const graded = world.benchmarks.filter((b) => b.graded);
  blocks.push({
    kind: 'paragraph',
    text: 'Each method is measured beside the one it changes, on the same learning curves and with the same answers. '
      + '"Fluid Benchmarking + content balancing" (Kingsbury–Zara, catR\'s rule: every subject once first, then the subject furthest below its share of the bank) runs on MMLU only, whose items carry a group (the subject in `mmlu_<subject>_<n>`); the other benchmarks have no groups, so there it would be plain Fluid Benchmarking and is not run. '
      + '"Fluid Benchmarking, randomesque k" gives a seeded random one of the k most informative items at each step, on every benchmark. '
      + (graded.length
        ? `"Fluid Benchmarking, graded" keeps partial credit: on ${graded.map((b) => `${b.name} (${b.graded!.source}; raw scores to the nearest of the score values ${b.graded!.scoreValues.join(', ')}, a tie going up)`).join(', ')} it runs MFI + MAP on the graded bank, beside the paper's binarized 2PL method (score ≥ 0.5 correct) on the same answers. `
        : `The graded method found no graded bank in this data; it needs ${GRADED_BANK_NEEDED}. `)
      + (graded.some((b) => b.graded!.inSample)
        ? 'The graded bank was fitted on the very answers it scores (in-sample), on the scale of those checkpoints rather than the leaderboard\'s: total variation and monotonicity do not depend on the scale, but bias and RMSE against the full-bank graded ability are in that scale and flattered by the in-sample fit. '
        : '')
      + 'Rank distance needs a validity pair (ARC↔MMLU, HellaSwag↔WinoGrande) and, for a graded method, the leaderboard\'s graded abilities; where either is missing it is "–".',
  });
  if (comparisons.length) {
    const rows: string[][] = [];
    for (const c of comparisons) {
      const where = c.benchmarks.join(', ');
      for (const budget of c.budgets) {
        const items = c.method === 'full_ability_graded' ? 'all' : String(budget);
        rows.push([c.baselineLabel, where, items, ...METRICS.map(({ key, digits }) => format(c.baselineMetrics[budget]![key], digits))]);
        rows.push([c.label, where, items, ...METRICS.map(({ key, digits }) => format(c.metrics[budget]![key], digits))]);
      }
    }
    blocks.push({ kind: 'table', header: ['Method', 'Benchmarks', 'Items', ...METRICS.map((m) => m.label)], rows });
  }
  if (diagnostics.length) {
    const reference = [...new Set(diagnostics.map((d) => d.reference))].join(' / ');
    blocks.push({
      kind: 'paragraph',
      text: `Diagnostics of the runs after ${analysis.methods.diagnosedItems} items (every method's runs cut there, plain Fluid's too; fewer where a bank has fewer items; core's \`simulationDiagnostics\`, as \`fluid simulate --diagnose\` prints), per method and benchmark over every LM and checkpoint: bias and RMSE of the final ability against the ${reference}, RMSE by decile of it (lowest first), mean items used, item exposure (share of runs given an item: smallest, largest, share of the bank never given) and test overlap Σr²/Σr (catR: the expected share of a run's items another run shares).`,
    });
    blocks.push({
      kind: 'table',
      header: ['Method', 'Benchmark', 'bias', 'RMSE', 'RMSE by decile', 'items', 'exposure min', 'exposure max', 'never used', 'overlap'],
      rows: diagnostics.map(({ label, benchmark, diagnostics: d }) => [
        label, benchmark, format(d.bias, 3), format(d.rmse, 3), d.rmseByDecile.map((x) => format(x, 2)).join(' '), format(d.meanItems, 1),
        format(d.exposure.min, 3), format(d.exposure.max, 3), format(d.exposure.neverUsed, 3), format(d.overlap, 3),
      ]),
    });
  }
  return blocks;
}

/**
 * tables/methods.csv (each method and its baseline per budget) and tables/diagnostics.csv (per method and benchmark).
 *
 * @example
 * ```ts
 * Object.keys(methodsCsv(analysis)); // returns ['methods.csv', 'diagnostics.csv']
 * ```
 */
export function methodsCsv(analysis: Analysis): Record<string, string> {
  const { comparisons, diagnostics } = analysis.methods;
  const metricRows = comparisons.flatMap((c) => c.budgets.flatMap((budget) => {
    const budgetCell = c.method === 'full_ability_graded' ? 'all' : budget;
    const base = c.baselineMetrics[budget]!;
    const own = c.metrics[budget]!;
    return [
      [c.label, 'baseline', c.baselineLabel, c.benchmarks.join(' '), budgetCell, base.rank_distance, base.total_variation, base.monotonicity],
      [c.label, 'method', c.label, c.benchmarks.join(' '), budgetCell, own.rank_distance, own.total_variation, own.monotonicity],
    ];
  }));
  return {
    'methods.csv': formatCsv(['comparison', 'role', 'method', 'benchmarks', 'budget', 'rank_distance', 'total_variation', 'monotonicity'], metricRows),
    'diagnostics.csv': formatCsv(
      ['method', 'benchmark', 'reference', 'runs', 'bias', 'rmse', ...Array.from({ length: 10 }, (_, d) => `rmse_decile_${d + 1}`), 'mean_items', 'exposure_min', 'exposure_max', 'never_used', 'overlap'],
      diagnostics.map(({ label, benchmark, reference, runs, diagnostics: d }) => [
        label, benchmark, reference, runs, d.bias, d.rmse, ...d.rmseByDecile, d.meanItems, d.exposure.min, d.exposure.max, d.exposure.neverUsed, d.overlap,
      ]),
    ),
  };
}
