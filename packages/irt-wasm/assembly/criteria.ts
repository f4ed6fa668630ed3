// Item-selection criteria with catR 3.17's definitions, for 1–4PL banks, in one call per step.
//
// criterionValues() reads the administered items from ADM_* [0, k), the used flags from USED, and writes the
// criterion of every item into ITEM_INFO (NaN for used items); it returns the best unused item (largest
// value, or smallest for the distance and variance criteria; exact ties to the lowest index), −1 if none.
//
// Quadrature criteria share one likelihood grid per step (grid-weights.ts: W(x_q) = L(x_q), × prior for the
// posterior forms, on `gridPoints` equally spaced nodes of [gridLo, gridHi], catR: 33 on [−4, 4]), integrated
// with the trapezoid rule as catR's integrate.catR does; W is scaled by its maximum so long tests never
// underflow, and the scale goes back into the reported values (the pick never needs it). Along the grid,
// u_q = e^−z_q of each candidate item is a geometric sequence, so P at all nodes costs one or two exponentials
// per item instead of one per node.
import { prepareExpectedInformation, updatedTheta } from './expected-information';
import { buildGrid, gridFirst, gridLast, gridLogScale, gridStep, gridW, gridX, GRID_MAX_POINTS } from './grid-weights';
import { bankItemInformation } from './information';
import { logistic, sOverP, tOverQ } from './irf';
import { bankIs2PL, bankSize } from './options';
import {
  region, REGION_ITEM_B, REGION_ITEM_C,
  REGION_ITEM_D, REGION_ITEM_DA, REGION_ITEM_INFO, REGION_USED,
} from './layout';

export const CRITERION_MFI: i32 = 0;
export const CRITERION_BOPT: i32 = 2;
export const CRITERION_THOPT: i32 = 3;
export const CRITERION_MLWI: i32 = 4;
export const CRITERION_MPWI: i32 = 5;
export const CRITERION_MEI: i32 = 6;
export const CRITERION_MEPV: i32 = 7;
export const CRITERION_KL: i32 = 8;
export const CRITERION_KLP: i32 = 9;

/** Beyond this |z| at a grid end, e^−z could overflow: P is then computed node by node. */
const RECURRENCE_MAX_Z: f64 = 600.0;

// per-node P, Q, σ and u = e^−z of the candidate item (filled by nodeProbabilities)
const nodeP = memory.data(GRID_MAX_POINTS * 8);
const nodeQ = memory.data(GRID_MAX_POINTS * 8);
const nodeS = memory.data(GRID_MAX_POINTS * 8);
const nodeU = memory.data(GRID_MAX_POINTS * 8);

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/** Fills nodeP, nodeQ (and nodeS = σ) for bank item `item` at every grid node. */
function nodeProbabilities(item: i32): void {
  const off = <usize>item << 3;
  const Da = load<f64>(region(REGION_ITEM_DA) + off);
  const b = load<f64>(region(REGION_ITEM_B) + off);
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const first = gridFirst;
  const last = gridLast;
  const z0 = Da * (f64At(gridX, first) - b);
  const z1 = Da * (f64At(gridX, last) - b);
  const twoPL = bankIs2PL;
  if (Math.abs(z0) < RECURRENCE_MAX_Z && Math.abs(z1) < RECURRENCE_MAX_Z) {
    // u_q = e^−z_q = u_first·r^(q − first); σ = 1/(1+u), 1−σ = u/(1+u), both accurate in either tail
    const r = Math.exp(-Da * gridStep);
    let u = Math.exp(-z0);
    for (let q = first; q <= last; q++) {
      setF64(nodeU, q, u);
      const s = 1.0 / (1.0 + u);
      const sq = u * s;
      setF64(nodeS, q, s);
      if (twoPL) {
        setF64(nodeP, q, s);
        setF64(nodeQ, q, sq);
      } else {
        setF64(nodeP, q, c + (d - c) * s);
        setF64(nodeQ, q, (1.0 - d) + (d - c) * sq);
      }
      u *= r;
    }
    return;
  }
  for (let q = first; q <= last; q++) {
    const z = Da * (f64At(gridX, q) - b);
    setF64(nodeU, q, Math.exp(-z));
    const s = logistic(z);
    const sq = logistic(-z);
    setF64(nodeS, q, s);
    setF64(nodeP, q, twoPL ? s : c + (d - c) * s);
    setF64(nodeQ, q, twoPL ? sq : (1.0 - d) + (d - c) * sq);
  }
}

