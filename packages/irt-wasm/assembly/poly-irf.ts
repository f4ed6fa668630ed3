// Polytomous item response functions (catR's parameterizations, D = 1) and, per item, the quantities every
// estimator needs, computed in one pass:
//   GRM   P(X ≥ k) = P*_k = σ(a(θ − b_k)), P*_0 = 1, P*_{K+1} = 0, P(X = k) = P*_k − P*_{k+1};
//         the score of category k is s_k = ∂ log P_k/∂θ = a(1 − P*_k − P*_{k+1}) (σ' = σ(1 − σ) cancels
//         the difference), its slope s'_k = −a²(P*_k Q*_k + P*_{k+1} Q*_{k+1}).
//   GPCM  P(X = k) ∝ exp z_k, z_k = Σ_{t ≤ k} a(θ − d_t) (z_0 = 0); s_k = a(k − E[X]), s'_k = −a² Var X.
// Fisher information I = Σ_k P_k s_k², Warm's J = Σ_k P'_k P''_k / P_k = Σ_k P_k s_k (s_k² + s'_k).
//
// One exponential per item and θ: with m the centre of item j's thresholds and e_k precomputed per bank
// (polyPrepareExponentials, POLY_THRESHOLD_EXP),
//   GRM   P*_k = 1/(1 + u·e_k),  u = e^{−a(θ − m)},  e_k = e^{a(b_k − m)};
//   GPCM  exp z_k = v^k·e_k,      v = e^{a(θ − m)},   e_k = e^{−a Σ_{t≤k}(d_t − m)},
// instead of K logistics or K + 1 exponentials. Every factor stays within e^{±FAST_REACH}, so nothing
// overflows and P*_k keeps its relative precision in both tails; an item whose thresholds spread too far for
// that (m stored as NaN) or a θ too far from m takes the K-exponential pass.
import { logistic, logLogistic } from './irf';
import {
  polyAdmItem, polyAdmX, polyRegion, POLY_A, POLY_CATEGORY, POLY_CENTER, MODEL_GRM, POLY_MODEL, POLY_STEPS, POLY_OFFSET,
  POLY_SCRATCH, POLY_THRESHOLD_EXP, POLY_THRESHOLDS,
} from './poly-layout';

/** Largest |exponent| of a factor in the one-exponential pass (e^350 squared is still finite). */
const FAST_REACH: f64 = 350.0;

/** Results of the last polyItemPass(): the response's score, the item's information and Warm's J. */
export let passScore: f64 = 0.0;
export let passInformation: f64 = 0.0;
export let passSkew: f64 = 0.0;
/** −s'_x of the response's category (the observed information; for x ≥ 0 only). */
export let passObserved: f64 = 0.0;

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/** Number of thresholds K of item j (its categories are 0…K). */
@inline export function polySteps(j: i32): i32 {
  return i32At(polyRegion(POLY_STEPS), j);
}

/**
 * Writes each item's centre m (POLY_CENTER) and threshold exponentials (POLY_THRESHOLD_EXP) for the
 * one-exponential pass (see the top of this file); NaN as the centre where an exponential would leave
 * e^{±FAST_REACH}. Call after POLY_A … POLY_THRESHOLDS are written.
 */
export function polyPrepareExponentials(nItems: i32): void {
  for (let j = 0; j < nItems; j++) {
    const a = f64At(polyRegion(POLY_A), j);
    const K = i32At(polyRegion(POLY_STEPS), j);
    const offset = i32At(polyRegion(POLY_OFFSET), j);
    const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>offset << 3);
    const exps = polyRegion(POLY_THRESHOLD_EXP) + (<usize>offset << 3);
    const grm = i32At(polyRegion(POLY_MODEL), j) == MODEL_GRM;
    let m = 0.0;
    for (let k = 0; k < K; k++) m += f64At(thresholds, k);
    m /= <f64>K;
    let fits = isFinite<f64>(m);
    let sum = 0.0;
    for (let k = 0; k < K; k++) {
      const deviation = f64At(thresholds, k) - m;
      sum += deviation;
      const exponent = grm ? a * deviation : -a * sum;
      if (!(Math.abs(exponent) <= FAST_REACH)) fits = false;
      store<f64>(exps + (<usize>k << 3), Math.exp(exponent));
    }
    store<f64>(polyRegion(POLY_CENTER) + (<usize>j << 3), fits ? m : NaN);
  }
}

/**
 * One pass over item j at θ: sets passInformation, passScore and passObserved (for category x; x < 0 skips them) and, when
 * wantSkew, passSkew. With `probabilities` the category probabilities go to POLY_CATEGORY.
 */
