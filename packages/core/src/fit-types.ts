// Options and results of fit2PL (fit.ts), and its methods.
import type { Hyperparameters } from '@fluidbench/irt-wasm';
import type { ItemBank } from './item-bank';

/** Calibration methods of {@link fit2PL}. */
export const FIT_METHODS = ['mml', 'hierarchical'] as const;

export type FitMethod = (typeof FIT_METHODS)[number];

/** One line of progress, reported after every EM iteration or hierarchical sweep. */
export interface FitIteration {
  iteration: number;
  logLikelihood: number;
  maxChange: number;
}

/** Options of {@link fit2PL}; every field has a documented default. */
export interface Fit2PLOptions {
  /**
   * 'mml' (default): marginal maximum likelihood by EM over a fixed N(0, 1) quadrature (Bock–Aitkin).
   * 'hierarchical': joint posterior modes under py-irt's hierarchical priors (the paper's fit; see fit2PL).
   */
  method?: FitMethod;
  /** Item ids, one per row (default '0', '1', …). */
  ids?: ArrayLike<string | number>;
  /** Frequency weight per subject (pattern counts); default 1 each. */
  weights?: ArrayLike<number>;
  /** Logistic scaling constant D of the fitted model. Default 1. */
  D?: number;
  /** MML: quadrature nodes, equally spaced on `range`, weighted by the N(0, 1) density. Default 61. */
  nodes?: number;
  /** MML: quadrature range of the 'equal' rule. Default [−6, 6]. */
  range?: readonly [number, number];
  /**
   * MML: 'equal' (default): `nodes` equally spaced points of `range` weighted by the N(0, 1) density, as
   * mirt does; 'gauss-hermite': the `nodes`-point Gauss–Hermite rule for N(0, 1), as ltm does (its default
   * is 15 points).
   */
  quadrature?: 'equal' | 'gauss-hermite';
  /** MML: log-normal prior on a, [meanlog, sdlog]; default none (plain ML). Needs positive slopes. */
  aPrior?: readonly [number, number] | null;
  /** MML: normal prior on b, [mean, sd]; default none. Needs positive slopes. */
  bPrior?: readonly [number, number] | null;
  /** MML: let a go negative. Default false (a is kept in [minA, maxA]); the hierarchical fit needs a > 0. */
  allowNegative?: boolean;
  /** Smallest a when negative a is not allowed. Default 1e-3. */
  minA?: number;
  /** Largest |a| (stops runaway slopes on perfect items). Default 20. */
  maxA?: number;
  /** Largest |b|. Default 20. */
  maxAbsB?: number;
  /** Iteration limit. Default 500 (MML), 300 (hierarchical). */
  maxIterations?: number;
  /** Converged when no a, b (or θ) moved more than this in an iteration. Default 1e-5 (MML), 1e-4 (hierarchical). */
  tolerance?: number;
  /** MML: start values (default a = 1, b from each item's proportion right). */
  start?: { a: ArrayLike<number>; b: ArrayLike<number> };
  /**
   * MML: 'squarem' (default) extrapolates every two EM iterations (SQUAREM), kept only when the objective
   * does not drop; 'none' runs plain EM. Both converge to the same estimates.
   */
  acceleration?: 'squarem' | 'none';
  /** MML: compute item standard errors. Default true. */
  standardErrors?: boolean;
  /** Binarize responses at ≥ 0.5. Default true; with false, every response must be 0 or 1. */
  binarize?: boolean;
  /** Called after every iteration (progress logs). */
  onIteration?: (progress: FitIteration) => void;
  /**
   * Hierarchical: fit even below MIN_HIERARCHICAL_SUBJECTS subjects (counted as the sum of the weights),
   * with a warning in `diagnostics.warnings`. Default false: such a fit is refused.
   */
  force?: boolean;
}

/** Result of {@link fit2PL}. */
export interface Fit2PLResult {
  bank: ItemBank;
  /** Abilities of the calibration subjects: EAP under the fitted model (MML) or joint posterior modes (hierarchical). */
  abilities: Float64Array;
  /** Their posterior SDs (EAP) or Laplace SDs (hierarchical). */
  abilitySd: Float64Array;
  diagnostics: {
    method: FitMethod;
    iterations: number;
    /** MML: marginal log-likelihood; hierarchical: log-likelihood at the joint modes. */
    logLikelihood: number;
    /** Log prior (item priors for MML, hierarchical priors and hyperpriors otherwise), up to constants. */
    logPrior: number;
    maxChange: number;
    converged: boolean;
    /** Rows whose estimate sits on the box of maxA / maxAbsB / minA (e.g. items everybody got right). */
    atBound: number[];
    /** Rows nobody answered (their start values are returned). */
    noData: number[];
    /** Why the estimates may not be trusted (e.g. a forced hierarchical fit on too few subjects); empty if none. */
    warnings: string[];
  };
  /** MML: standard errors from each item's 2×2 block of the observed information (Louis); NaN where singular. */
  se?: { a: Float64Array; b: Float64Array };
  /** Hierarchical: the fitted hyperparameters (SD of each prior = 1/u). */
  hyperparameters?: Hyperparameters;
}
