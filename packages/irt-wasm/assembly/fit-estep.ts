// 2PL calibration, the E-step: the sufficient sums items add to, the posterior of every subject on the
// quadrature (log-likelihood from the sums), and one item's expected right answers and answers per node.
import {
  FIT_A, FIT_B, FIT_ITEM_MASS, FIT_ITEM_SP, FIT_LOG_WEIGHT, FIT_MISS, FIT_MISS_SP, FIT_MISS_START, FIT_NODES,
  FIT_NODE_MASS, FIT_POST, FIT_RIGHT, FIT_RIGHT_MASS, FIT_RIGHT_START, FIT_SOFTPLUS, FIT_SUM_A, FIT_SUM_AB,
  FIT_WEIGHT, FIT_WINDOW, fitNodeCount, fitRegion, fitStride, fitSubjects, posteriorRow,
} from './fit-layout';
import { softplus } from './irf';

/** Posterior values below this fraction of a subject's peak are set to 0 (they cannot move a double sum). */
const WINDOW_CUT: f64 = 1e-17;

/** Zeroes the sufficient sums that items add to (FIT_SUM_A, FIT_SUM_AB, FIT_SOFTPLUS, FIT_MISS_SP). */
export function clearSums(): void {
  const N = <usize>fitSubjects;
  const stride = <usize>fitStride;
  memory.fill(fitRegion(FIT_SUM_A), 0, N << 3);
  memory.fill(fitRegion(FIT_SUM_AB), 0, N << 3);
  memory.fill(fitRegion(FIT_SOFTPLUS), 0, stride << 3);
  memory.fill(fitRegion(FIT_MISS_SP), 0, (N * stride) << 3);
}

/** Adds item j (at its current a, b) to the sums the E-step reads. */
export function addItem(j: i32): void {
  const a = load<f64>(fitRegion(FIT_A) + (<usize>j << 3));
  const b = load<f64>(fitRegion(FIT_B) + (<usize>j << 3));
  const nodes = fitRegion(FIT_NODES);
  const itemSp = fitRegion(FIT_ITEM_SP);
  const total = fitRegion(FIT_SOFTPLUS);
  const Q = fitNodeCount;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const sp = softplus(a * (load<f64>(nodes + off) - b));
    store<f64>(itemSp + off, sp);
    store<f64>(total + off, load<f64>(total + off) + sp);
  }
  const stride = <usize>fitStride;
  const missStart = fitRegion(FIT_MISS_START);
  const miss = fitRegion(FIT_MISS);
  const missSp = fitRegion(FIT_MISS_SP);
  const m1 = load<i32>(missStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(missStart + (<usize>j << 2)); k < m1; k++) {
    const row = missSp + ((<usize>load<i32>(miss + (<usize>k << 2)) * stride) << 3);
    for (let q: usize = 0; q < stride; q += 2) {
      const at = row + (q << 3);
      store<f64>(at, load<f64>(at) + load<f64>(itemSp + (q << 3)));
      store<f64>(at, load<f64>(at, 8) + load<f64>(itemSp + (q << 3), 8), 8);
    }
  }
  const rightStart = fitRegion(FIT_RIGHT_START);
  const right = fitRegion(FIT_RIGHT);
  const sumA = fitRegion(FIT_SUM_A);
  const sumAB = fitRegion(FIT_SUM_AB);
  const ab = a * b;
  const r1 = load<i32>(rightStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(rightStart + (<usize>j << 2)); k < r1; k++) {
    const off = <usize>load<i32>(right + (<usize>k << 2)) << 3;
    store<f64>(sumA + off, load<f64>(sumA + off) + a);
    store<f64>(sumAB + off, load<f64>(sumAB + off) + ab);
  }
}

/**
 * E-step from the sums: log p(x_n | θ_q) = θ_q·Σa − Σab − Σ_observed softplus; writes w_n × posterior to
 * FIT_POST, the node masses, and returns the marginal log-likelihood Σ_n w_n log Σ_q π_q p(x_n | θ_q).
 */
