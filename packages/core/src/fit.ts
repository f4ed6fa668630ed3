import { IrtFitter, ItemFlag, ResponseCode, type FitProgress, type Hyperparameters } from '@fluidbench/irt-wasm';
import { DimensionError, InvalidArgumentError } from './errors';
import { checkHierarchicalSubjects } from './fit-subjects';
import { ItemBank } from './item-bank';
import { DEFAULT_RUN, binarizeResponse } from './options';

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

const HIERARCHICAL_ABILITY_STEPS = 1;
const HIERARCHICAL_ITEM_STEPS = 1;
const ITEM_NEWTON_STEPS = 10;
/** Each item's M-step stops once its Newton step is this fraction of the EM tolerance. */
const ITEM_TOLERANCE_FRACTION = 0.01;

/**
 * Fits a 2PL model (`P = σ(D·a·(θ − b))`) to a response matrix: one column per subject (LM, checkpoint or
 * response pattern), one value per item, NaN/null for missing.
 *
 * - `'mml'`: marginal maximum likelihood by EM (Bock–Aitkin) over `nodes` equally spaced points of
 *   `range` with N(0, 1) weights (mirt's default quadrature); every item's M-step is a 2×2 Newton
 *   iteration (Fisher scoring when the Hessian is not definite) with step halving, a kept positive and both
 *   parameters kept in a box. Optional priors (log-normal a, normal b) turn it into marginal MAP.
 *   Abilities are EAPs on the same quadrature.
 * - `'hierarchical'`: py-irt's model, θ ~ N(μθ, 1/uθ), b ~ N(μb, 1/ub), a ~ LogNormal(μa, 1/ua),
 *   μ ~ N(0, 10⁶), u ~ Gamma(1, 1) (1/u is an SD), fitted by sweeps of conditional modes: each θ (Newton),
 *   each item's (log a, b) (Fisher scoring), then μb, ub, μa, ua in closed form using Laplace variances as
 *   a mean-field variational fit would (Aitken-extrapolated every third sweep). The likelihood cannot tell
 *   the scale of θ (θ, b → cθ, cb with a → a/c), and joint modes drift along it toward a collapsed scale,
 *   so each sweep restandardizes the abilities to mean 0 and SD 1 over the subjects (μθ = 0, uθ = 1).
 *   Deterministic where py-irt's SVI is stochastic; meant for many items per subject (the paper's 102 LMs ×
 *   28,659 items; with few items per subject prefer 'mml'). Items stay in the same box as MML's and the
 *   slope prior is clamped as in py-irt (μa in [−5, 5], SD ≤ 2). Abilities are the joint modes; there are
 *   no item standard errors.
 *
 * @example
 * ```ts
 * await init();
 * // three subjects (columns) × three items; q3 is answered right by everybody, so weak priors keep it finite
 * const fit = fit2PL([[1, 0, 1], [1, 1, 1], [0, 0, 1]], { ids: ['q1', 'q2', 'q3'], aPrior: [0, 0.5], bPrior: [0, 2] });
 * fit.bank.ids; // returns ['q1', 'q2', 'q3']
 * fit.diagnostics.converged; // returns true (6 iterations)
 * fit.bank.b[2] < fit.bank.b[0]; // returns true: q3 is the easiest
 * ```
 */
export function fit2PL(columns: readonly ArrayLike<number | null>[], options: Fit2PLOptions = {}): Fit2PLResult {
  const method = options.method ?? 'mml';
  if (!FIT_METHODS.includes(method)) throw new InvalidArgumentError('method', method, `must be one of ${FIT_METHODS.join(', ')}`);
  const nSubjects = columns.length;
  if (nSubjects === 0) throw new InvalidArgumentError('columns', 'no columns', 'need at least one subject');
  const nItems = columns[0].length;
  if (nItems === 0) throw new InvalidArgumentError('columns[0]', 'length 0', 'need at least one item');
  const D = options.D ?? 1;
  positive('D', D);
  const codes = encode(columns, nItems, { binarize: options.binarize ?? DEFAULT_RUN.binarize });
  const weights = subjectWeights(options.weights, nSubjects);
  const fitter = new IrtFitter();
  if (method === 'mml') return fitMml(fitter, codes, weights, nItems, nSubjects, D, options);
  return fitHierarchical(fitter, codes, weights, nItems, nSubjects, D, options);
}