@inline export function polyItemPass(j: i32, theta: f64, x: i32, wantSkew: bool, probabilities: bool): void {
  const a = f64At(polyRegion(POLY_A), j);
  const K = i32At(polyRegion(POLY_STEPS), j);
  const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>i32At(polyRegion(POLY_OFFSET), j) << 3);
  const scratch = polyRegion(POLY_SCRATCH);
  const out = polyRegion(POLY_CATEGORY);
  let information = 0.0;
  let skew = 0.0;
  if (K == 1) {
    // two categories: both models are the 2PL; the dichotomous path's own expressions keep them bit-identical
    const p = logistic(a * (theta - f64At(thresholds, 0)));
    const q = 1.0 - p;
    passInformation = a * a * (p * q);
    if (wantSkew) passSkew = a * a * a * (p * q) * (1.0 - 2.0 * p);
    if (x >= 0) passScore = a * (<f64>x - p);
    passObserved = passInformation;
    if (probabilities) {
      store<f64>(out, q);
      store<f64>(out + 8, p);
    }
    return;
  }
  const exps = polyRegion(POLY_THRESHOLD_EXP) + (<usize>i32At(polyRegion(POLY_OFFSET), j) << 3);
  const shift = a * (theta - f64At(polyRegion(POLY_CENTER), j)); // NaN when the item has no fast pass
  const fast = Math.abs(shift) * <f64>K <= FAST_REACH;
  if (i32At(polyRegion(POLY_MODEL), j) == MODEL_GRM) {
    const a2 = a * a;
    const u = Math.exp(-shift);
    let upper = 1.0; // P*_k, starting at P*_0 = 1
    for (let k = 0; k <= K; k++) {
      // P*_{k+1}
      const lower = k == K ? 0.0 : fast ? 1.0 / (1.0 + u * f64At(exps, k)) : logistic(a * (theta - f64At(thresholds, k)));
      const p = max<f64>(upper - lower, 0.0);
      const s = a * (1.0 - upper - lower);
      information += p * s * s;
      if (wantSkew) skew += p * s * (s * s - a2 * (upper * (1.0 - upper) + lower * (1.0 - lower)));
      if (k == x) {
        passScore = s;
        passObserved = a2 * (upper * (1.0 - upper) + lower * (1.0 - lower));
      }
      if (probabilities) store<f64>(out + (<usize>k << 3), p);
      upper = lower;
    }
  } else {
    let total = 0.0;
    if (fast) {
      const v = Math.exp(shift);
      let power = 1.0;
      store<f64>(scratch, 1.0);
      total = 1.0;
      for (let k = 1; k <= K; k++) {
        power *= v;
        const e = power * f64At(exps, k - 1);
        store<f64>(scratch + (<usize>k << 3), e);
        total += e;
      }
    } else {
      // exponents z_k, shifted by their maximum before exp
      let z = 0.0;
      let top = 0.0;
      store<f64>(scratch, 0.0);
      for (let k = 1; k <= K; k++) {
        z += a * (theta - f64At(thresholds, k - 1));
        store<f64>(scratch + (<usize>k << 3), z);
        if (z > top) top = z;
      }
      for (let k = 0; k <= K; k++) {
        const e = Math.exp(f64At(scratch, k) - top);
        store<f64>(scratch + (<usize>k << 3), e);
        total += e;
      }
    }
    const scale = 1.0 / total;
    let mean = 0.0;
    for (let k = 0; k <= K; k++) {
      const p = f64At(scratch, k) * scale;
      store<f64>(scratch + (<usize>k << 3), p);
      mean += <f64>k * p;
    }
    let variance = 0.0;
    let third = 0.0;
    for (let k = 0; k <= K; k++) {
      const p = f64At(scratch, k);
      const dev = <f64>k - mean;
      variance += p * dev * dev;
      third += p * dev * dev * dev;
      if (probabilities) store<f64>(out + (<usize>k << 3), p);
    }
    information = a * a * variance;
    skew = a * a * a * third;
    if (x >= 0) passScore = a * (<f64>x - mean);
    passObserved = information;
  }
  passInformation = information;
  passSkew = skew;
}

/** Results of the last polyAdministeredSums(). */
export let sumScore: f64 = 0.0;
export let sumInformation: f64 = 0.0;
export let sumObserved: f64 = 0.0;
export let sumSkew: f64 = 0.0;

