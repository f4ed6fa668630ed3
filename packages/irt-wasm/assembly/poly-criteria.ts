// Item-selection criteria for polytomous banks (GRM, GPCM, PCM) with catR 3.17's definitions for polytomous
// items (MWI.R, KL.R, EPV.R, MEI.R, OIi.R), in one call per step. With P_k(θ) the item's category
// probabilities and θ̂ the current estimate:
//   MFI   Σ_k P_k s_k² at θ̂ (s_k = ∂ log P_k/∂θ; Fisher information, poly-irf.ts)
//   MLWI  ∫ L(x) I_j(x) dx            MPWI  ∫ L(x) π(x) I_j(x) dx
//   KL    ∫ L(x) Σ_k P_k(θ̂) log(P_k(θ̂)/P_k(x)) dx      KLP  the same × π(x)
//   MEPV  Σ_k P_k(θ̂) Var(θ | answers, X_j = k), the EAP posterior variance on the grid (prior always)
//   MEI   Σ_k P_k(θ̂) OI_j(θ̂_k, k), θ̂_k re-estimated with the run's estimator after X_j = k (for MAP and MLE
//         from the step's model of the administered items, expected-information.ts), and the observed
//         information OI = −∂² log P_k/∂θ² = P'²/P² − P''/P: a²(P*_k Q*_k + P*_{k+1} Q*_{k+1}) for the GRM,
//         a²·Var X (any k) for the GPCM and PCM.
// L is the likelihood of the administered items, π the normal prior; the integrals are catR's trapezoid rule on
// equally spaced nodes (catR: 33 on [−4, 4]). As in criteria.ts, one weight grid W per step (grid-weights.ts,
// the grid both families share: built in log space, scaled by its peak, negligible nodes trimmed), so the
// per-item work is one pass of the item's probabilities per node; the integral criteria are written divided
// by polyLastValueScale().
// bOpt and thOpt are dichotomous-only in catR (nextItem stops on them for polytomous models): the JS side
// refuses them before calling.
//
// Scratch: POLY_SCRATCH holds 8 × maxCategories f64: [0, C) the GPCM exponents of polyItemPass, [C, 2C) the
// categories' P_k(θ̂), [2C, 5C) MEPV's per-category sums.
import { CRITERION_KL, CRITERION_KLP, CRITERION_MEI, CRITERION_MEPV, CRITERION_MFI, CRITERION_MLWI, CRITERION_MPWI } from './criteria';
import { polyUpdatedThetaFromModel, preparePolyExpectedInformation } from './expected-information';
import { buildGrid, gridFirst, gridLast, gridLogScale, gridStep, gridW, gridX, GRID_MAX_POINTS } from './grid-weights';
import { logistic } from './irf';
import { polyBankSize, polyEstimateAdministered } from './poly-estimate';
import { passInformation, polyItemInformation, polyItemLogLikelihood, polyItemPass, polySteps } from './poly-irf';
import {
  MODEL_GRM, polyAdmit, polyCapCategories, polyRegion, POLY_A, POLY_CATEGORY, POLY_INFO, POLY_MODEL,
  POLY_OFFSET, POLY_SCRATCH, POLY_THRESHOLDS, POLY_USED,
} from './poly-layout';

/** Below this a category probability is recomputed in log space for KL (1 − p loses its digits near 1). */
const LOG_SPACE_BELOW: f64 = 1e-8;

let valueScale: f64 = 1.0;

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/** Start of scratch block `block` (each maxCategories f64 long) in POLY_SCRATCH. */
@inline function scratchBlock(block: i32): usize {
  return polyRegion(POLY_SCRATCH) + ((<usize>block * <usize>polyCapCategories) << 3);
}

/** Copies item j's category probabilities at θ into scratch block 1; returns Σ P_k log P_k (0·log 0 = 0). */
function categoriesAt(j: i32, theta: f64): f64 {
  polyItemPass(j, theta, -1, false, true);
  const from = polyRegion(POLY_CATEGORY);
  const to = scratchBlock(1);
  const K = polySteps(j);
  let entropy = 0.0;
  for (let c = 0; c <= K; c++) {
    const p = f64At(from, c);
    setF64(to, c, p);
    if (p > 0.0) entropy += p * (p < LOG_SPACE_BELOW ? polyItemLogLikelihood(j, theta, c) : Math.log(p));
  }
  return entropy;
}

/** ∫ W(x) I_j(x) dx (MLWI, MPWI), unscaled. */
function polyWeightedInformation(j: i32): f64 {
  let total = 0.0;
  for (let q = gridFirst; q <= gridLast; q++) total += f64At(gridW, q) * polyItemInformation(j, f64At(gridX, q));
  return total;
}

/** ∫ W(x) Σ_k P_k(θ̂) log(P_k(θ̂)/P_k(x)) dx (KL, KLP), unscaled. */
function polyWeightedKullbackLeibler(j: i32, theta: f64): f64 {
  const entropy = categoriesAt(j, theta);
  const hat = scratchBlock(1);
  const at = polyRegion(POLY_CATEGORY);
  const K = polySteps(j);
  let total = 0.0;
  for (let q = gridFirst; q <= gridLast; q++) {
    const x = f64At(gridX, q);
    polyItemPass(j, x, -1, false, true);
    let cross = 0.0; // Σ P_k(θ̂) log P_k(x)
    for (let c = 0; c <= K; c++) {
      const pHat = f64At(hat, c);
      if (pHat <= 0.0) continue;
      const p = f64At(at, c);
      cross += pHat * (p < LOG_SPACE_BELOW ? polyItemLogLikelihood(j, x, c) : Math.log(p));
    }
    total += f64At(gridW, q) * (entropy - cross);
  }
  return total;
}

