// Polytomous calibration, the E-step: each item's log category probabilities on the quadrature, the
// posterior of every subject (with its EAP), and one item's expected category counts per node.
import {
  CATEGORY_MISSING, PFIT_CODES, PFIT_COUNTS, PFIT_LOG_P, PFIT_LOG_WEIGHT, PFIT_NODES, PFIT_POST,
  PFIT_THETA, PFIT_THETA_SD, PFIT_WEIGHT, PFIT_WINDOW, pfitNodeCount, pfitRegion, pfitStride,
  pfitSteps, pfitSubjects, pfitItems,
} from './poly-fit-layout';
import { V_LOG_P, V_X, at, nodeProbabilities, toWorking, vec } from './poly-fit-item';

const eap = memory.data(16);

/** Posterior values below this fraction of a subject's peak are set to 0 (as the 2PL fit does). */
const WINDOW_CUT: f64 = 1e-17;

/** Writes item j's log P_k(θ_q) to PFIT_LOG_P (row k), from its parameters in PFIT_A / PFIT_THRESHOLDS. */
export function itemLogTable(j: i32): void {
  const K = pfitSteps(j);
  const x = vec(V_X);
  toWorking(j, x);
  const nodes = pfitRegion(PFIT_NODES);
  const out = pfitRegion(PFIT_LOG_P);
  const logP = vec(V_LOG_P);
  const rowBytes = <usize>pfitStride << 3;
  for (let q = 0; q < pfitNodeCount; q++) {
    nodeProbabilities(x, K, load<f64>(nodes + (<usize>q << 3)));
    for (let k = 0; k <= K; k++) store<f64>(out + <usize>k * rowBytes + (<usize>q << 3), at(logP, k));
  }
}

/**
 * Turns a row of log p(x_n, θ_q) into w × the normalized posterior, zeroing the nodes below WINDOW_CUT of
 * the peak; writes the window [lo, hi) (even-aligned) to `window`, the EAP and posterior SD to `eap`.
 * Returns the subject's log marginal likelihood log Σ_q p(x_n, θ_q).
 */
function posteriorRow(row: usize, nodes: usize, Q: i32, w: f64, window: usize, eap: usize): f64 {
  let top = -Infinity;
  for (let q = 0; q < Q; q++) top = Math.max(top, load<f64>(row + (<usize>q << 3)));
  let sum = 0.0;
  let m1 = 0.0;
  let first = Q;
  let last = 0;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    let e = Math.exp(load<f64>(row + off) - top);
    if (e < WINDOW_CUT) {
      e = 0.0;
    } else {
      if (q < first) first = q;
      last = q;
    }
    store<f64>(row + off, e);
    sum += e;
    m1 += e * load<f64>(nodes + off);
  }
  const mean = m1 / sum;
  let m2 = 0.0;
  const lo = first & ~1;
  const hi = (last + 2) & ~1;
  for (let q = lo; q < hi; q++) {
    const d = load<f64>(nodes + (<usize>q << 3)) - mean;
    m2 += load<f64>(row + (<usize>q << 3)) * d * d;
  }
  store<f64>(eap, mean);
  store<f64>(eap + 8, Math.sqrt(m2 / sum));
  store<i32>(window, lo);
  store<i32>(window + 4, hi);
  const scale = w / sum;
  for (let q = lo; q < hi; q++) {
    const off = <usize>q << 3;
    store<f64>(row + off, load<f64>(row + off) * scale);
  }
  return top + Math.log(sum);
}

/**
 * The E-step at the current parameters: every subject's posterior on the quadrature (× its weight) to
 * PFIT_POST, the EAPs to PFIT_THETA / PFIT_THETA_SD; returns the marginal log-likelihood
 * Σ_n w_n log Σ_q π_q Π_j P_j(x_nj | θ_q). Cost: items × subjects × nodes additions.
 */
export function polyExpectation(): f64 {
  const N = pfitSubjects;
  const J = pfitItems;
  const Q = pfitNodeCount;
  const stride = <usize>pfitStride;
  const rowBytes = stride << 3;
  const post = pfitRegion(PFIT_POST);
  const logWeight = pfitRegion(PFIT_LOG_WEIGHT);
  for (let n = 0; n < N; n++) memory.copy(post + <usize>n * rowBytes, logWeight, rowBytes);
  const codes = pfitRegion(PFIT_CODES);
  const table = pfitRegion(PFIT_LOG_P);
  for (let j = 0; j < J; j++) {
    itemLogTable(j);
    const codeRow = codes + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = <i32>load<u8>(codeRow + <usize>n);
      if (code == CATEGORY_MISSING) continue;
      const src = table + <usize>code * rowBytes;
      const dst = post + <usize>n * rowBytes;
      for (let q: usize = 0; q < stride; q += 2) {
        const off = q << 3;
        store<f64>(dst + off, load<f64>(dst + off) + load<f64>(src + off));
        store<f64>(dst + off, load<f64>(dst + off, 8) + load<f64>(src + off, 8), 8);
      }
    }
  }
  const nodes = pfitRegion(PFIT_NODES);
  const weight = pfitRegion(PFIT_WEIGHT);
  const window = pfitRegion(PFIT_WINDOW);
  const theta = pfitRegion(PFIT_THETA);
  const thetaSd = pfitRegion(PFIT_THETA_SD);
  let logLik = 0.0;
  for (let n = 0; n < N; n++) {
    const w = load<f64>(weight + (<usize>n << 3));
    const marginal = posteriorRow(post + <usize>n * rowBytes, nodes, Q, w, window + (<usize>n << 3), eap);
    if (w != 0.0) logLik += w * marginal;
    store<f64>(theta + (<usize>n << 3), load<f64>(eap));
    store<f64>(thetaSd + (<usize>n << 3), load<f64>(eap, 8));
  }
  return logLik;
}

/**
 * Expected counts r_kq = Σ_{n answered k} w_n·posterior_n(θ_q) of item j to PFIT_COUNTS (row k);
 * returns their total (the item's answered weight).
 */
export function polyItemCounts(j: i32): f64 {
  const K = pfitSteps(j);
  const N = pfitSubjects;
  const stride = <usize>pfitStride;
  const rowBytes = stride << 3;
  const counts = pfitRegion(PFIT_COUNTS);
  memory.fill(counts, 0, <usize>(K + 1) * rowBytes);
  const post = pfitRegion(PFIT_POST);
  const window = pfitRegion(PFIT_WINDOW);
  const codeRow = pfitRegion(PFIT_CODES) + <usize>j * <usize>N;
  let total = 0.0;
  for (let n = 0; n < N; n++) {
    const code = <i32>load<u8>(codeRow + <usize>n);
    if (code == CATEGORY_MISSING) continue;
    const row = post + <usize>n * rowBytes;
    const dst = counts + <usize>code * rowBytes;
    const hi = <usize>load<i32>(window + (<usize>n << 3) + 4);
    for (let q = <usize>load<i32>(window + (<usize>n << 3)); q < hi; q++) {
      const off = q << 3;
      const v = load<f64>(row + off);
      store<f64>(dst + off, load<f64>(dst + off) + v);
      total += v;
    }
  }
  return total;
}
