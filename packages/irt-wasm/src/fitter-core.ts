import { DimensionError, InvalidArgumentError } from './errors';
import { Stat } from './layout';
import { MemoryViews, type Views } from './memory-views';
import { instantiate, type IrtExports } from './module';

/** The fit's running state after a call. */
export interface FitProgress {
  logLikelihood: number;
  logPrior: number;
  maxChange: number;
  atBound: number;
}

/** The M-step settings both families have: the box and prior of a, and Newton's limits per item. */
export interface MStepSettings {
  minA: number;
  maxA: number;
  /** Log-normal prior on a: [meanlog, sdlog], or null. */
  aPrior: readonly [number, number] | null;
  /** Newton iterations per item and M-step, and their step tolerance. */
  itemSteps: number;
  itemTolerance: number;
}

/**
 * A prior as the module's option calls take it: on/off flag, mean, SD (0, 0, 1 when off).
 *
 * @example
 * ```ts
 * priorArguments([0, 1.5]); // returns [1, 0, 1.5]
 * priorArguments(null); // returns [0, 0, 1]
 * ```
 */
export function priorArguments(prior: readonly [number, number] | null): [number, number, number] {
  return prior ? [1, prior[0], prior[1]] : [0, 0, 1];
}

/** The arena regions both fitters have, by their family's region numbers. */
export interface SharedFitRegions {
  Codes: number;
  Weight: number;
  Nodes: number;
  LogWeight: number;
  Stats: number;
  Theta: number;
  ThetaSd: number;
  Flags: number;
}

/**
 * Checks the shapes both fitters load: one weight per subject, ≥ 2 quadrature nodes with one log weight
 * each, and `nItems × nSubjects` response codes.
 *
 * @example
 * ```ts
 * checkFitData(Uint8Array.of(1, 0), 1, 2, Float64Array.of(1), Float64Array.of(-1, 1), Float64Array.of(-0.69, -0.69));
 * // throws DimensionError: load: weights: length 1, expected 2 (one per subject)
 * ```
 */
export function checkFitData(codes: Uint8Array, nItems: number, nSubjects: number, weights: Float64Array, nodes: Float64Array, logWeights: Float64Array): void {
  if (codes.length !== nItems * nSubjects) throw new DimensionError('load: codes', codes.length, nItems * nSubjects, `${nItems} items × ${nSubjects} subjects`);
  if (weights.length !== nSubjects) throw new DimensionError('load: weights', weights.length, nSubjects, 'one per subject');
  if (nodes.length < 2) throw new InvalidArgumentError('load: nodes', nodes.length, 'need ≥ 2 quadrature nodes');
  if (logWeights.length !== nodes.length) throw new DimensionError('load: logWeights', logWeights.length, nodes.length, 'one per node');
}

/**
 * What the dichotomous and the polytomous fitter share: one WebAssembly instance, its memory views, the
 * progress slots, and copies of the per-subject and per-item outputs. Each family names its own regions
 * and its module export that resolves them to addresses.
 *
 * @example
 * ```ts
 * const fitter = new IrtFitter(); // a FitterCore over FitRegion
 * fitter.flags().length; // returns the number of items loaded
 * ```
 */
export class FitterCore {
  readonly exports: IrtExports;
  protected nItems = 0;
  protected nSubjects = 0;
  private nNodes = 0;
  private readonly memoryViews: MemoryViews;

  constructor(private readonly regions: SharedFitRegions, private readonly pointer: 'fitPointer' | 'polyFitPointer') {
    this.exports = instantiate();
    this.memoryViews = new MemoryViews(this.exports.memory);
  }

  /** Byte address of one of this family's regions. */
  protected at(region: number): number {
    return this.exports[this.pointer](region);
  }

  protected views(): Views {
    return this.memoryViews.get();
  }

  /** A copy of `length` f64 values of a region. */
  protected copyF64(region: number, length: number): Float64Array {
    const at = this.at(region) >> 3;
    return this.views().f64.slice(at, at + length);
  }

  /** Records the sizes and writes the data both families load, after the module has laid out the arena. */
  protected writeData(nItems: number, nSubjects: number, codes: Uint8Array, weights: Float64Array, nodes: Float64Array, logWeights: Float64Array): void {
    this.nItems = nItems;
    this.nSubjects = nSubjects;
    this.nNodes = nodes.length;
    const { f64, u8 } = this.views();
    u8.set(codes, this.at(this.regions.Codes));
    f64.set(weights, this.at(this.regions.Weight) >> 3);
    f64.set(nodes, this.at(this.regions.Nodes) >> 3);
    f64.set(logWeights, this.at(this.regions.LogWeight) >> 3);
  }

  protected progress(): FitProgress {
    const { f64 } = this.views();
    const stats = this.at(this.regions.Stats) >> 3;
    return {
      logLikelihood: f64[stats + Stat.logLikelihood],
      logPrior: f64[stats + Stat.logPrior],
      maxChange: f64[stats + Stat.maxChange],
      atBound: f64[stats + Stat.atBound],
    };
  }

  /** Current abilities and their SDs (copies; EAP and posterior SD after an E-step). */
  abilities(): { theta: Float64Array; sd: Float64Array } {
    return { theta: this.copyF64(this.regions.Theta, this.nSubjects), sd: this.copyF64(this.regions.ThetaSd, this.nSubjects) };
  }

  /** Flags per item after the last EM iteration (ItemFlag bits). */
  flags(): Int32Array {
    const at = this.at(this.regions.Flags) >> 2;
    return this.views().i32.slice(at, at + this.nItems);
  }

  /** Quadrature size in use. */
  get nodeCount(): number {
    return this.nNodes;
  }
}