/** ∫ W(x)·I_j(x) dx: likelihood- or posterior-weighted information (MLWI, MPWI), unscaled. */
function weightedInformation(item: i32): f64 {
  nodeProbabilities(item);
  const off = <usize>item << 3;
  const Da = load<f64>(region(REGION_ITEM_DA) + off);
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const twoPL = bankIs2PL;
  let total = 0.0;
  for (let q = gridFirst; q <= gridLast; q++) {
    const p = f64At(nodeP, q);
    const qq = f64At(nodeQ, q);
    let info: f64;
    if (twoPL) info = p * qq;
    else {
      const s = f64At(nodeS, q);
      const dp = (d - c) * s * (1.0 - s);
      info = p <= 0.0 || qq <= 0.0 ? 0.0 : (dp * dp) / (p * qq);
    }
    total += f64At(gridW, q) * info;
  }
  return total * Da * Da;
}

/** ∫ W(x)·KL_j(θ̂ ‖ x) dx with KL = P̂ log(P̂/P(x)) + Q̂ log(Q̂/Q(x)) (KL, KLP), unscaled. */
function weightedKullbackLeibler(item: i32, theta: f64): f64 {
  nodeProbabilities(item);
  const off = <usize>item << 3;
  const Da = load<f64>(region(REGION_ITEM_DA) + off);
  const b = load<f64>(region(REGION_ITEM_B) + off);
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const s = logistic(Da * (theta - b));
  const pHat = c + (d - c) * s;
  const qHat = (1.0 - d) + (d - c) * logistic(-Da * (theta - b));
  const logPHat = pHat > 0.0 ? Math.log(pHat) : 0.0;
  const logQHat = qHat > 0.0 ? Math.log(qHat) : 0.0;
  let total = 0.0;
  if (bankIs2PL) {
    // −P̂ log P(x) − Q̂ log Q(x) = log(1 + u) + Q̂·z with u = e^−z: one logarithm per node
    const entropy = pHat * logPHat + qHat * logQHat;
    for (let q = gridFirst; q <= gridLast; q++) {
      const z = Da * (f64At(gridX, q) - b);
      const u = f64At(nodeU, q);
      const softplus = u < Infinity ? Math.log1p(u) : -z; // log(1 + e^−z) → −z once e^−z overflows
      total += f64At(gridW, q) * (entropy + softplus + qHat * z);
    }
    return total;
  }
  for (let q = gridFirst; q <= gridLast; q++) {
    const p = f64At(nodeP, q);
    const qq = f64At(nodeQ, q);
    let kl = 0.0;
    if (pHat > 0.0) kl += pHat * (logPHat - Math.log(p));
    if (qHat > 0.0) kl += qHat * (logQHat - Math.log(qq));
    total += f64At(gridW, q) * kl;
  }
  return total;
}

