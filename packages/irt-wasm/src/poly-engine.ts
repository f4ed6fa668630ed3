import { DEFAULT_ENGINE_OPTIONS, growTo, stripUndefined, type EngineOptions, type EstimatorName, type ResolvedEngineOptions } from './engine';
import type { CriterionName, QuadratureGrid } from './criteria';
import { EngineCore } from './engine-core';
import { DimensionError, InvalidArgumentError } from './errors';
import { PolyCapacity, PolyModelCode, PolyRegion } from './layout';
import { instantiate, type IrtExports } from './module';

/** Polytomous models (catR's parameterizations, D = 1): graded response, generalized and plain partial credit. */
export type PolyModel = 'grm' | 'gpcm' | 'pcm';

/**
 * Polytomous item parameters. Item j has categories 0…K_j, K_j = `thresholds[j].length` ≥ 1:
 * GRM `P(X ≥ k) = σ(a(θ − b_k))` with `thresholds[j] = [b_1, …, b_K]` strictly increasing;
 * GPCM `P(X = k) ∝ exp Σ_{t≤k} a(θ − d_t)` with `thresholds[j] = [d_1, …, d_K]`; PCM the GPCM with a = 1.
 */
export interface PolyBankArrays {
  /** One model for every item, or one per item. */
  model: PolyModel | readonly PolyModel[];
  /** Discriminations (ignored for PCM items; 1 when omitted). */
  a?: ArrayLike<number>;
  thresholds: readonly ArrayLike<number>[];
}

/** The polytomous kernels' exports (see assembly/poly-layout.ts for the memory layout). */
interface PolyExports {
  polyConfigure(nItems: number, nThresholds: number, maxSteps: number, nColumns: number, maxCategories: number): number;
  polyPointer(region: number): number;
  polyCapacity(which: number): number;
  polyPrepareBank(nItems: number): void;
  polyCategoryProbabilities(item: number, theta: number): number;
  polyTestInformation(k: number, theta: number): number;
  polyLogLikelihood(k: number, theta: number): number;
  polyScoreAt(k: number, theta: number, precision: number): number;
  polyWleScore(k: number, theta: number): number;
  polyEstimateAdministered(k: number, start: number, estimator: number): number;
  polyLastStandardError(): number;
  polyEstimateColumns(firstColumn: number, count: number, subsetSize: number, start: number, estimator: number): void;
  polySelectMaxInformation(theta: number): number;
  polyPrepareSelection(): void;
  polyInformationBank(theta: number): void;
  polyCriterionValues(criterion: number, k: number, theta: number, estimator: number, points: number, lo: number, hi: number): number;
  polyLastValueScale(): number;
  polyReplayColumns(firstColumn: number, count: number, nMax: number, start: number, estimator: number, selector: number, minSe: number): void;
}

interface LoadedBank {
  a: Float64Array;
  model: Int32Array;
  steps: Int32Array;
  offset: Int32Array;
  thresholds: Float64Array;
  maxCategories: number;
}

/**
 * The pointer-level tier for polytomous banks: one WebAssembly instance with one GRM/GPCM/PCM bank, a matrix of
 * category responses and output buffers; the same shape as {@link IrtEngine}, one boundary crossing per run.
 * Responses are category indices 0…K_j (NaN for missing); kernels trust them, callers validate.
 *
 * @example
 * ```ts
 * initSync();
 * const engine = new PolyEngine();
 * engine.setBank({ model: 'grm', a: [1.2, 0.8], thresholds: [[-1, 0, 1], [0.5]] });
 * engine.setResponses(new Float64Array([2, 1]), 1);
 * engine.replay(0, { nMax: 2, start: 0, estimator: 'map', selector: 'mfi', minSe: 0 }).items; // Int32Array [0, 1]
 * ```
 */
export class PolyEngine extends EngineCore<LoadedBank> {
  declare readonly exports: IrtExports & PolyExports;

