// The paper's analyses over experiments.jsonl rows: validity (rank distance), variance (total variation)
// and saturation (monotonicity) per method and budget, overall, per benchmark and per LM; and dynamic
// stopping (items used per checkpoint when stopping at the SE threshold).
import { monotonicity, rankDistance, seStoppingThreshold, totalVariation } from '@fluidbench/core';
import { compareMethods, type MethodsAnalysis } from './method-comparison';
import type { ExperimentRow } from './unit';
import type { BenchmarkWorld, World } from './world';

/** The paper's efficiency budgets. */
export const BUDGETS = [10, 50, 100, 500] as const;
export type Budget = (typeof BUDGETS)[number];

/** Methods of summary.json: Random (subset accuracy), Random IRT (subset ability), Fluid, full accuracy/ability. */
export const SUMMARY_METHODS = ['random', 'random_irt', 'fluid', 'full_accuracy', 'full_ability'] as const;
export type SummaryMethod = (typeof SUMMARY_METHODS)[number];

export const METHOD_LABELS: Record<SummaryMethod | 'fluid_dynamic', string> = {
  random: 'Random',
  random_irt: 'Random IRT',
  fluid: 'Fluid Benchmarking',
  full_accuracy: 'Full accuracy',
  full_ability: 'Full ability',
  fluid_dynamic: 'Fluid, dynamic stopping',
};

/**
 * Validity pairs (A, B): the score on A should predict the standing on B. Each pair counts in both
 * directions, four in all.
 */
export const VALIDITY_PAIRS: readonly [string, string][] = [['arc_challenge', 'mmlu'], ['hellaswag', 'winogrande']];

/** A method's three headline numbers; null where nothing could be measured (e.g. no validity pair selected). */
export interface Metrics {
  rank_distance: number | null;
  total_variation: number | null;
  monotonicity: number | null;
}

export type MetricTable = Record<SummaryMethod, Record<Budget, Metrics>>;

/** One LM's learning curve on one benchmark: its rows in checkpoint order. */
export interface Curve {
  benchmark: string;
  lm: string;
  rows: ExperimentRow[];
}

export interface DynamicStopping {
  /** Per benchmark, the SE threshold: mean ability gap between rank-adjacent leaderboard LMs. */
  thresholds: Record<string, number>;
  /** Items used per checkpoint (runs that never reach the threshold count with all their items). */
  items: { benchmark: string; lm: string; checkpoint: string; items: number; reached: boolean }[];
  overall: ItemStats;
  byBenchmark: Record<string, ItemStats>;
  byLm: Record<string, ItemStats>;
  /** Rank distance, total variation and monotonicity of the abilities at the stopping points. */
  metrics: Metrics;
}

export interface ItemStats {
  mean: number;
  median: number;
  min: number;
  max: number;
  /** Checkpoints whose run never got below the threshold. */
  notReached: number;
  checkpoints: number;
}

export interface Analysis {
  summary: MetricTable;
  byBenchmark: Record<string, MetricTable>;
  byLm: Record<string, MetricTable>;
  dynamic: DynamicStopping;
  /** Directions (A → B) that entered the rank distance. */
  directions: [string, string][];
  curves: Curve[];
  /** "Fluid Benchmarking (batch k)" (`fluid-replicate --batch`): overall metrics per budget, for each k run. */
  batches: { batch: number; metrics: Record<Budget, Metrics> }[];
  /** The methods beyond the paper's (content balancing, randomesque, graded) beside their baselines, and diagnostics. */
  methods: MethodsAnalysis;
  /** Curves whose total variation is undefined (no net change), left out of the means. */
  undefinedTotalVariation: number;
  rows: number;
}

/**
 * `fluid_batch_<k>`: Fluid Benchmarking asking k items at a time (rows' `abilities_fb_batch_<k>`); `fb:<name>`:
 * the abilities of rows' `abilities_fb_<name>` (`randomesque_5`, `content`, `graded`); `full_ability_graded`.
 */
