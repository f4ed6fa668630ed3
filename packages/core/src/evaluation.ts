import { InvalidArgumentError } from './errors';
import { responsesFor, type AnyItemBank } from './poly-item-bank';
import { prepare } from './fluid-benchmarking';
import {
  DEFAULT_RUN, binarizeResponse, resolveBinarize, resolveEngineOptions, resolveEstimator, resolveStart, type Estimator,
  type ResponseOptions, type RunOptions,
} from './options';
import { SeededRandom, sampleWithoutReplacement } from './random';

/** The paper's sample sizes: 1–9, 10–90 by 10, 100–500 by 100. */
export const SAMPLE_SIZES: readonly number[] = Object.freeze([
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500,
]);

/** Options of the full-bank and subset ability methods. */
export interface AbilityOptions extends Pick<RunOptions, 'D' | 'priorMean' | 'priorSd' | 'range' | 'tolerance'
  | 'maxNewtonSteps' | 'maxHalvings' | 'bisectionSteps' | 'eapNodes' | 'eapPrior' | 'binarize'> {
  /** Default 'map'. */
  estimator?: Estimator;
  /** Newton's start. Default 0. */
  start?: number;
}

/**
 * Checks every ability option (engine options included) and fills defaults: the one resolver of
 * fullAbility, randomAbility, abilityMany and iterateEvals.
 *
 * @example
 * ```ts
 * resolveAbilityOptions({}).estimator; // returns 'map'
 * resolveAbilityOptions({ estimator: 'ml' as Estimator }); // throws InvalidArgumentError: estimator: must be one of map, mle, eap, wle (got "ml")
 * ```
 */
export function resolveAbilityOptions(options: AbilityOptions) {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'must be an object');
  const engine = resolveEngineOptions(options);
  return {
    estimator: resolveEstimator(options.estimator ?? DEFAULT_RUN.estimator),
    start: resolveStart(options.start, engine.range),
    binarize: resolveBinarize(options.binarize ?? DEFAULT_RUN.binarize),
    engine,
  };
}

/**
 * Accuracy over the answered items (missing ones, NaN or null, are left out).
 *
 * @example
 * ```ts
 * fullAccuracy([1, 0, 1, 1]); // returns 0.75
 * fullAccuracy([0.75, 0.25], { binarize: false }); // returns 0.5
 * ```
 */
export function fullAccuracy(responses: ArrayLike<number | null>, options: ResponseOptions = {}): number {
  const binarize = options.binarize ?? DEFAULT_RUN.binarize;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < responses.length; i++) {
    const x = responses[i];
    if (x === null || x === undefined || Number.isNaN(x)) continue;
    sum += binarize ? binarizeResponse(x) : x;
    count++;
  }
  return count ? sum / count : NaN;
}

/**
 * Accuracy on a subset of rows.
 *
 * @example
 * ```ts
 * randomAccuracy([1, 0, 1, 1], [1, 2]); // returns 0.5
 * ```
 */
export function randomAccuracy(responses: ArrayLike<number | null>, subset: ArrayLike<number>, options: ResponseOptions = {}): number {
  return fullAccuracy(Array.from(subset, (row) => responses[row]), options);
}

/**
 * Ability from every answered item of the bank (items in ascending order; MAP from Newton at `start`).
 *
 * @example
 * ```ts
 * fullAbility([1, 1, 0], bank); // the full-bank MAP ability
 * ```
 */
export function fullAbility(responses: ArrayLike<number | null>, bank: AnyItemBank, options: AbilityOptions = {}): number {
  return abilityMany([responses], bank, null, options).theta[0];
}

/**
 * Ability from the items of `subset` (rows, in the given order).
 *
 * @example
 * ```ts
 * randomAbility([1, 1, 0], bank, [2, 0]); // MAP from items 2 and 0
 * ```
 */
export function randomAbility(responses: ArrayLike<number | null>, bank: AnyItemBank, subset: ArrayLike<number>, options: AbilityOptions = {}): number {
  return abilityMany([responses], bank, subset, options).theta[0];
}

/**
 * Ability and SE for many response columns in one WASM call, from all items (`subset` null) or a subset.
 *
 * @example
 * ```ts
 * abilityMany([[1, 0, 1], [0, 0, 1]], bank, null).theta.length; // returns 2
 * ```
 */
