// Polytomous calibration, one item in the working parameterization the M-step optimizes: x = (a, c_1…c_K)
// (a left out for PCM, whose slope is 1) with linear predictors
//   GRM   z_k = a·θ + c_k, P(X ≥ k) = σ(z_k), c_k = −a·b_k (thresholds increasing ⇔ c decreasing);
//   GPCM  z_k = k·a·θ + c_k, P(X = k) ∝ e^{z_k}, c_0 = 0, c_k = −a·Σ_{t≤k} d_t.
// In x both log-likelihoods are concave (the GRM is a cumulative logit model, Pratt 1981; the GPCM a
// multinomial logit), which is why the Newton M-step works there and not in (a, b). The box and the order of
// GRM thresholds are kept by projectItem, in the natural parameters.
import {
  PFIT_A, PFIT_WORK, pfitALow, pfitAHigh, pfitFreeSlope, pfitMaxCategories, pfitModel, pfitRegion, pfitSteps,
  pfitThresholds, pfitTLimit,
} from './poly-fit-layout';
import { clampTo } from './math';
import { grmLogCategory } from './poly-irf';
import { MODEL_GRM } from './poly-layout';

/**
 * Smallest gap between successive GRM thresholds: a category nobody chose pulls its two thresholds
 * together (the likelihood rises as that category's probability goes to 0), and the bank needs them
 * strictly increasing. Such an item is reported at the bound.
 */
export const GRM_MIN_GAP: f64 = 1e-4;

// Work vectors (each maxCategories + 2 long) and matrices (maxCategories² each) in PFIT_WORK
// (15·(C + 2) + 4·C² ≤ 19·C² doubles for C ≥ 2 categories).
export const V_X: i32 = 0;
export const V_GRAD: i32 = 1;
export const V_STEP: i32 = 2;
export const V_CAND: i32 = 3;
export const V_CAND_GRAD: i32 = 4;
const V_Z: i32 = 5;
const V_F: i32 = 6;
export const V_DF: i32 = 7;
export const V_DDF: i32 = 8;
export const V_P: i32 = 9;
export const V_LOG_P: i32 = 10;
export const V_MOMENT: i32 = 11;
const V_T: i32 = 12;
export const V_RHO: i32 = 13;
const V_F_COMPLEMENT: i32 = 14;
const VECTORS: i32 = 15;
export const M_INFO: i32 = 0;
export const M_CAND_INFO: i32 = 1;
export const M_SOLVE: i32 = 2;
export const M_MOMENT: i32 = 3;

@inline export function vec(which: i32): usize {
  return pfitRegion(PFIT_WORK) + (<usize>(which * (pfitMaxCategories + 2)) << 3);
}

@inline export function mat(which: i32): usize {
  const C = pfitMaxCategories;
  return pfitRegion(PFIT_WORK) + (<usize>(VECTORS * (C + 2) + which * C * C) << 3);
}