  constructor(options: EngineOptions = {}) {
    const x = instantiate() as IrtExports & PolyExports;
    super(x, {
      replayColumns: x.polyReplayColumns, estimateColumns: x.polyEstimateColumns, estimateAdministered: x.polyEstimateAdministered,
      lastSe: x.polyLastStandardError, scoreAt: x.polyScoreAt, logLikelihood: x.polyLogLikelihood, testInformation: x.polyTestInformation,
      selectMaxInformation: x.polySelectMaxInformation, informationBank: x.polyInformationBank, pointer: x.polyPointer,
      capacityItems: () => x.polyCapacity(PolyCapacity.Items), capacitySteps: () => x.polyCapacity(PolyCapacity.Steps),
      criterionValues: x.polyCriterionValues, lastValueScale: x.polyLastValueScale,
    }, {
      responses: PolyRegion.Responses, used: PolyRegion.Used, order: PolyRegion.Order, subset: PolyRegion.Subset, info: PolyRegion.Info,
      outItems: PolyRegion.OutItems, outTheta: PolyRegion.OutTheta, outSe: PolyRegion.OutSe, outSteps: PolyRegion.OutSteps,
      outStop: PolyRegion.OutStop,
    });
    this.options = DEFAULT_ENGINE_OPTIONS;
    this.exports.configure(1, 1, 1, DEFAULT_ENGINE_OPTIONS.eapNodes);
    this.exports.polyConfigure(1, 1, 1, 1, 2);
    this.setOptions(options);
  }

