// The re-estimates behind MEI (criteria.ts for 1–4PL banks, poly-criteria.ts for graded ones) for MAP and MLE
// without a pass over the administered items per item.
//
// MEI needs, for every unused item j and answer x, the θ that newton.ts's solver returns for the administered
// items plus (j, x). Each of its evaluations sums over every administered item, and only item j differs between
// the bank's items. So once per step the administered part — the score S(θ) (with the prior term) and the
// information I(θ) — is replaced by Chebyshev interpolants on a window around θ̂ (ADMIN_NODES evaluations of
// the administered items), and the solver's Newton iteration is replayed for every item on S + s_j and I + i_j
// with item j's own terms exact: the same starts, steps, halvings and stopping test, so the same θ up to the
// interpolants' error. The window is accepted only when the interpolants' trailing coefficients put that error
// below MODEL_TOLERANCE (far below the score tolerance of 1e-6), else it is halved, a few times. Both item
// families share that solver, so a graded bank's items replay it the same way, with poly-irf.ts's terms for
// item j. An item whose iteration leaves the window, or would need the solver's bisection, is re-estimated
// exactly as before (as are EAP and WLE runs, and steps with fewer administered items than nodes, where the
// exact pass is cheaper).
import { ESTIMATOR_MAP, ESTIMATOR_MLE, admit, estimateAdministered, mapPrecision } from './estimate';
import { logistic } from './irf';
import { lastEvaluatedInformation, polyScoreAt, scoreAt } from './newton';
import { passInformation, passScore, polyItemPass } from './poly-irf';
import { bankIs2PL, maxHalvings, maxNewtonSteps, rangeHi, rangeLo, scaleD, scoreTolerance } from './options';
import { region, REGION_ITEM_A, REGION_ITEM_B, REGION_ITEM_C, REGION_ITEM_D } from './layout';

/** Chebyshev nodes of the interpolants (degree ADMIN_NODES − 1). */
const ADMIN_NODES: i32 = 24;
/** Largest trailing Chebyshev coefficients accepted (score and information units). */
const MODEL_TOLERANCE: f64 = 1e-11;
/** Widest window half-width, and how many times it may be halved before the model is given up for the step. */
const WIDEST_WINDOW: f64 = 1.0;
const WINDOW_HALVINGS: i32 = 5;

const scoreCoefficients = memory.data(ADMIN_NODES * 8);
const informationCoefficients = memory.data(ADMIN_NODES * 8);
const nodeScore = memory.data(ADMIN_NODES * 8);
const nodeInformation = memory.data(ADMIN_NODES * 8);

let modelReady = false;
let windowCenter: f64 = 0.0;
let windowHalf: f64 = 0.0;
let modelPrecision: f64 = 0.0;
/** Whether the model is of a polytomous bank's administered items (POLY_ADM_*), else of ADM_*. */
let modelPoly = false;
// the model's value at the last modelEvaluate()
let modelScore: f64 = 0.0;
let modelInformation: f64 = 0.0;

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/** Chebyshev coefficients of the values at the nodes x_m = cos(π(m + ½)/M). */
function chebyshevFit(values: usize, coefficients: usize): void {
  const n = ADMIN_NODES;
  for (let c = 0; c < n; c++) {
    let sum = 0.0;
    for (let m = 0; m < n; m++) sum += f64At(values, m) * Math.cos((Math.PI * <f64>c * (<f64>m + 0.5)) / <f64>n);
    setF64(coefficients, c, ((c == 0 ? 1.0 : 2.0) / <f64>n) * sum);
  }
}

/** Σ c_i T_i(u) by Clenshaw's recurrence. */
@inline function chebyshevValue(coefficients: usize, u: f64): f64 {
  let b1 = 0.0;
  let b2 = 0.0;
  for (let c = ADMIN_NODES - 1; c >= 1; c--) {
    const b0 = 2.0 * u * b1 - b2 + f64At(coefficients, c);
    b2 = b1;
    b1 = b0;
  }
  return u * b1 - b2 + f64At(coefficients, 0);
}

/** Whether the last two coefficients are small enough for the interpolant to stand in for the sums. */
@inline function converged(coefficients: usize): bool {
  return Math.abs(f64At(coefficients, ADMIN_NODES - 1)) + Math.abs(f64At(coefficients, ADMIN_NODES - 2)) < MODEL_TOLERANCE;
}

/**
 * Builds the interpolants of the first k administered items' score and information around θ̂ for the step, or
 * marks the model unusable (every item then takes the exact path). Call once per MEI step, before the items.
 */
export function prepareExpectedInformation(k: i32, theta: f64, estimator: i32): void {
  prepareModel(k, theta, estimator, false);
}

/** prepareExpectedInformation() for the polytomous bank's administered items. */
export function preparePolyExpectedInformation(k: i32, theta: f64, estimator: i32): void {
  prepareModel(k, theta, estimator, true);
}

