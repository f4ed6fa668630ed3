// 2PL calibration, the M-step: the item box and priors (fitSetOptions), and one item's maximization in
// (a, d = −a·b) from the node masses of the E-step (fit-estep.ts). P = σ(a·(θ − b)) (D = 1).
import { FIT_ITEM_MASS, FIT_NODES, FIT_RIGHT_MASS, fitNodeCount, fitRegion } from './fit-layout';
import { addTerm, clearTermSums, logisticTerm, sumInformation, sumInformationT, sumInformationTT, sumResidual, sumResidualT, termExp, termInformation } from './fit-logistic';
import {
  gradX, gradY, halvedStep, infoXX, infoXY, infoYY, solve2, stepDx, stepDy, stepValue, stepX, stepY,
} from './fit-item-step';

// ---- settings (fitSetOptions) -------------------------------------------------------------------------
export let allowNegative: bool = false;
/** Box of the item parameters: a in [aLow, aHigh] (aLow = −aHigh when negative a is allowed), |b| ≤ bLimit. */
export let aLow: f64 = 1e-3;
export let aHigh: f64 = 20.0;
export let bLimit: f64 = 20.0;
/** Log-normal prior on a (meanlog, sdlog) and normal prior on b, each when its flag is on. */
export let aPriorOn: bool = false;
export let aMeanLog: f64 = 0.0;
export let aSdLog: f64 = 1.0;
export let bPriorOn: bool = false;
export let bMean: f64 = 0.0;
export let bSd: f64 = 1.0;
/** Newton iterations per item per M-step and their step tolerance. */
export let itemSteps: i32 = 10;
export let itemTolerance: f64 = 1e-9;

export function fitSetOptions(
  negative: i32, minA: f64, maxA: f64, maxAbsB: f64,
  priorA: i32, meanLogA: f64, sdLogA: f64, priorB: i32, meanB: f64, sdB: f64,
  steps: i32, tolerance: f64,
): void {
  allowNegative = negative != 0;
  aHigh = maxA;
  aLow = allowNegative ? -maxA : minA;
  bLimit = maxAbsB;
  aPriorOn = priorA != 0;
  aMeanLog = meanLogA;
  aSdLog = sdLogA;
  bPriorOn = priorB != 0;
  bMean = meanB;
  bSd = sdB;
  itemSteps = steps;
  itemTolerance = tolerance;
}

/** Log prior of an item (0 without priors); a log-normal prior needs a > 0, else −∞. */
export function itemLogPrior(a: f64, b: f64): f64 {
  let value = 0.0;
  if (aPriorOn) {
    if (a <= 0.0) return -Infinity;
    const la = Math.log(a);
    const z = (la - aMeanLog) / aSdLog;
    value += -la - 0.5 * z * z;
  }
  if (bPriorOn) {
    const z = (b - bMean) / bSd;
    value += -0.5 * z * z;
  }
  return value;
}

// itemEvaluate() leaves its gradient and information in fit-item-step.ts's gradX … infoYY, in the
// slope–intercept form z = a·θ + d (d = −a·b) (x = a, y = d), and here the Gauss–Newton form of the same
// information (nAA, nAD, nDD; positive semi-definite also where a prior makes the exact one indefinite).
let nAA: f64 = 0;
let nAD: f64 = 0;
let nDD: f64 = 0;

/**
 * Expected complete-data log posterior of one item, Σ_q [r_q·z_q − n_q·log(1 + e^{z_q})] + log prior, with
 * z_q = a·θ_q + d. The likelihood part is concave in (a, d) (a logistic regression on the nodes), which is
 * why the M-step works in (a, d): its information needs no guard, and a slope can pass through 0 when
 * negative slopes are allowed (in (a, b) that would take b through ±∞). One exp and one log1p per node serve
 * the value, P and P(1 − P).
 */
