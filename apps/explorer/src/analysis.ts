// What the page shows, computed from one benchmark × LM (or the user's files): the paper's five scores per
// checkpoint, its metrics on each curve, and one run step by step. Pure functions over core; the worker
// calls them, and the Node tests call them directly.
import {
  ItemBank,
  abilityMany,
  fluidBenchmarkingMany,
  fullAccuracy,
  monotonicity,
  randomAccuracy,
  randomSubsets,
  rankDistance,
  totalVariation,
  type FluidResult,
} from '@fluidbench/core';
import type { IrtTable } from '@fluidbench/data';
import { METHODS, type CurveRow, type MethodMetrics, type Method, type StepRow, type StepThrough, type ViewResult } from './protocol';

/** Longest run the page computes; the budget slider goes up to it (or to the bank's size). */
export const MAX_BUDGET = 500;
/** The slider's lowest budget. */
export const MIN_BUDGET = 10;
/** Seed of the random subsets: one nested family per benchmark, shared by every checkpoint. */
export const SUBSET_SEED = 0;
/** Points of the information curves over θ ∈ [−4, 4]. */
const INFORMATION_GRID = 81;
const THETA_RANGE: [number, number] = [-4, 4];

/** One learning curve's inputs: a bank and the response columns of its checkpoints, in training order. */
export interface Unit {
  /** `benchmark × lm`, or the dropped files' names. */
  label: string;
  irt: IrtTable;
  checkpoints: string[];
  columns: Float64Array[];
  /** Where Fluid Benchmarking starts: the leaderboard's mean ability (the paper), else 0. */
  start: number;
  /** The leaderboard's full accuracies and abilities on this benchmark, when loaded. */
  leaderboard?: { accuracy: number[]; ability: number[] };
  /** For rank distance: another benchmark's full accuracy per checkpoint and its leaderboard accuracies. */
  reference?: { benchmark: string; accuracy: number[]; leaderboardAccuracy: number[] };
  /** Item texts by id, when the item map is loaded. */
  itemText?: (id: string) => string | undefined;
}

/** The work that does not depend on the budget: full-bank scores, the random draw order, the Fluid runs. */
export interface Prepared {
  bank: ItemBank;
  fullAccuracy: number[];
  fullAbility: number[];
  /**
   * One MFI run per checkpoint with n_max = `fluidBudget`; a run's first k steps are the k-item run, so any
   * budget up to `fluidBudget` is read off these runs. Grown to the largest budget when a larger one is asked.
   */
  fluid: FluidResult[];
  fluidBudget: number;
  /** The random items in draw order; the first k are the k-item subset (a partial Fisher–Yates shuffle). */
  subset: Int32Array;
  /**
   * The subset's items as a bank of their own, in draw order, with each checkpoint's answers to them: a slider
   * move then estimates from these few hundred rows instead of copying every checkpoint's full column again.
   */
  randomBank: ItemBank;
  randomColumns: Float64Array[];
  maxBudget: number;
}

/**
 * Full accuracy and ability of every checkpoint, the random draw order, and the Fluid runs up to `budget`
 * items (the first view needs no more; {@link ensureFluidRuns} grows them when the slider goes further).
 *
 * @example
 * ```ts
 * const prepared = prepareUnit(unit, 50);
 * prepared.fluid[0].abilities.length; // returns 50 when no item is missing
 * ```
 */
export function prepareUnit(unit: Unit, budget = MAX_BUDGET): Prepared {
  const bank = new ItemBank(unit.irt);
  const maxBudget = Math.min(MAX_BUDGET, bank.size);
  const full = abilityMany(unit.columns, bank, null);
  const fluidBudget = clampBudget(budget, maxBudget);
  const subset = randomSubsets(bank.size, { sampleSizes: [maxBudget], seed: SUBSET_SEED }).get(maxBudget)!;
  const pick = (values: ArrayLike<number>) => Float64Array.from(subset, (row) => values[row]);
  const { ids, a, b, c, d } = unit.irt;
  return {
    bank,
    fullAccuracy: unit.columns.map((column) => fullAccuracy(column)),
    fullAbility: Array.from(full.theta),
    fluid: fluidBenchmarkingMany(unit.columns, bank, { nMax: fluidBudget, start: unit.start }),
    fluidBudget,
    subset,
    randomBank: new ItemBank({ ids: Array.from(subset, (row) => ids[row]), a: pick(a), b: pick(b), c: c && pick(c), d: d && pick(d) }),
    randomColumns: unit.columns.map(pick),
    maxBudget,
  };
}

