// Expected a posteriori ability by quadrature in log space: the running log-likelihood at every node is
// kept in LOG_POST, so adding an item costs O(nodes) and banks of any size stay finite.
//
// The grid (33 nodes on [−4, 4] by default, catR's) cannot resolve a posterior narrower than its spacing h:
// steep items put nearly all the mass on one node and the grid's SD collapses (10 items with a = 20 gave
// 9e-3 against a true 0.057). When the grid's SD falls below h·EAP_REFINE_BELOW, the posterior is integrated
// again on a window fitted to it: the mode (golden section between the best node's neighbours), the points on
// either side where the log-posterior has dropped by EAP_WINDOW_DROP (or the range ends), and composite
// Simpson on EAP_REFINED_NODES nodes in between. Above that SD the grid's values stand (catR parity). Both item
// families share the grid and the refinement; only the likelihood differs (logLikelihood or polyLogLikelihood).
import { itemLogLikelihood, logLikelihood } from './likelihood';
import { bankIs2PL, eapNodes, eapPriorKind, priorMean, priorSd, rangeHi, rangeLo, scaleD } from './options';
import {
  region, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X, REGION_LOG_POST, REGION_NODES,
} from './layout';
import { gridNode, nodeSpacing } from './math';
import { KIND_DICHOTOMOUS, KIND_POLYTOMOUS } from './kind';
import { polyItemLogLikelihood, polyLogLikelihood } from './poly-irf';
import { polyAdmItem, polyAdmX } from './poly-layout';

/** Posterior SD of the last eapEstimate(). */
export let eapPosteriorSd: f64 = NaN;

/**
 * Refine when the grid's posterior SD is below this fraction of the node spacing. At SD = h/2 the trapezoid's
 * SD of a normal posterior is off by at most 7% (at h/3 by 56%); catR's own fixture patterns all have SD ≥ 0.52h.
 */
export const EAP_REFINE_BELOW: f64 = 0.5;
/** The refined window ends where the log-posterior is this far below its maximum (e^−30 ≈ 1e-13). */
const EAP_WINDOW_DROP: f64 = 30.0;
/** Nodes of the refined composite Simpson rule (odd). */
const EAP_REFINED_NODES: i32 = 257;
const GOLDEN_STEPS: i32 = 80;
const EDGE_BISECTIONS: i32 = 60;

/** Lays out equally spaced nodes on the range and clears the running log-likelihood. */
export function eapReset(): void {
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  const n = eapNodes;
  const spacing = nodeSpacing(rangeLo, rangeHi, n);
  for (let q = 0; q < n; q++) {
    store<f64>(nodes + (<usize>q << 3), gridNode(q, n, rangeLo, rangeHi, spacing));
    store<f64>(logPost + (<usize>q << 3), 0.0);
  }
}

/** Adds administered item k's log-likelihood to every node. */
export function eapAddItem(k: i32): void {
  const off = <usize>k << 3;
  const Da = scaleD * load<f64>(region(REGION_ADM_A) + off);
  const b = load<f64>(region(REGION_ADM_B) + off);
  const c = load<f64>(region(REGION_ADM_C) + off);
  const d = load<f64>(region(REGION_ADM_D) + off);
  const x = load<f64>(region(REGION_ADM_X) + off);
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  const is2PL = bankIs2PL;
  for (let q = 0; q < eapNodes; q++) {
    const at = logPost + (<usize>q << 3);
    store<f64>(at, load<f64>(at) + itemLogLikelihood(Da, b, c, d, x, load<f64>(nodes + (<usize>q << 3)), is2PL));
  }
}

/** Adds administered polytomous item k's log-likelihood to every node. */
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

/**
 * Posterior mean on the nodes with trapezoid weights (½ at both ends), prior × likelihood; sets
 * eapPosteriorSd. With 33 nodes on [−4, 4] and a normal prior this is catR's EAP. `k` is the number of
 * administered items of family `kind` (kind.ts) the nodes hold, used only to refine a posterior narrower than
 * the grid.
 */
export function eapEstimate(k: i32, kind: i32 = KIND_DICHOTOMOUS): f64 {
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  const n = eapNodes;
  const normal = eapPriorKind == 0;
  let top = -Infinity;
  for (let q = 0; q < n; q++) {
    const v = load<f64>(logPost + (<usize>q << 3)) + (normal ? logNormalKernel(load<f64>(nodes + (<usize>q << 3))) : 0.0);
    if (v > top) top = v;
  }
  let mass = 0.0;
  let first = 0.0;
  for (let q = 0; q < n; q++) {
    const x = load<f64>(nodes + (<usize>q << 3));
    const v = load<f64>(logPost + (<usize>q << 3)) + (normal ? logNormalKernel(x) : 0.0);
    const w = (q == 0 || q == n - 1 ? 0.5 : 1.0) * Math.exp(v - top);
    mass += w;
    first += w * x;
  }
  const mean = first / mass;
  let second = 0.0;
  for (let q = 0; q < n; q++) {
    const x = load<f64>(nodes + (<usize>q << 3));
    const v = load<f64>(logPost + (<usize>q << 3)) + (normal ? logNormalKernel(x) : 0.0);
    const w = (q == 0 || q == n - 1 ? 0.5 : 1.0) * Math.exp(v - top);
    second += w * (x - mean) * (x - mean);
  }
  eapPosteriorSd = Math.sqrt(second / mass);
  const spacing = nodeSpacing(rangeLo, rangeHi, n);
  if (k > 0 && eapPosteriorSd < EAP_REFINE_BELOW * spacing) return eapRefined(kind, k, bestNode(), spacing);
  return mean;
}

