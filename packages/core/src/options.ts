import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';

/** Ability estimators. MAP and MLE follow the Fluid Benchmarking reference exactly; EAP and WLE follow catR. */
export type Estimator = 'map' | 'mle' | 'eap' | 'wle';
/** Item selectors: maximum Fisher information, or a seeded random order. */
export type Selector = 'mfi' | 'random';
/** Why a run stopped: the item budget, the SE threshold, or no usable item left (the JSONL `stop_reason` too). */
export type StopReason = 'max_items' | 'min_se' | 'exhausted';

export const ESTIMATORS: readonly Estimator[] = ['map', 'mle', 'eap', 'wle'];
export const SELECTORS: readonly Selector[] = ['mfi', 'random'];

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

/**
 * Checks the run options a user can get wrong and fills defaults.
 *
 * @example
 * ```ts
 * resolveRunOptions({ nMax: 20 }).estimator; // returns 'map'
 * resolveRunOptions({ nMax: 0 }); // throws InvalidArgumentError: nMax: must be a positive integer (got 0)
 * ```
 */
export function resolveRunOptions(options: RunOptions) {
  const start = options.start ?? DEFAULT_RUN.start;
  const nMax = options.nMax ?? DEFAULT_RUN.nMax;
  const minSe = options.minSe ?? DEFAULT_RUN.minSe;
  const estimator = options.estimator ?? DEFAULT_RUN.estimator;
  const selector = options.selector ?? DEFAULT_RUN.selector;
  const seed = options.seed ?? DEFAULT_RUN.seed;
  const binarize = options.binarize ?? DEFAULT_RUN.binarize;
  if (!Number.isFinite(start)) throw new InvalidArgumentError('start', options.start, 'must be a finite number');
  if (!Number.isInteger(nMax) || nMax < 1) throw new InvalidArgumentError('nMax', options.nMax, 'must be a positive integer');
  if (!(minSe >= 0)) throw new InvalidArgumentError('minSe', options.minSe, 'must be ≥ 0');
  if (!ESTIMATORS.includes(estimator)) throw new InvalidArgumentError('estimator', estimator, `must be one of ${ESTIMATORS.join(', ')}`);
  if (!SELECTORS.includes(selector)) throw new InvalidArgumentError('selector', selector, `must be one of ${SELECTORS.join(', ')}`);
  if (!Number.isInteger(seed)) throw new InvalidArgumentError('seed', options.seed, 'must be an integer');
  const range = options.range ?? DEFAULT_ENGINE_OPTIONS.range;
  if (!(range[0] < range[1])) throw new InvalidArgumentError('range', range, 'need lo < hi');
  if (options.priorSd !== undefined && !(options.priorSd > 0)) throw new InvalidArgumentError('priorSd', options.priorSd, 'must be > 0');
  if (options.eapNodes !== undefined && !(Number.isInteger(options.eapNodes) && options.eapNodes >= 2)) {
    throw new InvalidArgumentError('eapNodes', options.eapNodes, 'must be an integer ≥ 2');
  }
  return { start, nMax, minSe, estimator, selector, seed, binarize };
}

/**
 * The engine subset of run options.
 *
 * @example
 * ```ts
 * engineOptionsOf({ nMax: 5, priorSd: 2 }).priorSd; // returns 2
 * ```
 */
export function engineOptionsOf(options: EngineOptions): EngineOptions {
  const { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior } = options;
  return { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior };
}

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
