// Polytomous selection and whole runs: MFI over the unused items, then the same loop as replay.ts (restated, not
// shared, for the reason poly-estimate.ts gives).
//
// The dichotomous path's pruned search rests on a bound for one logistic curve (information at distance d from
// b); a polytomous item's information spreads over several thresholds, so that search does not carry over.
// This one is exact too, with bounds of its own (a the item's discrimination, δ the distance from θ to the span
// [lo, hi] of its thresholds, K its number of thresholds):
// - the peak: no θ gives item j more than POLY_ITEM_BOUNDS[3j], computed once per bank by polyPrepareSelection
//   (below). Items are scanned by peak descending (POLY_SEL_ORDER, sorted by the caller), so a scan stops at
//   the first peak below the best information found;
// - at distance δ, one exp: GRM has s_0 = −a·P*_1 and every |s_k| ≤ a, so I = Σ P_k s_k² ≤
//   (1 − P*_1)·a²P*_1² + a²·P*_1 ≤ 2a²σ(−aδ) below the first threshold (the same from the top category above
//   the last); GPCM below every step has P_k ≤ q^k, q = e^{−aδ}, so I = a²·Var X ≤ a²·Σ k²q^k =
//   a²q(1 + q)/(1 − q)³ (above every step the same for K − X).
// The peak: I on a grid of step h = 0.1/a over [lo − 4/a, hi + 4/a], then between grid points
// - GRM: |I'| = |Σ P_k (s_k³ + 2 s_k s'_k)| ≤ a³ + 2a·a²/2 = 2a³ (|s'_k| = a²(P*_kQ*_k + P*_{k+1}Q*_{k+1}) ≤ a²/2),
//   so I ≤ grid max + a³h;
// - GPCM: I' = a³·μ₃ and |μ₃| ≤ K·Var X, so |I'| ≤ aK·I and I ≤ grid max · e^{aKh/2};
// and beyond the grid the distance bound at 4/a; the peak is the largest of these (and at most a², a²K²/4).
import { eapEstimate, eapPosteriorSd, eapReset } from './eap';
import { ESTIMATOR_EAP } from './estimate';
import { logistic } from './irf';
import { setAppendOnly } from './newton';
import { polyBankSize, polyEapAddItem, polyEstimateAdministered, polyLastSe } from './poly-estimate';
import { polyItemInformation } from './poly-irf';
import {
  MODEL_GRM, polyAdmit, polyCapItems, polyCapSteps, polyRegion, POLY_A, POLY_INFO, POLY_ITEM_BOUNDS, POLY_MODEL, POLY_OFFSET,
  POLY_ORDER, POLY_OUT_ITEMS, POLY_OUT_SE, POLY_OUT_STEPS, POLY_OUT_STOP, POLY_OUT_THETA, POLY_RESPONSES,
  POLY_SEL_ORDER, POLY_STEPS, POLY_THRESHOLDS, POLY_USED,
} from './poly-layout';
import { SELECTOR_MFI, STOP_EXHAUSTED, STOP_MAX_ITEMS, STOP_MIN_SE } from './replay';

/** A bound must fall below the best information by this relative margin before an item is skipped (rounding). */
const BOUND_MARGIN: f64 = 1e-12;
/** Grid step of the peak search, in units of 1/a. */
const PEAK_STEP: f64 = 0.1;
/** Half-width beyond the threshold span covered by the grid, in units of 1/a. */
const PEAK_REACH: f64 = 4.0;
/** Relative inflation of every peak, so rounding keeps it an upper bound. */
const PEAK_SLACK: f64 = 1e-9;

@inline function itemField(j: i32, field: i32): f64 {
  return load<f64>(polyRegion(POLY_ITEM_BOUNDS) + ((<usize>(j * 3 + field)) << 3));
}

@inline function isGrm(j: i32): bool {
  return load<i32>(polyRegion(POLY_MODEL) + (<usize>j << 2)) == MODEL_GRM;
}

@inline function discrimination(j: i32): f64 {
  return load<f64>(polyRegion(POLY_A) + (<usize>j << 3));
}

/** Bound of item j's information at distance δ > 0 from its threshold span (see the top of this file). */
@inline function distanceBound(j: i32, delta: f64): f64 {
  const a = discrimination(j);
  if (isGrm(j)) return 2.0 * a * a * logistic(-a * delta);
  const q = Math.exp(-a * delta);
  return (a * a * q * (1.0 + q)) / ((1.0 - q) * (1.0 - q) * (1.0 - q));
}

/**
 * Writes, per item, [peak, lo, hi] to POLY_ITEM_BOUNDS (see the top of this file); the caller then sorts
 * POLY_SEL_ORDER by peak descending.
 */
export function polyPrepareSelection(): void {
  for (let j = 0; j < polyBankSize; j++) {
    const a = discrimination(j);
    const K = load<i32>(polyRegion(POLY_STEPS) + (<usize>j << 2));
    const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>load<i32>(polyRegion(POLY_OFFSET) + (<usize>j << 2)) << 3);
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < K; t++) {
      const d = load<f64>(thresholds + (<usize>t << 3));
      lo = min<f64>(lo, d);
      hi = max<f64>(hi, d);
    }
    const step = PEAK_STEP / a;
    const reach = PEAK_REACH / a;
    const points = <i32>Math.ceil((hi - lo + 2.0 * reach) / step);
    let gridMax = 0.0;
    for (let g = 0; g <= points; g++) gridMax = max<f64>(gridMax, polyItemInformation(j, lo - reach + <f64>g * step));
    const Kf = <f64>K;
    const between = isGrm(j) ? gridMax + a * a * a * step : gridMax * Math.exp(0.5 * a * Kf * step);
    const cap = isGrm(j) ? a * a : a * a * Kf * Kf * 0.25;
    const peak = min<f64>(cap, max<f64>(between, distanceBound(j, reach))) * (1.0 + PEAK_SLACK);
    const at = polyRegion(POLY_ITEM_BOUNDS) + ((<usize>(j * 3)) << 3);
    store<f64>(at, peak);
    store<f64>(at + 8, lo);
    store<f64>(at + 16, hi);
  }
}

/** The unused item with the most information at θ (lowest index on exact ties), or −1 when none is left. */
export function polySelectMaxInformation(theta: f64): i32 {
  const used = polyRegion(POLY_USED);
  const order = polyRegion(POLY_SEL_ORDER);
  let best = -Infinity;
  let bestIndex = -1;
  for (let pos = 0; pos < polyBankSize; pos++) {
    const item = load<i32>(order + (<usize>pos << 2));
    if (load<u8>(used + <usize>item) != 0) continue;
    if (bestIndex >= 0) {
      if (itemField(item, 0) * (1.0 + BOUND_MARGIN) < best) break; // every later item peaks lower
      const lo = itemField(item, 1);
      const hi = itemField(item, 2);
      const delta = theta < lo ? lo - theta : theta > hi ? theta - hi : 0.0;
      if (delta > 0.0 && distanceBound(item, delta) * (1.0 + BOUND_MARGIN) < best) continue;
    }
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
  setAppendOnly(true);
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
  setAppendOnly(false);
  store<i32>(polyRegion(POLY_OUT_STEPS) + (<usize>slot << 2), steps);
  store<i32>(polyRegion(POLY_OUT_STOP) + (<usize>slot << 2), stop);
  return steps;
}

/** Replays columns [firstColumn, firstColumn + count) into slots 0..count−1. */
export function polyReplayColumns(firstColumn: i32, count: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): void {
  for (let c = 0; c < count; c++) polyReplay(firstColumn + c, c, nMax, start, estimator, selector, minSe);
}