/** The node with the largest log-posterior. */
function bestNode(): f64 {
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  const normal = eapPriorKind == 0;
  let best = 0;
  let top = -Infinity;
  for (let q = 0; q < eapNodes; q++) {
    const x = load<f64>(nodes + (<usize>q << 3));
    const v = load<f64>(logPost + (<usize>q << 3)) + (normal ? logNormalKernel(x) : 0.0);
    if (v > top) {
      top = v;
      best = q;
    }
  }
  return load<f64>(nodes + (<usize>best << 3));
}

/** log prior × likelihood of the first k administered items of family `kind` at θ (up to a constant). */
function logPosterior(kind: i32, k: i32, theta: f64): f64 {
  const logL = kind == KIND_POLYTOMOUS ? polyLogLikelihood(k, theta) : logLikelihood(k, theta);
  return logL + (eapPriorKind == 0 ? logNormalKernel(theta) : 0.0);
}

/**
 * EAP and posterior SD (sets eapPosteriorSd) on a window fitted to a narrow posterior whose best grid node
 * is `center`; a unimodal posterior has its mode within one spacing of it.
 */
function eapRefined(kind: i32, k: i32, center: f64, spacing: f64): f64 {
  // golden-section search for the mode on [center − h, center + h] ∩ range
  const ratio = 0.5 * (Math.sqrt(5.0) - 1.0);
  let lo = Math.max(rangeLo, center - spacing);
  let hi = Math.min(rangeHi, center + spacing);
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let f1 = logPosterior(kind, k, x1);
  let f2 = logPosterior(kind, k, x2);
  for (let i = 0; i < GOLDEN_STEPS; i++) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = logPosterior(kind, k, x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = logPosterior(kind, k, x1);
    }
  }
  let mode = 0.5 * (lo + hi);
  let top = logPosterior(kind, k, mode);
  const atCenter = logPosterior(kind, k, center);
  if (atCenter > top) {
    mode = center;
    top = atCenter;
  }
  const left = windowEdge(kind, k, mode, rangeLo, top);
  const right = windowEdge(kind, k, mode, rangeHi, top);
  // composite Simpson: weights 1, 4, 2, 4, …, 4, 1 (× step/3, which cancels in the ratios)
  const intervals = EAP_REFINED_NODES - 1;
  const step = (right - left) / <f64>intervals;
  let mass = 0.0;
  let first = 0.0;
  let second = 0.0;
  for (let q = 0; q <= intervals; q++) {
    const x = q == intervals ? right : left + <f64>q * step;
    const weight = q == 0 || q == intervals ? 1.0 : (q & 1) == 1 ? 4.0 : 2.0;
    const w = weight * Math.exp(logPosterior(kind, k, x) - top);
    const offset = x - mode;
    mass += w;
    first += w * offset;
    second += w * offset * offset;
  }
  const shift = first / mass;
  const variance = second / mass - shift * shift;
  eapPosteriorSd = Math.sqrt(variance > 0.0 ? variance : 0.0);
  return mode + shift;
}

/**
 * Between the mode and the range end `end`, the point where the log-posterior has dropped by
 * EAP_WINDOW_DROP from `top` (bisection), or `end` itself when it never drops that far.
 */
function windowEdge(kind: i32, k: i32, mode: f64, end: f64, top: f64): f64 {
  const floor = top - EAP_WINDOW_DROP;
  if (logPosterior(kind, k, end) >= floor) return end;
  let inside = mode;
  let outside = end;
  for (let i = 0; i < EDGE_BISECTIONS; i++) {
    const mid = 0.5 * (inside + outside);
    if (logPosterior(kind, k, mid) >= floor) inside = mid;
    else outside = mid;
  }
  return outside;
}

@inline function logNormalKernel(x: f64): f64 {
  const z = (x - priorMean) / priorSd;
  return -0.5 * z * z;
}

/** EAP over the first k administered items of family `kind` from scratch. */
@inline export function eapFromAdministeredOf(kind: i32, k: i32): f64 {
  eapReset();
  for (let i = 0; i < k; i++) {
    if (kind == KIND_POLYTOMOUS) polyEapAddItem(i);
    else eapAddItem(i);
  }
  return eapEstimate(k, kind);
}

/** EAP over the first k administered 1–4PL items from scratch. */
export function eapFromAdministered(k: i32): f64 {
  return eapFromAdministeredOf(KIND_DICHOTOMOUS, k);
}