/**
 * Makes the Fluid runs long enough for `budget` items: when they are shorter, runs every checkpoint once
 * more to the largest budget, so that later moves of the slider cost nothing.
 *
 * @example
 * ```ts
 * const prepared = prepareUnit(unit, 50);
 * ensureFluidRuns(unit, prepared, 120).fluidBudget; // returns 500 (or the bank's size)
 * ```
 */
export function ensureFluidRuns(unit: Unit, prepared: Prepared, budget: number): Prepared {
  if (budget > prepared.fluidBudget) {
    prepared.fluid = fluidBenchmarkingMany(unit.columns, prepared.bank, { nMax: prepared.maxBudget, start: unit.start });
    prepared.fluidBudget = prepared.maxBudget;
  }
  return prepared;
}

/**
 * The budget the page uses for a requested one: an integer in [min(10, max), max].
 *
 * @example
 * ```ts
 * clampBudget(1000, 500); // returns 500
 * clampBudget(3, 500);    // returns 10
 * ```
 */
export function clampBudget(budget: number, maxBudget: number): number {
  const low = Math.min(MIN_BUDGET, maxBudget);
  return Math.max(low, Math.min(maxBudget, Math.round(Number.isFinite(budget) ? budget : maxBudget)));
}

/**
 * The ability after `budget` items of a run: its last ability when it stopped earlier (items missing).
 *
 * @example
 * ```ts
 * abilityAt({ abilities: [0.1, 0.4, 0.3] } as FluidResult, 2); // returns 0.4
 * ```
 */
export function abilityAt(run: FluidResult, budget: number): number {
  if (run.abilities.length === 0) return NaN;
  return run.abilities[Math.min(budget, run.abilities.length) - 1];
}

/**
 * The five curves at a budget and the paper's metrics on each (rank distance where the leaderboard and a
 * reference benchmark are there).
 *
 * @example
 * ```ts
 * const { rows, metrics } = curvesAt(unit, prepareUnit(unit), 50);
 * rows[0].fluidAbility; // the first checkpoint's ability after 50 adaptive items
 * metrics.find((m) => m.method === 'fluid_ability')?.totalVariation; // its curve's total variation
 * ```
 */
export function curvesAt(unit: Unit, prepared: Prepared, budget: number): Pick<ViewResult, 'rows' | 'metrics'> {
  ensureFluidRuns(unit, prepared, budget);
  const subset = prepared.subset.subarray(0, budget);
  const random = abilityMany(prepared.randomColumns, prepared.randomBank, firstRows(budget));
  const rows: CurveRow[] = unit.checkpoints.map((checkpoint, c) => ({
    checkpoint,
    fullAccuracy: prepared.fullAccuracy[c],
    fullAbility: prepared.fullAbility[c],
    randomAccuracy: randomAccuracy(unit.columns[c], subset),
    randomAbility: random.theta[c],
    fluidAbility: abilityAt(prepared.fluid[c], budget),
  }));
  return { rows, metrics: METHODS.map((method) => metricsOf(unit, rows, method)) };
}

/** The value of a method's curve at one checkpoint. */
export function scoreOf(row: CurveRow, method: Method): number {
  switch (method) {
    case 'full_accuracy': return row.fullAccuracy;
    case 'full_ability': return row.fullAbility;
    case 'random_accuracy': return row.randomAccuracy;
    case 'random_ability': return row.randomAbility;
    case 'fluid_ability': return row.fluidAbility;
  }
}