/** Expected posterior variance after item j (MEPV): P(θ̂)·Var(θ | x_j = 1) + Q(θ̂)·Var(θ | x_j = 0). */
function expectedPosteriorVariance(item: i32, theta: f64): f64 {
  nodeProbabilities(item);
  let s10 = 0.0, s11 = 0.0, s12 = 0.0;
  let s00 = 0.0, s01 = 0.0, s02 = 0.0;
  for (let q = gridFirst; q <= gridLast; q++) {
    const x = f64At(gridX, q);
    const w = f64At(gridW, q);
    const w1 = w * f64At(nodeP, q);
    const w0 = w * f64At(nodeQ, q);
    s10 += w1;
    s11 += w1 * x;
    s12 += w1 * x * x;
    s00 += w0;
    s01 += w0 * x;
    s02 += w0 * x * x;
  }
  const m1 = s11 / s10;
  const m0 = s01 / s00;
  const var1 = s12 / s10 - m1 * m1;
  const var0 = s02 / s00 - m0 * m0;
  const off = <usize>item << 3;
  const z = load<f64>(region(REGION_ITEM_DA) + off) * (theta - load<f64>(region(REGION_ITEM_B) + off));
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const p1 = c + (d - c) * logistic(z);
  const p0 = (1.0 - d) + (d - c) * logistic(-z);
  // an answer with no posterior mass on the grid (an item far off the grid) adds nothing
  return (s10 > 0.0 ? p1 * var1 : 0.0) + (s00 > 0.0 ? p0 * var0 : 0.0);
}

/**
 * Observed information −∂²/∂θ² log P(x | θ) of one item, written without dividing by P·Q (0 in f64 for a
 * steep item far from θ): with s = σ(z), t = σ(−z), r1 = (d − c)s/P and r0 = (d − c)t/Q (both in [0, 1]),
 * −∂² log P = Da²·t·r1·(t·r1 − t + s) and −∂² log Q = Da²·s·r0·(t − s + s·r0); for 2PL both are Da²·s·t.
 */
@inline function observedInformation(Da: f64, b: f64, c: f64, d: f64, x: f64, theta: f64): f64 {
  const s = logistic(Da * (theta - b));
  const t = logistic(-Da * (theta - b));
  const r1 = (d - c) * sOverP(s, c, d);
  const r0 = (d - c) * tOverQ(t, c, d);
  const right = Da * Da * t * r1 * (t * r1 - t + s);
  const wrong = Da * Da * s * r0 * (t - s + s * r0);
  return x * right + (1.0 - x) * wrong;
}

/**
 * Expected observed information at the next step (MEI): θ re-estimated with the run's estimator after each
 * hypothetical answer to item j (expected-information.ts: from the step's model of the administered items
 * where it holds). May use administered slot k as scratch.
 */
function expectedInformation(item: i32, k: i32, theta: f64, estimator: i32): f64 {
  const off = <usize>item << 3;
  const Da = load<f64>(region(REGION_ITEM_DA) + off);
  const b = load<f64>(region(REGION_ITEM_B) + off);
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const p1 = c + (d - c) * logistic(Da * (theta - b));
  const p0 = (1.0 - d) + (d - c) * logistic(-Da * (theta - b));
  const theta1 = updatedTheta(item, k, 1.0, theta, estimator);
  const theta0 = updatedTheta(item, k, 0.0, theta, estimator);
  return p1 * observedInformation(Da, b, c, d, 1.0, theta1) + p0 * observedInformation(Da, b, c, d, 0.0, theta0);
}

/**
 * θ*, the ability where the item's information peaks (thOpt's location). For 4PL the peak's probability
 * solves a cubic (Magis, 2013); for 2PL it is θ* = b.
 */
@inline function peakAbility(item: i32): f64 {
  const off = <usize>item << 3;
  const b = load<f64>(region(REGION_ITEM_B) + off);
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  if (c == 0.0 && d == 1.0) return b;
  const Da = load<f64>(region(REGION_ITEM_DA) + off);
  const u = -0.75 + (c + d - 2.0 * c * d) / 2.0;
  const v = (c + d - 1.0) / 4.0;
  const xStar = 2.0 * Math.sqrt(-u / 3.0) * Math.cos(Math.acos(-v * Math.sqrt(-27.0 / (u * u * u)) / 2.0) / 3.0 + (4.0 * Math.PI) / 3.0) + 0.5;
  return b + Math.log((xStar - c) / (d - xStar)) / Da;
}

/** |θ* − θ| (thOpt's value). */
@inline function distanceToPeak(item: i32, theta: f64): f64 {
  return Math.abs(peakAbility(item) - theta);
}

