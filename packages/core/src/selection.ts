import { CRITERIA, DEFAULT_GRID, MAX_GRID_POINTS, smallestWins, type CriterionName, type EngineOptions, type QuadratureGrid } from '@fluidbench/irt-wasm';
import { InvalidArgumentError, SessionStateError } from './errors';
import { checkCategory, isPolytomous, type AnyItemBank } from './poly-item-bank';
import { ESTIMATORS, resolveEngineOptions, type Estimator } from './options';

/** A selection criterion computed in WebAssembly (catR 3.17's definitions; see the README's "Adaptive-testing options"). */
export type Criterion = CriterionName;
export { CRITERIA, DEFAULT_GRID, smallestWins };
export type { QuadratureGrid };

/** What a selection step sees: the administered items (rows or ids), their responses, the current θ. */
export interface SelectionState {
  items: ArrayLike<number | string>;
  responses: ArrayLike<number>;
  theta: number;
}

/** Options of a single selection step; the engine options (prior, range, D) default to the paper's. */
export interface SelectionOptions extends EngineOptions {
  /** Default 'mfi'. */
  selector?: Criterion;
  /** The run's estimator (MEI re-estimates θ with it). Default 'map'. */
  estimator?: Estimator;
  /** Quadrature grid of MLWI, MPWI, MEPV, KL, KLP. Default catR's: 33 points on [−4, 4]. */
  grid?: Partial<QuadratureGrid>;
  /** Items that may not be given (rows or ids). */
  exclude?: ArrayLike<number | string>;
}

/**
 * Checks a quadrature grid and fills catR's defaults.
 *
 * @example
 * ```ts
 * resolveGrid({ points: 61 }); // returns { points: 61, lo: -4, hi: 4 }
 * resolveGrid({ points: 1 }); // throws InvalidArgumentError: grid.points: must be an integer in [2, 1025] (got 1)
 * ```
 */
export function resolveGrid(grid: Partial<QuadratureGrid> | undefined): QuadratureGrid {
  const resolved = { ...DEFAULT_GRID, ...stripUndefined(grid ?? {}) };
  if (!(Number.isInteger(resolved.points) && resolved.points >= 2 && resolved.points <= MAX_GRID_POINTS)) {
    throw new InvalidArgumentError('grid.points', resolved.points, `must be an integer in [2, ${MAX_GRID_POINTS}]`);
  }
  if (!(Number.isFinite(resolved.lo) && Number.isFinite(resolved.hi) && resolved.lo < resolved.hi)) {
    throw new InvalidArgumentError('grid', [resolved.lo, resolved.hi], 'need finite lo < hi');
  }
  return resolved;
}

/**
 * Checks a criterion name.
 *
 * @example
 * ```ts
 * checkCriterion('kl'); // returns 'kl'
 * checkCriterion('KL'); // throws InvalidArgumentError: selector: must be one of mfi, bopt, ... (got "KL")
 * ```
 */
export function checkCriterion(name: unknown, argument = 'selector'): Criterion {
  if (!(CRITERIA as readonly unknown[]).includes(name)) throw new InvalidArgumentError(argument, name, `must be one of ${CRITERIA.join(', ')}`);
  return name as Criterion;
}

/**
 * Bank rows from rows or ids, checked (each must be an item of the bank).
 *
 * @example
 * ```ts
 * rowsOf(bank, ['q2', 0], 'exclude'); // returns [1, 0]
 * ```
 */
export function rowsOf(bank: AnyItemBank, items: ArrayLike<number | string>, argument: string): number[] {
  const rows: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const row = typeof item === 'number' ? item : bank.indexOf(item);
    if (!(Number.isInteger(row) && row >= 0 && row < bank.size)) throw new InvalidArgumentError(`${argument}[${i}]`, item, 'not an item of this bank');
    rows.push(row);
  }
  return rows;
}

/** The engine call behind {@link selectionValues} and {@link nextItem}: values scaled to catR's units. */
function evaluate(bank: AnyItemBank, state: SelectionState, options: SelectionOptions) {
  const criterion = checkCriterion(options.selector ?? 'mfi');
  const grid = resolveGrid(options.grid);
  const { items, blocked, estimator } = checkState(bank, state, options);
  const values = new Float64Array(bank.size);
  const engine = bank.engine();
  engine.setOptions(resolveEngineOptions(options));
  const { best, scale } = engine.criterionValuesInto(criterion, items, state.responses, state.theta, estimator, grid, blocked, values);
  if (scale !== 1) for (let i = 0; i < values.length; i++) values[i] *= scale;
  return { best, values, criterion };
}

