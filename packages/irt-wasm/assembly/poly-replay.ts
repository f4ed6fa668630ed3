// Whole polytomous runs in one call: MFI selection (poly-select.ts), estimation and SE per step.
import { eapEstimate, eapPosteriorSd, eapReset } from './eap';
import { ESTIMATOR_EAP } from './estimate';
import { setAppendOnly } from './newton';
import { polyBankSize, polyEapAddItem, polyEstimateAdministered, polyLastSe } from './poly-estimate';
import {
  polyAdmit, polyCapItems, polyCapSteps, polyRegion, POLY_ORDER, POLY_OUT_ITEMS, POLY_OUT_SE, POLY_OUT_STEPS,
  POLY_OUT_STOP, POLY_OUT_THETA, POLY_RESPONSES, POLY_USED,
} from './poly-layout';
import { polySelectMaxInformation } from './poly-select';
import { SELECTOR_MFI, STOP_EXHAUSTED, STOP_MAX_ITEMS, STOP_MIN_SE } from './replay';

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