/**
 * Writes every item's location into ITEM_INFO: b (`peak` 0, bOpt's) or θ* (`peak` 1, thOpt's), the same
 * numbers criterionValues() subtracts θ from, so a pick made from them in sorted order equals its scan's.
 */
export function itemLocations(peak: i32): void {
  const out = region(REGION_ITEM_INFO);
  for (let i = 0; i < bankSize; i++) setF64(out, i, peak != 0 ? peakAbility(i) : load<f64>(region(REGION_ITEM_B) + (<usize>i << 3)));
}

/** Fisher information of bank item `item` at θ (mfi's value). */
export function itemInformation(item: i32, theta: f64): f64 {
  return bankItemInformation(item, theta);
}

/** Whether the smallest value wins (the distance and variance criteria). */
@inline function smallestWins(criterion: i32): bool {
  return criterion == CRITERION_BOPT || criterion == CRITERION_THOPT || criterion == CRITERION_MEPV;
}

/** Factor that turns the values of the last criterionValues() call into catR's units (see lastValueScale). */
let valueScale: f64 = 1.0;

/** The factor the last criterionValues() values must be multiplied by to be catR's integrals (1 for non-grid criteria; 0 where it underflows). */
export function lastValueScale(): f64 {
  return valueScale;
}

/**
 * Writes the criterion of every item into ITEM_INFO (NaN where USED is set) and returns the best unused
 * item, −1 if there is none. `k`: administered items in ADM_*; `estimator`: the run's (MEI re-estimates
 * with it); the grid is used by MLWI, MPWI, MEPV, KL and KLP. Grid integrals are written divided by
 * lastValueScale() (the likelihood's peak), so that they never underflow.
 */
export function criterionValues(criterion: i32, k: i32, theta: f64, estimator: i32, gridPoints: i32, gridLo: f64, gridHi: f64): i32 {
  const out = region(REGION_ITEM_INFO);
  const used = region(REGION_USED);
  const n = bankSize;
  const integral = criterion == CRITERION_MLWI || criterion == CRITERION_MPWI || criterion == CRITERION_KL || criterion == CRITERION_KLP;
  if (integral || criterion == CRITERION_MEPV) {
    const posterior = criterion == CRITERION_MPWI || criterion == CRITERION_KLP || criterion == CRITERION_MEPV;
    buildGrid(k, min<i32>(max<i32>(gridPoints, 2), GRID_MAX_POINTS), gridLo, gridHi, posterior, false);
  }
  valueScale = integral ? gridStep * Math.exp(gridLogScale) : 1.0;
  if (criterion == CRITERION_MEI) prepareExpectedInformation(k, theta, estimator);
  const sign: f64 = smallestWins(criterion) ? -1.0 : 1.0;
  let best = 0.0;
  let bestIndex = -1;
  for (let i = 0; i < n; i++) {
    if (load<u8>(used + <usize>i) != 0) {
      setF64(out, i, NaN);
      continue;
    }
    let value: f64;
    if (criterion == CRITERION_MFI) value = bankItemInformation(i, theta);
    else if (criterion == CRITERION_BOPT) value = Math.abs(load<f64>(region(REGION_ITEM_B) + (<usize>i << 3)) - theta);
    else if (criterion == CRITERION_THOPT) value = distanceToPeak(i, theta);
    else if (criterion == CRITERION_MLWI || criterion == CRITERION_MPWI) value = weightedInformation(i);
    else if (criterion == CRITERION_KL || criterion == CRITERION_KLP) value = weightedKullbackLeibler(i, theta);
    else if (criterion == CRITERION_MEPV) value = expectedPosteriorVariance(i, theta);
    else value = expectedInformation(i, k, theta, estimator);
    setF64(out, i, value);
    // strict ">" keeps the lowest index on exact ties
    const rank = sign * value;
    if (bestIndex < 0 || rank > best) {
      best = rank;
      bestIndex = i;
    }
  }
  return bestIndex;
}