/** The checked rows of a selection step's administered and excluded items, and its estimator. */
function checkState(bank: AnyItemBank, state: SelectionState, options: SelectionOptions) {
  const estimator = options.estimator ?? 'map';
  if (!ESTIMATORS.includes(estimator)) throw new InvalidArgumentError('estimator', estimator, `must be one of ${ESTIMATORS.join(', ')}`);
  const items = rowsOf(bank, state.items, 'items');
  if (state.responses.length !== items.length) throw new InvalidArgumentError('responses', `length ${state.responses.length}`, `need one response per item (${items.length})`);
  for (let i = 0; i < state.responses.length; i++) {
    const x = state.responses[i];
    if (isPolytomous(bank)) checkCategory(bank, items[i], x, `responses[${i}]`);
    else if (!(x >= 0 && x <= 1)) throw new InvalidArgumentError(`responses[${i}]`, x, 'a response must be in [0, 1]');
  }
  if (!Number.isFinite(state.theta)) throw new InvalidArgumentError('theta', state.theta, 'must be a finite number');
  const blocked = options.exclude ? rowsOf(bank, options.exclude, 'exclude') : [];
  return { items, blocked, estimator };
}

/**
 * The criterion for every item of the bank at this state (NaN for administered and excluded items), in
 * catR's units: Fisher information (mfi), |b − θ| (bopt), distance to the θ of peak information (thopt),
 * likelihood- or posterior-weighted information (mlwi, mpwi), expected observed information (mei), expected
 * posterior variance (mepv), Kullback–Leibler information (kl, klp). The prior, range and D are the
 * engine options given (defaults: N(0, 1) prior, range [−4, 4], D = 1, as catR's). A graded bank
 * (`PolytomousItemBank`, responses are categories) takes every criterion but bopt and thopt, with catR's
 * definitions for polytomous items (see the README's "Graded scores").
 *
 * @example
 * ```ts
 * const bank = new ItemBank({ a: [1, 2, 0.5], b: [0, 0.3, -1] });
 * Array.from(selectionValues(bank, { items: [1], responses: [1], theta: 0.4 }, { selector: 'bopt' }));
 * // returns [0.4, NaN, 1.4]
 * ```
 */
export function selectionValues(bank: AnyItemBank, state: SelectionState, options: SelectionOptions = {}): Float64Array {
  return evaluate(bank, state, options).values;
}

/**
 * The item a criterion picks at this state: the largest value (smallest for bopt, thopt, mepv), exact ties
 * to the lowest row. Throws SessionStateError when no item is left.
 *
 * @example
 * ```ts
 * nextItem(bank, { items: [], responses: [], theta: 0 }, { selector: 'kl' });
 * // returns { index: 1, id: '1', value: 11.02... } (KL integrated over the unweighted grid)
 * ```
 */
export function nextItem(bank: AnyItemBank, state: SelectionState, options: SelectionOptions = {}): { index: number; id: string; value: number } {
  const criterion = checkCriterion(options.selector ?? 'mfi');
  // mfi, bopt and thopt on a 1–4PL bank need no other item's value: the engine's pick-only path (same pick)
  if (!isPolytomous(bank) && (criterion === 'mfi' || criterion === 'bopt' || criterion === 'thopt')) {
    resolveGrid(options.grid); // checked as on every path, though these criteria use no grid
    const { items, blocked } = checkState(bank, state, options);
    const engine = bank.engine();
    engine.setOptions(resolveEngineOptions(options));
    const { best, value } = engine.pickNext(criterion, state.theta, items, blocked);
    if (best < 0) throw new SessionStateError('no unused item left in the bank');
    return { index: best, id: bank.ids[best], value };
  }
  const { best, values } = evaluate(bank, state, options);
  if (best < 0) throw new SessionStateError('no unused item left in the bank');
  return { index: best, id: bank.ids[best], value: values[best] };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
