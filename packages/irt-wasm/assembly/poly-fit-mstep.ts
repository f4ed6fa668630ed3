// Polytomous calibration, the M-step: one item's expected complete-data log posterior
// Σ_q Σ_k r_kq·log P_k(θ_q) + log prior in the working parameters x (poly-fit-item.ts), its gradient and
// information (negative Hessian), and its maximization by Newton's method from the counts of the E-step.
import {
  PFIT_A, PFIT_COUNTS, PFIT_NODES, pfitAMeanLog, pfitAPrior, pfitASdLog, pfitItemSteps, pfitItemTolerance,
  pfitModel, pfitNodeCount, pfitRegion, pfitStride, pfitSteps, pfitThresholds, pfitTMean, pfitTPrior, pfitTSd,
} from './poly-fit-layout';
import {
  M_CAND_INFO, M_INFO, M_SOLVE, V_CAND, V_CAND_GRAD, V_DDF, V_DF, V_GRAD, V_P, V_LOG_P, V_RHO, V_STEP, V_X, add, at, cholesky,
  choleskySolve, fromWorking, mat, nodeMean, nodeProbabilities, projectItem, put, slopeSlots, toWorking, vec,
} from './poly-fit-item';
import { MODEL_GRM } from './poly-layout';

/** Log prior of item j at its natural parameters (0 without priors), up to constants. */
export function polyItemLogPrior(j: i32): f64 {
  let value = 0.0;
  if (pfitAPrior && slopeSlots()) {
    const a = load<f64>(pfitRegion(PFIT_A) + (<usize>j << 3));
    const la = Math.log(a);
    const z = (la - pfitAMeanLog) / pfitASdLog;
    value += -la - 0.5 * z * z;
  }
  if (pfitTPrior) {
    const t = pfitThresholds(j);
    for (let k = 0; k < pfitSteps(j); k++) {
      const z = (at(t, k) - pfitTMean) / pfitTSd;
      value += -0.5 * z * z;
    }
  }
  return value;
}

/** Adds the information of a row/column pair (symmetric). */
@inline function addSym(info: usize, P: i32, i: i32, j: i32, value: f64): void {
  add(info, i * P + j, value);
  if (i != j) add(info, j * P + i, value);
}

/**
 * The objective at x for an item with K thresholds (counts in PFIT_COUNTS), its gradient to `grad` and its
 * information (negative Hessian, P×P with P = K + slopeSlots()) to `info`.
 *   GRM: with ρ_k = r_k/P_k, ∂/∂z_k = f_k(ρ_k − ρ_{k−1}); the Hessian in z is tridiagonal:
 *     ∂²/∂z_k² = f'_k(ρ_k − ρ_{k−1}) − f_k²(ρ_k/P_k + ρ_{k−1}/P_{k−1}), ∂²/∂z_k∂z_{k+1} = f_k f_{k+1} ρ_k/P_k,
 *     and ∂z_k/∂a = θ.
 *   GPCM: features φ_k = (kθ, e_k): gradient Σ_k (r_k − n P_k) φ_k, information n·Cov_P(φ).
 * Priors: log-normal on a; normal on every threshold t = −u/a (u = c_k for the GRM, c_k − c_{k−1} for the
 * GPCM), by the chain rule as the 2PL M-step does for b = −d/a.
 */
