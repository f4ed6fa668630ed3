// Ability estimation over administered polytomous items (POLY_ADM_ITEM, POLY_ADM_X): MAP/MLE by the shared
// Newton driver (newton.ts), EAP on the shared grid (eap.ts), Warm's WLE by the shared bisection (wle.ts), and
// batched estimates over response columns.
import { eapEstimate, eapPosteriorSd, eapReset } from './eap';
import { ESTIMATOR_EAP, ESTIMATOR_MAP, ESTIMATOR_WLE, mapPrecision, standardError } from './estimate';
import { KIND_POLYTOMOUS } from './kind';
import { region, REGION_LOG_POST, REGION_NODES } from './layout';
import { polySolve, solvedInformation } from './newton';
import { eapNodes } from './options';
import { polyAdministeredSums, polyItemLogLikelihood, polyPrepareExponentials, sumInformation } from './poly-irf';
import {
  polyAdmit, polyAdmItem, polyAdmX, polyCapItems, polyCapSteps, polyRegion, POLY_OUT_SE, POLY_OUT_THETA,
  POLY_RESPONSES, POLY_SUBSET,
} from './poly-layout';
import { polyWleEstimate } from './wle';

/** Items in the loaded polytomous bank. */
export let polyBankSize: i32 = 0;

/** Records the bank size and prepares the one-exponential pass after the caller wrote POLY_A … POLY_THRESHOLDS. */
export function polyPrepareBank(nItems: i32): void {
  polyBankSize = nItems;
  polyPrepareExponentials(nItems);
}

/** Σ I_i(θ) over the first k administered items (no prior term). */
export function polyTestInformation(k: i32, theta: f64): f64 {
  polyAdministeredSums(0, k, theta, 0.0, 0.0, 0.0);
  return sumInformation;
}

/** Σ log P(x_i | θ) over the first k administered items. */
export function polyLogLikelihood(k: i32, theta: f64): f64 {
  let total = 0.0;
  for (let i = 0; i < k; i++) total += polyItemLogLikelihood(polyAdmItem(i), theta, polyAdmX(i));
  return total;
}

/** Adds administered item k's log-likelihood to every EAP node (eap.ts's LOG_POST). */
export function polyEapAddItem(k: i32): void {
  const item = polyAdmItem(k);
  const x = polyAdmX(k);
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  for (let q = 0; q < eapNodes; q++) {
    const at = logPost + (<usize>q << 3);
    store<f64>(at, load<f64>(at) + polyItemLogLikelihood(item, load<f64>(nodes + (<usize>q << 3)), x));
  }
}

/** Standard error of the last polyEstimateAdministered(). */
export let polyLastSe: f64 = NaN;

/** θ from the first k administered items with the given estimator (MAP/MLE start Newton at `start`). */
export function polyEstimateAdministered(k: i32, start: f64, estimator: i32): f64 {
  if (estimator == ESTIMATOR_EAP) {
    eapReset();
    for (let i = 0; i < k; i++) polyEapAddItem(i);
    // k = 0: the grid value stands (eap.ts refines narrow posteriors with the dichotomous likelihood only)
    const theta = eapEstimate(0);
    polyLastSe = eapPosteriorSd;
    return theta;
  }
  if (estimator == ESTIMATOR_WLE) {
    const theta = polyWleEstimate(k);
    polyLastSe = standardError(estimator, polyTestInformation(k, theta));
    return theta;
  }
  const theta = polySolve(k, start, estimator == ESTIMATOR_MAP ? mapPrecision() : 0.0);
  const information = isNaN(solvedInformation) ? polyTestInformation(k, theta) : solvedInformation;
  polyLastSe = standardError(estimator, information);
  return theta;
}

/** SE of the last polyEstimateAdministered() (a getter for the JS side). */
export function polyLastStandardError(): f64 {
  return polyLastSe;
}

/**
 * For each response column in [firstColumn, firstColumn + count): θ and SE from the items in
 * POLY_SUBSET[0..subsetSize) (subsetSize < 0: every item, ascending), skipping missing (NaN) responses.
 * Results go to POLY_OUT_THETA[c] and POLY_OUT_SE[c].
 */
export function polyEstimateColumns(firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  const subset = polyRegion(POLY_SUBSET);
  const all = subsetSize < 0;
  const n = all ? polyBankSize : subsetSize;
  for (let c = 0; c < count; c++) {
    const column = polyRegion(POLY_RESPONSES) + ((<usize>(firstColumn + c) * <usize>polyCapItems) << 3);
    let k = 0;
    for (let i = 0; i < n && k < polyCapSteps; i++) {
      const item = all ? i : load<i32>(subset + (<usize>i << 2));
      const x = load<f64>(column + (<usize>item << 3));
      if (isNaN(x)) continue;
      polyAdmit(k, item, <i32>x);
      k++;
    }
    const theta = polyEstimateAdministered(k, start, estimator);
    store<f64>(polyRegion(POLY_OUT_THETA) + (<usize>c << 3), theta);
    store<f64>(polyRegion(POLY_OUT_SE) + (<usize>c << 3), polyLastSe);
  }
}
