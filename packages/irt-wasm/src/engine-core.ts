import type { CriterionName, QuadratureGrid } from './criteria';
import type { EstimatorName, ReplayOutput, ReplaySettings, ResolvedEngineOptions, StopReason } from './engine';
import { DimensionError, InvalidArgumentError, IrtWasmError } from './errors';
import { CriterionCode, EstimatorCode, SelectorCode } from './layout';
import { MemoryViews, markRows, type Views } from './memory-views';
import type { IrtExports } from './module';

const STOP_NAMES: StopReason[] = ['max_items', 'min_se', 'exhausted'];

/** Byte addresses of a replay's output regions (items, abilities, SEs per step; steps and stop code per run). */
export interface RunOutputAddresses {
  items: number;
  theta: number;
  se: number;
  steps: number;
  stop: number;
}

/**
 * Copies `count` replayed runs out of WASM memory (run s at s·cap in each per-step region); shared by the
 * dichotomous and the polytomous engine, whose output regions have the same shape.
 *
 * @example
 * ```ts
 * readRuns(views, 1, capSteps, addresses)[0].stopReason; // returns 'max_items' after a run that used its budget
 * ```
 */
export function readRuns(views: Views, count: number, cap: number, at: RunOutputAddresses): ReplayOutput[] {
  const { f64, i32 } = views;
  const items = at.items >> 2;
  const theta = at.theta >> 3;
  const se = at.se >> 3;
  const runs: ReplayOutput[] = [];
  for (let s = 0; s < count; s++) {
    const k = i32[(at.steps >> 2) + s];
    runs.push({
      items: i32.slice(items + s * cap, items + s * cap + k),
      abilities: f64.slice(theta + s * cap, theta + s * cap + k),
      se: f64.slice(se + s * cap, se + s * cap + k),
      stopReason: STOP_NAMES[i32[(at.stop >> 2) + s]],
    });
  }
  return runs;
}

/**
 * Checks a column range against the columns loaded.
 *
 * @example
 * ```ts
 * checkColumnRange('replayColumns', 0, 3, 2); // throws InvalidArgumentError: replayColumns: columns: need first ≥ 0 and first + count ≤ 2 (the columns loaded) (got [0,3])
 * ```
 */
export function checkColumnRange(call: string, first: number, count: number, nColumns: number): void {
  if (!(Number.isInteger(first) && Number.isInteger(count) && first >= 0 && count >= 0 && first + count <= nColumns)) {
    throw new InvalidArgumentError(`${call}: columns`, [first, count], `need first ≥ 0 and first + count ≤ ${nColumns} (the columns loaded)`);
  }
}

/** One item family's kernels (1–4PL or polytomous), as the shared engine code calls them. */
export interface FamilyKernels {
  replayColumns(first: number, count: number, nMax: number, start: number, estimator: number, selector: number, minSe: number): void;
  estimateColumns(first: number, count: number, subsetSize: number, start: number, estimator: number): void;
  estimateAdministered(k: number, start: number, estimator: number): number;
  lastSe(): number;
  scoreAt(k: number, theta: number, precision: number): number;
  logLikelihood(k: number, theta: number): number;
  testInformation(k: number, theta: number): number;
  selectMaxInformation(theta: number): number;
  informationBank(theta: number): void;
  criterionValues(criterion: number, k: number, theta: number, estimator: number, points: number, lo: number, hi: number): number;
  lastValueScale(): number;
  pointer(region: number): number;
  capacityItems(): number;
  capacitySteps(): number;
}

/** One item family's region numbers, as the shared engine code reads and writes them. */
export interface FamilyRegions {
  responses: number;
  used: number;
  order: number;
  subset: number;
  info: number;
  outItems: number;
  outTheta: number;
  outSe: number;
  outSteps: number;
  outStop: number;
}

/**
 * What {@link IrtEngine} and `PolyEngine` share: responses, replays, estimates, selection and information over
 * one family's kernels and regions, one boundary crossing per call. Subclasses own the bank, the capacities
 * and how administered items are written.
 *
 * @example
 * ```ts
 * initSync();
 * const engine = new IrtEngine(); // an EngineCore over 1–4PL banks
 * engine.setBank({ a: [1], b: [0] });
 * engine.testInformation([0], 0); // returns 0.25
 * ```
 */