export function itemEvaluate(x: usize, K: i32, grad: usize, info: usize): f64 {
  const s = slopeSlots();
  const P = K + s;
  const a = s ? at(x, 0) : 1.0;
  memory.fill(grad, 0, <usize>P << 3);
  memory.fill(info, 0, <usize>(P * P) << 3);
  const nodes = pfitRegion(PFIT_NODES);
  const counts = pfitRegion(PFIT_COUNTS);
  const rowBytes = <usize>pfitStride << 3;
  const prob = vec(V_P);
  const logP = vec(V_LOG_P);
  const dF = vec(V_DF);
  const ddF = vec(V_DDF);
  const rho = vec(V_RHO);
  const grm = pfitModel == MODEL_GRM;
  let value = 0.0;
  for (let q = 0; q < pfitNodeCount; q++) {
    const off = <usize>q << 3;
    let n = 0.0;
    for (let k = 0; k <= K; k++) n += load<f64>(counts + <usize>k * rowBytes + off);
    // nodes outside every answering subject's window carry no mass
    if (n == 0.0) continue;
    const theta = load<f64>(nodes + off);
    nodeProbabilities(x, K, theta);
    for (let k = 0; k <= K; k++) {
      const r = load<f64>(counts + <usize>k * rowBytes + off);
      if (r > 0.0) value += r * at(logP, k);
      put(rho, k, r / at(prob, k));
    }
    if (grm) {
      let gSum = 0.0;
      let hSum = 0.0;
      for (let k = 1; k <= K; k++) {
        const i = s + k - 1;
        const f = at(dF, k);
        const diff = at(rho, k) - at(rho, k - 1);
        const g = f * diff;
        add(grad, i, g);
        gSum += g;
        const hkk = -at(ddF, k) * diff + f * f * (at(rho, k) / at(prob, k) + at(rho, k - 1) / at(prob, k - 1));
        add(info, i * P + i, hkk);
        let row = hkk;
        if (k < K) {
          const h = -f * at(dF, k + 1) * at(rho, k) / at(prob, k);
          addSym(info, P, i, i + 1, h);
          row += h;
        }
        if (k > 1) row += -at(dF, k - 1) * f * at(rho, k - 1) / at(prob, k - 1);
        if (s) addSym(info, P, 0, i, theta * row);
        hSum += row;
      }
      if (s) {
        add(grad, 0, theta * gSum);
        add(info, 0, theta * theta * hSum);
      }
    } else {
      const mean = nodeMean;
      let rk = 0.0;
      let variance = 0.0;
      for (let k = 0; k <= K; k++) {
        const d = <f64>k - mean;
        variance += at(prob, k) * d * d;
        rk += <f64>k * load<f64>(counts + <usize>k * rowBytes + off);
      }
      if (s) {
        add(grad, 0, theta * (rk - n * mean));
        add(info, 0, n * theta * theta * variance);
      }
      for (let l = 1; l <= K; l++) {
        const i = s + l - 1;
        const pl = at(prob, l);
        add(grad, i, load<f64>(counts + <usize>l * rowBytes + off) - n * pl);
        if (s) addSym(info, P, 0, i, n * theta * pl * (<f64>l - mean));
        add(info, i * P + i, n * pl);
        for (let m = 1; m <= K; m++) add(info, i * P + s + m - 1, -n * pl * at(prob, m));
      }
    }
  }
  if (pfitAPrior && s) {
    if (a <= 0.0) return -Infinity;
    const s2 = pfitASdLog * pfitASdLog;
    const u = Math.log(a) - pfitAMeanLog;
    value += -Math.log(a) - 0.5 * u * u / s2;
    add(grad, 0, -(1.0 + u / s2) / a);
    add(info, 0, -(1.0 + u / s2 - 1.0 / s2) / (a * a));
  }
  if (pfitTPrior) {
    const s2 = pfitTSd * pfitTSd;
    const a2 = a * a;
    let previous = 0.0;
    for (let k = 1; k <= K; k++) {
      const c = at(x, s + k - 1);
      const u = grm ? c : c - previous;
      previous = c;
      const t = -u / a;
      const slope = -(t - pfitTMean) / s2;
      value += -0.5 * (t - pfitTMean) * (t - pfitTMean) / s2;
      const i = s + k - 1;
      // u = c_k (GRM) or c_k − c_{k−1} (GPCM): the pieces on c_{k−1} carry the opposite sign
      const both = !grm && k > 1;
      const gU = slope * (-1.0 / a);
      const iAU = (t / s2 - slope) / a2;
      const iUU = 1.0 / (s2 * a2);
      add(grad, i, gU);
      add(info, i * P + i, iUU);
      if (both) {
        add(grad, i - 1, -gU);
        add(info, (i - 1) * P + i - 1, iUU);
        addSym(info, P, i - 1, i, -iUU);
      }
      if (s) {
        add(grad, 0, slope * (-t / a));
        add(info, 0, (t * t / s2 - 2.0 * t * slope) / a2);
        addSym(info, P, 0, i, iAU);
        if (both) addSym(info, P, 0, i - 1, -iAU);
      }
    }
  }
  return value;
}

const MAX_STEP_A: f64 = 1.0;
const MAX_STEP_C: f64 = 2.0;
const MAX_HALVINGS: i32 = 30;

