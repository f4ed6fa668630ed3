import { MemoryViews, type Views } from './memory-views';
import { DimensionError, InvalidArgumentError, IrtWasmError } from './errors';
import { instantiate, type IrtExports } from './module';
import { EstimatorCode, Region, SelectorCode, StopCode } from './layout';
import { CriterionCode, type CriterionName, type QuadratureGrid } from './criteria';

/** Estimators the engine implements. */
export type EstimatorName = keyof typeof EstimatorCode;
/** Selectors the engine implements in its replay loop ('sequence' administers a given order). */
export type SelectorName = keyof typeof SelectorCode;
/** Why a replay stopped. */
export type StopReason = keyof typeof StopCode;

const STOP_NAMES: StopReason[] = ['max_items', 'min_se', 'exhausted'];

/** Numeric settings shared by every kernel; each has the Fluid Benchmarking reference's default. */
export interface EngineOptions {
  /** Logistic scaling constant D. Default 1. */
  D?: number;
  /** Normal prior mean μ0 (MAP, EAP). Default 0. */
  priorMean?: number;
  /** Normal prior SD σ0 (MAP, EAP). Default 1. */
  priorSd?: number;
  /** Ability range. Default [−4, 4]. */
  range?: readonly [number, number];
  /** Newton converges when |T(θ)| is below this. Default 1e-6. */
  tolerance?: number;
  /** Newton steps before bisection. Default 100. */
  maxNewtonSteps?: number;
  /** Backtracking halvings per Newton step. Default 15. */
  maxHalvings?: number;
  /** Bisection halvings. Default 80. */
  bisectionSteps?: number;
  /** EAP quadrature nodes, equally spaced on the range. Default 33 (catR's). */
  eapNodes?: number;
  /** EAP prior. Default 'normal'. */
  eapPrior?: 'normal' | 'uniform';
}

/** Resolved engine options (every field present). */
export type ResolvedEngineOptions = Required<EngineOptions>;

/** The defaults of {@link EngineOptions} (frozen, `range` too: the one place they are written). */
export const DEFAULT_ENGINE_OPTIONS: Readonly<ResolvedEngineOptions> = Object.freeze({
  D: 1,
  priorMean: 0,
  priorSd: 1,
  range: Object.freeze([-4, 4] as const),
  tolerance: 1e-6,
  maxNewtonSteps: 100,
  maxHalvings: 15,
  bisectionSteps: 80,
  eapNodes: 33,
  eapPrior: 'normal' as const,
});

/** Item parameters as plain arrays (c and d default to 0 and 1). */
export interface BankArrays {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  c?: ArrayLike<number>;
  d?: ArrayLike<number>;
}

/** Settings of one replayed run. */
export interface ReplaySettings {
  nMax: number;
  start: number;
  estimator: EstimatorName;
  selector: SelectorName;
  /** Stop once the SE falls below this (0: never). */
  minSe: number;
}

/** One replayed run, copied out of WASM memory. */
export interface ReplayOutput {
  items: Int32Array;
  abilities: Float64Array;
  se: Float64Array;
  stopReason: StopReason;
}

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

/**
 * The capacity to allocate for `need` when `have` is too small: at least 1.5× `have` (amortized growth).
 *
 * @example
 * ```ts
 * growTo(110, 100); // returns 150
 * ```
 */
export function growTo(need: number, have: number): number {
  if (need <= have) return have;
  return Math.max(need, Math.ceil(have * 1.5));
}

/**
 * The pointer-level tier: one WebAssembly instance with one bank, a response matrix and output buffers.
 * Crosses the boundary once per run (or per batch), never per item. Engines are independent.
 *
 * @example
 * ```ts
 * await init();
 * const engine = new IrtEngine();
 * engine.setBank({ a: [1, 1.5], b: [0, 1] });
 * engine.setResponses(new Float64Array([1, 0]), 1);
 * engine.replay(0, { nMax: 2, start: 0, estimator: 'map', selector: 'mfi', minSe: 0 }).items; // Int32Array [1, 0]
 * ```
 */
export class IrtEngine {
  readonly exports: IrtExports;
  private bank: { a: Float64Array; b: Float64Array; c: Float64Array; d: Float64Array } | undefined;
  private responses: Float64Array | undefined;
  private nColumns = 0;
  private options: ResolvedEngineOptions = DEFAULT_ENGINE_OPTIONS;
  private readonly memoryViews: MemoryViews;

  constructor(options: EngineOptions = {}) {
    this.exports = instantiate();
    this.memoryViews = new MemoryViews(this.exports.memory);
    this.exports.configure(1, 1, 1, 2);
    this.setOptions(options);
  }

  /** Number of items in the loaded bank. */
  get nItems(): number {
    return this.bank ? this.bank.a.length : 0;
  }

  /** The options in force. */
  get settings(): ResolvedEngineOptions {
    return this.options;
  }