export abstract class EngineCore<Bank extends { readonly a: Float64Array }> {
  /** The loaded bank (one discrimination per item, whatever else the family needs). */
  protected bank: Bank | undefined;
  protected responses: Float64Array | undefined;
  protected nColumns = 0;
  protected options!: ResolvedEngineOptions;
  protected readonly memoryViews: MemoryViews;

  protected constructor(
    readonly exports: IrtExports,
    private readonly kernels: FamilyKernels,
    private readonly regions: FamilyRegions,
  ) {
    this.memoryViews = new MemoryViews(exports.memory);
  }

  /** Number of items in the loaded bank. */
  get nItems(): number {
    return this.bank ? this.bank.a.length : 0;
  }

  /** Grows the capacities to at least these (0: keep); rewrites the bank and responses when memory moved. */
  protected abstract reserve(items: number, steps: number, columns: number): void;

  /** Writes administered items (bank rows) and their responses into the family's administered slots. */
  protected abstract writeAdministered(items: ArrayLike<number>, responses: ArrayLike<number>): void;

  /** Number of response columns loaded. */
  get columns(): number {
    return this.nColumns;
  }

  /** The options in force. */
  get settings(): ResolvedEngineOptions {
    return this.options;
  }

  protected views(): Views {
    return this.memoryViews.get();
  }

  protected at(region: number): number {
    return this.kernels.pointer(region);
  }

  /**
   * Loads a response matrix, column-major (`matrix[column * nItems + item]`), NaN for missing.
   * The engine keeps a reference so it can rewrite memory after growth: do not mutate it afterwards.
   */
  setResponses(matrix: Float64Array, nColumns: number): void {
    if (!this.bank) throw new IrtWasmError('setResponses: load a bank first (setBank)');
    if (matrix.length !== nColumns * this.nItems) {
      throw new DimensionError('setResponses: matrix', matrix.length, nColumns * this.nItems, `${nColumns} columns × ${this.nItems} items`);
    }
    this.responses = matrix;
    this.nColumns = nColumns;
    this.reserve(0, 0, nColumns);
    this.writeResponses();
  }

  protected writeResponses(): void {
    const { f64 } = this.views();
    const base = this.at(this.regions.responses) >> 3;
    const n = this.nItems;
    const stride = this.kernels.capacityItems();
    if (stride === n) {
      f64.set(this.responses!, base);
      return;
    }
    for (let c = 0; c < this.nColumns; c++) f64.set(this.responses!.subarray(c * n, (c + 1) * n), base + c * stride);
  }

  /** Writes an administration order for selector 'sequence'. */
  setOrder(order: ArrayLike<number>): void {
    this.reserve(order.length, 0, 0);
    this.views().i32.set(order, this.at(this.regions.order) >> 2);
  }

  /** Replays runs on columns [first, first + count) in one call and copies them out. */
  replayColumns(first: number, count: number, settings: ReplaySettings): ReplayOutput[] {
    checkColumnRange('replayColumns', first, count, this.nColumns);
    this.reserve(0, Math.max(1, Math.min(settings.nMax, this.nItems)), count);
    this.kernels.replayColumns(
      first, count, settings.nMax, settings.start, EstimatorCode[settings.estimator], SelectorCode[settings.selector], settings.minSe,
    );
    const at = (region: number) => this.at(region);
    const r = this.regions;
    return readRuns(this.views(), count, this.kernels.capacitySteps(), {
      items: at(r.outItems), theta: at(r.outTheta), se: at(r.outSe), steps: at(r.outSteps), stop: at(r.outStop),
    });
  }

  /** Replays one run on one column. */
  replay(column: number, settings: ReplaySettings): ReplayOutput {
    return this.replayColumns(column, 1, settings)[0];
  }

