import { EngineCore } from './engine-core';
import { instantiate, type IrtExports } from './module';
import { EstimatorCode, Region, SelectorCode, StopCode } from './layout';
import { DEFAULT_GRID } from './criteria';
import { nearestLocation, sortedByLocation } from './location-pick';
import { markRows } from './memory-views';

/** Estimators the engine implements. */
export type EstimatorName = keyof typeof EstimatorCode;
/** Selectors the engine implements in its replay loop ('sequence' administers a given order). */
export type SelectorName = keyof typeof SelectorCode;
/** Why a replay stopped. */
export type StopReason = keyof typeof StopCode;

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
export class IrtEngine extends EngineCore<{ a: Float64Array; b: Float64Array; c: Float64Array; d: Float64Array }> {
  constructor(options: EngineOptions = {}) {
    const x = instantiate();
    super(x, {
      replayColumns: x.replayColumns, estimateColumns: x.estimateColumns, estimateAdministered: x.estimateAdministered,
      lastSe: x.lastSe, scoreAt: x.scoreAt, logLikelihood: x.logLikelihood, testInformation: x.testInformation,
      selectMaxInformation: x.selectMaxInformation, informationBank: x.informationBank, pointer: x.pointer,
      capacityItems: x.capacityItems, capacitySteps: x.capacitySteps, criterionValues: x.criterionValues, lastValueScale: x.lastValueScale,
    }, {
      responses: Region.Responses, used: Region.Used, order: Region.Order, subset: Region.Subset, info: Region.ItemInfo,
      outItems: Region.OutItems, outTheta: Region.OutTheta, outSe: Region.OutSe, outSteps: Region.OutSteps, outStop: Region.OutStop,
    });
    this.options = DEFAULT_ENGINE_OPTIONS;
    this.exports.configure(1, 1, 1, 2);
    this.setOptions(options);
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

  /** Per criterion: the bank's locations and their sorted order (null: a NaN location), for the D they were made at. */
  private taken?: Uint8Array;
  private locations: Partial<Record<'bopt' | 'thopt', { D: number; locations: Float64Array; order: Int32Array | null }>> = {};

  /**
   * The item a selector picks, without computing every item's value: mfi by the pruned exact search of
   * replay (assembly/select.ts), bopt and thopt by the bank's items sorted once by location (b, or θ* where
   * information peaks) and a walk outward from θ. Same item and value as criterionValuesInto's full scan
   * (exact ties to the lowest index); −1 (value NaN) when every item is administered or blocked.
   *
   * @example
   * ```ts
   * engine.setBank({ a: [1, 2, 0.5], b: [0, 0.3, -1] });
   * engine.pickNext('bopt', 0.4, [1], []); // returns { best: 0, value: 0.4 }
   * ```
   */
  pickNext(criterion: 'mfi' | 'bopt' | 'thopt', theta: number, items: ArrayLike<number>, blocked: ArrayLike<number>): { best: number; value: number } {
    const n = this.nItems;
    if (criterion === 'mfi') {
      markRows(this.views().u8, this.at(Region.Used), n, items, blocked);
      const best = this.exports.selectMaxInformation(theta);
      return { best, value: best < 0 ? NaN : this.exports.itemInformation(best, theta) };
    }
    const sorted = this.sortedLocations(criterion);
    if (!sorted.order) {
      const values = new Float64Array(n);
      const { best } = this.criterionValuesInto(criterion, items, new Float64Array(items.length), theta, 'map', DEFAULT_GRID, blocked, values);
      return { best, value: best < 0 ? NaN : values[best] };
    }
    // flags set for the given rows only and cleared after, so a step costs O(log n + given), not O(n)
    const taken = (this.taken = this.taken && this.taken.length === n ? this.taken : new Uint8Array(n));
    for (let i = 0; i < items.length; i++) taken[items[i]] = 1;
    for (let i = 0; i < blocked.length; i++) taken[blocked[i]] = 1;
    const best = nearestLocation(sorted.locations, sorted.order, theta, (row) => taken[row] === 1);
    for (let i = 0; i < items.length; i++) taken[items[i]] = 0;
    for (let i = 0; i < blocked.length; i++) taken[blocked[i]] = 0;
    return { best, value: best < 0 ? NaN : Math.abs(sorted.locations[best] - theta) };
  }

  private sortedLocations(criterion: 'bopt' | 'thopt') {
    const D = this.options.D;
    const cached = this.locations[criterion];
    if (cached && (criterion === 'bopt' || cached.D === D)) return cached;
    this.exports.itemLocations(criterion === 'thopt' ? 1 : 0);
    const at = this.at(Region.ItemInfo) >> 3;
    const locations = this.views().f64.slice(at, at + this.nItems);
    const made = { D, locations, order: sortedByLocation(locations) };
    this.locations[criterion] = made;
    return made;
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

  protected reserve(items: number, steps: number, columns: number): void {
    this.ensureCapacity(items, steps, columns, 0);
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
    this.locations = {};
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

  /** Writes administered items (bank indices) and responses into the ADM regions. */
  protected writeAdministered(items: ArrayLike<number>, responses: ArrayLike<number>): void {
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