export type MethodKey = SummaryMethod | 'fluid_dynamic' | `fluid_batch_${number}` | `fb:${string}` | 'full_ability_graded';

function isAccuracy(method: MethodKey): boolean {
  return method === 'random' || method === 'full_accuracy';
}

/**
 * A row's score under a method and budget: subset accuracy or ability at `budget` items, the Fluid ability
 * after `budget` items (or after its last item when the run was shorter), the full-benchmark scores, or
 * the Fluid ability where dynamic stopping ends the run.
 *
 * @example
 * ```ts
 * scoreOf({ abilities_fb: [0.1, 0.3, 0.2], random_accuracy_10: 0.6 }, 'fluid', 2);  // returns 0.3
 * scoreOf({ abilities_fb: [0.1, 0.3, 0.2], random_accuracy_10: 0.6 }, 'random', 10); // returns 0.6
 * ```
 */
export function scoreOf(row: ExperimentRow, method: MethodKey, budget: number): number {
  switch (method) {
    case 'random': return row[`random_accuracy_${budget}`] as number;
    case 'random_irt': return row[`random_ability_${budget}`] as number;
    case 'full_accuracy': return row.full_accuracy as number;
    case 'full_ability': return row.full_ability as number;
    case 'full_ability_graded': return row.full_ability_graded as number;
    case 'fluid': {
      const abilities = row.abilities_fb as number[];
      return abilities[Math.min(budget, abilities.length) - 1];
    }
    case 'fluid_dynamic': {
      const abilities = row.abilities_fb as number[];
      const items = (row.n_items_dynamic_fb as number | null) ?? abilities.length;
      return abilities[items - 1];
    }
    default: {
      const key = method.startsWith('fb:') ? `abilities_fb_${method.slice(3)}` : `abilities_fb_batch_${method.slice(BATCH_PREFIX.length)}`;
      const abilities = row[key] as number[];
      return abilities[Math.min(budget, abilities.length) - 1];
    }
  }
}

const BATCH_PREFIX = 'fluid_batch_';

/** The batch sizes whose abilities the rows hold (`abilities_fb_batch_<k>`), ascending. */
function batchesIn(rows: readonly ExperimentRow[]): number[] {
  const first = rows[0] ?? {};
  return Object.keys(first).flatMap((key) => {
    const match = /^abilities_fb_batch_(\d+)$/.exec(key);
    return match ? [Number(match[1])] : [];
  }).sort((x, y) => x - y);
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, x) => sum + x, 0) / values.length;
}

/** A measurement on one curve (TV, monotonicity) or one (direction, LM) cell (rank distance). */
export interface Cell {
  benchmark: string;
  lm: string;
  value: number;
}

export interface MethodCells {
  rankDistance: Cell[];
  totalVariation: Cell[];
  monotonicity: Cell[];
}

/** Graded methods are ranked among the leaderboard's graded abilities (absent on real data: no rank distance). */
function isGraded(method: MethodKey): boolean {
  return method === 'fb:graded' || method === 'full_ability_graded';
}

/**
 * Rank distance, total variation and monotonicity cells of a method at a budget, on `curves` (those it has rows
 * for); the full accuracies on the other side of each validity direction come from `references`.
 *
 * @example
 * ```ts
 * aggregate(measure(curves, directions, world, 'fb:content', 50), () => true).total_variation; // content-balanced Fluid at 50 items
 * ```
 */