  /** θ and SE for columns [first, first + count) from the items in `subset` (all items, ascending, when null). */
  estimateColumns(
    first: number, count: number, subset: ArrayLike<number> | null, start: number, estimator: EstimatorName,
  ): { theta: Float64Array; se: Float64Array } {
    checkColumnRange('estimateColumns', first, count, this.nColumns);
    const used = subset ? subset.length : this.nItems;
    this.reserve(0, Math.max(used, count), count);
    if (subset) this.views().i32.set(subset, this.at(this.regions.subset) >> 2);
    this.kernels.estimateColumns(first, count, subset ? subset.length : -1, start, EstimatorCode[estimator]);
    const { f64 } = this.views();
    const theta = this.at(this.regions.outTheta) >> 3;
    const se = this.at(this.regions.outSe) >> 3;
    return { theta: f64.slice(theta, theta + count), se: f64.slice(se, se + count) };
  }

  /** θ and SE from explicit administered items (bank rows) and their responses. */
  estimate(items: ArrayLike<number>, responses: ArrayLike<number>, start: number, estimator: EstimatorName): { theta: number; se: number } {
    this.writeAdministered(items, responses);
    const theta = this.kernels.estimateAdministered(items.length, start, EstimatorCode[estimator]);
    return { theta, se: this.kernels.lastSe() };
  }

  /** The score T(θ) of the administered set (precision 1/σ0² for MAP, 0 for MLE). */
  score(items: ArrayLike<number>, responses: ArrayLike<number>, theta: number, precision: number): number {
    this.writeAdministered(items, responses);
    return this.kernels.scoreAt(items.length, theta, precision);
  }

  /** Log-likelihood of the administered set at θ. */
  logLikelihood(items: ArrayLike<number>, responses: ArrayLike<number>, theta: number): number {
    this.writeAdministered(items, responses);
    return this.kernels.logLikelihood(items.length, theta);
  }

  /** Test information of the given items at θ. */
  testInformation(items: ArrayLike<number>, theta: number): number {
    this.writeAdministered(items, new Float64Array(items.length));
    return this.kernels.testInformation(items.length, theta);
  }

  /** The unused item with the most information at θ (lowest index on ties), or −1 when none is left. */
  selectNext(theta: number, used: ArrayLike<number>): number {
    markRows(this.views().u8, this.at(this.regions.used), this.nItems, used);
    return this.kernels.selectMaxInformation(theta);
  }

  /**
   * One selection step by `criterion` (catR's definitions; assembly/criteria.ts for 1–4PL banks,
   * assembly/poly-criteria.ts for polytomous ones): the administered `items` with their `responses`, the current
   * θ, and items that may not be given (`blocked`, bank indices). Fills `out` with every item's criterion (NaN for
   * administered and blocked items; grid integrals divided by the returned `scale`) and returns the best item
   * (−1 when none is left).
   */
  criterionValuesInto(
    criterion: CriterionName, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number,
    estimator: EstimatorName, grid: QuadratureGrid, blocked: ArrayLike<number>, out: Float64Array,
  ): { best: number; scale: number } {
    if (out.length < this.nItems) throw new DimensionError('criterionValuesInto: out', out.length, this.nItems);
    this.reserve(0, items.length + 1, 0); // MEI may use slot items.length as scratch
    this.writeAdministered(items, responses);
    markRows(this.views().u8, this.at(this.regions.used), this.nItems, items, blocked);
    const best = this.kernels.criterionValues(
      CriterionCode[criterion], items.length, theta, EstimatorCode[estimator], grid.points, grid.lo, grid.hi,
    );
    const values = this.at(this.regions.info) >> 3;
    out.set(this.views().f64.subarray(values, values + this.nItems));
    return { best, scale: this.kernels.lastValueScale() };
  }

  /** Fills `out` with every item's information at θ. */
  informationInto(theta: number, out: Float64Array): Float64Array {
    if (out.length < this.nItems) throw new DimensionError('informationInto: out', out.length, this.nItems);
    this.kernels.informationBank(theta);
    const at = this.at(this.regions.info) >> 3;
    out.set(this.views().f64.subarray(at, at + this.nItems));
    return out;
  }
}