@inline export function at(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

@inline export function put(base: usize, i: i32, value: f64): void {
  store<f64>(base + (<usize>i << 3), value);
}

@inline export function add(base: usize, i: i32, value: f64): void {
  const p = base + (<usize>i << 3);
  store<f64>(p, load<f64>(p) + value);
}

/** 1 when the slope is estimated (GRM, GPCM), 0 for PCM: the offset of c_1 in x. */
@inline export function slopeSlots(): i32 {
  return pfitFreeSlope ? 1 : 0;
}

/** Item j's natural parameters (PFIT_A, thresholds) → x. */
export function toWorking(j: i32, x: usize): void {
  const K = pfitSteps(j);
  const t = pfitThresholds(j);
  const s = slopeSlots();
  const a = s ? load<f64>(pfitRegion(PFIT_A) + (<usize>j << 3)) : 1.0;
  if (s) put(x, 0, a);
  let c = 0.0;
  for (let k = 0; k < K; k++) {
    c = pfitModel == MODEL_GRM ? -a * at(t, k) : c - a * at(t, k);
    put(x, s + k, c);
  }
}

/** x → the natural thresholds at `t` (a is x[0], or 1). */
function thresholdsOf(x: usize, K: i32, t: usize): void {
  const s = slopeSlots();
  const a = s ? at(x, 0) : 1.0;
  let previous = 0.0;
  for (let k = 0; k < K; k++) {
    const c = at(x, s + k);
    put(t, k, pfitModel == MODEL_GRM ? -c / a : (previous - c) / a);
    previous = c;
  }
}

/** x → item j's natural parameters. */
export function fromWorking(j: i32, x: usize): void {
  const K = pfitSteps(j);
  if (slopeSlots()) store<f64>(pfitRegion(PFIT_A) + (<usize>j << 3), at(x, 0));
  thresholdsOf(x, K, pfitThresholds(j));
}

/**
 * Moves x into the box (a in [aLow, aHigh], |threshold| ≤ tLimit) and, for the GRM, makes the thresholds
 * increase by at least GRM_MIN_GAP (a forward then a backward pass), all in the natural parameters (the
 * thresholds read at x's own slope, before it is clamped).
 */
export function projectItem(x: usize, K: i32): void {
  const s = slopeSlots();
  // the thresholds x stands for, then the slope clamped: a start value's thresholds survive a clamped slope
  const t = vec(V_T);
  thresholdsOf(x, K, t);
  if (s) put(x, 0, clampTo(at(x, 0), pfitALow, pfitAHigh));
  const a = s ? at(x, 0) : 1.0;
  const limit = pfitTLimit;
  for (let k = 0; k < K; k++) put(t, k, clampTo(at(t, k), -limit, limit));
  if (pfitModel == MODEL_GRM) {
    for (let k = 1; k < K; k++) put(t, k, Math.max(at(t, k), at(t, k - 1) + GRM_MIN_GAP));
    put(t, K - 1, Math.min(at(t, K - 1), limit));
    for (let k = K - 2; k >= 0; k--) put(t, k, Math.min(at(t, k), at(t, k + 1) - GRM_MIN_GAP));
  }
  let c = 0.0;
  for (let k = 0; k < K; k++) {
    c = pfitModel == MODEL_GRM ? -a * at(t, k) : c - a * at(t, k);
    put(x, s + k, c);
  }
}

/** Whether x sits on the box (relative 1e-6) or, for the GRM, two thresholds on the smallest gap. */
export function itemAtBound(x: usize, K: i32): bool {
  const eps = 1e-6;
  if (slopeSlots()) {
    const a = at(x, 0);
    if (a <= pfitALow * (1.0 + eps) || a >= pfitAHigh * (1.0 - eps)) return true;
  }
  const t = vec(V_T);
  thresholdsOf(x, K, t);
  for (let k = 0; k < K; k++) {
    if (Math.abs(at(t, k)) >= pfitTLimit * (1.0 - eps)) return true;
    if (pfitModel == MODEL_GRM && k > 0 && at(t, k) - at(t, k - 1) <= GRM_MIN_GAP * (1.0 + 1e-3)) return true;
  }
  return false;
}

/** P below this counts as this (keeps r/P² finite where a category's probability underflows). */
const P_FLOOR: f64 = 1e-150;

/** E[X] under the GPCM at the last nodeProbabilities(). */
export let nodeMean: f64 = 0.0;

/**
 * Category probabilities of the item x at θ: log P_k to V_LOG_P, P_k (floored) to V_P; for the GRM also
 * F_k = σ(z_k), f_k = F_k(1 − F_k) and f'_k = f_k(1 − 2F_k) (k = 1…K; index 0 and K + 1 hold the ends
 * F = 1 and 0, f = f' = 0); for the GPCM nodeMean.
 */
export function nodeProbabilities(x: usize, K: i32, theta: f64): void {
  const s = slopeSlots();
  const a = s ? at(x, 0) : 1.0;
  const logP = vec(V_LOG_P);
  const P = vec(V_P);
  if (pfitModel == MODEL_GRM) {
    const z = vec(V_Z);
    const F = vec(V_F);
    const dF = vec(V_DF);
    const ddF = vec(V_DDF);
    put(F, 0, 1.0);
    put(dF, 0, 0.0);
    put(ddF, 0, 0.0);
    put(F, K + 1, 0.0);
    put(dF, K + 1, 0.0);
    put(ddF, K + 1, 0.0);
    put(z, 0, Infinity);
    put(z, K + 1, -Infinity);
    // F_k = σ(z_k) and its complement σ(−z_k), both to full relative precision
    const Fc = vec(V_F_COMPLEMENT);
    put(Fc, 0, 0.0);
    put(Fc, K + 1, 1.0);
    for (let k = 1; k <= K; k++) {
      const zk = a * theta + at(x, s + k - 1);
      const e = Math.exp(-Math.abs(zk));
      const inv = 1.0 / (1.0 + e);
      const Fk = zk >= 0.0 ? inv : e * inv;
      const fk = e * inv * inv;
      put(z, k, zk);
      put(F, k, Fk);
      put(Fc, k, zk >= 0.0 ? e * inv : inv);
      put(dF, k, fk);
      put(ddF, k, fk * (1.0 - 2.0 * Fk));
    }
    for (let k = 0; k <= K; k++) {
      // P_k = F_k − F_{k+1}, from the complements where both are above ½ (no cancellation of leading ones)
      const p = at(z, k + 1) > 0.0 ? at(Fc, k + 1) - at(Fc, k) : at(F, k) - at(F, k + 1);
      // the log form where P underflows (far tails with large slopes)
      const lp = p > 1e-290 ? Math.log(p) : grmLogCategory(at(z, k), at(z, k + 1), k == 0, k == K);
      put(logP, k, lp);
      put(P, k, Math.max(p, P_FLOOR));
    }
    return;
  }
  let top = 0.0;
  put(logP, 0, 0.0);
  for (let k = 1; k <= K; k++) {
    const zk = <f64>k * a * theta + at(x, s + k - 1);
    put(logP, k, zk);
    if (zk > top) top = zk;
  }
  let sum = 0.0;
  for (let k = 0; k <= K; k++) {
    const e = Math.exp(at(logP, k) - top);
    put(P, k, e);
    sum += e;
  }
  const norm = top + Math.log(sum);
  const scale = 1.0 / sum;
  let mean = 0.0;
  for (let k = 0; k <= K; k++) {
    put(logP, k, at(logP, k) - norm);
    const p = at(P, k) * scale;
    put(P, k, p);
    mean += <f64>k * p;
  }
  nodeMean = mean;
}

/** ∇_x log P_k at the last nodeProbabilities(θ) to `out` (length K + slopeSlots()). */
export function categoryScore(k: i32, K: i32, theta: f64, out: usize): void {
  const s = slopeSlots();
  const P = vec(V_P);
  if (pfitModel == MODEL_GRM) {
    for (let l = 0; l < K; l++) put(out, s + l, 0.0);
    const pk = at(P, k);
    let sum = 0.0;
    // log P_k = log(F_k − F_{k+1}): ∂/∂z_k = f_k/P_k, ∂/∂z_{k+1} = −f_{k+1}/P_k
    if (k >= 1) {
      const g = at(vec(V_DF), k) / pk;
      put(out, s + k - 1, g);
      sum += g;
    }
    if (k < K) {
      const g = -at(vec(V_DF), k + 1) / pk;
      put(out, s + k, g);
      sum += g;
    }
    if (s) put(out, 0, theta * sum);
    return;
  }
  // log P_k = z_k − log Σ e^z: ∂/∂c_l = [l = k] − P_l, ∂/∂a = θ(k − E[X])
  for (let l = 1; l <= K; l++) put(out, s + l - 1, (l == k ? 1.0 : 0.0) - at(P, l));
  if (s) put(out, 0, theta * (<f64>k - nodeMean));
}

/**
 * Cholesky factor L (lower, row stride n) of the n×n matrix A; false when A is not positive definite.
 */
export function cholesky(A: usize, L: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = at(A, i * n + j);
      for (let k = 0; k < j; k++) sum -= at(L, i * n + k) * at(L, j * n + k);
      if (i == j) {
        if (!(sum > 0.0)) return false;
        put(L, i * n + i, Math.sqrt(sum));
      } else {
        put(L, i * n + j, sum / at(L, j * n + j));
      }
    }
  }
  return true;
}

/** Solves L·Lᵀ·y = b (L from cholesky) into y (may be b). */
export function choleskySolve(L: usize, n: i32, b: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    let sum = at(b, i);
    for (let k = 0; k < i; k++) sum -= at(L, i * n + k) * at(y, k);
    put(y, i, sum / at(L, i * n + i));
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = at(y, i);
    for (let k = i + 1; k < n; k++) sum -= at(L, k * n + i) * at(y, k);
    put(y, i, sum / at(L, i * n + i));
  }
}
