import { CRITERIA, DEFAULT_ENGINE_OPTIONS, type CriterionName, type EngineOptions, type QuadratureGrid } from '@fluidbench/irt-wasm';
import type { ContentOptions } from './content';
import { InvalidArgumentError } from './errors';
import type { ExposureOptions } from './exposure';
import type { StartRule } from './start-rule';
import type { StopRule } from './stopping';

/** Ability estimators. MAP and MLE follow the Fluid Benchmarking reference exactly; EAP and WLE follow catR. */
export type Estimator = 'map' | 'mle' | 'eap' | 'wle';
/**
 * Item selectors: maximum Fisher information (the paper's), catR's other criteria (see `nextItem`), or a
 * seeded random order.
 */
export type Selector = CriterionName | 'random';
/**
 * Why a run stopped (the JSONL `stop_reason` too): the item budget, the SE threshold, no usable item left,
 * or the stop rule that fired (`stop`).
 */
export type StopReason = 'max_items' | 'min_se' | 'exhausted' | 'classification' | 'min_information' | 'ability_change' | 'se_plateau';

export const ESTIMATORS: readonly Estimator[] = ['map', 'mle', 'eap', 'wle'];
export const SELECTORS: readonly Selector[] = [...CRITERIA, 'random'];

/** Settings of an adaptive run. Every field is optional; defaults are those of the paper. */
export interface RunOptions extends EngineOptions, ResponseOptions {
  /** Ability at which the first item is selected and the first Newton search starts. Default 0. */
  start?: number;
  /** Stop after this many items. Default 500. */
  nMax?: number;
  /** Stop once the standard error falls below this. Default: never. */
  minSe?: number;
  /** Default 'map'. */
  estimator?: Estimator;
  /** Default 'mfi'. */
  selector?: Selector;
  /** Seed of the 'random' selector. Default 0. */
  seed?: number;
  /** Quadrature grid of mlwi, mpwi, mepv, kl, klp. Default catR's: 33 points on [−4, 4]. */
  grid?: Partial<QuadratureGrid>;
  /** Randomesque exposure control: a seeded uniform pick among the k best items. Default 1 (the best). */
  randomesque?: number;
  /** Sympson–Hetter exposure control. Default none. */
  exposure?: ExposureOptions;
  /** Content balancing (Kingsbury–Zara). Default none. */
  content?: ContentOptions;
  /** Items never given (rows or ids): contaminated, retired, seen before. */
  exclude?: ArrayLike<number | string>;
  /** When set, only these items (rows or ids) may be given. */
  include?: ArrayLike<number | string>;
  /** More stopping rules, combined with any/all, or a stop expression (`parseStopExpression`). `nMax` still caps the test. */
  stop?: StopRule | string;
  /** No rule but the end of the bank stops the test before this many items. Default 0. */
  minItems?: number;
  /** How the first items are chosen. Default: by the selector, at `start`. */
  startRule?: StartRule;
}

/** A response at or above this counts as correct when responses are binarized (the paper's rule). */
export const BINARIZE_THRESHOLD = 0.5;

/**
 * A score in [0, 1] as 0 or 1, by {@link BINARIZE_THRESHOLD}.
 *
 * @example
 * ```ts
 * binarizeResponse(0.5); // returns 1
 * binarizeResponse(0.49); // returns 0
 * ```
 */
export function binarizeResponse(x: number): 0 | 1 {
  return x >= BINARIZE_THRESHOLD ? 1 : 0;
}

/** How responses are read. */
export interface ResponseOptions {
  /** Binarize at {@link BINARIZE_THRESHOLD}. Default true; false keeps fractional scores. */
  binarize?: boolean;
}

/** The defaults of {@link RunOptions} that are not engine options (frozen: the one place they are written). */
export const DEFAULT_RUN: Readonly<{
  start: number; nMax: number; minSe: number; estimator: Estimator; selector: Selector; seed: number; binarize: boolean;
}> = Object.freeze({ start: 0, nMax: 500, minSe: 0, estimator: 'map', selector: 'mfi', seed: 0, binarize: true });

/** The eapPrior values the engine implements. */
export const EAP_PRIORS: readonly NonNullable<EngineOptions['eapPrior']>[] = ['normal', 'uniform'];
/** Largest nMax (the engine counts steps in 32-bit integers). */
export const MAX_ITEMS_LIMIT = 2_147_483_647;
/** Largest seed: the generator's state is 32 bits, so larger seeds would repeat smaller ones. */
export const MAX_SEED = 4_294_967_295;
/** Upper bounds of the engine's iteration and node counts (memory and time stay bounded). */
const MAX_NEWTON_STEPS = 100_000;
const MAX_HALVINGS = 1_000;
const MAX_BISECTION_STEPS = 100_000;
const MAX_EAP_NODES = 1_000_000;

function checkFinite(name: string, value: number | undefined, reason = 'must be a finite number'): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) throw new InvalidArgumentError(name, value, reason);
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(name, value, 'must be a finite number > 0');
  }
}

function checkInteger(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new InvalidArgumentError(name, value, `must be an integer in [${min}, ${max}]`);
  }
}

/**
 * Checks every engine option a caller can set (the one place they are validated) and returns the engine
 * subset, undefined fields left to the engine's defaults.
 *
 * @example
 * ```ts
 * resolveEngineOptions({ priorSd: 2 }).priorSd; // returns 2
 * resolveEngineOptions({ D: 0 }); // throws InvalidArgumentError: D: must be a finite number > 0 (got 0)
 * resolveEngineOptions({ range: [-4, Infinity] }); // throws InvalidArgumentError: range: need two finite numbers lo < hi (got [-4,null])
 * ```
 */