  /** Sets numeric options (merged over the defaults, not over earlier calls). D scales every a. */
  setOptions(options: EngineOptions): void {
    const merged: ResolvedEngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...stripUndefined(options) };
    const dChanged = merged.D !== this.options.D;
    this.options = merged;
    const x = this.exports;
    // EAP's nodes live in the dichotomous layout, which sits before the polytomous arena
    if (x.configure(1, 1, 1, growTo(merged.eapNodes, x.capacityNodes())) === 1) this.ensureCapacity(0, 0, 0, 0);
    x.setOptions(
      merged.D, merged.priorMean, merged.priorSd, merged.range[0], merged.range[1], merged.tolerance,
      merged.maxNewtonSteps, merged.maxHalvings, merged.bisectionSteps, merged.eapNodes, merged.eapPrior === 'uniform' ? 1 : 0,
    );
    if (dChanged && this.bank) this.writeBank();
  }

  /** Grows the arena when needed; rewrites the bank and responses when it moved. */
  private ensureCapacity(items: number, steps: number, columns: number, categories: number, thresholds = 0): void {
    const x = this.exports;
    const moved = x.polyConfigure(
      growTo(items, x.polyCapacity(PolyCapacity.Items)), growTo(thresholds, x.polyCapacity(PolyCapacity.Thresholds)),
      growTo(steps, x.polyCapacity(PolyCapacity.Steps)), growTo(columns, x.polyCapacity(PolyCapacity.Columns)),
      growTo(categories, x.polyCapacity(PolyCapacity.Categories)),
    );
    if (moved === 0) return;
    if (this.bank) this.writeBank();
    if (this.responses) this.writeResponses();
  }

  protected reserve(items: number, steps: number, columns: number): void {
    this.ensureCapacity(items, steps, columns, 0);
  }

  /** Loads item parameters (copied). Kernels trust them: a > 0, K ≥ 1, GRM thresholds increasing. */
  setBank(bank: PolyBankArrays): void {
    const n = bank.thresholds.length;
    const models = typeof bank.model === 'string' ? Array<PolyModel>(n).fill(bank.model) : bank.model;
    if (models.length !== n) throw new DimensionError('setBank: model', models.length, n, 'one per item');
    if (bank.a && bank.a.length !== n) throw new DimensionError('setBank: a', bank.a.length, n, 'one per item');
    const steps = Int32Array.from(bank.thresholds, (row) => row.length);
    const offset = new Int32Array(n);
    let total = 0;
    for (let j = 0; j < n; j++) {
      offset[j] = total;
      total += steps[j];
    }
    const thresholds = new Float64Array(total);
    bank.thresholds.forEach((row, j) => thresholds.set(row, offset[j]));
    this.bank = {
      a: Float64Array.from({ length: n }, (_, j) => (models[j] === 'pcm' ? 1 : bank.a ? bank.a[j] : 1)),
      model: Int32Array.from(models, (model) => (model === 'grm' ? PolyModelCode.grm : PolyModelCode.gpcm)),
      steps,
      offset,
      thresholds,
      maxCategories: steps.reduce((m, k) => Math.max(m, k + 1), 2),
    };
    this.responses = undefined;
    this.nColumns = 0;
    this.ensureCapacity(n, 0, 0, this.bank.maxCategories, total);
    this.writeBank();
  }

  private writeBank(): void {
    const bank = this.bank!;
    const { f64, i32 } = this.views();
    const D = this.options.D;
    f64.set(D === 1 ? bank.a : bank.a.map((a) => D * a), this.at(PolyRegion.A) >> 3);
    i32.set(bank.model, this.at(PolyRegion.Model) >> 2);
    i32.set(bank.steps, this.at(PolyRegion.Steps) >> 2);
    i32.set(bank.offset, this.at(PolyRegion.Offset) >> 2);
    f64.set(bank.thresholds, this.at(PolyRegion.Thresholds) >> 3);
    this.exports.polyPrepareBank(bank.a.length);
    this.writeSelectionIndex();
  }

  /** Has the engine bound every item's peak information, then writes the MFI order: peak descending, ties by index. */
  private writeSelectionIndex(): void {
    const n = this.bank!.a.length;
    this.exports.polyPrepareSelection();
    const bounds = this.views().f64;
    const at = this.at(PolyRegion.ItemBounds) >> 3;
    const peak = Float64Array.from({ length: n }, (_, j) => bounds[at + 3 * j]);
    const order = Int32Array.from({ length: n }, (_, j) => j).sort((p, q) => peak[q] - peak[p] || p - q);
    this.views().i32.set(order, this.at(PolyRegion.SelOrder) >> 2);
  }

  /** Number of categories (K_j + 1) of item j. */
  categories(item: number): number {
    return this.bank!.steps[item] + 1;
  }

  protected writeAdministered(items: ArrayLike<number>, responses: ArrayLike<number>): void {
    this.ensureCapacity(0, items.length, 0, 0);
    const { i32 } = this.views();
    const itemAt = this.at(PolyRegion.AdmItem) >> 2;
    const xAt = this.at(PolyRegion.AdmX) >> 2;
    for (let i = 0; i < items.length; i++) {
      i32[itemAt + i] = items[i];
      i32[xAt + i] = responses[i];
    }
  }

  /**
   * {@link EngineCore.criterionValuesInto} with catR's definitions for polytomous items (assembly/poly-criteria.ts).
   * bOpt and thOpt are refused: catR defines them for dichotomous items only.
   */
  override criterionValuesInto(
    criterion: CriterionName, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number,
    estimator: EstimatorName, grid: QuadratureGrid, blocked: ArrayLike<number>, out: Float64Array,
  ): { best: number; scale: number } {
    if (criterion === 'bopt' || criterion === 'thopt') {
      throw new InvalidArgumentError('selector', criterion, 'catR defines bOpt and thOpt for dichotomous items only (use mfi, mlwi, mpwi, mei, mepv, kl, klp or random)');
    }
    return super.criterionValuesInto(criterion, items, responses, theta, estimator, grid, blocked, out);
  }

  /** Category probabilities P(X_j = 0…K_j | θ) of one item, copied out. */
  categoryProbabilities(item: number, theta: number): Float64Array {
    if (!(Number.isInteger(item) && item >= 0 && item < this.nItems)) throw new InvalidArgumentError('categoryProbabilities: item', item, `no such item (the bank has ${this.nItems})`);
    const count = this.exports.polyCategoryProbabilities(item, theta);
    const at = this.at(PolyRegion.Category) >> 3;
    return this.views().f64.slice(at, at + count);
  }
}
