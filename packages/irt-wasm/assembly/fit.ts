// 2PL calibration by marginal maximum likelihood, EM (Bock–Aitkin) over a fixed θ quadrature: the driver.
// One call per EM iteration; every item is visited once per call. The arena is in fit-layout.ts, the steps in
// fit-estep.ts and fit-mstep.ts, the standard errors in fit-standard-errors.ts.
import {
  FIT_A, FIT_B, FIT_FLAGS, FIT_LOG_WEIGHT, FIT_MISS_SP, FIT_NODES, FIT_SOFTPLUS, FIT_SUM_A, FIT_SUM_AB,
  FIT_THETA, FIT_THETA_SD, FLAG_AT_BOUND, FLAG_FREE, FLAG_NO_DATA, STAT_AT_BOUND, STAT_LOG_LIKELIHOOD,
  STAT_LOG_PRIOR, STAT_MAX_CHANGE, fitItems, fitNodeCount, fitRegion, fitStride, fitSubjects, posteriorRow, setStat,
} from './fit-layout';
import { addItem, clearSums, expectation, itemMasses } from './fit-estep';
import { aPriorOn, atBound, bPriorOn, itemLogPrior, itemMaximize, newA, newB } from './fit-mstep';

/** Sum of the item log priors at the current parameters. */
function totalLogPrior(): f64 {
  let value = 0.0;
  if (!aPriorOn && !bPriorOn) return value;
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  for (let j = 0; j < fitItems; j++) value += itemLogPrior(load<f64>(A + (<usize>j << 3)), load<f64>(B + (<usize>j << 3)));
  return value;
}

/** Starts EM from the parameters in FIT_A/FIT_B: the first E-step. Returns the marginal log-likelihood. */
export function emStart(): f64 {
  clearSums();
  for (let j = 0; j < fitItems; j++) addItem(j);
  const logLik = expectation();
  setStat(STAT_LOG_LIKELIHOOD, logLik);
  setStat(STAT_LOG_PRIOR, totalLogPrior());
  setStat(STAT_MAX_CHANGE, Infinity);
  return logLik;
}

/**
 * One EM iteration: the M-step of every item (from the posterior of the last E-step), then the E-step at the
 * new parameters. Returns the largest parameter change; FIT_STATS holds the log-likelihood and prior.
 */
export function emIteration(): f64 {
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const flags = fitRegion(FIT_FLAGS);
  let maxChange = 0.0;
  let bounded = 0;
  clearSums();
  for (let j = 0; j < fitItems; j++) {
    const off = <usize>j << 3;
    const a = load<f64>(A + off);
    const b = load<f64>(B + off);
    let flag = FLAG_FREE;
    if (itemMasses(j) > 0.0) {
      itemMaximize(a, b);
      const change = Math.max(Math.abs(newA - a), Math.abs(newB - b));
      if (change > maxChange) maxChange = change;
      store<f64>(A + off, newA);
      store<f64>(B + off, newB);
      if (atBound(newA, newB)) {
        flag = FLAG_AT_BOUND;
        bounded++;
      }
    } else {
      flag = FLAG_NO_DATA;
    }
    store<i32>(flags + (<usize>j << 2), flag);
    addItem(j);
  }
  const logLik = expectation();
  setStat(STAT_LOG_LIKELIHOOD, logLik);
  setStat(STAT_LOG_PRIOR, totalLogPrior());
  setStat(STAT_MAX_CHANGE, maxChange);
  setStat(STAT_AT_BOUND, <f64>bounded);
  return maxChange;
}

/** EAP abilities and posterior SDs of the calibration sample from the last E-step (FIT_THETA, FIT_THETA_SD). */
export function emAbilities(): void {
  const N = fitSubjects;
  const Q = fitNodeCount;
  const nodes = fitRegion(FIT_NODES);
  const theta = fitRegion(FIT_THETA);
  const thetaSd = fitRegion(FIT_THETA_SD);
  for (let n = 0; n < N; n++) {
    const row = posteriorRow(<usize>n);
    let m0 = 0.0;
    let m1 = 0.0;
    for (let q = 0; q < Q; q++) {
      const p = load<f64>(row + (<usize>q << 3));
      m0 += p;
      m1 += p * load<f64>(nodes + (<usize>q << 3));
    }
    // A zero-weight subject has a zero row: recompute its posterior unweighted.
    if (!(m0 > 0.0)) {
      eapUnweighted(n);
      continue;
    }
    const mean = m1 / m0;
    let m2 = 0.0;
    for (let q = 0; q < Q; q++) {
      const d = load<f64>(nodes + (<usize>q << 3)) - mean;
      m2 += load<f64>(row + (<usize>q << 3)) * d * d;
    }
    store<f64>(theta + (<usize>n << 3), mean);
    store<f64>(thetaSd + (<usize>n << 3), Math.sqrt(m2 / m0));
  }
}

function eapUnweighted(n: i32): void {
  const Q = fitNodeCount;
  const nodes = fitRegion(FIT_NODES);
  const logWeight = fitRegion(FIT_LOG_WEIGHT);
  const total = fitRegion(FIT_SOFTPLUS);
  const missRow = fitRegion(FIT_MISS_SP) + ((<usize>n * <usize>fitStride) << 3);
  const s = load<f64>(fitRegion(FIT_SUM_A) + (<usize>n << 3));
  const c = load<f64>(fitRegion(FIT_SUM_AB) + (<usize>n << 3));
  let top = -Infinity;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const v = load<f64>(logWeight + off) + load<f64>(nodes + off) * s - c - load<f64>(total + off) + load<f64>(missRow + off);
    if (v > top) top = v;
  }
  let m0 = 0.0;
  let m1 = 0.0;
  let m2 = 0.0;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const x = load<f64>(nodes + off);
    const p = Math.exp(load<f64>(logWeight + off) + x * s - c - load<f64>(total + off) + load<f64>(missRow + off) - top);
    m0 += p;
    m1 += p * x;
    m2 += p * x * x;
  }
  const mean = m1 / m0;
  store<f64>(fitRegion(FIT_THETA) + (<usize>n << 3), mean);
  store<f64>(fitRegion(FIT_THETA_SD) + (<usize>n << 3), Math.sqrt(Math.max(m2 / m0 - mean * mean, 0.0)));
}
