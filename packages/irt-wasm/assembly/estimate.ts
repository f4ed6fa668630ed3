// One estimator interface over the administered items, and batched estimates over response columns, for both
// item families (compiled once per family, kind.ts); poly-estimate.ts names the polytomous instances.
import { eapFromAdministeredOf, eapPosteriorSd } from './eap';
import { clampTo } from './math';
import { testInformation } from './information';
import { KIND_DICHOTOMOUS, KIND_POLYTOMOUS } from './kind';
import { polySolve, solve, solvedInformation } from './newton';
import { bankSize, priorSd, rangeHi, rangeLo } from './options';
import { polyTestInformation } from './poly-irf';
import {
  polyAdmit, polyBankSize, polyCapItems, polyCapSteps, polyRegion, POLY_OUT_SE, POLY_OUT_THETA, POLY_RESPONSES,
  POLY_SUBSET,
} from './poly-layout';
import { polyWleEstimate, wleEstimate } from './wle';
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

@inline function testInformationOf(kind: i32, k: i32, theta: f64): f64 {
  return kind == KIND_POLYTOMOUS ? polyTestInformation(k, theta) : testInformation(k, theta);
}

/**
 * Estimates θ from the first k administered items of family `kind` (ADM_* or POLY_ADM_* regions). MAP and MLE
 * start Newton at `start`. Sets lastStandardError.
 */
@inline export function estimateAdministeredOf(kind: i32, k: i32, start: f64, estimator: i32): f64 {
  if (estimator == ESTIMATOR_EAP) {
    const theta = eapFromAdministeredOf(kind, k);
    lastStandardError = eapPosteriorSd;
    return theta;
  }
  if (k == 0 && (estimator == ESTIMATOR_MLE || estimator == ESTIMATOR_WLE)) {
    // no answered item: the likelihood is flat and every θ solves the equation, so the start stands whatever
    // Newton's budget (MLE clipped to the range, as Newton's first step clips it); no information, infinite SE
    lastStandardError = standardError(estimator, 0.0);
    return estimator == ESTIMATOR_MLE ? clampTo(start, rangeLo, rangeHi) : start;
  }
  if (estimator == ESTIMATOR_WLE) {
    const theta = kind == KIND_POLYTOMOUS ? polyWleEstimate(k) : wleEstimate(k);
    lastStandardError = standardError(estimator, testInformationOf(kind, k, theta));
    return theta;
  }
  const precision = estimator == ESTIMATOR_MAP ? mapPrecision() : 0.0;
  const theta = kind == KIND_POLYTOMOUS ? polySolve(k, start, precision) : solve(k, start, precision);
  const information = isNaN(solvedInformation) ? testInformationOf(kind, k, theta) : solvedInformation;
  lastStandardError = standardError(estimator, information);
  return theta;
}

/** estimateAdministeredOf for 1–4PL items. */
export function estimateAdministered(k: i32, start: f64, estimator: i32): f64 {
  return estimateAdministeredOf(KIND_DICHOTOMOUS, k, start, estimator);
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
 * For each response column in [firstColumn, firstColumn + count) of family `kind`: θ and SE from the items in
 * SUBSET[0..subsetSize) (subsetSize < 0: every bank item in ascending order), skipping missing (NaN) responses.
 * Results go to OUT_THETA[c] and OUT_SE[c] (c counted from firstColumn; POLY_* regions for polytomous items).
 * Needs the step capacity ≥ the number of items used.
 */
@inline export function estimateColumnsOf(kind: i32, firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  const poly = kind == KIND_POLYTOMOUS;
  const responses = poly ? polyRegion(POLY_RESPONSES) : region(REGION_RESPONSES);
  const subset = poly ? polyRegion(POLY_SUBSET) : region(REGION_SUBSET);
  const outTheta = poly ? polyRegion(POLY_OUT_THETA) : region(REGION_OUT_THETA);
  const outSe = poly ? polyRegion(POLY_OUT_SE) : region(REGION_OUT_SE);
  const stride = poly ? polyCapItems : capItems;
  const slots = poly ? polyCapSteps : capSteps;
  const all = subsetSize < 0;
  const n = all ? (poly ? polyBankSize : bankSize) : subsetSize;
  for (let c = 0; c < count; c++) {
    const column = responses + ((<usize>(firstColumn + c) * <usize>stride) << 3);
    let k = 0;
    for (let i = 0; i < n && k < slots; i++) {
      const item = all ? i : load<i32>(subset + (<usize>i << 2));
      const x = load<f64>(column + (<usize>item << 3));
      if (isNaN(x)) continue;
      if (poly) polyAdmit(k, item, <i32>x);
      else admit(k, item, x);
      k++;
    }
    const theta = estimateAdministeredOf(kind, k, start, estimator);
    store<f64>(outTheta + (<usize>c << 3), theta);
    store<f64>(outSe + (<usize>c << 3), lastStandardError);
  }
}

/** estimateColumnsOf for 1–4PL items. */
export function estimateColumns(firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  estimateColumnsOf(KIND_DICHOTOMOUS, firstColumn, count, subsetSize, start, estimator);
}
