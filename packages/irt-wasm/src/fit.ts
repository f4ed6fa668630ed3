import { checkFitData, FitterCore, priorArguments, type FitProgress, type MStepSettings } from './fitter-core';
import { FitRegion, ResponseCode, Stat } from './layout';

export { FitRegion, ItemFlag, ResponseCode } from './layout';
export type { FitProgress } from './fitter-core';

/** Item-level settings of the M-step (see assembly/fit.ts). */
export interface FitItemSettings extends MStepSettings {
  /** Let a go negative (default false: a stays in [minA, maxA]). */
  allowNegative: boolean;
  /** |b| ≤ maxAbsB. */
  maxAbsB: number;
  /** Normal prior on b: [mean, sd], or null. */
  bPrior: readonly [number, number] | null;
}

/** Hyperparameters of the hierarchical fit (μ and u of θ, b and log a; SD = 1/u). */
export interface Hyperparameters {
  muTheta: number;
  uTheta: number;
  muB: number;
  uB: number;
  muA: number;
  uA: number;
}

/**
 * The pointer-level tier of 2PL calibration: one WebAssembly instance holding a response matrix and
 * quadrature, advanced one EM iteration (or hierarchical sweep) per call.
 *
 * @example
 * ```ts
 * await init();
 * const fitter = new IrtFitter();
 * // 2 subjects × 1 item, subject-major codes: subject 0 right, subject 1 wrong
 * fitter.load(Uint8Array.of(1, 0), 1, 2, Float64Array.of(1, 1), Float64Array.of(-1, 1), Float64Array.of(Math.log(0.5), Math.log(0.5)));
 * fitter.setStart(Float64Array.of(1), Float64Array.of(0));
 * // nodes ±1 with weight ½ each: both marginal probabilities are ½(σ(−1) + σ(1)) = ½
 * fitter.emStart().logLikelihood; // returns 2·log(½) ≈ −1.3863
 * ```
 */
export class IrtFitter extends FitterCore {
  constructor() {
    super(FitRegion, 'fitPointer');
  }

  /**
   * Lays out the arena and writes the data: `codes` subject-major (`codes[n * nItems + j]`, values of
   * {@link ResponseCode}), one weight per subject, and the quadrature (nodes and normalized log weights).
   */
  load(codes: Uint8Array, nItems: number, nSubjects: number, weights: Float64Array, nodes: Float64Array, logWeights: Float64Array): void {
    checkFitData(codes, nItems, nSubjects, weights, nodes, logWeights);
    let right = 0;
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === ResponseCode.right) right++;
      else if (codes[i] === ResponseCode.missing) missing++;
    }
    this.exports.fitConfigure(nItems, nSubjects, nodes.length, right, missing);
    this.writeData(nItems, nSubjects, codes, weights, nodes, logWeights);
    this.exports.fitPrepare();
  }

  /** Sets the M-step's box, priors and iteration limits. */
  setItemSettings(settings: FitItemSettings): void {
    this.exports.fitSetOptions(
      settings.allowNegative ? 1 : 0, settings.minA, settings.maxA, settings.maxAbsB,
      ...priorArguments(settings.aPrior), ...priorArguments(settings.bPrior), settings.itemSteps, settings.itemTolerance,
    );
  }

  /** Writes start values of a and b. */
  setStart(a: ArrayLike<number>, b: ArrayLike<number>): void {
    const { f64 } = this.views();
    f64.set(a, this.at(FitRegion.A) >> 3);
    f64.set(b, this.at(FitRegion.B) >> 3);
  }

  /** The first E-step at the start values; returns the marginal log-likelihood. */
  emStart(): FitProgress {
    this.exports.emStart();
    return this.progress();
  }

  /** One EM iteration (M-step of every item, then the E-step). */
  emIteration(): FitProgress {
    this.exports.emIteration();
    return this.progress();
  }

  /** EAP abilities and posterior SDs of the subjects under the last E-step. */
  emAbilities(): { theta: Float64Array; sd: Float64Array } {
    this.exports.emAbilities();
    return this.abilities();
  }

  /** Item standard errors from each item's block of the observed information (see assembly/fit.ts). */
  standardErrors(): { a: Float64Array; b: Float64Array } {
    this.exports.fitStandardErrors();
    return this.itemSpreads();
  }

  /** Start values and hyperparameters of the hierarchical fit (assembly/fit-hierarchical.ts). */
  hierarchicalStart(): void {
    this.exports.hierarchicalStart();
  }

  /** One hierarchical sweep: abilities, items, hyperparameters. */
  hierarchicalSweep(abilitySteps: number, itemSteps: number): FitProgress {
    this.exports.hierarchicalSweep(abilitySteps, itemSteps);
    return this.progress();
  }

  /** The hierarchical fit's hyperparameters. */
  hyperparameters(): Hyperparameters {
    const { f64 } = this.views();
    const stats = this.at(FitRegion.Stats) >> 3;
    return {
      muTheta: f64[stats + Stat.muTheta], uTheta: f64[stats + Stat.uTheta],
      muB: f64[stats + Stat.muB], uB: f64[stats + Stat.uB],
      muA: f64[stats + Stat.muA], uA: f64[stats + Stat.uA],
    };
  }

  /** Current item parameters (copies). */
  items(): { a: Float64Array; b: Float64Array } {
    return { a: this.copyF64(FitRegion.A, this.nItems), b: this.copyF64(FitRegion.B, this.nItems) };
  }

  /** Item SEs (MML) or Laplace SDs (hierarchical), copies. */
  itemSpreads(): { a: Float64Array; b: Float64Array } {
    return { a: this.copyF64(FitRegion.SeA, this.nItems), b: this.copyF64(FitRegion.SeB, this.nItems) };
  }
}