export function expectation(): f64 {
  const N = fitSubjects;
  const Q = fitNodeCount;
  const stride = <usize>fitStride;
  const nodes = fitRegion(FIT_NODES);
  const logWeight = fitRegion(FIT_LOG_WEIGHT);
  const post = fitRegion(FIT_POST);
  const total = fitRegion(FIT_SOFTPLUS);
  const missSp = fitRegion(FIT_MISS_SP);
  const sumA = fitRegion(FIT_SUM_A);
  const sumAB = fitRegion(FIT_SUM_AB);
  const weight = fitRegion(FIT_WEIGHT);
  const mass = fitRegion(FIT_NODE_MASS);
  const window = fitRegion(FIT_WINDOW);
  memory.fill(mass, 0, stride << 3);
  let logLik = 0.0;
  for (let n = 0; n < N; n++) {
    const s = load<f64>(sumA + (<usize>n << 3));
    const c = load<f64>(sumAB + (<usize>n << 3));
    const w = load<f64>(weight + (<usize>n << 3));
    const row = post + ((<usize>n * stride) << 3);
    const missRow = missSp + ((<usize>n * stride) << 3);
    let top = -Infinity;
    for (let q = 0; q < Q; q++) {
      const off = <usize>q << 3;
      const v = load<f64>(logWeight + off) + load<f64>(nodes + off) * s - c - load<f64>(total + off) + load<f64>(missRow + off);
      store<f64>(row + off, v);
      if (v > top) top = v;
    }
    let sum = 0.0;
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
    }
    logLik += w * (top + Math.log(sum));
    const scale = w / sum;
    // The window, widened to whole lane pairs (the pad node at stride − 1 is 0).
    const lo = first & ~1;
    const hi = (last + 2) & ~1;
    store<i32>(window + (<usize>n << 3), lo);
    store<i32>(window + (<usize>n << 3) + 4, hi);
    for (let q = lo; q < hi; q++) {
      const off = <usize>q << 3;
      const v = load<f64>(row + off) * scale;
      store<f64>(row + off, v);
      store<f64>(mass + off, load<f64>(mass + off) + v);
    }
  }
  return logLik;
}

/** Expected right answers r_q and answers n_q of item j under the current posterior (FIT_*_MASS). */
export function itemMasses(j: i32): f64 {
  const stride = <usize>fitStride;
  const rightMass = fitRegion(FIT_RIGHT_MASS);
  const itemMass = fitRegion(FIT_ITEM_MASS);
  const mass = fitRegion(FIT_NODE_MASS);
  memory.fill(rightMass, 0, stride << 3);
  memory.copy(itemMass, mass, stride << 3);
  const rightStart = fitRegion(FIT_RIGHT_START);
  const right = fitRegion(FIT_RIGHT);
  const r1 = load<i32>(rightStart + (<usize>(j + 1) << 2));
  const window = fitRegion(FIT_WINDOW);
  for (let k = load<i32>(rightStart + (<usize>j << 2)); k < r1; k++) {
    const n = <usize>load<i32>(right + (<usize>k << 2));
    const row = posteriorRow(n);
    const hi = <usize>load<i32>(window + (n << 3) + 4);
    for (let q = <usize>load<i32>(window + (n << 3)); q < hi; q += 2) {
      const at = rightMass + (q << 3);
      store<f64>(at, load<f64>(at) + load<f64>(row + (q << 3)));
      store<f64>(at, load<f64>(at, 8) + load<f64>(row + (q << 3), 8), 8);
    }
  }
  const missStart = fitRegion(FIT_MISS_START);
  const miss = fitRegion(FIT_MISS);
  const m1 = load<i32>(missStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(missStart + (<usize>j << 2)); k < m1; k++) {
    const n = <usize>load<i32>(miss + (<usize>k << 2));
    const row = posteriorRow(n);
    const hi = <usize>load<i32>(window + (n << 3) + 4);
    for (let q = <usize>load<i32>(window + (n << 3)); q < hi; q += 2) {
      const at = itemMass + (q << 3);
      store<f64>(at, load<f64>(at) - load<f64>(row + (q << 3)));
      store<f64>(at, load<f64>(at, 8) - load<f64>(row + (q << 3), 8), 8);
    }
  }
  let answered = 0.0;
  for (let q = 0; q < fitNodeCount; q++) answered += load<f64>(itemMass + (<usize>q << 3));
  return answered;
}
