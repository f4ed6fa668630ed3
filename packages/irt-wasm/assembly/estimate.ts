// One estimator interface over the administered items, and batched estimates over response columns.
import { eapFromAdministered, eapPosteriorSd } from './eap';
import { testInformation } from './information';
import { solve, solvedInformation } from './newton';
import { bankSize, priorSd } from './options';
import { wleEstimate } from './wle';
import {
  region, capSteps, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X, REGION_ITEM_A,
  REGION_ITEM_B, REGION_ITEM_C, REGION_ITEM_D, REGION_OUT_SE, REGION_OUT_THETA, REGION_RESPONSES, REGION_SUBSET,
  capItems,
} from './layout';

export const ESTIMATOR_MAP: i32 = 0;
export const ESTIMATOR_MLE: i32 = 1;
export const ESTIMATOR_EAP: i32 = 2;
export const ESTIMATOR_WLE: i32 = 3;

/** Standard error of the last estimateAdministered() call. */
export let lastStandardError: f64 = NaN;

/** Prior precision 1/σ0² of MAP. */
@inline export function mapPrecision(): f64 {
  return 1.0 / (priorSd * priorSd);
}

/** Standard error for θ from `information` (the sum over items, no prior). */
@inline export function standardError(estimator: i32, information: f64): f64 {
  if (estimator == ESTIMATOR_MAP) return 1.0 / Math.sqrt(information + mapPrecision());
  return 1.0 / Math.sqrt(information);
}

/**
 * Estimates θ from the first k administered items (ADM_* regions). MAP and MLE start Newton at `start`.
 * Sets lastStandardError.
 */
export function estimateAdministered(k: i32, start: f64, estimator: i32): f64 {
  if (estimator == ESTIMATOR_EAP) {
    const theta = eapFromAdministered(k);
    lastStandardError = eapPosteriorSd;
    return theta;
  }
  if (estimator == ESTIMATOR_WLE) {
    // no answered item: no equation to solve; stay at the start as MLE does (the SE is then infinite)
    const theta = k == 0 ? start : wleEstimate(k);
    lastStandardError = standardError(estimator, testInformation(k, theta));
    return theta;
  }
  const precision = estimator == ESTIMATOR_MAP ? mapPrecision() : 0.0;
  const theta = solve(k, start, precision);
  const information = isNaN(solvedInformation) ? testInformation(k, theta) : solvedInformation;
  lastStandardError = standardError(estimator, information);
  return theta;
}

/** Copies bank item `item` with response x into administered slot k. */
@inline export function admit(k: i32, item: i32, x: f64): void {
  const src = <usize>item << 3;
  const dst = <usize>k << 3;
  store<f64>(region(REGION_ADM_A) + dst, load<f64>(region(REGION_ITEM_A) + src));
  store<f64>(region(REGION_ADM_B) + dst, load<f64>(region(REGION_ITEM_B) + src));
  store<f64>(region(REGION_ADM_C) + dst, load<f64>(region(REGION_ITEM_C) + src));
  store<f64>(region(REGION_ADM_D) + dst, load<f64>(region(REGION_ITEM_D) + src));
  store<f64>(region(REGION_ADM_X) + dst, x);
}

/**
 * For each response column in [firstColumn, firstColumn + count): θ and SE from the items in SUBSET[0..subsetSize)
 * (subsetSize < 0: every bank item in ascending order), skipping missing (NaN) responses. Results go to
 * OUT_THETA[c] and OUT_SE[c] (c counted from firstColumn). Needs capSteps ≥ the number of items used.
 */
export function estimateColumns(firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  const responses = region(REGION_RESPONSES);
  const subset = region(REGION_SUBSET);
  const outTheta = region(REGION_OUT_THETA);
  const outSe = region(REGION_OUT_SE);
  const all = subsetSize < 0;
  const n = all ? bankSize : subsetSize;
  for (let c = 0; c < count; c++) {
    const column = responses + ((<usize>(firstColumn + c) * <usize>capItems) << 3);
    let k = 0;
    for (let i = 0; i < n && k < capSteps; i++) {
      const item = all ? i : load<i32>(subset + (<usize>i << 2));
      const x = load<f64>(column + (<usize>item << 3));
      if (isNaN(x)) continue;
      admit(k, item, x);
      k++;
    }
    const theta = estimateAdministered(k, start, estimator);
    store<f64>(outTheta + (<usize>c << 3), theta);
    store<f64>(outSe + (<usize>c << 3), lastStandardError);
  }
}