/**
 * Solves (info + λI)·step = grad, with λ = 0 when info is positive definite and otherwise grown from
 * 1e-8·(largest diagonal + 1) by ×100 until it is (a prior can make the information indefinite).
 */
function newtonStep(info: usize, grad: usize, step: usize, P: i32): bool {
  const A = mat(M_SOLVE);
  let top = 0.0;
  for (let i = 0; i < P; i++) top = Math.max(top, Math.abs(at(info, i * P + i)));
  let lambda = 0.0;
  for (let attempt = 0; attempt < 12; attempt++) {
    // the factor overwrites its input: the lower triangle is read before it is written
    memory.copy(A, info, <usize>(P * P) << 3);
    for (let i = 0; i < P; i++) add(A, i * P + i, lambda);
    if (cholesky(A, A, P)) {
      choleskySolve(A, P, grad, step);
      return true;
    }
    lambda = lambda == 0.0 ? 1e-8 * (top + 1.0) : lambda * 100.0;
  }
  return false;
}

/**
 * Maximizes item j's objective from its current parameters by Newton's method in x: the step capped
 * (a by 1, each c by 2·max(1, a)·K), projected onto the box and order, and halved until the objective does
 * not drop, so every M-step is monotone. Writes the result back; returns the largest change of a natural
 * parameter (a and the thresholds).
 */
export function polyItemMaximize(j: i32): f64 {
  const K = pfitSteps(j);
  const s = slopeSlots();
  const P = K + s;
  let x = vec(V_X);
  let cand = vec(V_CAND);
  let grad = vec(V_GRAD);
  let candGrad = vec(V_CAND_GRAD);
  let info = mat(M_INFO);
  let candInfo = mat(M_CAND_INFO);
  const step = vec(V_STEP);
  toWorking(j, x);
  projectItem(x, K);
  let f = itemEvaluate(x, K, grad, info);
  for (let it = 0; it < pfitItemSteps; it++) {
    if (!newtonStep(info, grad, step, P)) break;
    const a = s ? at(x, 0) : 1.0;
    // a step below the tolerance cannot change the objective measurably: take it without evaluating
    let size = 0.0;
    for (let i = 0; i < P; i++) size = Math.max(size, Math.abs(at(step, i)));
    if (size < pfitItemTolerance) {
      for (let i = 0; i < P; i++) add(x, i, at(step, i));
      projectItem(x, K);
      break;
    }
    let scale = 1.0;
    for (let i = 0; i < P; i++) {
      const d = Math.abs(at(step, i));
      if (!isFinite(d)) return applyResult(j, x, K);
      const cap = i < s ? MAX_STEP_A : MAX_STEP_C * Math.max(1.0, a) * <f64>K;
      if (d * scale > cap) scale = cap / d;
    }
    let accepted = false;
    let nf = f;
    for (let h = 0; h <= MAX_HALVINGS; h++) {
      for (let i = 0; i < P; i++) put(cand, i, at(x, i) + scale * at(step, i));
      projectItem(cand, K);
      nf = itemEvaluate(cand, K, candGrad, candInfo);
      if (nf >= f) {
        accepted = true;
        break;
      }
      scale *= 0.5;
    }
    if (!accepted) break;
    let moved = 0.0;
    for (let i = 0; i < P; i++) moved = Math.max(moved, Math.abs(at(cand, i) - at(x, i)));
    // swap the current point and the candidate (with their derivatives)
    const tx = x; x = cand; cand = tx;
    const tg = grad; grad = candGrad; candGrad = tg;
    const ti = info; info = candInfo; candInfo = ti;
    f = nf;
    if (moved < pfitItemTolerance) break;
  }
  return applyResult(j, x, K);
}

/** Stores x as item j's parameters; returns the largest change of a natural parameter. */
function applyResult(j: i32, x: usize, K: i32): f64 {
  const aAt = pfitRegion(PFIT_A) + (<usize>j << 3);
  const t = pfitThresholds(j);
  const oldA = load<f64>(aAt);
  // the old thresholds, kept in the step vector (no longer needed)
  const old = vec(V_STEP);
  for (let k = 0; k < K; k++) put(old, k, at(t, k));
  fromWorking(j, x);
  let change = Math.abs(load<f64>(aAt) - oldA);
  for (let k = 0; k < K; k++) change = Math.max(change, Math.abs(at(t, k) - at(old, k)));
  return change;
}