function itemEvaluate(a: f64, d: f64): f64 {
  const nodes = fitRegion(FIT_NODES);
  const rightMass = fitRegion(FIT_RIGHT_MASS);
  const itemMass = fitRegion(FIT_ITEM_MASS);
  const Q = fitNodeCount;
  let value = 0.0;
  clearTermSums();
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const n = load<f64>(itemMass + off);
    // Nodes outside every answering subject's window carry no mass (common when posteriors are sharp).
    if (n == 0.0) continue;
    const r = load<f64>(rightMass + off);
    const x = load<f64>(nodes + off);
    const z = a * x + d;
    const p = logisticTerm(z);
    value += r * z - n * ((z > 0.0 ? z : 0.0) + Math.log1p(termExp));
    addTerm(r - n * p, termInformation(n), x);
  }
  gradX = sumResidualT;
  gradY = sumResidual;
  infoXX = sumInformationTT;
  infoXY = sumInformationT;
  infoYY = sumInformation;
  nAA = sumInformationTT;
  nAD = sumInformationT;
  nDD = sumInformation;
  if (aPriorOn) {
    if (a <= 0.0) return -Infinity;
    const s2 = aSdLog * aSdLog;
    const u = Math.log(a) - aMeanLog;
    value += -Math.log(a) - 0.5 * u * u / s2;
    gradX += -(1.0 + u / s2) / a;
    infoXX += -(1.0 + u / s2 - 1.0 / s2) / (a * a);
    nAA += 1.0 / (s2 * a * a);
  }
  if (bPriorOn) {
    // The prior is on b = −d/a: chain rule with ∂b/∂a = −b/a, ∂b/∂d = −1/a, ∂²b/∂a² = 2b/a²,
    // ∂²b/∂a∂d = 1/a², ∂²b/∂d² = 0. (Priors need a > 0; the options check forbids them with negative a.)
    const b = -d / a;
    const s2 = bSd * bSd;
    const slope = -(b - bMean) / s2;
    const a2 = a * a;
    value += -0.5 * (b - bMean) * (b - bMean) / s2;
    gradX += slope * (-b / a);
    gradY += slope * (-1.0 / a);
    infoXX += (b * b / s2 - 2.0 * b * slope) / a2;
    infoXY += (b / s2 - slope) / a2;
    infoYY += 1.0 / (s2 * a2);
    nAA += b * b / (s2 * a2);
    nAD += b / (s2 * a2);
    nDD += 1.0 / (s2 * a2);
  }
  return value;
}

// Largest Newton step per iteration (a, and d per unit of max(1, |a|)): keeps one step from jumping across
// the likelihood's ridge where the quadratic model is poor.
const MAX_STEP_A: f64 = 1.0;
const MAX_STEP_D: f64 = 2.0;

/**
 * The box in (a, d): a in [aLow, aHigh]; |d| ≤ bLimit·a (that is |b| ≤ bLimit) for positive slopes, and
 * |d| ≤ bLimit·max(|a|, 1) when negative slopes are allowed, so that a can cross 0.
 */
function dLimit(a: f64): f64 {
  return allowNegative ? bLimit * Math.max(Math.abs(a), 1.0) : bLimit * a;
}

// Outcome of itemMaximize, as (a, b).
export let newA: f64 = 0;
export let newB: f64 = 0;

/**
 * Maximizes itemEvaluate from (a, b): Newton in (a, d) with the exact information when it is positive
 * definite and its Gauss–Newton form otherwise, the step capped, projected onto the box and halved until the
 * objective does not drop, so every M-step is monotone. Leaves the result in newA, newB.
 */
export function itemMaximize(a0: f64, b0: f64): void {
  let a = a0;
  let d = -a0 * b0;
  // gradX … infoYY and nAA … nDD always hold the derivatives at (a, d): a step's last evaluation is the point it accepts, and a
  // step that accepts none ends the loop.
  let f = itemEvaluate(a, d);
  for (let it = 0; it < itemSteps; it++) {
    let xaa = infoXX;
    let xad = infoXY;
    let xdd = infoYY;
    let det = xaa * xdd - xad * xad;
    if (!(xaa > 0.0 && det > 1e-14 * xaa * xdd)) {
      xaa = nAA;
      xad = nAD;
      xdd = nDD;
      det = xaa * xdd - xad * xad;
    }
    let da: f64;
    let dd: f64;
    if (xaa > 0.0 && det > 1e-14 * xaa * xdd) {
      solve2(xaa, xad, xdd, gradX, gradY, det);
      da = stepDx;
      dd = stepDy;
    } else {
      // Singular (e.g. every answer on one side of every node): a gradient step of fixed size.
      da = gradX != 0.0 ? (gradX > 0.0 ? 0.1 : -0.1) : 0.0;
      dd = gradY != 0.0 ? (gradY > 0.0 ? 0.1 : -0.1) : 0.0;
    }
    if (!(isFinite(da) && isFinite(dd))) break;
    const capD = MAX_STEP_D * Math.max(1.0, Math.abs(a));
    const scaleA = Math.abs(da) > MAX_STEP_A ? MAX_STEP_A / Math.abs(da) : 1.0;
    const scaleD = Math.abs(dd) > capD ? capD / Math.abs(dd) : 1.0;
    const scale = scaleA < scaleD ? scaleA : scaleD;
    da *= scale;
    dd *= scale;
    if (!halvedStep(a, d, da, dd, f, aLow, aHigh, dLimit, itemEvaluate)) break;
    const moved = Math.max(Math.abs(stepX - a), Math.abs(stepY - d));
    a = stepX;
    d = stepY;
    f = stepValue;
    if (moved < itemTolerance) break;
  }
  newA = a;
  newB = a != 0.0 ? -d / a : (d > 0.0 ? -bLimit : bLimit);
}

/**
 * Whether (a, b) sits on the box, within a relative 1e-6: an item that runs to a corner creeps toward it
 * by ever smaller steps, so at convergence it can stop a hair inside.
 */
export function atBound(a: f64, b: f64): bool {
  const eps = 1e-6;
  if (a <= aLow + eps * Math.abs(aLow) || a >= aHigh * (1.0 - eps)) return true;
  return Math.abs(a * b) >= dLimit(a) * (1.0 - eps);
}
