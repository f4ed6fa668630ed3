// The quadrature grid the selection criteria share (criteria.ts for 1–4PL banks, poly-criteria.ts for graded
// ones): W(x_q) = L(x_q) (× the normal prior for the posterior forms) on `n` equally spaced nodes of [lo, hi]
// (catR: 33 on [−4, 4]) times catR's trapezoid weights (½ at both ends), built once per step in log space and
// divided by its peak, so long tests never underflow; the peak goes back into the reported values.
//
// Static scratch (below the heap base, so the layout regions never overlap it):
//   GRID_X   f64  GRID_MAX_POINTS   the nodes x_q
//   GRID_W   f64  GRID_MAX_POINTS   the weights W(x_q)·t_q / max W
import { logLikelihood } from './likelihood';
import { gridNode, nodeSpacing } from './math';
import { priorMean, priorSd } from './options';
import { polyLogLikelihood } from './poly-estimate';

/** Largest quadrature grid a step may use. */
export const GRID_MAX_POINTS: i32 = 1025;
const LOG_SQRT_2PI: f64 = 0.9189385332046727;
/**
 * Nodes whose weight is below this fraction of the largest are left out of every integral: each such term is
 * over 10⁴ times below the rounding of the sum it would join, so the values are unchanged in double
 * precision; late in a test the posterior is narrow and most of catR's 33 nodes drop out.
 */
const NEGLIGIBLE_WEIGHT: f64 = 1e-20;

export const gridX = memory.data(GRID_MAX_POINTS * 8);
export const gridW = memory.data(GRID_MAX_POINTS * 8);

/** Nodes [gridFirst, gridLast] carry weight; outside them W < NEGLIGIBLE_WEIGHT·max W, below what the sums can resolve. */
export let gridFirst: i32 = 0;
export let gridLast: i32 = -1;
export let gridStep: f64 = 0.0;
/** log of the factor W was divided by. */
export let gridLogScale: f64 = 0.0;

/**
 * Lays out the nodes and the weights for the first k administered items: the 1–4PL ones (ADM_*), or the
 * polytomous ones (POLY_ADM_*) when `poly`.
 */
export function buildGrid(k: i32, n: i32, lo: f64, hi: f64, posterior: bool, poly: bool): void {
  gridStep = nodeSpacing(lo, hi, n);
  let top = -Infinity;
  for (let q = 0; q < n; q++) {
    const x = gridNode(q, n, lo, hi, gridStep);
    store<f64>(gridX + (<usize>q << 3), x);
    let logW = poly ? polyLogLikelihood(k, x) : logLikelihood(k, x);
    if (posterior) {
      const z = (x - priorMean) / priorSd;
      logW += -0.5 * z * z - LOG_SQRT_2PI - Math.log(priorSd);
    }
    store<f64>(gridW + (<usize>q << 3), logW);
    if (logW > top) top = logW;
  }
  gridLogScale = top;
  gridFirst = n;
  gridLast = -1;
  for (let q = 0; q < n; q++) {
    const at = gridW + (<usize>q << 3);
    const t = q == 0 || q == n - 1 ? 0.5 : 1.0;
    const w = t * Math.exp(load<f64>(at) - top);
    store<f64>(at, w);
    if (w >= NEGLIGIBLE_WEIGHT) {
      if (q < gridFirst) gridFirst = q;
      gridLast = q;
    }
  }
}