function positive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError(name, value, 'must be a positive number');
}

function integerAtLeast(name: string, value: number, least: number): void {
  if (!(Number.isInteger(value) && value >= least)) throw new InvalidArgumentError(name, value, `must be an integer ≥ ${least}`);
}

/** Subject-major response codes (0 wrong, 1 right, 2 missing). */
function encode(columns: readonly ArrayLike<number | null>[], nItems: number, { binarize }: { binarize: boolean }): Uint8Array {
  const codes = new Uint8Array(nItems * columns.length);
  columns.forEach((column, n) => {
    if (column.length !== nItems) throw new DimensionError(`columns[${n}]`, column.length, nItems);
    const base = n * nItems;
    for (let j = 0; j < nItems; j++) {
      const x = column[j];
      if (x === null || x === undefined || Number.isNaN(x)) {
        codes[base + j] = ResponseCode.missing;
        continue;
      }
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) {
        throw new InvalidArgumentError(`columns[${n}][${j}]`, x, 'a response must be in [0, 1] (or NaN/null for missing)');
      }
      if (!binarize && x !== 0 && x !== 1) throw new InvalidArgumentError(`columns[${n}][${j}]`, x, 'must be 0 or 1 when binarize is false');
      codes[base + j] = binarizeResponse(x) === 1 ? ResponseCode.right : ResponseCode.wrong;
    }
  });
  return codes;
}

function subjectWeights(weights: ArrayLike<number> | undefined, nSubjects: number): Float64Array {
  if (!weights) return new Float64Array(nSubjects).fill(1);
  if (weights.length !== nSubjects) throw new DimensionError('weights', weights.length, nSubjects);
  const out = Float64Array.from(weights);
  out.forEach((w, n) => {
    if (!(Number.isFinite(w) && w >= 0)) throw new InvalidArgumentError(`weights[${n}]`, w, 'must be a finite number ≥ 0');
  });
  return out;
}

/** Equally spaced nodes on the range with normalized log N(0, 1) weights. */
function normalQuadrature(count: number, range: readonly [number, number]): { nodes: Float64Array; logWeights: Float64Array } {
  const [lo, hi] = range;
  const nodes = new Float64Array(count);
  const logWeights = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    nodes[q] = q === count - 1 ? hi : lo + (q * (hi - lo)) / (count - 1);
    logWeights[q] = -0.5 * nodes[q] * nodes[q];
  }
  let top = -Infinity;
  for (const v of logWeights) top = Math.max(top, v);
  let sum = 0;
  for (const v of logWeights) sum += Math.exp(v - top);
  const logSum = top + Math.log(sum);
  for (let q = 0; q < count; q++) logWeights[q] -= logSum;
  return { nodes, logWeights };
}

/**
 * The n-point Gauss–Hermite rule for the N(0, 1) density: nodes √2·z_i and weights w_i/√π from the rule for
 * e^{−z²}, found by Newton's method on the orthonormal Hermite recurrence (the usual asymptotic start values).
 */
function gaussHermiteQuadrature(count: number): { nodes: Float64Array; logWeights: Float64Array } {
  const z = new Float64Array(count);
  const w = new Float64Array(count);
  const half = Math.floor((count + 1) / 2);
  const piQuarter = Math.pow(Math.PI, -0.25);
  let root = 0;
  for (let i = 0; i < half; i++) {
    if (i === 0) root = Math.sqrt(2 * count + 1) - 1.85575 * Math.pow(2 * count + 1, -1 / 6);
    else if (i === 1) root -= (1.14 * Math.pow(count, 0.426)) / root;
    else if (i === 2) root = 1.86 * root - 0.86 * z[0];
    else if (i === 3) root = 1.91 * root - 0.91 * z[1];
    else root = 2 * root - z[i - 2];
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = piQuarter;
      let p2 = 0;
      for (let k = 1; k <= count; k++) {
        const p3 = p2;
        p2 = p1;
        p1 = root * Math.sqrt(2 / k) * p2 - Math.sqrt((k - 1) / k) * p3;
      }
      derivative = Math.sqrt(2 * count) * p2;
      const previous = root;
      root = previous - p1 / derivative;
      if (Math.abs(root - previous) <= 1e-15 * Math.max(1, Math.abs(root))) break;
    }
    z[i] = root;
    z[count - 1 - i] = -root;
    w[i] = 2 / (derivative * derivative);
    w[count - 1 - i] = w[i];
  }
  const nodes = new Float64Array(count);
  const logWeights = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    // Ascending nodes; weights normalized to sum to 1 (they do up to rounding: Σw = √π).
    nodes[q] = Math.SQRT2 * z[count - 1 - q];
    logWeights[q] = Math.log(w[count - 1 - q] / Math.sqrt(Math.PI));
  }
  return { nodes, logWeights };
}

