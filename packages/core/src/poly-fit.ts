// fitPolytomous: MML calibration of GRM, GPCM and PCM banks (EM over the WASM polytomous fitter).
import { CategoryCode, PolyFitter } from '@fluidbench/irt-wasm';
import { DimensionError, InvalidArgumentError } from './errors';
import { runEm } from './fit-em';
import { subjectWeights } from './fit';
import type { Fit2PLOptions, Fit2PLResult } from './fit-types';
import { ITEM_NEWTON_STEPS, ITEM_TOLERANCE_FRACTION, mmlDiagnostics, mmlSettings } from './mml-settings';
import { POLY_MODELS, PolytomousItemBank, type PolyModel } from './poly-item-bank';

/** Options of {@link fitPolytomous}: the model, and the MML options of fit2PL that carry over. */
export interface FitPolytomousOptions extends Pick<
  Fit2PLOptions,
  'ids' | 'weights' | 'nodes' | 'range' | 'quadrature' | 'aPrior' | 'minA' | 'maxA' | 'maxIterations' | 'tolerance' |
  'acceleration' | 'standardErrors' | 'onIteration'
> {
  model: PolyModel;
  /**
   * Categories K_j + 1 of every item (one number) or of each item; default: the highest category observed
   * for the item + 1 (at least 2). A response above an item's top category is an error.
   */
  categories?: number | ArrayLike<number>;
  /** Normal prior on every threshold (b_k of the GRM, d_k of the GPCM/PCM), [mean, sd]; default none. */
  bPrior?: readonly [number, number] | null;
  /** Largest |threshold|. Default 20. */
  maxAbsB?: number;
  /** Start values: a (ignored for PCM) and each item's thresholds; default a = 1 and thresholds from the category shares. */
  start?: { a?: ArrayLike<number>; thresholds: readonly ArrayLike<number>[] };
}

/** A fitted polytomous bank as columns: what `new PolytomousItemBank(table)` and data's CSV writer take. */
export interface PolytomousTable {
  ids: string[];
  model: PolyModel;
  /** Discriminations (absent for PCM). */
  a?: Float64Array;
  thresholds: Float64Array[];
}

/** Result of {@link fitPolytomous}. */
export interface FitPolytomousResult {
  table: PolytomousTable;
  bank: PolytomousItemBank;
  /** EAP abilities of the calibration subjects under the fitted model, and their posterior SDs. */
  abilities: Float64Array;
  abilitySd: Float64Array;
  /** The 2PL fit's report: iterations, converged, log-likelihood, max change, items on the box or without data. */
  diagnostics: Fit2PLResult['diagnostics'];
  /** Standard errors from each item's block of the observed information (Louis); NaN where singular. */
  se?: { a?: Float64Array; thresholds: Float64Array[] };
}

/**
 * Fits a polytomous model (catR's parameterizations, D = 1) to a matrix of categories: one column per
 * subject (LM, checkpoint or response pattern), one integer category 0…K_j per item, NaN/null for missing.
 * GRM `P(X ≥ k) = σ(a(θ − b_k))` with increasing thresholds; GPCM `P(X = k) ∝ exp Σ_{t≤k} a(θ − d_t)`; PCM
 * the GPCM with a = 1. Items may have different numbers of categories.
 *
 * Marginal maximum likelihood by EM (Bock–Aitkin) on the 2PL fit's quadrature (`nodes` equally spaced
 * points of `range` with N(0, 1) weights, or Gauss–Hermite), SQUAREM-accelerated. Each item's M-step is
 * Newton's method in the slope–intercept form (a, c_k), where both log-likelihoods are concave, with step
 * halving so it never lowers the objective; a stays in [minA, maxA], every threshold within ±maxAbsB, and
 * GRM thresholds increase by at least 1e-4 (a category nobody chose pulls its two thresholds together:
 * such an item is reported in `atBound`). Optional priors (log-normal a, normal thresholds) make it marginal
 * MAP, as in fit2PL. Two-category items are the 2PL: the fit then agrees with fit2PL's.
 *
 * @example
 * ```ts
 * await init();
 * // 4 subjects (columns) × 2 items with 3 categories each
 * const fit = fitPolytomous([[0, 0], [1, 0], [2, 1], [2, 2]], { model: 'gpcm', ids: ['q1', 'q2'], aPrior: [0, 0.5], bPrior: [0, 2] });
 * fit.table.thresholds.length; // returns 2 (two thresholds per item)
 * fit.diagnostics.converged; // returns true
 * new PolytomousItemBank(fit.table).categories[0]; // returns 3
 * ```
 */