export function resolveEngineOptions(options: EngineOptions): EngineOptions {
  const { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior } = options;
  checkPositive('D', D);
  checkFinite('priorMean', priorMean);
  checkPositive('priorSd', priorSd);
  if (range !== undefined) {
    const ok = Array.isArray(range) && range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1];
    if (!ok) throw new InvalidArgumentError('range', range, 'need two finite numbers lo < hi');
  }
  checkPositive('tolerance', tolerance);
  checkInteger('maxNewtonSteps', maxNewtonSteps, 0, MAX_NEWTON_STEPS);
  checkInteger('maxHalvings', maxHalvings, 0, MAX_HALVINGS);
  checkInteger('bisectionSteps', bisectionSteps, 1, MAX_BISECTION_STEPS);
  checkInteger('eapNodes', eapNodes, 2, MAX_EAP_NODES);
  if (eapPrior !== undefined && !EAP_PRIORS.includes(eapPrior)) throw new InvalidArgumentError('eapPrior', eapPrior, `must be one of ${EAP_PRIORS.join(', ')}`);
  return { D, priorMean, priorSd, range: range && [range[0], range[1]], tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior };
}

/**
 * Checks the start ability: finite and inside the (already checked) ability range.
 *
 * @example
 * ```ts
 * resolveStart(undefined, undefined); // returns 0
 * resolveStart(5, [-4, 4]); // throws InvalidArgumentError: start: must be a number in the ability range [-4, 4] (got 5)
 * ```
 */
export function resolveStart(start: unknown, range: readonly [number, number] | undefined): number {
  const value = start ?? DEFAULT_RUN.start;
  const [lo, hi] = range ?? DEFAULT_ENGINE_OPTIONS.range;
  if (!(typeof value === 'number' && value >= lo && value <= hi)) throw new InvalidArgumentError('start', value, `must be a number in the ability range [${lo}, ${hi}]`);
  return value;
}

/**
 * Checks an estimator name (the API takes it from callers that may not be typed).
 *
 * @example
 * ```ts
 * resolveEstimator('wle'); // returns 'wle'
 * resolveEstimator('ml'); // throws InvalidArgumentError: estimator: must be one of map, mle, eap, wle (got "ml")
 * ```
 */
export function resolveEstimator(estimator: unknown): Estimator {
  if (!ESTIMATORS.includes(estimator as Estimator)) throw new InvalidArgumentError('estimator', estimator, `must be one of ${ESTIMATORS.join(', ')}`);
  return estimator as Estimator;
}

/**
 * Checks the binarize flag.
 *
 * @example
 * ```ts
 * resolveBinarize(false); // returns false
 * resolveBinarize('yes'); // throws InvalidArgumentError: binarize: must be true or false (got "yes")
 * ```
 */
export function resolveBinarize(binarize: unknown): boolean {
  if (typeof binarize !== 'boolean') throw new InvalidArgumentError('binarize', binarize, 'must be true or false');
  return binarize;
}

/**
 * Checks every run option (engine options included) and fills defaults: the one resolver of
 * fluidBenchmarking, fluidBenchmarkingMany and AdaptiveTest.
 *
 * @example
 * ```ts
 * resolveRunOptions({ nMax: 20 }).estimator; // returns 'map'
 * resolveRunOptions({ nMax: 0 }); // throws InvalidArgumentError: nMax: must be an integer in [1, 2147483647] (got 0)
 * ```
 */
export function resolveRunOptions(options: RunOptions) {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'must be an object');
  const nMax = options.nMax ?? DEFAULT_RUN.nMax;
  const minSe = options.minSe ?? DEFAULT_RUN.minSe;
  const selector = options.selector ?? DEFAULT_RUN.selector;
  const seed = options.seed ?? DEFAULT_RUN.seed;
  checkInteger('nMax', nMax, 1, MAX_ITEMS_LIMIT);
  if (!(typeof minSe === 'number' && Number.isFinite(minSe) && minSe >= 0)) throw new InvalidArgumentError('minSe', options.minSe, 'must be a finite number ≥ 0');
  const estimator = resolveEstimator(options.estimator ?? DEFAULT_RUN.estimator);
  if (!SELECTORS.includes(selector)) throw new InvalidArgumentError('selector', selector, `must be one of ${SELECTORS.join(', ')}`);
  checkInteger('seed', seed, 0, MAX_SEED);
  const binarize = resolveBinarize(options.binarize ?? DEFAULT_RUN.binarize);
  const engine = resolveEngineOptions(options);
  const start = resolveStart(options.start, engine.range);
  return { start, nMax, minSe, estimator, selector, seed, binarize, engine };
}

/** Run options after {@link resolveRunOptions}: every run field present, the engine subset checked. */
export type ResolvedRunOptions = ReturnType<typeof resolveRunOptions>;

/**
 * Responses as the engine reads them: NaN for missing, values in [0, 1] binarized at ≥ 0.5 unless told not to.
 *
 * @example
 * ```ts
 * Array.from(normalizeResponses([0.7, 0, NaN], 3)); // returns [1, 0, NaN]
 * ```
 */
export function normalizeResponses(
  responses: ArrayLike<number | null | undefined>, nItems: number, options: ResponseOptions & { name?: string } = {},
): Float64Array {
  const binarize = options.binarize ?? DEFAULT_RUN.binarize;
  const name = options.name ?? 'responses';
  if (responses.length !== nItems) throw new InvalidArgumentError(name, `length ${responses.length}`, `need one response per bank item (${nItems})`);
  const out = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const x = responses[i];
    if (x === null || x === undefined || Number.isNaN(x)) {
      out[i] = NaN;
      continue;
    }
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new InvalidArgumentError(`${name}[${i}]`, x, 'a response must be in [0, 1] (or NaN/null for missing)');
    out[i] = binarize ? binarizeResponse(x) : x;
  }
  return out;
}
