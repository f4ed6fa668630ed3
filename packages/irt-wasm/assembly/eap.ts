// Expected a posteriori ability by quadrature in log space: the running log-likelihood at every node is
// kept in LOG_POST, so adding an item costs O(nodes) and banks of any size stay finite.
import { itemLogLikelihood } from './likelihood';
import { bankIs2PL, eapNodes, eapPriorKind, priorMean, priorSd, rangeHi, rangeLo, scaleD } from './options';
import {
  region, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X, REGION_LOG_POST, REGION_NODES,
} from './layout';

/** Posterior SD of the last eapEstimate(). */
export let eapPosteriorSd: f64 = NaN;

/** Lays out equally spaced nodes on the range and clears the running log-likelihood. */
export function eapReset(): void {
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  const n = eapNodes;
  const step = (rangeHi - rangeLo) / <f64>(n - 1);
  for (let q = 0; q < n; q++) {
    store<f64>(nodes + (<usize>q << 3), q == n - 1 ? rangeHi : rangeLo + <f64>q * step);
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

/**
 * Posterior mean on the nodes with trapezoid weights (½ at both ends), prior × likelihood; sets
 * eapPosteriorSd. With 33 nodes on [−4, 4] and a normal prior this is catR's EAP.
 */
export function eapEstimate(): f64 {
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
  return mean;
}

@inline function logNormalKernel(x: f64): f64 {
  const z = (x - priorMean) / priorSd;
  return -0.5 * z * z;
}

/** EAP over the first k administered items from scratch. */
export function eapFromAdministered(k: i32): f64 {
  eapReset();
  for (let i = 0; i < k; i++) eapAddItem(i);
  return eapEstimate();
}