/** Σ_k P_k(θ̂) Var(θ | X_j = k) on the posterior grid (MEPV). */
function polyExpectedPosteriorVariance(j: i32, theta: f64): f64 {
  categoriesAt(j, theta);
  const K = polySteps(j);
  const s0 = scratchBlock(2);
  const s1 = scratchBlock(3);
  const s2 = scratchBlock(4);
  for (let c = 0; c <= K; c++) {
    setF64(s0, c, 0.0);
    setF64(s1, c, 0.0);
    setF64(s2, c, 0.0);
  }
  const at = polyRegion(POLY_CATEGORY);
  for (let q = gridFirst; q <= gridLast; q++) {
    const x = f64At(gridX, q);
    const w = f64At(gridW, q);
    polyItemPass(j, x, -1, false, true);
    for (let c = 0; c <= K; c++) {
      const wc = w * f64At(at, c);
      setF64(s0, c, f64At(s0, c) + wc);
      setF64(s1, c, f64At(s1, c) + wc * x);
      setF64(s2, c, f64At(s2, c) + wc * x * x);
    }
  }
  const hat = scratchBlock(1);
  let total = 0.0;
  for (let c = 0; c <= K; c++) {
    const mass = f64At(s0, c);
    // an answer with no posterior mass on the grid adds nothing (criteria.ts's rule)
    if (!(mass > 0.0)) continue;
    const mean = f64At(s1, c) / mass;
    total += f64At(hat, c) * (f64At(s2, c) / mass - mean * mean);
  }
  return total;
}

/** Observed information −∂² log P(X_j = x | θ)/∂θ² of one polytomous item. */
export function polyObservedInformation(j: i32, x: i32, theta: f64): f64 {
  const K = polySteps(j);
  if (K == 1 || i32At(polyRegion(POLY_MODEL), j) != MODEL_GRM) {
    // two categories (the 2PL's a²PQ) or a partial-credit item (a²·Var X, whatever the category)
    polyItemPass(j, theta, -1, false, false);
    return passInformation;
  }
  const a = f64At(polyRegion(POLY_A), j);
  const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>i32At(polyRegion(POLY_OFFSET), j) << 3);
  let total = 0.0;
  if (x > 0) {
    const z = a * (theta - f64At(thresholds, x - 1));
    total += logistic(z) * logistic(-z);
  }
  if (x < K) {
    const z = a * (theta - f64At(thresholds, x));
    total += logistic(z) * logistic(-z);
  }
  return a * a * total;
}

/** Σ_k P_k(θ̂) OI_j(θ̂_k, k), θ̂_k from the k administered items plus X_j = k (MEI). Slot k is scratch. */
function polyExpectedInformation(j: i32, k: i32, theta: f64, estimator: i32): f64 {
  categoriesAt(j, theta);
  const hat = scratchBlock(1);
  const K = polySteps(j);
  let total = 0.0;
  for (let c = 0; c <= K; c++) {
    let updated = polyUpdatedThetaFromModel(j, c, theta);
    if (isNaN(updated)) {
      polyAdmit(k, j, c);
      updated = polyEstimateAdministered(k + 1, theta, estimator);
    }
    total += f64At(hat, c) * polyObservedInformation(j, c, updated);
  }
  return total;
}

/** The factor the last polyCriterionValues() values must be multiplied by to be catR's integrals (1 for the others). */
export function polyLastValueScale(): f64 {
  return valueScale;
}

/**
 * Writes the criterion of every item into POLY_INFO (NaN where POLY_USED is set) and returns the best unused
 * item (largest value; smallest for MEPV; exact ties to the lowest index), −1 if none. `k`: administered items
 * in POLY_ADM_*, with room for one more (MEI's scratch slot).
 */
export function polyCriterionValues(criterion: i32, k: i32, theta: f64, estimator: i32, gridPoints: i32, gridLo: f64, gridHi: f64): i32 {
  const out = polyRegion(POLY_INFO);
  const used = polyRegion(POLY_USED);
  const integral = criterion == CRITERION_MLWI || criterion == CRITERION_MPWI || criterion == CRITERION_KL || criterion == CRITERION_KLP;
  if (integral || criterion == CRITERION_MEPV) {
    const posterior = criterion == CRITERION_MPWI || criterion == CRITERION_KLP || criterion == CRITERION_MEPV;
    buildGrid(k, min<i32>(max<i32>(gridPoints, 2), GRID_MAX_POINTS), gridLo, gridHi, posterior, true);
  }
  valueScale = integral ? gridStep * Math.exp(gridLogScale) : 1.0;
  if (criterion == CRITERION_MEI) preparePolyExpectedInformation(k, theta, estimator);
  const sign: f64 = criterion == CRITERION_MEPV ? -1.0 : 1.0;
  let best = 0.0;
  let bestIndex = -1;
  for (let j = 0; j < polyBankSize; j++) {
    if (load<u8>(used + <usize>j) != 0) {
      setF64(out, j, NaN);
      continue;
    }
    let value: f64;
    if (criterion == CRITERION_MFI) value = polyItemInformation(j, theta);
    else if (criterion == CRITERION_MLWI || criterion == CRITERION_MPWI) value = polyWeightedInformation(j);
    else if (criterion == CRITERION_KL || criterion == CRITERION_KLP) value = polyWeightedKullbackLeibler(j, theta);
    else if (criterion == CRITERION_MEPV) value = polyExpectedPosteriorVariance(j, theta);
    else if (criterion == CRITERION_MEI) value = polyExpectedInformation(j, k, theta, estimator);
    else value = NaN; // bOpt, thOpt: refused by the caller
    setF64(out, j, value);
    const rank = sign * value;
    if (bestIndex < 0 || rank > best) {
      best = rank;
      bestIndex = j;
    }
  }
  return bestIndex;
}
