// fit2PL: checks the response matrix, encodes it once for the WASM fitter and hands it to the chosen method
// (fit-mml.ts or fit-hierarchical.ts).
import { IrtFitter, ResponseCode } from '@fluidbench/irt-wasm';
import { DimensionError, InvalidArgumentError } from './errors';
import { fitHierarchical } from './fit-hierarchical';
import { fitMml } from './fit-mml';
import { positive } from './fit-shared';
import { type Fit2PLOptions, type Fit2PLResult, FIT_METHODS } from './fit-types';
import { binarizeResponse, DEFAULT_RUN } from './options';

export { FIT_METHODS } from './fit-types';
export type { Fit2PLOptions, Fit2PLResult, FitIteration, FitMethod } from './fit-types';

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

/**
 * The subjects' frequency weights, checked (finite, ≥ 0, one per subject); 1 each when not given.
 *
 * @example
 * ```ts
 * subjectWeights(undefined, 2); // returns Float64Array [1, 1]
 * subjectWeights([3, 0], 2); // returns Float64Array [3, 0]
 * ```
 */
export function subjectWeights(weights: ArrayLike<number> | undefined, nSubjects: number): Float64Array {
  if (!weights) return new Float64Array(nSubjects).fill(1);
  if (weights.length !== nSubjects) throw new DimensionError('weights', weights.length, nSubjects);
  const out = Float64Array.from(weights);
  out.forEach((w, n) => {
    if (!(Number.isFinite(w) && w >= 0)) throw new InvalidArgumentError(`weights[${n}]`, w, 'must be a finite number ≥ 0');
  });
  return out;
}