/** b from each item's weighted proportion right, on the scale of a unit-slope 2PL with θ ~ N(0, 1). */
function startDifficulties(codes: Uint8Array, weights: Float64Array, nItems: number, limit: number): Float64Array {
  const right = new Float64Array(nItems);
  const seen = new Float64Array(nItems);
  for (let n = 0; n < weights.length; n++) {
    const w = weights[n];
    const base = n * nItems;
    for (let j = 0; j < nItems; j++) {
      const code = codes[base + j];
      if (code === ResponseCode.missing) continue;
      seen[j] += w;
      if (code === ResponseCode.right) right[j] += w;
    }
  }
  // The marginal P of a unit-slope item is about σ(−b / √(1 + π²/8)) under N(0, 1) abilities.
  const inflate = Math.sqrt(1 + (Math.PI * Math.PI) / 8);
  return Float64Array.from(right, (r, j) => {
    const p = (r + 0.5) / (seen[j] + 1);
    return Math.max(-limit / 2, Math.min(limit / 2, -Math.log(p / (1 - p)) * inflate));
  });
}

function checkPrior(name: string, prior: readonly [number, number] | null | undefined): readonly [number, number] | null {
  if (prior === null || prior === undefined) return null;
  if (prior.length !== 2 || !Number.isFinite(prior[0]) || !(Number.isFinite(prior[1]) && prior[1] > 0)) {
    throw new InvalidArgumentError(name, prior, 'must be [mean, sd] with a finite mean and a positive sd');
  }
  return prior;
}

