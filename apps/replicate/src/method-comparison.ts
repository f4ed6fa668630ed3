// The methods beyond the paper's, beside plain Fluid Benchmarking on the same learning curves: content
// balancing (MMLU), randomesque exposure control and graded scores. The paper's metrics per budget, and per
// method and benchmark core's simulation diagnostics: bias and RMSE of the final ability (against the true
// ability in the synthetic world, else against the full-bank ability), items used, exposure and overlap.
import { simulationDiagnostics, type SimulationDiagnostics } from '@fluidbench/core';
import { BUDGETS, aggregate, measure, type Budget, type Curve, type MethodKey, type Metrics } from './analysis';
import type { ExperimentRow } from './unit';
import type { World } from './world';

/** A method beyond the paper's and the method it is measured against, on the benchmarks it ran on. */
export interface MethodComparison {
  method: MethodKey;
  label: string;
  baseline: MethodKey;
  baselineLabel: string;
  benchmarks: string[];
  /** The budgets the method's runs reach (every budget up to its item budget; one entry for a full-bank method). */
  budgets: Budget[];
  metrics: Partial<Record<Budget, Metrics>>;
  baselineMetrics: Partial<Record<Budget, Metrics>>;
}

/** Core's diagnostics of one method's runs on one benchmark (every LM and checkpoint: one run each). */
export interface MethodDiagnostics {
  method: MethodKey;
  label: string;
  benchmark: string;
  /** What the final abilities are compared with. */
  reference: 'true ability' | 'full-bank ability';
  runs: number;
  diagnostics: SimulationDiagnostics;
}

export interface MethodsAnalysis {
  comparisons: MethodComparison[];
  /** Items of every run in the diagnostics at most (the item budget of the methods beyond the paper's). */
  diagnosedItems: number;
  diagnostics: MethodDiagnostics[];
}

const FLUID_LABEL = 'Fluid Benchmarking';

/** The methods a set of rows holds, beyond the paper's, each with its baseline and its row keys. */
function methodsIn(rows: readonly ExperimentRow[]): { method: MethodKey; label: string; baseline: MethodKey; baselineLabel: string; items: string | null }[] {
  const keys = new Set(rows.flatMap((row) => Object.keys(row)));
  const found: ReturnType<typeof methodsIn> = [];
  if (keys.has('abilities_fb_content')) {
    found.push({ method: 'fb:content', label: `${FLUID_LABEL} + content balancing`, baseline: 'fluid', baselineLabel: FLUID_LABEL, items: 'items_fb_content' });
  }
  for (const key of [...keys].sort()) {
    const match = /^abilities_fb_randomesque_(\d+)$/.exec(key);
    if (match) {
      found.push({ method: `fb:randomesque_${match[1]}`, label: `${FLUID_LABEL}, randomesque ${match[1]}`, baseline: 'fluid', baselineLabel: FLUID_LABEL, items: `items_fb_randomesque_${match[1]}` });
    }
  }
  if (keys.has('abilities_fb_graded')) {
    found.push({ method: 'fb:graded', label: `${FLUID_LABEL}, graded`, baseline: 'fluid', baselineLabel: `${FLUID_LABEL} (binarized)`, items: 'items_fb_graded' });
    found.push({ method: 'full_ability_graded', label: 'Full ability, graded', baseline: 'full_ability', baselineLabel: 'Full ability (binarized)', items: null });
  }
  return found;
}

function abilitiesKey(method: MethodKey): string {
  return method === 'fluid' ? 'abilities_fb' : `abilities_fb_${method.slice(3)}`;
}

/** Per row of a curve, the ability the run's final estimate should match. */
function referenceOf(world: World, curve: Curve, graded: boolean): { values: number[]; reference: MethodDiagnostics['reference'] } {
  const benchmark = world.benchmarks.find((b) => b.name === curve.benchmark)!;
  const lm = world.lms.find((x) => x.name === curve.lm)!;
  const recipe = world.recipe(benchmark, lm);
  if (recipe.kind === 'synthetic') {
    const at = new Map(lm.checkpoints.map((c, t) => [c, t]));
    return { values: curve.rows.map((row) => recipe.trueAbilities[at.get(row.checkpoint as string)!]), reference: 'true ability' };
  }
  return { values: curve.rows.map((row) => (graded ? row.full_ability_graded : row.full_ability) as number), reference: 'full-bank ability' };
}