export function measure(
  curves: Curve[], directions: [string, string][], world: World, method: MethodKey, budget: number, references: Curve[] = curves,
): MethodCells & { undefinedTv: number } {
  const benchmarks = new Map<string, BenchmarkWorld>(world.benchmarks.map((b) => [b.name, b]));
  const totalVariationCells: Cell[] = [];
  const monotonicityCells: Cell[] = [];
  let undefinedTv = 0;
  for (const curve of curves) {
    if (curve.rows.length < 2) continue;
    const values = curve.rows.map((row) => scoreOf(row, method, budget));
    const tv = totalVariation(values);
    if (Number.isFinite(tv)) totalVariationCells.push({ benchmark: curve.benchmark, lm: curve.lm, value: tv });
    else undefinedTv++;
    const mono = monotonicity(values);
    if (!Number.isNaN(mono)) monotonicityCells.push({ benchmark: curve.benchmark, lm: curve.lm, value: mono });
  }
  const rankCells: Cell[] = [];
  const byKey = new Map(curves.map((c) => [`${c.benchmark}\u0000${c.lm}`, c]));
  const referenceByKey = new Map(references.map((c) => [`${c.benchmark}\u0000${c.lm}`, c]));
  for (const [a, b] of directions) {
    const scoresA = benchmarks.get(a)!.leaderboard;
    const leaderboardA = isAccuracy(method) ? scoresA.accuracy : isGraded(method) ? scoresA.gradedAbility : scoresA.ability;
    if (!leaderboardA) continue;
    const leaderboardB = benchmarks.get(b)!.leaderboard.accuracy;
    for (const lm of world.lms) {
      const curveA = byKey.get(`${a}\u0000${lm.name}`);
      const curveB = referenceByKey.get(`${b}\u0000${lm.name}`);
      if (!curveA || !curveB) continue;
      const accuracyB = new Map(curveB.rows.map((row) => [row.checkpoint as string, row.full_accuracy as number]));
      const distances: number[] = [];
      for (const row of curveA.rows) {
        const reference = accuracyB.get(row.checkpoint as string);
        if (reference !== undefined) distances.push(rankDistance(scoreOf(row, method, budget), leaderboardA, reference, leaderboardB));
      }
      const cell = mean(distances);
      if (cell !== null) rankCells.push({ benchmark: a, lm: lm.name, value: cell });
    }
  }
  return { rankDistance: rankCells, totalVariation: totalVariationCells, monotonicity: monotonicityCells, undefinedTv };
}

/**
 * Means of a method's cells that `keep` accepts.
 *
 * @example
 * ```ts
 * aggregate(measure(curves, directions, world, 'fluid', 50), (cell) => cell.benchmark === 'mmlu').monotonicity;
 * ```
 */
export function aggregate(cells: MethodCells, keep: (cell: Cell) => boolean): Metrics {
  const values = (list: Cell[]) => list.filter(keep).map((cell) => cell.value);
  return {
    rank_distance: mean(values(cells.rankDistance)),
    total_variation: mean(values(cells.totalVariation)),
    monotonicity: mean(values(cells.monotonicity)),
  };
}

function itemStats(items: { items: number; reached: boolean }[]): ItemStats {
  const counts = items.map((x) => x.items).sort((x, y) => x - y);
  const middle = counts.length >> 1;
  return {
    mean: mean(counts) ?? NaN,
    median: counts.length === 0 ? NaN : counts.length % 2 ? counts[middle] : (counts[middle - 1] + counts[middle]) / 2,
    min: counts[0] ?? NaN,
    max: counts[counts.length - 1] ?? NaN,
    notReached: items.filter((x) => !x.reached).length,
    checkpoints: items.length,
  };
}

/**
 * Groups rows into learning curves, in the world's benchmark, LM and checkpoint order.
 *
 * @example
 * ```ts
 * learningCurves(rows, world).length; // returns 36 for the full grid
 * ```
 */