function fitMml(
  fitter: IrtFitter, codes: Uint8Array, weights: Float64Array, nItems: number, nSubjects: number, D: number, options: Fit2PLOptions,
): Fit2PLResult {
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
  if (aPrior && options.allowNegative) throw new InvalidArgumentError('aPrior', aPrior, 'a log-normal prior needs a > 0: drop allowNegative');
  if (bPrior && options.allowNegative) throw new InvalidArgumentError('bPrior', bPrior, 'the prior on b = −d/a needs a > 0: drop allowNegative');

  const rule = options.quadrature ?? 'equal';
  if (rule !== 'equal' && rule !== 'gauss-hermite') throw new InvalidArgumentError('quadrature', rule, "must be 'equal' or 'gauss-hermite'");
  const { nodes, logWeights } = rule === 'equal' ? normalQuadrature(nodeCount, range) : gaussHermiteQuadrature(nodeCount);
  fitter.load(codes, nItems, nSubjects, weights, nodes, logWeights);
  // The engine fits α = D·a: the box and the prior on a are rescaled to it.
  fitter.setItemSettings({
    allowNegative: options.allowNegative ?? false,
    minA: minA * D,
    maxA: maxA * D,
    maxAbsB,
    aPrior: aPrior ? [aPrior[0] + Math.log(D), aPrior[1]] : null,
    bPrior,
    itemSteps: ITEM_NEWTON_STEPS,
    itemTolerance: tolerance * ITEM_TOLERANCE_FRACTION,
  });
  let startA: Float64Array;
  let startB: Float64Array;
  if (options.start) {
    if (options.start.a.length !== nItems) throw new DimensionError('start.a', options.start.a.length, nItems);
    if (options.start.b.length !== nItems) throw new DimensionError('start.b', options.start.b.length, nItems);
    startA = Float64Array.from(options.start.a, (a) => a * D);
    startB = Float64Array.from(options.start.b);
    startA.forEach((a, j) => {
      if (!Number.isFinite(a) || (!options.allowNegative && a <= 0)) throw new InvalidArgumentError(`start.a[${j}]`, a / D, 'must be finite (and positive unless allowNegative)');
    });
    startB.forEach((b, j) => {
      if (!Number.isFinite(b)) throw new InvalidArgumentError(`start.b[${j}]`, b, 'must be finite');
    });
  } else {
    startA = new Float64Array(nItems).fill(1);
    startB = startDifficulties(codes, weights, nItems, maxAbsB);
  }
  fitter.setStart(startA, startB);

  const acceleration = options.acceleration ?? 'squarem';
  if (acceleration !== 'squarem' && acceleration !== 'none') throw new InvalidArgumentError('acceleration', acceleration, "must be 'squarem' or 'none'");
  const box = {
    aLow: options.allowNegative ? -maxA * D : minA * D, aHigh: maxA * D, maxAbsB, allowNegative: options.allowNegative ?? false,
  };
  let progress: FitProgress = fitter.emStart();
  let iterations = 0;
  let converged = false;
  const step = (): boolean => {
    progress = fitter.emIteration();
    iterations++;
    options.onIteration?.({ iteration: iterations, logLikelihood: progress.logLikelihood, maxChange: progress.maxChange });
    converged = progress.maxChange < tolerance;
    return converged;
  };
  while (iterations < maxIterations) {
    if (acceleration === 'none' || iterations + 2 > maxIterations) {
      if (step()) break;
      continue;
    }
    // SQUAREM (Varadhan & Roland 2008, scheme S3): two EM steps x0 → x1 → x2, then the extrapolation
    // x0 − 2α·r + α²·v (r = x1 − x0, v = x2 − 2x1 + x0, α = −‖r‖/‖v‖ ≤ −1), kept only when its objective
    // is at least x2's; the next EM step stabilizes it. EM alone crawls when the posterior is wide (few items).
    const x0 = fitter.items();
    if (step()) break;
    const x1 = fitter.items();
    if (step()) break;
    const x2 = fitter.items();
    const objective2 = progress.logLikelihood + progress.logPrior;
    const extrapolated = squaremPoint(x0, x1, x2, box);
    if (!extrapolated) continue;
    fitter.setStart(extrapolated.a, extrapolated.b);
    const lastChange = progress.maxChange;
    const trial = fitter.emStart();
    if (trial.logLikelihood + trial.logPrior >= objective2) {
      progress = { ...trial, maxChange: lastChange };
    } else {
      fitter.setStart(x2.a, x2.b);
      progress = { ...fitter.emStart(), maxChange: lastChange };
    }
  }
  const flags = iterations > 0 ? fitter.flags() : new Int32Array(nItems);
  const { a: fittedA, b } = fitter.items();
  const a = Float64Array.from(fittedA, (value) => value / D);
  const { theta, sd } = fitter.emAbilities();
  const result: Fit2PLResult = {
    bank: new ItemBank({ ids: options.ids ?? undefined, a, b }),
    abilities: theta,
    abilitySd: sd,
    diagnostics: {
      method: 'mml',
      iterations,
      logLikelihood: progress.logLikelihood,
      logPrior: progress.logPrior,
      maxChange: progress.maxChange,
      converged,
      atBound: rowsFlagged(flags, ItemFlag.atBound),
      noData: rowsFlagged(flags, ItemFlag.noData),
      warnings: [],
    },
  };
  if (options.standardErrors ?? true) {
    const se = fitter.standardErrors();
    result.se = { a: Float64Array.from(se.a, (value) => value / D), b: se.b };
  }
  return result;
}

/** The SQUAREM point from three successive EM iterates, inside the box; null when it is x2 itself (α = −1). */
function squaremPoint(
  x0: { a: Float64Array; b: Float64Array }, x1: { a: Float64Array; b: Float64Array }, x2: { a: Float64Array; b: Float64Array },
  box: { aLow: number; aHigh: number; maxAbsB: number; allowNegative: boolean },
): { a: Float64Array; b: Float64Array } | null {
  let rr = 0;
  let vv = 0;
  const n = x0.a.length;
  for (const key of ['a', 'b'] as const) {
    for (let j = 0; j < n; j++) {
      const r = x1[key][j] - x0[key][j];
      const v = x2[key][j] - 2 * x1[key][j] + x0[key][j];
      rr += r * r;
      vv += v * v;
    }
  }
  if (!(vv > 0)) return null;
  const alpha = -Math.sqrt(rr / vv);
  if (!(alpha < -1) || !Number.isFinite(alpha)) return null;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const point = (key: 'a' | 'b') => {
      const r = x1[key][j] - x0[key][j];
      const v = x2[key][j] - 2 * x1[key][j] + x0[key][j];
      return x0[key][j] - 2 * alpha * r + alpha * alpha * v;
    };
    a[j] = Math.min(box.aHigh, Math.max(box.aLow, point('a')));
    if (a[j] === 0) a[j] = x2.a[j];
    // The engine's box: |b| ≤ maxAbsB, or |a·b| ≤ maxAbsB·max(|a|, 1) with negative slopes allowed.
    const limit = box.allowNegative ? (box.maxAbsB * Math.max(Math.abs(a[j]), 1)) / Math.abs(a[j]) : box.maxAbsB;
    b[j] = Math.min(limit, Math.max(-limit, point('b')));
  }
  return { a, b };
}