/**
 * Every method beyond the paper's that the rows hold, beside its baseline on the same benchmarks, and the
 * diagnostics of each adaptive method (plain Fluid included) per benchmark.
 *
 * @example
 * ```ts
 * const { comparisons } = compareMethods(analysis.curves, world, directions);
 * comparisons.map((c) => c.label); // returns ['Fluid Benchmarking + content balancing', 'Fluid Benchmarking, randomesque 5', ...]
 * ```
 */
export function compareMethods(curves: Curve[], world: World, directions: [string, string][]): MethodsAnalysis {
  const rows = curves.map((curve) => curve.rows[0]).filter((row): row is ExperimentRow => row !== undefined);
  const methods = methodsIn(rows);
  const comparisons: MethodComparison[] = methods.map(({ method, label, baseline, baselineLabel }) => {
    const key = method === 'full_ability_graded' ? 'full_ability_graded' : abilitiesKey(method);
    const own = curves.filter((curve) => curve.rows.length > 0 && curve.rows.every((row) => key in row));
    const benchmarks = [...new Set(own.map((curve) => curve.benchmark))];
    const steps = Math.max(0, ...own.flatMap((curve) => curve.rows.map((row) => (Array.isArray(row[key]) ? (row[key] as number[]).length : 0))));
    // a budget beyond the method's item budget would repeat its last ability: left out
    const budgets = method === 'full_ability_graded' ? [BUDGETS[0]] : BUDGETS.filter((budget) => budget <= steps);
    const metricsOf = (m: MethodKey) => Object.fromEntries(budgets.map((budget) => [budget, aggregate(measure(own, directions, world, m, budget, curves), () => true)]));
    return { method, label, baseline, baselineLabel, benchmarks, budgets, metrics: metricsOf(method), baselineMetrics: metricsOf(baseline) };
  });
  const adaptive = [
    { method: 'fluid' as MethodKey, label: FLUID_LABEL, items: 'items_fb' },
    ...methods.flatMap((m) => (m.items ? [{ method: m.method, label: m.label, items: m.items }] : [])),
  ];
  // every run cut at the item budget of the methods beyond the paper's (their longest run; plain Fluid's when
  // there are none), so exposure and overlap compare like with like
  const longest = (items: string) => Math.max(0, ...curves.flatMap((curve) => curve.rows.map((row) => (Array.isArray(row[items]) ? (row[items] as number[]).length : 0))));
  const cut = Math.max(...(adaptive.length > 1 ? adaptive.slice(1) : adaptive).map(({ items }) => longest(items)));
  const diagnostics: MethodDiagnostics[] = [];
  for (const { method, label, items } of adaptive) {
    const abilities = abilitiesKey(method);
    for (const benchmark of world.benchmarks) {
      const own = curves.filter((curve) => curve.benchmark === benchmark.name && curve.rows.length > 0 && curve.rows.every((row) => items in row));
      if (!own.length) continue;
      const runs: { items: number[]; abilities: number[] }[] = [];
      const truth: number[] = [];
      let reference: MethodDiagnostics['reference'] = 'true ability';
      for (const curve of own) {
        const found = referenceOf(world, curve, method === 'fb:graded');
        reference = found.reference;
        curve.rows.forEach((row, t) => {
          runs.push({ items: (row[items] as number[]).slice(0, cut), abilities: (row[abilities] as number[]).slice(0, cut) });
          truth.push(found.values[t]);
        });
      }
      diagnostics.push({ method, label, benchmark: benchmark.name, reference, runs: runs.length, diagnostics: simulationDiagnostics(runs, truth, benchmark.ids.length) });
    }
  }
  return { comparisons, diagnosedItems: cut, diagnostics };
}