export function fitPolytomous(columns: readonly ArrayLike<number | null>[], options: FitPolytomousOptions): FitPolytomousResult {
  const model = options.model;
  if (!POLY_MODELS.includes(model)) throw new InvalidArgumentError('model', model, `must be one of ${POLY_MODELS.join(', ')}`);
  const nSubjects = columns.length;
  if (nSubjects === 0) throw new InvalidArgumentError('columns', 'no columns', 'need at least one subject');
  const nItems = columns[0].length;
  if (nItems === 0) throw new InvalidArgumentError('columns[0]', 'length 0', 'need at least one item');
  if (options.ids && options.ids.length !== nItems) throw new DimensionError('ids', options.ids.length, nItems);
  const { codes, steps } = encodeCategories(columns, nItems, options.categories);
  const weights = subjectWeights(options.weights, nSubjects);
  const { maxIterations, tolerance, minA, maxA, maxAbsB, aPrior, bPrior, nodes, logWeights } = mmlSettings(options);

  const fitter = new PolyFitter();
  fitter.load(codes, steps, nSubjects, weights, nodes, logWeights);
  fitter.setSettings({
    model, minA, maxA, maxAbsThreshold: maxAbsB, aPrior, thresholdPrior: bPrior,
    itemSteps: ITEM_NEWTON_STEPS, itemTolerance: tolerance * ITEM_TOLERANCE_FRACTION,
  });
  const start = options.start ? checkedStart(options.start, steps, model) : startValues(codes, steps, weights, model, maxAbsB);
  fitter.setStart(start.a, start.thresholds);

  const { progress, iterations, converged } = runEm({
    emStart: () => fitter.emStart(),
    emIteration: () => fitter.emIteration(),
    point: () => {
      const { a, thresholds } = fitter.items();
      const x = new Float64Array(nItems + thresholds.length);
      x.set(a);
      x.set(thresholds, nItems);
      return x;
    },
    // setStart moves the point into the box and the GRM order
    setPoint: (x) => fitter.setStart(x.subarray(0, nItems), x.subarray(nItems)),
  }, { maxIterations, tolerance, acceleration: options.acceleration, onIteration: options.onIteration });

  const flags = iterations > 0 ? fitter.flags() : new Int32Array(nItems);
  const fitted = fitter.items();
  const ids = Array.from({ length: nItems }, (_, j) => String(options.ids ? options.ids[j] : j));
  const table: PolytomousTable = { ids, model, thresholds: splitThresholds(fitted.thresholds, steps) };
  if (model !== 'pcm') table.a = fitted.a;
  const { theta, sd } = fitter.abilities();
  const result: FitPolytomousResult = {
    table,
    bank: new PolytomousItemBank(table),
    abilities: theta,
    abilitySd: sd,
    diagnostics: mmlDiagnostics(progress, iterations, converged, flags),
  };
  if (options.standardErrors ?? true) {
    const se = fitter.standardErrors();
    result.se = { thresholds: splitThresholds(se.thresholds, steps) };
    if (model !== 'pcm') result.se.a = se.a;
  }
  return result;
}