function rowsFlagged(flags: Int32Array, flag: number): number[] {
  const rows: number[] = [];
  flags.forEach((value, row) => {
    if (value === flag) rows.push(row);
  });
  return rows;
}

/** The box every item's parameters stay in (checked): a in [minA, maxA], |b| ≤ maxAbsB. */
function parameterBox(options: Fit2PLOptions): { minA: number; maxA: number; maxAbsB: number } {
  const minA = options.minA ?? 1e-3;
  const maxA = options.maxA ?? 20;
  const maxAbsB = options.maxAbsB ?? 20;
  positive('minA', minA);
  positive('maxA', maxA);
  positive('maxAbsB', maxAbsB);
  if (minA >= maxA) throw new InvalidArgumentError('minA', minA, `must be below maxA (${maxA})`);
  return { minA, maxA, maxAbsB };
}

function fitHierarchical(
  fitter: IrtFitter, codes: Uint8Array, weights: Float64Array, nItems: number, nSubjects: number, D: number, options: Fit2PLOptions,
): Fit2PLResult {
  const maxIterations = options.maxIterations ?? 300;
  integerAtLeast('maxIterations', maxIterations, 0);
  const tolerance = options.tolerance ?? 1e-4;
  positive('tolerance', tolerance);
  const { minA, maxA, maxAbsB } = parameterBox(options);
  if (options.allowNegative) throw new InvalidArgumentError('allowNegative', true, 'the hierarchical fit has a log-normal prior on a (a > 0)');
  const warnings = checkHierarchicalSubjects(weights.reduce((sum, w) => sum + w, 0), options.force ?? false);
  // The quadrature is unused here; two nodes keep the arena's per-node rows minimal.
  fitter.load(codes, nItems, nSubjects, weights, Float64Array.of(-1, 1), Float64Array.of(Math.log(0.5), Math.log(0.5)));
  fitter.setItemSettings({
    allowNegative: false, minA: minA * D, maxA: maxA * D, maxAbsB, aPrior: null, bPrior: null,
    itemSteps: HIERARCHICAL_ITEM_STEPS, itemTolerance: 0,
  });
  fitter.hierarchicalStart();
  let progress: FitProgress | undefined;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    progress = fitter.hierarchicalSweep(HIERARCHICAL_ABILITY_STEPS, HIERARCHICAL_ITEM_STEPS);
    iterations++;
    options.onIteration?.({ iteration: iterations, logLikelihood: progress.logLikelihood, maxChange: progress.maxChange });
    if (progress.maxChange < tolerance) {
      converged = true;
      break;
    }
  }
  const { a: fittedA, b } = fitter.items();
  const { theta, sd } = fitter.abilities();
  const atBound = iterations > 0 ? rowsFlagged(fitter.flags(), ItemFlag.atBound) : [];
  const noData = noDataRows(codes, nItems, nSubjects);
  return {
    bank: new ItemBank({ ids: options.ids ?? undefined, a: Float64Array.from(fittedA, (value) => value / D), b }),
    abilities: theta,
    abilitySd: sd,
    diagnostics: {
      method: 'hierarchical',
      iterations,
      logLikelihood: progress?.logLikelihood ?? NaN,
      logPrior: progress?.logPrior ?? NaN,
      maxChange: progress?.maxChange ?? Infinity,
      converged,
      atBound,
      noData,
      warnings,
    },
    hyperparameters: fitter.hyperparameters(),
  };
}

function noDataRows(codes: Uint8Array, nItems: number, nSubjects: number): number[] {
  const rows: number[] = [];
  for (let j = 0; j < nItems; j++) {
    let any = false;
    for (let n = 0; n < nSubjects && !any; n++) any = codes[n * nItems + j] !== ResponseCode.missing;
    if (!any) rows.push(j);
  }
  return rows;
}
