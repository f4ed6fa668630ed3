// Ability estimation over administered polytomous items (POLY_ADM_ITEM, POLY_ADM_X): MAP/MLE by Newton with
// the dichotomous path's damping and bisection rules (newton.ts), EAP on the shared grid (eap.ts), Warm's WLE
// by bisection (wle.ts), and batched estimates over response columns. The control rules are restated here rather
// than shared through a function reference: an indirect call would keep AssemblyScript from inlining the 2PL
// path's evaluation, its hottest loop.
import { eapEstimate, eapPosteriorSd, eapReset } from './eap';
import { ESTIMATOR_EAP, ESTIMATOR_MAP, ESTIMATOR_WLE, mapPrecision, standardError } from './estimate';
import { region, REGION_LOG_POST, REGION_NODES } from './layout';
import {
  bisectionSteps, eapNodes, maxHalvings, maxNewtonSteps, priorMean, rangeHi, rangeLo, scoreTolerance,
} from './options';
import { passInformation, passScore, passSkew, polyItemLogLikelihood, polyItemPass } from './poly-irf';
import {
  polyCapItems, polyCapSteps, polyRegion, POLY_ADM_ITEM, POLY_ADM_X, POLY_OUT_SE, POLY_OUT_THETA, POLY_RESPONSES,
  POLY_SUBSET,
} from './poly-layout';

const WLE_BISECTIONS: i32 = 200;
const WLE_WIDTH: f64 = 1e-13;

/** Items in the loaded polytomous bank. */
export let polyBankSize: i32 = 0;

/** Records the bank size after the caller wrote POLY_A … POLY_THRESHOLDS. */
export function polyPrepareBank(nItems: i32): void {
  polyBankSize = nItems;
}

@inline function admItem(i: i32): i32 {
  return load<i32>(polyRegion(POLY_ADM_ITEM) + (<usize>i << 2));
}

@inline function admX(i: i32): i32 {
  return load<i32>(polyRegion(POLY_ADM_X) + (<usize>i << 2));
}

/** Copies bank item `item` with category x into administered slot k. */
@inline export function polyAdmit(k: i32, item: i32, x: i32): void {
  store<i32>(polyRegion(POLY_ADM_ITEM) + (<usize>k << 2), item);
  store<i32>(polyRegion(POLY_ADM_X) + (<usize>k << 2), x);
}

let evaluatedScore: f64 = 0.0;
let evaluatedInformation: f64 = 0.0;
let evaluatedSkew: f64 = 0.0;

/** T(θ) = precision·(μ0 − θ) + Σ s_{x_i}(θ), Σ I_i(θ) and Σ J_i(θ) over the first k administered items. */
function evaluate(k: i32, theta: f64, precision: f64, wantSkew: bool): void {
  let score = 0.0;
  let information = 0.0;
  let skew = 0.0;
  for (let i = 0; i < k; i++) {
    polyItemPass(admItem(i), theta, admX(i), wantSkew, false);
    score += passScore;
    information += passInformation;
    skew += passSkew;
  }
  evaluatedScore = precision * (priorMean - theta) + score;
  evaluatedInformation = information;
  evaluatedSkew = skew;
}

/** Σ I_i(θ) over the first k administered items (no prior term). */
export function polyTestInformation(k: i32, theta: f64): f64 {
  evaluate(k, theta, 0.0, false);
  return evaluatedInformation;
}

/** Σ log P(x_i | θ) over the first k administered items. */
export function polyLogLikelihood(k: i32, theta: f64): f64 {
  let total = 0.0;
  for (let i = 0; i < k; i++) total += polyItemLogLikelihood(admItem(i), theta, admX(i));
  return total;
}

/** The score T(θ) of the first k administered items (for tests). */
export function polyScoreAt(k: i32, theta: f64, precision: f64): f64 {
  evaluate(k, theta, precision, false);
  return evaluatedScore;
}

/** Information at the θ the last polySolve() returned, or NaN when that θ was never evaluated. */
let solvedInformation: f64 = NaN;

/**
 * Root of the score over the first k administered items, Newton (Fisher scoring) from `start` with the rules of
 * newton.ts: targets clipped to the range, up to maxHalvings pulls halfway back while |T| does not drop, then
 * bisection on the range, or the end the score points to when it keeps one sign.
 */