export function abilityMany(
  columns: readonly ArrayLike<number | null>[], bank: AnyItemBank, subset: ArrayLike<number> | null, options: AbilityOptions = {},
): { theta: Float64Array; se: Float64Array } {
  const resolved = resolveAbilityOptions(options);
  if (subset) checkSubset(subset, bank.size);
  const engine = loadColumns(columns, bank, resolved);
  return engine.estimateColumns(0, columns.length, subset, resolved.start, resolved.estimator);
}

function checkSubset(subset: ArrayLike<number>, n: number): void {
  for (let i = 0; i < subset.length; i++) {
    if (!(Number.isInteger(subset[i]) && subset[i] >= 0 && subset[i] < n)) throw new InvalidArgumentError(`subset[${i}]`, subset[i], `not a row of the bank (0..${n - 1})`);
  }
}

/** Writes the columns into the bank's engine once, for any number of estimate calls. */
function loadColumns(columns: readonly ArrayLike<number | null>[], bank: AnyItemBank, options: ReturnType<typeof resolveAbilityOptions>) {
  const n = bank.size;
  const matrix = new Float64Array(n * columns.length);
  columns.forEach((column, c) => matrix.set(responsesFor(bank, column, { binarize: options.binarize, name: `responses[${c}]` }), c * n));
  const engine = prepare(bank, options.engine);
  engine.setResponses(matrix, columns.length);
  return engine;
}

/**
 * One seeded subset per sample size, drawn in order from one generator: the same subsets serve every
 * checkpoint (and every LM) of a benchmark, as the paper's baselines require.
 *
 * @example
 * ```ts
 * const subsets = randomSubsets(1172, { seed: 0 });
 * subsets.get(10)?.length; // returns 10
 * ```
 */
export function randomSubsets(nItems: number, options: { sampleSizes?: readonly number[]; seed?: number } = {}): Map<number, Int32Array> {
  const rng = new SeededRandom(options.seed ?? DEFAULT_RUN.seed);
  const out = new Map<number, Int32Array>();
  for (const size of options.sampleSizes ?? SAMPLE_SIZES) {
    if (!(Number.isInteger(size) && size >= 1)) throw new InvalidArgumentError('sampleSizes', size, 'sample sizes must be positive integers');
    out.set(size, sampleWithoutReplacement(nItems, Math.min(size, nItems), rng));
  }
  return out;
}

/** Accuracy and ability of every checkpoint on every subset. */
export interface IterateEvalsResult {
  sampleSizes: number[];
  subsets: Int32Array[];
  /** accuracy[s][c]: subset s, checkpoint c. */
  accuracy: number[][];
  /** ability[s][c]. */
  ability: number[][];
  se: number[][];
}

/**
 * The paper's random baselines over all sample sizes: per size one subset (seeded, or given), shared by all
 * checkpoints; accuracy and ability (MAP by default) per checkpoint.
 *
 * @example
 * ```ts
 * const evals = iterateEvals(columns, bank, { seed: 0 });
 * evals.ability[evals.sampleSizes.indexOf(100)]; // abilities of every checkpoint on 100 random items
 * ```
 */
export function iterateEvals(
  columns: readonly ArrayLike<number | null>[], bank: AnyItemBank,
  options: AbilityOptions & { sampleSizes?: readonly number[]; seed?: number; subsets?: readonly ArrayLike<number>[] } = {},
): IterateEvalsResult {
  const resolved = resolveAbilityOptions(options);
  const sampleSizes = [...(options.sampleSizes ?? SAMPLE_SIZES)];
  const subsets = options.subsets
    ? options.subsets.map((s) => Int32Array.from(s))
    : [...randomSubsets(bank.size, { sampleSizes, seed: options.seed }).values()];
  if (subsets.length !== sampleSizes.length) throw new InvalidArgumentError('subsets', subsets.length, `need one subset per sample size (${sampleSizes.length})`);
  const accuracy = subsets.map((subset) => columns.map((column) => randomAccuracy(column, subset, { binarize: resolved.binarize })));
  subsets.forEach((subset) => checkSubset(subset, bank.size));
  const engine = loadColumns(columns, bank, resolved);
  const estimates = subsets.map((subset) => engine.estimateColumns(0, columns.length, subset, resolved.start, resolved.estimator));
  return {
    sampleSizes,
    subsets,
    accuracy,
    ability: estimates.map((e) => Array.from(e.theta)),
    se: estimates.map((e) => Array.from(e.se)),
  };
}
