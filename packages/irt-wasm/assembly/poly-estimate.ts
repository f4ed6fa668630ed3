// The polytomous instances of the shared estimators (estimate.ts, compiled for KIND_POLYTOMOUS) and the bank's
// preparation.
import { estimateAdministeredOf, estimateColumnsOf, lastStandardError } from './estimate';
import { KIND_POLYTOMOUS } from './kind';
import { polyPrepareExponentials } from './poly-irf';
import { setPolyBankSize } from './poly-layout';

export { polyBankSize } from './poly-layout';
export { polyLogLikelihood, polyTestInformation } from './poly-irf';

/** Records the bank size and prepares the one-exponential pass after the caller wrote POLY_A … POLY_THRESHOLDS. */
export function polyPrepareBank(nItems: i32): void {
  setPolyBankSize(nItems);
  polyPrepareExponentials(nItems);
}

/** θ from the first k administered items with the given estimator (MAP/MLE start Newton at `start`). */
export function polyEstimateAdministered(k: i32, start: f64, estimator: i32): f64 {
  return estimateAdministeredOf(KIND_POLYTOMOUS, k, start, estimator);
}

/** SE of the last polyEstimateAdministered() (a getter for the JS side). */
export function polyLastStandardError(): f64 {
  return lastStandardError;
}

/**
 * For each response column in [firstColumn, firstColumn + count): θ and SE from the items in
 * POLY_SUBSET[0..subsetSize) (subsetSize < 0: every item, ascending), skipping missing (NaN) responses.
 * Results go to POLY_OUT_THETA[c] and POLY_OUT_SE[c].
 */
export function polyEstimateColumns(firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  estimateColumnsOf(KIND_POLYTOMOUS, firstColumn, count, subsetSize, start, estimator);
}