@inline function administeredSums(
  first: i32, k: i32, theta: f64, score: f64, information: f64, observed: f64, wantSkew: bool,
): void {
  let skew = 0.0;
  for (let i = first; i < k; i++) {
    polyItemPass(polyAdmItem(i), theta, polyAdmX(i), wantSkew, false);
    score += passScore;
    information += passInformation;
    observed += passObserved;
    if (wantSkew) skew += passSkew;
  }
  sumScore = score;
  sumInformation = information;
  sumObserved = observed;
  sumSkew = skew;
}

/**
 * Σ s_{x_i}(θ), Σ I_i(θ) and Σ −s'_{x_i}(θ) over administered slots [first, k), continuing from the sums of the
 * slots before `first`; sets sumScore, sumInformation, sumObserved.
 */
export function polyAdministeredSums(first: i32, k: i32, theta: f64, score: f64, information: f64, observed: f64): void {
  administeredSums(first, k, theta, score, information, observed, false);
}

/** The same over slots [0, k), with Warm's Σ J_i(θ) in sumSkew too. */
export function polyAdministeredSumsWithSkew(k: i32, theta: f64): void {
  administeredSums(0, k, theta, 0.0, 0.0, 0.0, true);
}

/** Σ I_i(θ) over the first k administered items (no prior term). */
export function polyTestInformation(k: i32, theta: f64): f64 {
  polyAdministeredSums(0, k, theta, 0.0, 0.0, 0.0);
  return sumInformation;
}

/** Σ log P(x_i | θ) over the first k administered items. */
export function polyLogLikelihood(k: i32, theta: f64): f64 {
  let total = 0.0;
  for (let i = 0; i < k; i++) total += polyItemLogLikelihood(polyAdmItem(i), theta, polyAdmX(i));
  return total;
}

/**
 * GRM log P(X = x) = log(σ(u) − σ(v)), u = a(θ − b_x) > v = a(θ − b_{x+1}), stable in the tails:
 * log σ(u) + log σ(−v) + log(1 − e^{v−u}); the lowest category has no u, the highest no v.
 */
@inline export function grmLogCategory(u: f64, v: f64, lowest: bool, highest: bool): f64 {
  let total = 0.0;
  if (!lowest) total += logLogistic(u);
  if (!highest) total += logLogistic(-v);
  if (!lowest && !highest) total += Math.log(-Math.expm1(v - u));
  return total;
}

/** Fisher information of item j at θ (for two categories in select.ts's order of operations). */
@inline export function polyItemInformation(j: i32, theta: f64): f64 {
  if (polySteps(j) == 1) {
    const a = f64At(polyRegion(POLY_A), j);
    const p = logistic(a * (theta - f64At(polyRegion(POLY_THRESHOLDS), i32At(polyRegion(POLY_OFFSET), j))));
    return a * a * p * (1.0 - p);
  }
  polyItemPass(j, theta, -1, false, false);
  return passInformation;
}

/** log P(X_j = x | θ), stable in the tails (GRM: log σ(u) + log σ(−v) + log(1 − e^{v−u}), u > v). */
export function polyItemLogLikelihood(j: i32, theta: f64, x: i32): f64 {
  const a = f64At(polyRegion(POLY_A), j);
  const K = i32At(polyRegion(POLY_STEPS), j);
  const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>i32At(polyRegion(POLY_OFFSET), j) << 3);
  // two categories: the GRM branch is the 2PL's log-likelihood, for either model
  if (K == 1 || i32At(polyRegion(POLY_MODEL), j) == MODEL_GRM) {
    const u = x > 0 ? a * (theta - f64At(thresholds, x - 1)) : Infinity;
    const v = x < K ? a * (theta - f64At(thresholds, x)) : -Infinity;
    return grmLogCategory(u, v, x == 0, x == K);
  }
  let z = 0.0;
  let top = 0.0;
  let zx = 0.0;
  for (let k = 1; k <= K; k++) {
    z += a * (theta - f64At(thresholds, k - 1));
    if (z > top) top = z;
    if (k == x) zx = z;
  }
  let total = 0.0;
  z = 0.0;
  total += Math.exp(-top);
  for (let k = 1; k <= K; k++) {
    z += a * (theta - f64At(thresholds, k - 1));
    total += Math.exp(z - top);
  }
  return zx - top - Math.log(total);
}

/** Writes item j's category probabilities at θ to POLY_CATEGORY; returns the number of categories. */
export function polyCategoryProbabilities(j: i32, theta: f64): i32 {
  polyItemPass(j, theta, -1, false, true);
  return polySteps(j) + 1;
}
