// Whole adaptive runs in one call: selection, estimation and SE per step, for one or many response columns.
import { eapAddItem, eapEstimate, eapPosteriorSd, eapReset } from './eap';
import {
  admit, estimateAdministered, ESTIMATOR_EAP, lastStandardError,
} from './estimate';
import { resetSelectionHeads, selectNextItem } from './select';
import { setAppendOnly } from './newton';
import { bankSize } from './options';
import {
  capItems, capSteps, region, REGION_ORDER, REGION_OUT_ITEMS, REGION_OUT_SE, REGION_OUT_STEPS, REGION_OUT_STOP,
  REGION_OUT_THETA, REGION_RESPONSES, REGION_USED,
} from './layout';

export const SELECTOR_MFI: i32 = 0;
/** Administer items in the order written to ORDER (random or fixed designs chosen outside). */
export const SELECTOR_SEQUENCE: i32 = 1;

export const STOP_MAX_ITEMS: i32 = 0;
export const STOP_MIN_SE: i32 = 1;
export const STOP_EXHAUSTED: i32 = 2;

/**
 * Replays one run on response column `column`, writing outputs to run slot `slot`
 * (OUT_* at slot·capSteps). Items whose response is NaN are never administered. Returns the steps taken.
 */
export function replay(column: i32, slot: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): i32 {
  const responses = region(REGION_RESPONSES) + ((<usize>column * <usize>capItems) << 3);
  const used = region(REGION_USED);
  const order = region(REGION_ORDER);
  const outItems = region(REGION_OUT_ITEMS) + ((<usize>slot * <usize>capSteps) << 2);
  const outTheta = region(REGION_OUT_THETA) + ((<usize>slot * <usize>capSteps) << 3);
  const outSe = region(REGION_OUT_SE) + ((<usize>slot * <usize>capSteps) << 3);
  let available = 0;
  for (let i = 0; i < bankSize; i++) {
    const missing = isNaN(load<f64>(responses + (<usize>i << 3)));
    store<u8>(used + <usize>i, missing ? 1 : 0);
    if (!missing) available++;
  }
  resetSelectionHeads();
  let limit = nMax < available ? nMax : available;
  if (limit > capSteps) limit = capSteps;
  const eap = estimator == ESTIMATOR_EAP;
  if (eap) eapReset();
  setAppendOnly(true);
  let theta = start;
  let steps = 0;
  let stop = nMax <= available ? STOP_MAX_ITEMS : STOP_EXHAUSTED;
  while (steps < limit) {
    const item = selector == SELECTOR_MFI ? selectNextItem(theta) : load<i32>(order + (<usize>steps << 2));
    if (item < 0) {
      stop = STOP_EXHAUSTED;
      break;
    }
    store<u8>(used + <usize>item, 1);
    admit(steps, item, load<f64>(responses + (<usize>item << 3)));
    let se: f64;
    if (eap) {
      eapAddItem(steps);
      theta = eapEstimate(steps + 1);
      se = eapPosteriorSd;
    } else {
      theta = estimateAdministered(steps + 1, theta, estimator);
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
  store<i32>(region(REGION_OUT_STEPS) + (<usize>slot << 2), steps);
  store<i32>(region(REGION_OUT_STOP) + (<usize>slot << 2), stop);
  return steps;
}

/** Replays columns [firstColumn, firstColumn + count) into slots 0..count−1. */
export function replayColumns(firstColumn: i32, count: i32, nMax: i32, start: f64, estimator: i32, selector: i32, minSe: f64): void {
  for (let c = 0; c < count; c++) replay(firstColumn + c, c, nMax, start, estimator, selector, minSe);
}
