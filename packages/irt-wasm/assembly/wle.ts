// Warm's weighted likelihood estimate: the root of Σ P'(x − P)/(PQ) + J/(2I), J = Σ P'P''/(PQ), I = Σ P'²/(PQ)
// (catR's thetaEst(method = "WL")), found by bisection on the range (the function can be flat, so no Newton);
// its SE is 1/sqrt(I). Polytomous items take the same bisection (wleRoot) on Σ s_x + J/(2I) from poly-irf.ts.
//
// Every term is written so that nothing divides by PQ, which is 0 in f64 once |D·a·(θ − b)| passes ~37 (a
// steep item, or b far outside the range). With s = σ(z), t = σ(−z), P = c + (d − c)s, Q = (1 − d) + (d − c)t:
//   w = P'/(PQ) = (d − c)·Da·(s/P)·(t/Q), where s/P = 1/((d − c) + c/s) and t/Q = 1/((d − c) + (1 − d)/t)
//   score_i = w·(x − P) = w·(x·Q − (1 − x)·P),   I_i = w·P' = w·(d − c)·Da·s·t,   J_i = I_i·Da·(t − s).
// For 2PL, w is exactly Da. Dropping items whose PQ underflowed (as a plain transcription does) leaves a score
// of 0 at a range end, and the bracketing then returned that end: a = 10 answered wrong gave θ = +4.
// When every item's information underflows, J/(2I) is still a finite ratio: it is summed in log space.
import { logistic, logLogistic, sOverP, tOverQ } from './irf';
import { KIND_DICHOTOMOUS, KIND_POLYTOMOUS } from './kind';
import { polyAdministeredSumsWithSkew, sumInformation, sumScore, sumSkew } from './poly-irf';
import { rangeHi, rangeLo, scaleD } from './options';
import { administered, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X } from './layout';

const WLE_BISECTIONS: i32 = 200;
const WLE_WIDTH: f64 = 1e-13;
/** Below this total information, J/(2I) is formed in log space (single terms may have underflowed to 0). */
const TINY_INFORMATION: f64 = 1e-280;

/** The weighted score at θ over the first k administered items. */
export function wleScore(k: i32, theta: f64): f64 {
  let score = 0.0;
  let information = 0.0;
  let skew = 0.0;
  for (let i = 0; i < k; i++) {
    const Da = scaleD * administered(REGION_ADM_A, i);
    const c = administered(REGION_ADM_C, i);
    const d = administered(REGION_ADM_D, i);
    const x = administered(REGION_ADM_X, i);
    const z = Da * (theta - administered(REGION_ADM_B, i));
    const s = logistic(z);
    const t = logistic(-z);
    const p = c + (d - c) * s;
    const q = (1.0 - d) + (d - c) * t;
    const w = (d - c) * Da * sOverP(s, c, d) * tOverQ(t, c, d);
    score += w * (x * q - (1.0 - x) * p);
    const itemInformation = w * (d - c) * Da * (s * t);
    information += itemInformation;
    skew += itemInformation * Da * (t - s);
  }
  if (information >= TINY_INFORMATION) return score + skew / (2.0 * information);
  return score + tinyCorrection(k, theta);
}

/** log I_i of administered item i at θ, from the factors above taken in logs (never −∞ for finite z). */
@inline function logItemInformation(i: i32, theta: f64): f64 {
  const Da = scaleD * administered(REGION_ADM_A, i);
  const c = administered(REGION_ADM_C, i);
  const d = administered(REGION_ADM_D, i);
  const z = Da * (theta - administered(REGION_ADM_B, i));
  const logS = logLogistic(z);
  const logT = logLogistic(-z);
  const logSOverP = c == 0.0 ? -Math.log(d - c) : logS - Math.log(c + (d - c) * Math.exp(logS));
  const logTOverQ = d == 1.0 ? -Math.log(d - c) : logT - Math.log((1.0 - d) + (d - c) * Math.exp(logT));
  return 2.0 * Math.log((d - c) * Math.abs(Da)) + logSOverP + logTOverQ + logS + logT;
}

/** J/(2I) with every I_i scaled by the largest one, for when the plain sums underflow. */
function tinyCorrection(k: i32, theta: f64): f64 {
  let top = -Infinity;
  for (let i = 0; i < k; i++) {
    const v = logItemInformation(i, theta);
    if (v > top) top = v;
  }
  if (top == -Infinity) return 0.0;
  let information = 0.0;
  let skew = 0.0;
  for (let i = 0; i < k; i++) {
    const scaled = Math.exp(logItemInformation(i, theta) - top);
    const Da = scaleD * administered(REGION_ADM_A, i);
    const z = Da * (theta - administered(REGION_ADM_B, i));
    information += scaled;
    skew += scaled * Da * (logistic(-z) - logistic(z));
  }
  return skew / (2.0 * information);
}

/** Warm's weighted score Σ s_{x_i} + J/(2I) over the first k administered polytomous items (poly-irf.ts). */
export function polyWleScore(k: i32, theta: f64): f64 {
  polyAdministeredSumsWithSkew(k, theta);
  if (sumInformation <= 0.0) return sumScore;
  return sumScore + sumSkew / (2.0 * sumInformation);
}

@inline function weightedScore(kind: i32, k: i32, theta: f64): f64 {
  return kind == KIND_POLYTOMOUS ? polyWleScore(k, theta) : wleScore(k, theta);
}

/**
 * WLE over the first k administered items of family `kind` (a constant at every call site): the root on the
 * range, or the range end the weighted score points to when it has one sign over the whole range (catR's rule).
 */
@inline function wleRoot(kind: i32, k: i32): f64 {
  let left = rangeLo;
  let right = rangeHi;
  let scoreLeft = weightedScore(kind, k, left);
  const scoreRight = weightedScore(kind, k, right);
  if (scoreLeft < 0.0 && scoreRight < 0.0) return left;
  if (scoreLeft > 0.0 && scoreRight > 0.0) return right;
  if (scoreLeft == 0.0) return left;
  if (scoreRight == 0.0) return right;
  for (let i = 0; i < WLE_BISECTIONS && right - left > WLE_WIDTH; i++) {
    const mid = 0.5 * (left + right);
    const scoreMid = weightedScore(kind, k, mid);
    if (scoreMid == 0.0) return mid;
    if (scoreLeft * scoreMid > 0.0) {
      left = mid;
      scoreLeft = scoreMid;
    } else {
      right = mid;
    }
  }
  return 0.5 * (left + right);
}

/** WLE over the first k administered 1–4PL items (see wleRoot). */
export function wleEstimate(k: i32): f64 {
  return wleRoot(KIND_DICHOTOMOUS, k);
}

/** WLE over the first k administered polytomous items (see wleRoot). */
export function polyWleEstimate(k: i32): f64 {
  return wleRoot(KIND_POLYTOMOUS, k);
}