export function learningCurves(rows: readonly ExperimentRow[], world: World): Curve[] {
  const byKey = new Map<string, ExperimentRow[]>();
  for (const row of rows) {
    const key = `${row.benchmark}\u0000${row.lm}`;
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const curves: Curve[] = [];
  for (const benchmark of world.benchmarks) {
    for (const lm of world.lms) {
      const list = byKey.get(`${benchmark.name}\u0000${lm.name}`);
      if (!list) continue;
      const order = new Map(lm.checkpoints.map((c, i) => [c, i]));
      curves.push({ benchmark: benchmark.name, lm: lm.name, rows: [...list].sort((x, y) => order.get(x.checkpoint as string)! - order.get(y.checkpoint as string)!) });
    }
  }
  return curves;
}

/**
 * Every analysis of the paper on a grid's rows. Means are over learning curves (benchmark × LM) for total
 * variation and monotonicity; rank distance is averaged over checkpoints per (direction, LM), then over
 * LMs and the four directions.
 *
 * @example
 * ```ts
 * const analysis = analyze(outcome.rows, world);
 * analysis.summary.fluid[50].total_variation; // the mean total variation of Fluid curves at 50 items
 * ```
 */
export function analyze(rows: readonly ExperimentRow[], world: World): Analysis {
  const curves = learningCurves(rows, world);
  const present = new Set(world.benchmarks.map((b) => b.name));
  const directions = VALIDITY_PAIRS.filter(([a, b]) => present.has(a) && present.has(b)).flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]);
  const summary = {} as MetricTable;
  const byBenchmark: Record<string, MetricTable> = Object.fromEntries(world.benchmarks.map((b) => [b.name, {} as MetricTable]));
  const byLm: Record<string, MetricTable> = Object.fromEntries(world.lms.map((lm) => [lm.name, {} as MetricTable]));
  let undefinedTotalVariation = 0;
  for (const method of SUMMARY_METHODS) {
    summary[method] = {} as Record<Budget, Metrics>;
    for (const table of [...Object.values(byBenchmark), ...Object.values(byLm)]) table[method] = {} as Record<Budget, Metrics>;
    // Full-benchmark methods do not depend on the budget: measured once, repeated under every budget.
    const fullMethod = method === 'full_accuracy' || method === 'full_ability';
    let cells: ReturnType<typeof measure> | undefined;
    for (const budget of BUDGETS) {
      if (!cells || !fullMethod) {
        cells = measure(curves, directions, world, method, budget);
        undefinedTotalVariation += cells.undefinedTv;
      }
      const found = cells;
      summary[method][budget] = aggregate(found, () => true);
      for (const b of world.benchmarks) byBenchmark[b.name][method][budget] = aggregate(found, (cell) => cell.benchmark === b.name);
      for (const lm of world.lms) byLm[lm.name][method][budget] = aggregate(found, (cell) => cell.lm === lm.name);
    }
  }
  const thresholds = Object.fromEntries(world.benchmarks.map((b) => [b.name, seStoppingThreshold(b.leaderboard.ability)]));
  const items = curves.flatMap((curve) => curve.rows.map((row) => {
    const reached = row.n_items_dynamic_fb as number | null;
    return { benchmark: curve.benchmark, lm: curve.lm, checkpoint: row.checkpoint as string, items: reached ?? (row.items_fb as number[]).length, reached: reached !== null };
  }));
  const dynamicCells = measure(curves, directions, world, 'fluid_dynamic', 0);
  const batches = batchesIn(rows).map((batch) => ({
    batch,
    metrics: Object.fromEntries(BUDGETS.map((budget) => [budget, aggregate(measure(curves, directions, world, `fluid_batch_${batch}`, budget), () => true)])) as Record<Budget, Metrics>,
  }));
  return {
    summary,
    byBenchmark,
    byLm,
    dynamic: {
      thresholds,
      items,
      overall: itemStats(items),
      byBenchmark: Object.fromEntries(world.benchmarks.map((b) => [b.name, itemStats(items.filter((x) => x.benchmark === b.name))])),
      byLm: Object.fromEntries(world.lms.map((lm) => [lm.name, itemStats(items.filter((x) => x.lm === lm.name))])),
      metrics: aggregate(dynamicCells, () => true),
    },
    directions,
    curves,
    batches,
    methods: compareMethods(curves, world, directions),
    undefinedTotalVariation,
    rows: rows.length,
  };
}
