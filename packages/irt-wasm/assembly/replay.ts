// Whole adaptive runs in one call: selection, estimation and SE per step, for one or many response columns,
// for both item families (one loop, compiled once per family, kind.ts).
import { eapAddItem, eapEstimate, eapPosteriorSd, eapReset, polyEapAddItem } from './eap';
import { admit, estimateAdministeredOf, ESTIMATOR_EAP, lastStandardError } from './estimate';
import { KIND_DICHOTOMOUS, KIND_POLYTOMOUS } from './kind';
import { resetSelectionHeads, selectNextItem } from './select';
import { setAppendOnly } from './newton';
import { bankSize } from './options';
import {
  capItems, capSteps, region, REGION_ORDER, REGION_OUT_ITEMS, REGION_OUT_SE, REGION_OUT_STEPS, REGION_OUT_STOP,
  REGION_OUT_THETA, REGION_RESPONSES, REGION_USED,
} from './layout';
import {
  polyAdmit, polyBankSize, polyCapItems, polyCapSteps, polyRegion, POLY_ORDER, POLY_OUT_ITEMS, POLY_OUT_SE,
  POLY_OUT_STEPS, POLY_OUT_STOP, POLY_OUT_THETA, POLY_RESPONSES, POLY_USED,
} from './poly-layout';
import { polySelectMaxInformation } from './poly-select';

export const SELECTOR_MFI: i32 = 0;
/** Administer items in the order written to ORDER (random or fixed designs chosen outside). */
export const SELECTOR_SEQUENCE: i32 = 1;

export const STOP_MAX_ITEMS: i32 = 0;
export const STOP_MIN_SE: i32 = 1;
export const STOP_EXHAUSTED: i32 = 2;

/** Region `dichotomous` of layout.ts or `polytomous` of poly-layout.ts, by family. */
@inline function regionOf(kind: i32, dichotomous: i32, polytomous: i32): usize {
  return kind == KIND_POLYTOMOUS ? polyRegion(polytomous) : region(dichotomous);
}

/**
 * Replays one run of family `kind` on response column `column`, writing outputs to run slot `slot`
 * (OUT_* at slot·capSteps). Items whose response is NaN are never administered. Returns the steps taken.
 */
@inline function replayOf(
  kind: i32, column: i32, slot: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64,
): i32 {
  const poly = kind == KIND_POLYTOMOUS;
  const items = poly ? polyBankSize : bankSize;
  const stride = poly ? polyCapItems : capItems;
  const slots = poly ? polyCapSteps : capSteps;
  const responses = regionOf(kind, REGION_RESPONSES, POLY_RESPONSES) + ((<usize>column * <usize>stride) << 3);
  const used = regionOf(kind, REGION_USED, POLY_USED);
  const order = regionOf(kind, REGION_ORDER, POLY_ORDER);
  const outItems = regionOf(kind, REGION_OUT_ITEMS, POLY_OUT_ITEMS) + ((<usize>slot * <usize>slots) << 2);
  const outTheta = regionOf(kind, REGION_OUT_THETA, POLY_OUT_THETA) + ((<usize>slot * <usize>slots) << 3);
  const outSe = regionOf(kind, REGION_OUT_SE, POLY_OUT_SE) + ((<usize>slot * <usize>slots) << 3);
  let available = 0;
  for (let i = 0; i < items; i++) {
    const missing = isNaN(load<f64>(responses + (<usize>i << 3)));
    store<u8>(used + <usize>i, missing ? 1 : 0);
    if (!missing) available++;
  }
  if (!poly) resetSelectionHeads();
  let limit = nMax < available ? nMax : available;
  if (limit > slots) limit = slots;
  const eap = estimator == ESTIMATOR_EAP;
  if (eap) eapReset();
  setAppendOnly(true);
  let theta = start;
  let steps = 0;
  let stop = nMax <= available ? STOP_MAX_ITEMS : STOP_EXHAUSTED;
  while (steps < limit) {
    let item: i32;
    if (selector == SELECTOR_MFI) item = poly ? polySelectMaxInformation(theta) : selectNextItem(theta);
    else item = load<i32>(order + (<usize>steps << 2));
    if (item < 0) {
      stop = STOP_EXHAUSTED;
      break;
    }
    store<u8>(used + <usize>item, 1);
    const x = load<f64>(responses + (<usize>item << 3));
    if (poly) polyAdmit(steps, item, <i32>x);
    else admit(steps, item, x);
    let se: f64;
    if (eap) {
      if (poly) polyEapAddItem(steps);
      else eapAddItem(steps);
      theta = eapEstimate(steps + 1, kind);
      se = eapPosteriorSd;
    } else {
      theta = estimateAdministeredOf(kind, steps + 1, theta, estimator);
      se = lastStandardError;
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
  store<i32>(regionOf(kind, REGION_OUT_STEPS, POLY_OUT_STEPS) + (<usize>slot << 2), steps);
  store<i32>(regionOf(kind, REGION_OUT_STOP, POLY_OUT_STOP) + (<usize>slot << 2), stop);
  return steps;
}

/** Replays one 1–4PL run (see replayOf). */
export function replay(column: i32, slot: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): i32 {
  return replayOf(KIND_DICHOTOMOUS, column, slot, nMax, start, estimator, selector, minSe);
}

/** Replays one polytomous run (see replayOf; POLY_* regions). */
export function polyReplay(column: i32, slot: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): i32 {
  return replayOf(KIND_POLYTOMOUS, column, slot, nMax, start, estimator, selector, minSe);
}

/** Replays 1–4PL columns [firstColumn, firstColumn + count) into slots 0..count−1. */
export function replayColumns(firstColumn: i32, count: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): void {
  for (let c = 0; c < count; c++) replay(firstColumn + c, c, nMax, start, estimator, selector, minSe);
}

/** Replays polytomous columns [firstColumn, firstColumn + count) into slots 0..count−1. */
export function polyReplayColumns(firstColumn: i32, count: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): void {
  for (let c = 0; c < count; c++) polyReplay(firstColumn + c, c, nMax, start, estimator, selector, minSe);
}