  /** Sets numeric options (merged over the defaults, not over earlier calls). */
  setOptions(options: EngineOptions): void {
    const merged: ResolvedEngineOptions = Object.freeze({ ...DEFAULT_ENGINE_OPTIONS, ...stripUndefined(options) });
    const dChanged = merged.D !== this.options.D;
    this.options = merged;
    this.ensureCapacity(0, 0, 0, merged.eapNodes);
    this.pushOptions();
    if (dChanged && this.bank) this.exports.prepareBank(this.bank.a.length);
  }

  private pushOptions(): void {
    const o = this.options;
    this.exports.setOptions(
      o.D, o.priorMean, o.priorSd, o.range[0], o.range[1], o.tolerance,
      o.maxNewtonSteps, o.maxHalvings, o.bisectionSteps, o.eapNodes, o.eapPrior === 'uniform' ? 1 : 0,
    );
  }

  /** Grows the layout when needed; rewrites the bank and responses if regions moved. */
  ensureCapacity(items: number, steps: number, columns: number, nodes: number): void {
    const x = this.exports;
    const want = [
      growTo(items, x.capacityItems()), growTo(steps, x.capacitySteps()),
      growTo(columns, x.capacityColumns()), growTo(nodes, x.capacityNodes()),
    ] as const;
    if (x.configure(want[0], want[1], want[2], want[3]) === 0) return;
    if (this.bank) this.writeBank();
    if (this.responses) this.writeResponses();
  }

  private views(): Views {
    return this.memoryViews.get();
  }

  private at(region: number): number {
    return this.exports.pointer(region);
  }

  /** Loads item parameters (copied; the engine keeps its own copy). */
  setBank(bank: BankArrays): void {
    const n = bank.a.length;
    const copy = (values: ArrayLike<number> | undefined, fill: number) => {
      const out = new Float64Array(n);
      if (values) out.set(values as ArrayLike<number>);
      else out.fill(fill);
      return out;
    };
    this.bank = { a: copy(bank.a, 0), b: copy(bank.b, 0), c: copy(bank.c, 0), d: copy(bank.d, 1) };
    this.responses = undefined;
    this.nColumns = 0;
    this.ensureCapacity(n, 0, 0, 0);
    this.writeBank();
  }

  private writeBank(): void {
    const bank = this.bank!;
    const { f64 } = this.views();
    f64.set(bank.a, this.at(Region.ItemA) >> 3);
    f64.set(bank.b, this.at(Region.ItemB) >> 3);
    f64.set(bank.c, this.at(Region.ItemC) >> 3);
    f64.set(bank.d, this.at(Region.ItemD) >> 3);
    this.exports.prepareBank(bank.a.length);
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
    this.ensureCapacity(0, 0, nColumns, 0);
    this.writeResponses();
  }

  private writeResponses(): void {
    const { f64 } = this.views();
    const base = this.at(Region.Responses) >> 3;
    const n = this.nItems;
    const stride = this.exports.capacityItems();
    if (stride === n) {
      f64.set(this.responses!, base);
      return;
    }
    for (let c = 0; c < this.nColumns; c++) f64.set(this.responses!.subarray(c * n, (c + 1) * n), base + c * stride);
  }

  /** Number of response columns loaded. */
  get columns(): number {
    return this.nColumns;
  }

  /** Writes an administration order for selector 'sequence'. */
  setOrder(order: ArrayLike<number>): void {
    this.ensureCapacity(order.length, 0, 0, 0);
    const { i32 } = this.views();
    i32.set(order as ArrayLike<number>, this.at(Region.Order) >> 2);
  }

  /**
   * Replays runs on columns [first, first + count) in one call and copies them out.
   */
  replayColumns(first: number, count: number, settings: ReplaySettings): ReplayOutput[] {
    this.checkColumns('replayColumns', first, count);
    const steps = Math.max(1, Math.min(settings.nMax, this.nItems));
    this.ensureCapacity(0, steps, count, 0);
    this.exports.replayColumns(
      first, count, settings.nMax, settings.start, EstimatorCode[settings.estimator],
      SelectorCode[settings.selector], settings.minSe,
    );
    const at = (region: number) => this.at(region);
    return readRuns(this.views(), count, this.exports.capacitySteps(), {
      items: at(Region.OutItems), theta: at(Region.OutTheta), se: at(Region.OutSe), steps: at(Region.OutSteps), stop: at(Region.OutStop),
    });
  }

  private checkColumns(call: string, first: number, count: number): void {
    checkColumnRange(call, first, count, this.nColumns);
  }

  /** Replays one run on one column. */
  replay(column: number, settings: ReplaySettings): ReplayOutput {
    return this.replayColumns(column, 1, settings)[0];
  }

  /**
   * θ and SE for columns [first, first + count) from the items in `subset` (all items, ascending, when null).
   */
  estimateColumns(
    first: number, count: number, subset: ArrayLike<number> | null, start: number, estimator: EstimatorName,
  ): { theta: Float64Array; se: Float64Array } {
    this.checkColumns('estimateColumns', first, count);
    const used = subset ? subset.length : this.nItems;
    this.ensureCapacity(0, Math.max(used, count), count, 0);
    if (subset) {
      const { i32 } = this.views();
      i32.set(subset as ArrayLike<number>, this.at(Region.Subset) >> 2);
    }
    this.exports.estimateColumns(first, count, subset ? subset.length : -1, start, EstimatorCode[estimator]);
    const { f64 } = this.views();
    const theta = this.at(Region.OutTheta) >> 3;
    const se = this.at(Region.OutSe) >> 3;
    return { theta: f64.slice(theta, theta + count), se: f64.slice(se, se + count) };
  }