function prepareModel(k: i32, theta: f64, estimator: i32, poly: bool): void {
  modelReady = false;
  modelPoly = poly;
  // with fewer administered items than nodes, a pass over them costs less than evaluating the interpolants
  if ((estimator != ESTIMATOR_MAP && estimator != ESTIMATOR_MLE) || k < ADMIN_NODES) return;
  modelPrecision = estimator == ESTIMATOR_MAP ? mapPrecision() : 0.0;
  let half = min(WIDEST_WINDOW, 0.5 * (rangeHi - rangeLo));
  for (let attempt = 0; attempt <= WINDOW_HALVINGS; attempt++, half *= 0.5) {
    for (let m = 0; m < ADMIN_NODES; m++) {
      const x = theta + half * Math.cos((Math.PI * (<f64>m + 0.5)) / <f64>ADMIN_NODES);
      setF64(nodeScore, m, poly ? polyScoreAt(k, x, modelPrecision) : scoreAt(k, x, modelPrecision));
      setF64(nodeInformation, m, lastEvaluatedInformation());
    }
    chebyshevFit(nodeScore, scoreCoefficients);
    chebyshevFit(nodeInformation, informationCoefficients);
    if (converged(scoreCoefficients) && converged(informationCoefficients)) {
      windowCenter = theta;
      windowHalf = half;
      modelReady = true;
      return;
    }
  }
}

/** The model's S and I at θ (false outside the window). */
@inline function modelEvaluate(theta: f64): bool {
  const u = (theta - windowCenter) / windowHalf;
  if (!(u >= -1.0 && u <= 1.0)) return false;
  modelScore = chebyshevValue(scoreCoefficients, u);
  modelInformation = chebyshevValue(informationCoefficients, u);
  return true;
}

// item j's own terms at the last itemTerms()
let termScore: f64 = 0.0;
let termInformation: f64 = 0.0;

/** Bank item j's score and information terms at θ for answer x, as the solvers' evaluations add them. */
@inline function itemTerms(item: i32, x: f64, theta: f64): void {
  if (modelPoly) {
    polyItemPass(item, theta, <i32>x, false, false);
    termScore = passScore;
    termInformation = passInformation;
    return;
  }
  const off = <usize>item << 3;
  const a = load<f64>(region(REGION_ITEM_A) + off);
  const b = load<f64>(region(REGION_ITEM_B) + off);
  const Da = scaleD * a;
  if (bankIs2PL) {
    const p = logistic(Da * (theta - b));
    termScore = scaleD * (a * (x - p));
    termInformation = scaleD * scaleD * (a * a * (p * (1.0 - p)));
    return;
  }
  const c = load<f64>(region(REGION_ITEM_C) + off);
  const d = load<f64>(region(REGION_ITEM_D) + off);
  const s = logistic(Da * (theta - b));
  const p = c + (d - c) * s;
  const pq = p * (1.0 - p);
  if (pq <= 0.0) {
    termScore = 0.0;
    termInformation = 0.0;
    return;
  }
  const dp = (d - c) * Da * s * (1.0 - s);
  termScore = (dp * (x - p)) / pq;
  termInformation = (dp * dp) / pq;
}

/**
 * newton.ts's Newton iteration from θ̂ on the model plus item j's terms; NaN when it leaves the window or would
 * need the bisection (the caller then solves exactly).
 */
function modelSolve(item: i32, x: f64, start: f64): f64 {
  const lo = rangeLo;
  const hi = rangeHi;
  const precision = modelPrecision;
  let theta = min(max(start, lo), hi);
  let score = 0.0;
  let information = 0.0;
  let evaluatedAtTheta = false;
  for (let step = 0; step < maxNewtonSteps; step++) {
    if (!evaluatedAtTheta) {
      if (!modelEvaluate(theta)) return NaN;
      itemTerms(item, x, theta);
      score = modelScore + termScore;
      information = modelInformation + termInformation;
    }
    if (Math.abs(score) < scoreTolerance) return theta;
    const slope = -precision - information;
    if (slope == 0.0 || !isFinite<f64>(slope)) return NaN;
    let target = min(max(theta - score / slope, lo), hi);
    const current = Math.abs(score);
    evaluatedAtTheta = false;
    for (let halving = 0; halving < maxHalvings; halving++) {
      if (!modelEvaluate(target)) return NaN;
      itemTerms(item, x, target);
      const next = modelScore + termScore;
      if (Math.abs(next) < current || !isFinite<f64>(next)) {
        score = next;
        information = modelInformation + termInformation;
        evaluatedAtTheta = true;
        break;
      }
      target = 0.5 * (target + theta);
    }
    if (target == theta) return NaN;
    theta = target;
  }
  return NaN;
}

/**
 * θ after the first k administered items plus bank item `item` answered x, with the run's estimator from θ̂:
 * from the step's model when it holds, else exactly (slot k of the administered items is then scratch).
 */
export function updatedTheta(item: i32, k: i32, x: f64, theta: f64, estimator: i32): f64 {
  if (modelReady) {
    const solved = modelSolve(item, x, theta);
    if (!isNaN(solved)) return solved;
  }
  admit(k, item, x);
  return estimateAdministered(k + 1, theta, estimator);
}

/**
 * The updated θ of a graded item's category x from the step's model (preparePolyExpectedInformation), or NaN
 * when the model does not hold there (the caller then re-estimates exactly).
 */
export function polyUpdatedThetaFromModel(item: i32, x: i32, theta: f64): f64 {
  if (!modelReady) return NaN;
  return modelSolve(item, <f64>x, theta);
}
