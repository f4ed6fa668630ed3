// MAP and MLE ability estimation over the administered items, for both item families: Newton from a warm
// start with clipping and backtracking, then bisection on the range (the rules of the design's numeric
// contract). One driver, newtonRoot, compiled once per family (kind.ts).
import { logistic } from './irf';
import { KIND_DICHOTOMOUS, KIND_POLYTOMOUS } from './kind';
import {
  bankIs2PL, bisectionSteps, maxHalvings, maxNewtonSteps, priorMean, rangeHi, rangeLo, scaleD, scoreTolerance,
} from './options';
import { region, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X } from './layout';
import { polyAdministeredSums, sumInformation, sumObserved, sumScore } from './poly-irf';

// Results of the last evaluation: the score T(θ) (with the prior term), the information Σ I_i(θ) (without it,
// for the SE) and the curvature Newton steps with, T'(θ) ≈ −precision − evaluatedCurvature. For 1–4PL items
// the curvature is the expected information (Fisher scoring: the observed one can be negative for 3PL/4PL,
// and for 2PL they agree). Polytomous items use the observed information Σ −s'_{x_i}, never negative (GRM
// categories are log-concave, GPCM's equals the expected one): with the expected one Newton converges only
// linearly on GRM items (4.7 evaluations per step of a 500-step run against 2.9).
let evaluatedScore: f64 = 0.0;
let evaluatedInformation: f64 = 0.0;
let evaluatedCurvature: f64 = 0.0;

/** Information at the θ the last solve returned, or NaN when that θ was never evaluated. */
export let solvedInformation: f64 = NaN;

// Incremental first evaluation during a replay: the run only appends items, and the next solve starts at the
// θ the last one returned, where the sums over the first k items are already known. Adding item k's term to
// them performs the very additions a fresh pass would make, in the same order, so the result is identical.
let appendOnly = false;
let lastRawScore: f64 = 0.0;
let lastRawInformation: f64 = 0.0;
let lastRawObserved: f64 = 0.0;
let lastTheta: f64 = NaN;
let lastCount: i32 = -1;
let knownTheta: f64 = NaN;
let knownCount: i32 = -1;
let knownRawScore: f64 = 0.0;
let knownRawInformation: f64 = 0.0;
let knownRawObserved: f64 = 0.0;

/** Turns the incremental first evaluation on (a replay that only appends items) or off; forgets the cache. */
export function setAppendOnly(on: bool): void {
  appendOnly = on;
  knownCount = -1;
}

/** The first slot an evaluation over k items at θ must visit: the cached count, or 0. */
@inline function firstUnknown(k: i32, theta: f64): i32 {
  return appendOnly && k == knownCount + 1 && theta == knownTheta ? knownCount : 0;
}

/** Keeps the raw sums of an evaluation over k items at θ, for remember(). */
@inline function record(k: i32, theta: f64, score: f64, information: f64, observed: f64): void {
  lastRawScore = score;
  lastRawInformation = information;
  lastRawObserved = observed;
  lastTheta = theta;
  lastCount = k;
}

/** Keeps the sums of the last evaluation when it was at the returned θ. */
@inline function remember(k: i32, theta: f64): void {
  if (appendOnly && lastCount == k && lastTheta == theta) {
    knownCount = k;
    knownTheta = theta;
    knownRawScore = lastRawScore;
    knownRawInformation = lastRawInformation;
    knownRawObserved = lastRawObserved;
  }
}

/** T(θ) and Σ I_i(θ) over the first k administered 1–4PL items, in one pass. */
function evaluateDichotomous(k: i32, theta: f64, precision: f64): void {
  const admA = region(REGION_ADM_A);
  const admB = region(REGION_ADM_B);
  const admX = region(REGION_ADM_X);
  const D = scaleD;
  const first = firstUnknown(k, theta);
  let score = first > 0 ? knownRawScore : 0.0;
  let information = first > 0 ? knownRawInformation : 0.0;
  if (bankIs2PL) {
    for (let i = first; i < k; i++) {
      const off = <usize>i << 3;
      const a = load<f64>(admA + off);
      const p = logistic(D * a * (theta - load<f64>(admB + off)));
      score += a * (load<f64>(admX + off) - p);
      information += a * a * (p * (1.0 - p));
    }
    record(k, theta, score, information, 0.0);
    evaluatedScore = precision * (priorMean - theta) + D * score;
    evaluatedInformation = D * D * information;
    evaluatedCurvature = evaluatedInformation;
    return;
  }
  // 1–4PL: T = Σ P'(x − P)/(P(1 − P)); the slope uses the expected information (Fisher scoring)
  const admC = region(REGION_ADM_C);
  const admD = region(REGION_ADM_D);
  for (let i = first; i < k; i++) {
    const off = <usize>i << 3;
    const Da = D * load<f64>(admA + off);
    const c = load<f64>(admC + off);
    const d = load<f64>(admD + off);
    const s = logistic(Da * (theta - load<f64>(admB + off)));
    const p = c + (d - c) * s;
    const pq = p * (1.0 - p);
    if (pq <= 0.0) continue;
    const dp = (d - c) * Da * s * (1.0 - s);
    score += (dp * (load<f64>(admX + off) - p)) / pq;
    information += (dp * dp) / pq;
  }
  record(k, theta, score, information, 0.0);
  evaluatedScore = precision * (priorMean - theta) + score;
  evaluatedInformation = information;
  evaluatedCurvature = information;
}

