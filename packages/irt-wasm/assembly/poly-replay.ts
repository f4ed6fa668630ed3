// Polytomous selection and whole runs: MFI over the unused items, then the same loop as replay.ts.
//
// The dichotomous path's pruned search rests on a bound for one logistic curve (information at distance d from
// b); a polytomous item's information spreads over several thresholds, and a GPCM's steps need not be ordered,
// so that bound does not carry over. Selection scans every unused item, in the order POLY_SCAN (a descending,
// so a large information is found early), and skips a GRM item when a cheap bound (one logistic) cannot reach
// the best so far. The bound: every score s_k lies in [−a, a] and s_0 = −a·P*_1, so
// I = Σ P_k s_k² ≤ (1 − P*_1)·a²P*_1² + a²·P*_1 ≤ 2a²σ(a(θ − b_1)); the same argument from the top category
// gives I ≤ 2a²σ(−a(θ − b_K)); and I ≤ a² always.
import { eapEstimate, eapPosteriorSd, eapReset } from './eap';
import { ESTIMATOR_EAP } from './estimate';
import { logistic } from './irf';
import { polyAdmit, polyBankSize, polyEapAddItem, polyEstimateAdministered, polyLastSe } from './poly-estimate';
import { polyItemInformation } from './poly-irf';
import {
  polyCapItems, polyCapSteps, polyRegion, POLY_A, MODEL_GRM, POLY_INFO, POLY_MODEL, POLY_STEPS, POLY_OFFSET,
  POLY_ORDER, POLY_OUT_ITEMS, POLY_OUT_SE, POLY_OUT_STEPS, POLY_OUT_STOP, POLY_OUT_THETA, POLY_RESPONSES, POLY_SCAN,
  POLY_THRESHOLDS, POLY_USED,
} from './poly-layout';
import { SELECTOR_MFI, STOP_EXHAUSTED, STOP_MAX_ITEMS, STOP_MIN_SE } from './replay';

/** A bound must fall below the best information by this relative margin before an item is skipped (rounding). */
const BOUND_MARGIN: f64 = 1e-12;

/** Upper bound of a GRM item's information at θ (see the top of this file); +∞ for GPCM items. */
@inline function informationBound(j: i32, theta: f64): f64 {
  if (load<i32>(polyRegion(POLY_MODEL) + (<usize>j << 2)) != MODEL_GRM) return Infinity;
  const a = load<f64>(polyRegion(POLY_A) + (<usize>j << 3));
  const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>load<i32>(polyRegion(POLY_OFFSET) + (<usize>j << 2)) << 3);
  const first = load<f64>(thresholds);
  const last = load<f64>(thresholds + (<usize>(load<i32>(polyRegion(POLY_STEPS) + (<usize>j << 2)) - 1) << 3));
  let tail = 1.0;
  if (theta < first) tail = 2.0 * logistic(a * (theta - first));
  else if (theta > last) tail = 2.0 * logistic(-a * (theta - last));
  return a * a * min<f64>(1.0, tail);
}

/** The unused item with the most information at θ (lowest index on exact ties), or −1 when none is left. */
export function polySelectMaxInformation(theta: f64): i32 {
  const used = polyRegion(POLY_USED);
  const scan = polyRegion(POLY_SCAN);
  let best = -Infinity;
  let bestIndex = -1;
  for (let pos = 0; pos < polyBankSize; pos++) {
    const item = load<i32>(scan + (<usize>pos << 2));
    if (load<u8>(used + <usize>item) != 0) continue;
    if (bestIndex >= 0 && informationBound(item, theta) * (1.0 + BOUND_MARGIN) < best) continue;
    const info = polyItemInformation(item, theta);
    if (info > best || bestIndex < 0 || (info == best && item < bestIndex)) {
      best = info;
      bestIndex = item;
    }
  }
  return bestIndex;
}

/** Writes every item's information at θ to POLY_INFO. */
export function polyInformationBank(theta: f64): void {
  const out = polyRegion(POLY_INFO);
  for (let i = 0; i < polyBankSize; i++) store<f64>(out + (<usize>i << 3), polyItemInformation(i, theta));
}

/**
 * Replays one run on response column `column` into run slot `slot` (replay.ts's loop and stop rules).
 * Items whose response is NaN are never administered. Returns the steps taken.
 */
export function polyReplay(column: i32, slot: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): i32 {
  const responses = polyRegion(POLY_RESPONSES) + ((<usize>column * <usize>polyCapItems) << 3);
  const used = polyRegion(POLY_USED);
  const order = polyRegion(POLY_ORDER);
  const outItems = polyRegion(POLY_OUT_ITEMS) + ((<usize>slot * <usize>polyCapSteps) << 2);
  const outTheta = polyRegion(POLY_OUT_THETA) + ((<usize>slot * <usize>polyCapSteps) << 3);
  const outSe = polyRegion(POLY_OUT_SE) + ((<usize>slot * <usize>polyCapSteps) << 3);
  let available = 0;
  for (let i = 0; i < polyBankSize; i++) {
    const missing = isNaN(load<f64>(responses + (<usize>i << 3)));
    store<u8>(used + <usize>i, missing ? 1 : 0);
    if (!missing) available++;
  }
  let limit = nMax < available ? nMax : available;
  if (limit > polyCapSteps) limit = polyCapSteps;
  const eap = estimator == ESTIMATOR_EAP;
  if (eap) eapReset();
  let theta = start;
  let steps = 0;
  let stop = nMax <= available ? STOP_MAX_ITEMS : STOP_EXHAUSTED;
  while (steps < limit) {
    const item = selector == SELECTOR_MFI ? polySelectMaxInformation(theta) : load<i32>(order + (<usize>steps << 2));
    if (item < 0) {
      stop = STOP_EXHAUSTED;
      break;
    }
    store<u8>(used + <usize>item, 1);
    polyAdmit(steps, item, <i32>load<f64>(responses + (<usize>item << 3)));
    let se: f64;
    if (eap) {
      polyEapAddItem(steps);
      theta = eapEstimate(0); // the grid value, as in polyEstimateAdministered
      se = eapPosteriorSd;
    } else {
      theta = polyEstimateAdministered(steps + 1, theta, estimator);
      se = polyLastSe;
    }
    store<i32>(outItems + (<usize>steps << 2), item);
    store<f64>(outTheta + (<usize>steps << 3), theta);
    store<f64>(outSe + (<usize>steps << 3), se);
    steps++;
    if (minSe > 0.0 && se < minSe) {
      stop = STOP_MIN_SE;
      break;
    }
  }
  store<i32>(polyRegion(POLY_OUT_STEPS) + (<usize>slot << 2), steps);
  store<i32>(polyRegion(POLY_OUT_STOP) + (<usize>slot << 2), stop);
  return steps;
}

/** Replays columns [firstColumn, firstColumn + count) into slots 0..count−1. */
export function polyReplayColumns(firstColumn: i32, count: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): void {
  for (let c = 0; c < count; c++) polyReplay(firstColumn + c, c, nMax, start, estimator, selector, minSe);
}
