// The settings and diagnostics both MML calibrations (fit2PL's and fitPolytomous) share.
import type { FitProgress } from '@fluidbench/irt-wasm';
import { ItemFlag } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { gaussHermiteQuadrature, normalQuadrature } from './fit-quadrature';
import { integerAtLeast, parameterBox, positive, rowsFlagged } from './fit-shared';
import type { Fit2PLOptions, Fit2PLResult } from './fit-types';

/** Newton iterations of each item's M-step. */
export const ITEM_NEWTON_STEPS = 10;

/** Each item's M-step stops once its Newton step is this fraction of the EM tolerance. */
export const ITEM_TOLERANCE_FRACTION = 0.01;

/** The options both MML calibrations read. */
export type MmlOptions = Pick<
  Fit2PLOptions,
  'nodes' | 'range' | 'quadrature' | 'maxIterations' | 'tolerance' | 'minA' | 'maxA' | 'maxAbsB' | 'aPrior' | 'bPrior'
>;

/** The checked options of an MML calibration, with defaults filled in and the quadrature built. */
export interface MmlSettings {
  maxIterations: number;
  tolerance: number;
  minA: number;
  maxA: number;
  maxAbsB: number;
  aPrior: readonly [number, number] | null;
  bPrior: readonly [number, number] | null;
  nodes: Float64Array;
  logWeights: Float64Array;
}

/**
 * A prior option checked: null when absent, else `[mean, sd]` with a finite mean and a positive sd.
 *
 * @example
 * ```ts
 * checkPrior('aPrior', [0, 0.5]); // returns [0, 0.5]
 * checkPrior('bPrior', [0, -1]); // throws InvalidArgumentError: bPrior: must be [mean, sd] with a finite mean and a positive sd
 * ```
 */
export function checkPrior(name: string, prior: readonly [number, number] | null | undefined): readonly [number, number] | null {
  if (prior === null || prior === undefined) return null;
  if (prior.length !== 2 || !Number.isFinite(prior[0]) || !(Number.isFinite(prior[1]) && prior[1] > 0)) {
    throw new InvalidArgumentError(name, prior, 'must be [mean, sd] with a finite mean and a positive sd');
  }
  return prior;
}

/**
 * Checks the MML options (throwing InvalidArgumentError on the first bad one), fills in the defaults (61
 * equally spaced nodes on [−6, 6], 500 iterations, tolerance 1e-5, the parameter box) and builds the quadrature.
 *
 * @example
 * ```ts
 * const settings = mmlSettings({ nodes: 3 });
 * Array.from(settings.nodes); // returns [-6, 0, 6]
 * settings.maxIterations; // returns 500
 * mmlSettings({ nodes: 2 }); // throws InvalidArgumentError: nodes: must be an integer ≥ 3
 * ```
 */
export function mmlSettings(options: MmlOptions): MmlSettings {
  const nodeCount = options.nodes ?? 61;
  integerAtLeast('nodes', nodeCount, 3);
  const range = options.range ?? [-6, 6];
  if (!(range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new InvalidArgumentError('range', range, 'must be [lo, hi] with lo < hi');
  }
  const maxIterations = options.maxIterations ?? 500;
  integerAtLeast('maxIterations', maxIterations, 0);
  const tolerance = options.tolerance ?? 1e-5;
  positive('tolerance', tolerance);
  const { minA, maxA, maxAbsB } = parameterBox(options);
  const aPrior = checkPrior('aPrior', options.aPrior);
  const bPrior = checkPrior('bPrior', options.bPrior);
  const rule = options.quadrature ?? 'equal';
  if (rule !== 'equal' && rule !== 'gauss-hermite') throw new InvalidArgumentError('quadrature', rule, "must be 'equal' or 'gauss-hermite'");
  const { nodes, logWeights } = rule === 'equal' ? normalQuadrature(nodeCount, range) : gaussHermiteQuadrature(nodeCount);
  return { maxIterations, tolerance, minA, maxA, maxAbsB, aPrior, bPrior, nodes, logWeights };
}

/**
 * The diagnostics of an MML fit after its EM run: the last progress, and the rows the fitter flagged.
 *
 * @example
 * ```ts
 * const d = mmlDiagnostics({ logLikelihood: -10, logPrior: 0, maxChange: 1e-6, atBound: 0 }, 12, true, Int32Array.of(0, ItemFlag.noData));
 * d.noData; // returns [1]
 * d.iterations; // returns 12
 * ```
 */
export function mmlDiagnostics(progress: FitProgress, iterations: number, converged: boolean, flags: Int32Array): Fit2PLResult['diagnostics'] {
  return {
    method: 'mml',
    iterations,
    logLikelihood: progress.logLikelihood,
    logPrior: progress.logPrior,
    maxChange: progress.maxChange,
    converged,
    atBound: rowsFlagged(flags, ItemFlag.atBound),
    noData: rowsFlagged(flags, ItemFlag.noData),
    warnings: [],
  };
}