/** Item-major category codes (CategoryCode.missing for missing) and each item's K_j. */
function encodeCategories(
  columns: readonly ArrayLike<number | null>[], nItems: number, categories: FitPolytomousOptions['categories'],
): { codes: Uint8Array; steps: Int32Array } {
  const nSubjects = columns.length;
  const given = categories === undefined ? undefined : typeof categories === 'number' ? Array<number>(nItems).fill(categories) : Array.from(categories);
  if (given && given.length !== nItems) throw new DimensionError('categories', given.length, nItems);
  given?.forEach((count, j) => {
    if (!(Number.isInteger(count) && count >= 2 && count <= CategoryCode.missing)) {
      throw new InvalidArgumentError(`categories[${j}]`, count, `must be an integer in 2…${CategoryCode.missing}`);
    }
  });
  const codes = new Uint8Array(nItems * nSubjects);
  const top = new Int32Array(nItems).fill(1);
  columns.forEach((column, n) => {
    if (column.length !== nItems) throw new DimensionError(`columns[${n}]`, column.length, nItems);
    for (let j = 0; j < nItems; j++) {
      const x = column[j];
      if (x === null || x === undefined || Number.isNaN(x)) {
        codes[j * nSubjects + n] = CategoryCode.missing;
        continue;
      }
      const limit = given ? given[j] - 1 : CategoryCode.missing - 1;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > limit) {
        throw new InvalidArgumentError(`columns[${n}][${j}]`, x, `a response must be a category 0…${limit} (or NaN/null for missing)`);
      }
      codes[j * nSubjects + n] = x;
      if (x > top[j]) top[j] = x;
    }
  });
  return { codes, steps: given ? Int32Array.from(given, (count) => count - 1) : top };
}

/**
 * Start values from each item's weighted category shares on the scale of a unit slope with θ ~ N(0, 1)
 * (the 2PL fit's rule, per threshold): GRM b_k from the share at or above k, GPCM/PCM d_k from the ratio
 * of categories k − 1 and k. The fitter moves them into the box and the GRM order.
 */
function startValues(
  codes: Uint8Array, steps: Int32Array, weights: Float64Array, model: PolyModel, limit: number,
): { a: Float64Array; thresholds: Float64Array } {
  const nSubjects = weights.length;
  const inflate = Math.sqrt(1 + (Math.PI * Math.PI) / 8);
  const clamp = (value: number) => Math.max(-limit / 2, Math.min(limit / 2, value * inflate));
  const thresholds: number[] = [];
  steps.forEach((K, j) => {
    const count = new Float64Array(K + 1);
    for (let n = 0; n < nSubjects; n++) {
      const code = codes[j * nSubjects + n];
      if (code !== CategoryCode.missing) count[code] += weights[n];
    }
    const total = count.reduce((sum, c) => sum + c, 0);
    let above = total;
    for (let k = 1; k <= K; k++) {
      above -= count[k - 1];
      if (model === 'grm') {
        const p = (above + 0.5) / (total + 1);
        thresholds.push(clamp(-Math.log(p / (1 - p))));
      } else {
        thresholds.push(clamp(Math.log((count[k - 1] + 0.5) / (count[k] + 0.5))));
      }
    }
  });
  return { a: new Float64Array(steps.length).fill(1), thresholds: Float64Array.from(thresholds) };
}

function checkedStart(start: NonNullable<FitPolytomousOptions['start']>, steps: Int32Array, model: PolyModel): { a: Float64Array; thresholds: Float64Array } {
  const nItems = steps.length;
  if (start.thresholds.length !== nItems) throw new DimensionError('start.thresholds', start.thresholds.length, nItems);
  const a = model === 'pcm' || !start.a ? new Float64Array(nItems).fill(1) : Float64Array.from(start.a);
  if (a.length !== nItems) throw new DimensionError('start.a', a.length, nItems);
  a.forEach((value, j) => {
    if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError(`start.a[${j}]`, value, 'must be finite and > 0');
  });
  const thresholds: number[] = [];
  start.thresholds.forEach((row, j) => {
    if (row.length !== steps[j]) throw new DimensionError(`start.thresholds[${j}]`, row.length, steps[j]);
    for (let k = 0; k < row.length; k++) {
      if (!Number.isFinite(row[k])) throw new InvalidArgumentError(`start.thresholds[${j}][${k}]`, row[k], 'must be finite');
      thresholds.push(row[k]);
    }
  });
  return { a, thresholds: Float64Array.from(thresholds) };
}

function splitThresholds(flat: Float64Array, steps: Int32Array): Float64Array[] {
  const rows: Float64Array[] = [];
  let at = 0;
  for (const K of steps) {
    rows.push(flat.slice(at, at + K));
    at += K;
  }
  return rows;
}
