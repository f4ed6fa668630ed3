import { DimensionError, InvalidArgumentError } from './errors';
import { checkFitData, FitterCore, priorArguments, type FitProgress, type MStepSettings } from './fitter-core';
import { CategoryCode, PolyFitRegion, PolyModelCode } from './layout';
import type { PolyModel } from './poly-engine';

export { CategoryCode, PolyFitRegion } from './layout';

/** Model, box, priors and iteration limits of the polytomous M-step (see assembly/poly-fit-layout.ts). */
export interface PolyFitSettings extends MStepSettings {
  model: PolyModel;
  /** Every threshold stays in [−maxAbsThreshold, maxAbsThreshold]. */
  maxAbsThreshold: number;
  /** Normal prior on every threshold: [mean, sd], or null. */
  thresholdPrior: readonly [number, number] | null;
}

/** Item parameters of a polytomous fit: a per item and the thresholds of item j at `thresholds[offsets[j] …]`. */
export interface PolyFitItems {
  a: Float64Array;
  thresholds: Float64Array;
}

/**
 * The pointer-level tier of polytomous calibration (GRM, GPCM, PCM): one WebAssembly instance holding a
 * category matrix and quadrature, advanced one EM iteration per call.
 *
 * @example
 * ```ts
 * await init();
 * const fitter = new PolyFitter();
 * // 1 item with 3 categories (2 thresholds), 2 subjects answering 0 and 2, nodes ±1 with weight ½ each
 * fitter.load(Uint8Array.of(0, 2), Int32Array.of(2), 2, Float64Array.of(1, 1), Float64Array.of(-1, 1), Float64Array.of(Math.log(0.5), Math.log(0.5)));
 * fitter.setSettings({ model: 'pcm', minA: 1e-3, maxA: 20, maxAbsThreshold: 20, aPrior: null, thresholdPrior: null, itemSteps: 10, itemTolerance: 1e-9 });
 * fitter.setStart(Float64Array.of(1), Float64Array.of(0, 0));
 * // PCM, d = (0, 0): P(0 | θ) = 1/(1 + e^θ + e^{2θ}), the same for category 2 at −θ
 * fitter.emStart().logLikelihood; // returns 2·log(½(1/(1 + e^{−1} + e^{−2}) + 1/(1 + e + e²))) ≈ −1.9477
 * ```
 */
export class PolyFitter extends FitterCore {
  private nThresholds = 0;

  constructor() {
    super(PolyFitRegion, 'polyFitPointer');
  }

  /**
   * Lays out the arena and writes the data: `codes` item-major (`codes[j * nSubjects + n]`, a category
   * 0…steps[j] or {@link CategoryCode}.missing), the thresholds per item (K_j = `steps[j]` ≥ 1), one weight
   * per subject, and the quadrature (nodes and normalized log weights).
   */
  load(codes: Uint8Array, steps: Int32Array, nSubjects: number, weights: Float64Array, nodes: Float64Array, logWeights: Float64Array): void {
    const nItems = steps.length;
    checkFitData(codes, nItems, nSubjects, weights, nodes, logWeights);
    const offsets = new Int32Array(nItems);
    let total = 0;
    let maxCategories = 2;
    steps.forEach((K, j) => {
      if (!(Number.isInteger(K) && K >= 1 && K < CategoryCode.missing)) throw new InvalidArgumentError(`load: steps[${j}]`, K, `must be an integer in 1…${CategoryCode.missing - 1}`);
      offsets[j] = total;
      total += K;
      maxCategories = Math.max(maxCategories, K + 1);
    });
    for (let j = 0; j < nItems; j++) {
      for (let n = 0; n < nSubjects; n++) {
        const code = codes[j * nSubjects + n];
        if (code !== CategoryCode.missing && code > steps[j]) throw new InvalidArgumentError(`load: codes[${j * nSubjects + n}]`, code, `item ${j} has categories 0…${steps[j]}`);
      }
    }
    this.exports.polyFitConfigure(nItems, nSubjects, nodes.length, total, maxCategories);
    this.nThresholds = total;
    this.writeData(nItems, nSubjects, codes, weights, nodes, logWeights);
    const { i32 } = this.views();
    i32.set(steps, this.at(PolyFitRegion.Steps) >> 2);
    i32.set(offsets, this.at(PolyFitRegion.Offset) >> 2);
  }

  /** Sets the model and the M-step's box, priors and iteration limits. */
  setSettings(settings: PolyFitSettings): void {
    this.exports.polyFitSetOptions(
      settings.model === 'grm' ? PolyModelCode.grm : PolyModelCode.gpcm, settings.model === 'pcm' ? 0 : 1,
      settings.minA, settings.maxA, settings.maxAbsThreshold,
      ...priorArguments(settings.aPrior), ...priorArguments(settings.thresholdPrior), settings.itemSteps, settings.itemTolerance,
    );
  }

  /** Writes parameters (start values, or an extrapolated point) and moves them into the box and GRM order. */
  setStart(a: ArrayLike<number>, thresholds: ArrayLike<number>): void {
    if (a.length !== this.nItems) throw new DimensionError('setStart: a', a.length, this.nItems);
    if (thresholds.length !== this.nThresholds) throw new DimensionError('setStart: thresholds', thresholds.length, this.nThresholds);
    const { f64 } = this.views();
    f64.set(a, this.at(PolyFitRegion.A) >> 3);
    f64.set(thresholds, this.at(PolyFitRegion.Thresholds) >> 3);
    this.exports.polyFitProject();
  }

  /** The first E-step at the current parameters. */
  emStart(): FitProgress {
    this.exports.polyEmStart();
    return this.progress();
  }

  /** One EM iteration (M-step of every item, then the E-step). */
  emIteration(): FitProgress {
    this.exports.polyEmIteration();
    return this.progress();
  }

  /** Current item parameters (copies; `thresholds` item after item). */
  items(): PolyFitItems {
    return { a: this.copyF64(PolyFitRegion.A, this.nItems), thresholds: this.copyF64(PolyFitRegion.Thresholds, this.nThresholds) };
  }

  /** Standard errors of a (NaN for PCM) and the thresholds, from each item's block of the observed information. */
  standardErrors(): PolyFitItems {
    this.exports.polyFitStandardErrors();
    return { a: this.copyF64(PolyFitRegion.SeA, this.nItems), thresholds: this.copyF64(PolyFitRegion.SeT, this.nThresholds) };
  }
}