  /** Writes administered items (bank indices) and responses into the ADM regions. */
  private writeAdministered(items: ArrayLike<number>, responses: ArrayLike<number>): void {
    const k = items.length;
    this.ensureCapacity(0, k, 0, 0);
    const bank = this.bank!;
    const { f64 } = this.views();
    const adm = [Region.AdmA, Region.AdmB, Region.AdmC, Region.AdmD, Region.AdmX].map((r) => this.at(r) >> 3);
    for (let i = 0; i < k; i++) {
      const j = items[i];
      f64[adm[0] + i] = bank.a[j];
      f64[adm[1] + i] = bank.b[j];
      f64[adm[2] + i] = bank.c[j];
      f64[adm[3] + i] = bank.d[j];
      f64[adm[4] + i] = responses[i];
    }
  }

  /** θ and SE from explicit administered items (bank indices) and their responses. */
  estimate(items: ArrayLike<number>, responses: ArrayLike<number>, start: number, estimator: EstimatorName): { theta: number; se: number } {
    this.writeAdministered(items, responses);
    const theta = this.exports.estimateAdministered(items.length, start, EstimatorCode[estimator]);
    return { theta, se: this.exports.lastSe() };
  }

  /** The score T(θ) of the administered set (precision 1/σ0² for MAP, 0 for MLE). */
  score(items: ArrayLike<number>, responses: ArrayLike<number>, theta: number, precision: number): number {
    this.writeAdministered(items, responses);
    return this.exports.scoreAt(items.length, theta, precision);
  }

  /** Log-likelihood of the administered set at θ. */
  logLikelihood(items: ArrayLike<number>, responses: ArrayLike<number>, theta: number): number {
    this.writeAdministered(items, responses);
    return this.exports.logLikelihood(items.length, theta);
  }

  /** Test information of the given items at θ. */
  testInformation(items: ArrayLike<number>, theta: number): number {
    this.writeAdministered(items, new Float64Array(items.length));
    return this.exports.testInformation(items.length, theta);
  }

  /** The unused item with the most information at θ (lowest index on ties), or −1 when none is left. */
  selectNext(theta: number, used: ArrayLike<number>): number {
    const { u8 } = this.views();
    const at = this.at(Region.Used);
    u8.fill(0, at, at + this.nItems);
    for (let i = 0; i < used.length; i++) u8[at + used[i]] = 1;
    return this.exports.selectMaxInformation(theta);
  }

  /**
   * One selection step by `criterion` (catR's definitions): the administered `items` with their `responses`,
   * the current θ, and items that may not be given (`blocked`, bank indices). Fills `out` with every item's
   * criterion (NaN for administered and blocked items; grid integrals divided by the returned `scale`) and
   * returns the best item (−1 when none is left).
   */
  criterionValuesInto(
    criterion: CriterionName, items: ArrayLike<number>, responses: ArrayLike<number>, theta: number,
    estimator: EstimatorName, grid: QuadratureGrid, blocked: ArrayLike<number>, out: Float64Array,
  ): { best: number; scale: number } {
    if (out.length < this.nItems) throw new DimensionError('criterionValuesInto: out', out.length, this.nItems);
    // MEI uses slot items.length as scratch
    this.ensureCapacity(0, items.length + 1, 0, 0);
    this.writeAdministered(items, responses);
    const { u8 } = this.views();
    const at = this.at(Region.Used);
    u8.fill(0, at, at + this.nItems);
    for (let i = 0; i < items.length; i++) u8[at + items[i]] = 1;
    for (let i = 0; i < blocked.length; i++) u8[at + blocked[i]] = 1;
    const best = this.exports.criterionValues(
      CriterionCode[criterion], items.length, theta, EstimatorCode[estimator], grid.points, grid.lo, grid.hi,
    );
    const { f64 } = this.views();
    const values = this.at(Region.ItemInfo) >> 3;
    out.set(f64.subarray(values, values + this.nItems));
    return { best, scale: this.exports.lastValueScale() };
  }

  /** Fills `out` with every item's information at θ. */
  informationInto(theta: number, out: Float64Array): Float64Array {
    if (out.length < this.nItems) throw new DimensionError('informationInto: out', out.length, this.nItems);
    this.exports.informationBank(theta);
    const { f64 } = this.views();
    const at = this.at(Region.ItemInfo) >> 3;
    out.set(f64.subarray(at, at + this.nItems));
    return out;
  }
}

/**
 * A copy of `value` without its undefined fields (so they do not override defaults when spread).
 *
 * @example
 * ```ts
 * stripUndefined({ D: undefined, priorSd: 2 }); // returns { priorSd: 2 }
 * ```
 */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