function polySolve(k: i32, start: f64, precision: f64): f64 {
  const lo = rangeLo;
  const hi = rangeHi;
  let theta = min(max(start, lo), hi);
  let evaluatedAtTheta = false;
  solvedInformation = NaN;
  for (let step = 0; step < maxNewtonSteps; step++) {
    if (!evaluatedAtTheta) evaluate(k, theta, precision, false);
    const score = evaluatedScore;
    if (Math.abs(score) < scoreTolerance) {
      solvedInformation = evaluatedInformation;
      return theta;
    }
    const slope = -precision - evaluatedInformation;
    if (slope == 0.0 || !isFinite<f64>(slope)) break;
    let target = min(max(theta - score / slope, lo), hi);
    const current = Math.abs(score);
    evaluatedAtTheta = false;
    for (let halving = 0; halving < maxHalvings; halving++) {
      evaluate(k, target, precision, false);
      if (Math.abs(evaluatedScore) < current || !isFinite<f64>(evaluatedScore)) {
        evaluatedAtTheta = true;
        break;
      }
      target = 0.5 * (target + theta);
    }
    if (target == theta) break;
    theta = target;
  }
  evaluate(k, lo, precision, false);
  let scoreLo = evaluatedScore;
  evaluate(k, hi, precision, false);
  const scoreHi = evaluatedScore;
  if (scoreLo * scoreHi <= 0.0) {
    let left = lo;
    let right = hi;
    for (let i = 0; i < bisectionSteps; i++) {
      const mid = 0.5 * (left + right);
      evaluate(k, mid, precision, false);
      const scoreMid = evaluatedScore;
      if (Math.abs(scoreMid) < scoreTolerance) {
        solvedInformation = evaluatedInformation;
        return mid;
      }
      if (scoreLo * scoreMid > 0.0) {
        left = mid;
        scoreLo = scoreMid;
      } else {
        right = mid;
      }
    }
    return 0.5 * (left + right);
  }
  if (scoreLo > 0.0 && scoreHi > 0.0) return hi;
  return lo;
}

/** Warm's weighted score Σ s_{x_i} + J/(2I) over the first k administered items. */
export function polyWleScore(k: i32, theta: f64): f64 {
  evaluate(k, theta, 0.0, true);
  if (evaluatedInformation <= 0.0) return evaluatedScore;
  return evaluatedScore + evaluatedSkew / (2.0 * evaluatedInformation);
}

/** WLE by bisection on the range (wle.ts's rule); a range end when the weighted score keeps one sign. */
function polyWleEstimate(k: i32): f64 {
  let left = rangeLo;
  let right = rangeHi;
  let scoreLeft = polyWleScore(k, left);
  const scoreRight = polyWleScore(k, right);
  if (scoreLeft * scoreRight > 0.0) return scoreLeft > 0.0 ? right : left;
  if (scoreLeft == 0.0) return left;
  if (scoreRight == 0.0) return right;
  for (let i = 0; i < WLE_BISECTIONS && right - left > WLE_WIDTH; i++) {
    const mid = 0.5 * (left + right);
    const scoreMid = polyWleScore(k, mid);
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

/** Adds administered item k's log-likelihood to every EAP node (eap.ts's LOG_POST). */
export function polyEapAddItem(k: i32): void {
  const item = admItem(k);
  const x = admX(k);
  const nodes = region(REGION_NODES);
  const logPost = region(REGION_LOG_POST);
  for (let q = 0; q < eapNodes; q++) {
    const at = logPost + (<usize>q << 3);
    store<f64>(at, load<f64>(at) + polyItemLogLikelihood(item, load<f64>(nodes + (<usize>q << 3)), x));
  }
}

/** Standard error of the last polyEstimateAdministered(). */
export let polyLastSe: f64 = NaN;

/** θ from the first k administered items with the given estimator (MAP/MLE start Newton at `start`). */
export function polyEstimateAdministered(k: i32, start: f64, estimator: i32): f64 {
  if (estimator == ESTIMATOR_EAP) {
    eapReset();
    for (let i = 0; i < k; i++) polyEapAddItem(i);
    // k = 0: the grid value stands (eap.ts refines narrow posteriors with the dichotomous likelihood only)
    const theta = eapEstimate(0);
    polyLastSe = eapPosteriorSd;
    return theta;
  }
  if (estimator == ESTIMATOR_WLE) {
    const theta = polyWleEstimate(k);
    polyLastSe = standardError(estimator, polyTestInformation(k, theta));
    return theta;
  }
  const theta = polySolve(k, start, estimator == ESTIMATOR_MAP ? mapPrecision() : 0.0);
  const information = isNaN(solvedInformation) ? polyTestInformation(k, theta) : solvedInformation;
  polyLastSe = standardError(estimator, information);
  return theta;
}

/** SE of the last polyEstimateAdministered() (a getter for the JS side). */
export function polyLastStandardError(): f64 {
  return polyLastSe;
}

/**
 * For each response column in [firstColumn, firstColumn + count): θ and SE from the items in
 * POLY_SUBSET[0..subsetSize) (subsetSize < 0: every item, ascending), skipping missing (NaN) responses.
 * Results go to POLY_OUT_THETA[c] and POLY_OUT_SE[c].
 */
export function polyEstimateColumns(firstColumn: i32, count: i32, subsetSize: i32, start: f64, estimator: i32): void {
  const subset = polyRegion(POLY_SUBSET);
  const all = subsetSize < 0;
  const n = all ? polyBankSize : subsetSize;
  for (let c = 0; c < count; c++) {
    const column = polyRegion(POLY_RESPONSES) + ((<usize>(firstColumn + c) * <usize>polyCapItems) << 3);
    let k = 0;
    for (let i = 0; i < n && k < polyCapSteps; i++) {
      const item = all ? i : load<i32>(subset + (<usize>i << 2));
      const x = load<f64>(column + (<usize>item << 3));
      if (isNaN(x)) continue;
      polyAdmit(k, item, <i32>x);
      k++;
    }
    const theta = polyEstimateAdministered(k, start, estimator);
    store<f64>(polyRegion(POLY_OUT_THETA) + (<usize>c << 3), theta);
    store<f64>(polyRegion(POLY_OUT_SE) + (<usize>c << 3), polyLastSe);
  }
}
