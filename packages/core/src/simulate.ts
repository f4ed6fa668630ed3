// Simulated test takers: the one place where answers of an LM of known ability are drawn (the CLI's
// simulate and demo, the replication's synthetic world and the benchmarks all call this).
import type { BankArrays } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { isPolytomous, type AnyItemBank, type PolytomousItemBank } from './poly-item-bank';
import { SeededRandom } from './random';

/** The item columns a simulation reads (the engine's `BankArrays`): an `ItemBank` or a plain table (`c` defaults to 0, `d` to 1). */
export type SimulationBank = BankArrays;

/** Where the draws come from: a seed, or a generator to continue (its state advances). */
export interface SimulateOptions {
  /** Seed of a fresh generator. Default 0. Ignored when `rng` is given. */
  seed?: number;
  /** Continue this generator's stream instead (several simulations from one seeded stream). */
  rng?: SeededRandom;
  /** Scaling constant of the logistic. Default 1. */
  D?: number;
}

const UINT32_RANGE = 4294967296;

/**
 * Responses of simulated test takers of known ability to every item: taker k answers item i correctly with
 * probability `c + (d − c)·σ(D·a·(θ_k − b))`, one 32-bit draw per response, taker by taker, so a seed always
 * gives the same matrix (2⁻³² resolution, far below any sampling error that matters here).
 *
 * @throws {InvalidArgumentError} for a non-finite ability or a seed that is not a safe integer.
 * @example
 * ```ts
 * simulateResponses({ a: [3, 3], b: [-30, 30] }, [0, 1], { seed: 7 });
 * // returns [Float64Array [1, 0], Float64Array [1, 0]] (an item far below and one far above every ability)
 * ```
 */
export function simulateResponses(bank: SimulationBank, abilities: ArrayLike<number>, options: SimulateOptions = {}): Float64Array[] {
  const seed = options.seed ?? 0;
  if (!options.rng && !Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', seed, 'must be a safe integer');
  const rng = options.rng ?? new SeededRandom(seed);
  const D = options.D ?? 1;
  const { a, b, c, d } = bank;
  const nItems = a.length;
  return Array.from(abilities, (theta, k) => {
    if (!Number.isFinite(theta)) throw new InvalidArgumentError(`abilities[${k}]`, theta, 'must be a finite number');
    const column = new Float64Array(nItems);
    for (let i = 0; i < nItems; i++) {
      const lower = c ? c[i] : 0;
      const upper = d ? d[i] : 1;
      // 1/(1 + e^(−z)) is exact enough for a draw and saturates to 0 or 1 without overflow trouble
      const p = lower + (upper - lower) / (1 + Math.exp(-D * a[i] * (theta - b[i])));
      column[i] = rng.nextUint32() < p * UINT32_RANGE ? 1 : 0;
    }
    return column;
  });
}

/**
 * Graded answers of simulated test takers of known ability to a polytomous bank: taker k answers item i with
 * category x drawn from P(X_i = x | θ_k), one seeded uniform per answer in item-major order (item 0 for every
 * taker, then item 1, …), so a seed always gives the same matrix. Needs `init()` (the bank's engine gives the
 * category probabilities).
 *
 * @throws {InvalidArgumentError} for a non-finite ability or a seed that is not a safe integer.
 * @example
 * ```ts
 * const bank = new PolytomousItemBank({ model: 'grm', a: [3, 3], thresholds: [[-30, -29], [29, 30]] });
 * simulateCategories(bank, [0], { seed: 7 }); // returns [Float64Array [2, 0]] (every threshold of item 0 far below θ, of item 1 far above)
 * ```
 */
export function simulateCategories(bank: PolytomousItemBank, abilities: ArrayLike<number>, options: Omit<SimulateOptions, 'D'> = {}): Float64Array[] {
  const seed = options.seed ?? 0;
  if (!options.rng && !Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', seed, 'must be a safe integer');
  const rng = options.rng ?? new SeededRandom(seed);
  const thetas = Array.from(abilities, (theta, k) => {
    if (!Number.isFinite(theta)) throw new InvalidArgumentError(`abilities[${k}]`, theta, 'must be a finite number');
    return theta;
  });
  const engine = bank.engine();
  const columns = thetas.map(() => new Float64Array(bank.size));
  for (let i = 0; i < bank.size; i++) {
    thetas.forEach((theta, k) => {
      columns[k][i] = categoryOf(engine.categoryProbabilities(i, theta), rng.next());
    });
  }
  return columns;
}

/**
 * The category a uniform draw `u` ∈ [0, 1) falls in: the first x with P_0 + … + P_x > u (the last category
 * when rounding leaves the sum just below 1).
 *
 * @example
 * ```ts
 * categoryOf([0.2, 0.5, 0.3], 0.69); // returns 1
 * categoryOf([0.2, 0.5, 0.3], 0.7); // returns 2
 * ```
 */
export function categoryOf(probabilities: ArrayLike<number>, u: number): number {
  let x = 0;
  let rest = u;
  while (x < probabilities.length - 1 && rest >= probabilities[x]) rest -= probabilities[x++];
  return x;
}

/**
 * One simulated answer of a test taker of ability θ to bank row `row`, from one uniform draw: 1 or 0 on a 1–4PL
 * bank (1 when u < P(θ)), a category on a graded bank ({@link categoryOf} its category probabilities at θ).
 * `D` scales a 1–4PL bank's logistic; a graded bank uses its engine's (the session's) D.
 *
 * @example
 * ```ts
 * simulateAnswer(new ItemBank({ a: [1], b: [0] }), 0, 0, 0.49); // returns 1 (P = 0.5)
 * simulateAnswer(new PolytomousItemBank({ model: 'pcm', thresholds: [[0]] }), 0, 0, 0.5); // returns 1
 * ```
 */
export function simulateAnswer(bank: AnyItemBank, row: number, theta: number, u: number, D?: number): number {
  if (isPolytomous(bank)) return categoryOf(bank.engine().categoryProbabilities(row, theta), u);
  return u < bank.probability(row, theta, { D }) ? 1 : 0;
}