function metricsOf(unit: Unit, rows: CurveRow[], method: Method): MethodMetrics {
  const curve = rows.map((row) => scoreOf(row, method));
  const defined = curve.length >= 2 && curve.every(Number.isFinite);
  const tv = defined ? totalVariation(curve) : NaN;
  const mono = defined ? monotonicity(curve) : NaN;
  let distance: number | null = null;
  const { leaderboard, reference } = unit;
  if (leaderboard && reference && defined && reference.leaderboardAccuracy.length > 0) {
    const population = method.endsWith('accuracy') ? leaderboard.accuracy : leaderboard.ability;
    const distances = curve.flatMap((score, c) =>
      Number.isFinite(reference.accuracy[c]) && population.length > 0
        ? [rankDistance(score, population, reference.accuracy[c], reference.leaderboardAccuracy)]
        : [],
    );
    distance = distances.length ? distances.reduce((sum, x) => sum + x, 0) / distances.length : null;
  }
  return { method, totalVariation: Number.isFinite(tv) ? tv : null, monotonicity: Number.isFinite(mono) ? mono : null, rankDistance: distance };
}

/**
 * One checkpoint's run, step by step, up to the budget: the adaptive run (`fluid`) or the random subset in
 * draw order (`random`, θ re-estimated from all items so far), with the information curves at a step.
 *
 * @example
 * ```ts
 * const steps = stepThrough(unit, prepared, { checkpoint: 0, method: 'fluid', budget: 20, step: 5 });
 * steps.rows.length; // returns 20
 * steps.rows[4].theta === steps.information.theta; // returns true (θ after the 5th item)
 * ```
 */
export function stepThrough(
  unit: Unit,
  prepared: Prepared,
  request: { checkpoint: number; method: 'fluid' | 'random'; budget: number; step: number },
): StepThrough {
  const column = unit.columns[request.checkpoint];
  const { a, b, ids } = unit.irt;
  let items: number[];
  let theta: number[];
  let se: number[];
  if (request.method === 'fluid') {
    ensureFluidRuns(unit, prepared, request.budget);
    const run = prepared.fluid[request.checkpoint];
    const steps = Math.min(request.budget, run.items.length);
    items = run.items.slice(0, steps);
    theta = run.abilities.slice(0, steps);
    se = run.se.slice(0, steps);
  } else {
    // Positions in the draw order whose item this checkpoint answered.
    const positions = firstRows(request.budget).filter((k) => !Number.isNaN(column[prepared.subset[k]]));
    items = positions.map((k) => prepared.subset[k]);
    theta = [];
    se = [];
    for (let k = 1; k <= positions.length; k++) {
      // As the curves' random ability: Newton from the default start, so the last step equals the table.
      const estimate = abilityMany([prepared.randomColumns[request.checkpoint]], prepared.randomBank, positions.slice(0, k));
      theta.push(estimate.theta[0]);
      se.push(estimate.se[0]);
    }
  }
  const rows: StepRow[] = items.map((row, k) => ({
    step: k + 1,
    row,
    id: ids[row],
    a: a[row],
    b: b[row],
    answer: column[row] >= 0.5 ? 1 : 0,
    theta: theta[k],
    se: se[k],
    text: unit.itemText?.(ids[row]),
  }));
  const step = Math.max(1, Math.min(rows.length, Math.round(request.step)));
  return { rows, step, information: informationAt(unit.irt, items.slice(0, step), theta[step - 1] ?? unit.start) };
}

/** Rows 0..count−1. */
function firstRows(count: number): number[] {
  return Array.from({ length: count }, (_, k) => k);
}

/**
 * Fisher information of a 2PL item, `a²·P·(1−P)` with `P = σ(a(θ − b))` (D = 1, the paper's scale).
 *
 * @example
 * ```ts
 * itemInformation(2, 0, 0); // returns 1 (P = 0.5: 4 · 0.25)
 * ```
 */
export function itemInformation(a: number, b: number, theta: number): number {
  const p = 1 / (1 + Math.exp(-a * (theta - b)));
  return a * a * p * (1 - p);
}

/** Test information of the items given so far and the last item's information, over θ ∈ [−4, 4]. */
function informationAt(irt: IrtTable, items: number[], theta: number): StepThrough['information'] {
  const grid = Array.from({ length: INFORMATION_GRID }, (_, k) => THETA_RANGE[0] + ((THETA_RANGE[1] - THETA_RANGE[0]) * k) / (INFORMATION_GRID - 1));
  const last = items[items.length - 1];
  return {
    theta,
    grid,
    test: grid.map((t) => items.reduce((sum, row) => sum + itemInformation(irt.a[row], irt.b[row], t), 0)),
    item: grid.map((t) => (last === undefined ? 0 : itemInformation(irt.a[last], irt.b[last], t))),
  };
}