/** T(θ) = precision·(μ0 − θ) + Σ s_{x_i}(θ) and Σ I_i(θ) over the first k administered polytomous items. */
function evaluatePolytomous(k: i32, theta: f64, precision: f64): void {
  const first = firstUnknown(k, theta);
  const known = first > 0;
  polyAdministeredSums(
    first, k, theta, known ? knownRawScore : 0.0, known ? knownRawInformation : 0.0, known ? knownRawObserved : 0.0,
  );
  record(k, theta, sumScore, sumInformation, sumObserved);
  evaluatedScore = precision * (priorMean - theta) + sumScore;
  evaluatedInformation = sumInformation;
  evaluatedCurvature = sumObserved;
}

@inline function evaluate(kind: i32, k: i32, theta: f64, precision: f64): void {
  if (kind == KIND_POLYTOMOUS) evaluatePolytomous(k, theta, precision);
  else evaluateDichotomous(k, theta, precision);
}

/**
 * Root of the score over the first k administered items of family `kind` (a constant at every call site),
 * Newton from `start`: targets clipped to the range, up to maxHalvings pulls halfway back while |T| does not
 * drop, then bisection on the range, or the end the score points to when it keeps one sign. `precision` is
 * 1/σ0² for MAP and 0 for MLE. Sets solvedInformation when the returned θ was evaluated.
 */
@inline function newtonRoot(kind: i32, k: i32, start: f64, precision: f64): f64 {
  const lo = rangeLo;
  const hi = rangeHi;
  const tolerance = scoreTolerance;
  let theta = min(max(start, lo), hi);
  let evaluatedAtTheta = false;
  solvedInformation = NaN;
  for (let step = 0; step < maxNewtonSteps; step++) {
    if (!evaluatedAtTheta) evaluate(kind, k, theta, precision);
    const score = evaluatedScore;
    if (Math.abs(score) < tolerance) {
      solvedInformation = evaluatedInformation;
      remember(k, theta);
      return theta;
    }
    const slope = -precision - evaluatedCurvature;
    if (slope == 0.0 || !isFinite<f64>(slope)) break;
    let target = min(max(theta - score / slope, lo), hi);
    const current = Math.abs(score);
    evaluatedAtTheta = false;
    for (let halving = 0; halving < maxHalvings; halving++) {
      evaluate(kind, k, target, precision);
      const next = evaluatedScore;
      if (Math.abs(next) < current || !isFinite<f64>(next)) {
        evaluatedAtTheta = true; // the evaluation at `target` is reused at the top of the next step
        break;
      }
      target = 0.5 * (target + theta);
    }
    // A step that lands where it started (θ pinned at a range end) repeats itself exactly until the budget
    // runs out, so going straight to the bisection gives the same result.
    if (target == theta) break;
    theta = target;
  }
  // Newton's budget ran out: bisection on the whole range
  evaluate(kind, k, lo, precision);
  let scoreLo = evaluatedScore;
  evaluate(kind, k, hi, precision);
  const scoreHi = evaluatedScore;
  if (scoreLo * scoreHi <= 0.0) {
    let left = lo;
    let right = hi;
    for (let i = 0; i < bisectionSteps; i++) {
      const mid = 0.5 * (left + right);
      evaluate(kind, k, mid, precision);
      const scoreMid = evaluatedScore;
      if (Math.abs(scoreMid) < tolerance) {
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

/** MAP/MLE over the first k administered 1–4PL items (see newtonRoot). */
export function solve(k: i32, start: f64, precision: f64): f64 {
  return newtonRoot(KIND_DICHOTOMOUS, k, start, precision);
}

/** MAP/MLE over the first k administered polytomous items (see newtonRoot). */
export function polySolve(k: i32, start: f64, precision: f64): f64 {
  return newtonRoot(KIND_POLYTOMOUS, k, start, precision);
}

/** The score T(θ) over the first k administered 1–4PL items (for tests and diagnostics). */
export function scoreAt(k: i32, theta: f64, precision: f64): f64 {
  evaluateDichotomous(k, theta, precision);
  return evaluatedScore;
}

/** The score T(θ) over the first k administered polytomous items (for tests and diagnostics). */
export function polyScoreAt(k: i32, theta: f64, precision: f64): f64 {
  evaluatePolytomous(k, theta, precision);
  return evaluatedScore;
}

/** Σ I_i(θ) (without the prior) of the last scoreAt() or polyScoreAt() call: the slope the solver uses there. */
export function lastEvaluatedInformation(): f64 {
  return evaluatedInformation;
}
