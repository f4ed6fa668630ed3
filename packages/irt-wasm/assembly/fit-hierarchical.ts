// 2PL calibration with py-irt's hierarchical priors, as a deterministic alternative to its variational fit:
//   θ_n ~ N(μθ, 1/uθ), b_j ~ N(μb, 1/ub), log a_j ~ N(μa, 1/ua)  (the second argument is the SD),
//   μ· ~ N(0, 10⁶), u· ~ Gamma(1, 1).
// One sweep updates, in turn: every θ_n (Newton on its conditional posterior), every item's (log a, b)
// (Fisher scoring with step halving), then the item hyperparameters μb, ub, μa, ua in closed form, using
// E[(x − μ)²] = (mode − μ)² + Laplace variance (an EM step for the prior's spread, as a mean-field
// variational fit would take), so the prior SDs are not shrunk to the spread of the point estimates.
// The likelihood is unchanged when θ and b are scaled by c (and shifted) and a by 1/c; the joint mode
// drifts along that direction toward a collapsed scale (c → 0, where J·log ub grows without bound; py-irt's
// SVI is held in place by its initialization and the variational entropy instead). So every sweep ends by
// restandardizing: θ to weighted mean 0 and SD 1 over the subjects, b and a (and μb, ub, μa) moved along, and
// the ability prior stays at μθ = 0, uθ = 1 (its closed-form update would return about that).
// Guards: items stay in fit-mstep.ts's box (a in [aLow, aHigh], |b| ≤ bLimit; with the abilities fixed, an item
// that splits the subjects perfectly would take a → ∞), and the slope prior keeps μa in [−5, 5] and SD ≤ 2
// (the clamp of a later py-irt version). Items that end on the box are flagged as in the MML fit.
// Reported a = exp(mode of log a), the median of the log-normal, as py-irt exports exp(loc).
// The arena and inputs are fit-layout.ts's.
import {
  FIT_A, FIT_B, FIT_FLAGS, FIT_PREVIOUS, FLAG_AT_BOUND, FLAG_FREE, FIT_CODES, FIT_CODES_T, FIT_SE_A, FIT_SE_B, FIT_THETA, FIT_THETA_SD, FIT_WEIGHT,
  STAT_LOG_LIKELIHOOD, STAT_LOG_PRIOR, STAT_MAX_CHANGE, STAT_MU_A, STAT_MU_B, STAT_MU_THETA,
  STAT_U_A, STAT_U_B, STAT_U_THETA, fitItems, fitRegion, fitSubjects, setStat, stat,
} from './fit-layout';
import { aHigh, aLow, bLimit } from './fit-mstep';
import { logistic, softplus } from './irf';
import { addTerm, clearTermSums, logisticTerm, sumInformation, sumInformationT, sumInformationTT, sumResidual, sumResidualT, termExp, termInformation } from './fit-logistic';
import {
  gradX, gradY, halvedStep, infoXX, infoXY, infoYY, solve2, stepDx, stepDy, stepValue, stepX, stepY,
} from './fit-item-step';

/** SD of the normal hyperprior on each μ (py-irt's 10⁶). */
const MU_PRIOR_SD: f64 = 1e6;
/** Largest Newton step of θ and of (log a, b) per iteration. */
const MAX_STEP: f64 = 1.0;
/** Starting proportions are kept inside [EDGE, 1 − EDGE] so their logits stay finite. */
const EDGE: f64 = 0.02;

@inline function clampUnit(p: f64): f64 {
  return p < EDGE ? EDGE : p > 1.0 - EDGE ? 1.0 - EDGE : p;
}

/**
 * Start values: θ_n = logit of subject n's proportion right, b_j = −logit of item j's (weighted) proportion
 * right, a_j = 1, and py-irt's starting hyperparameters μ = 0, u = 1 (hyperparameters computed from start
 * values with no spread in a would pin every a at once).
 */
export function hierarchicalStart(): void {
  const J = fitItems;
  const N = fitSubjects;
  const codes = fitRegion(FIT_CODES);
  const codesT = fitRegion(FIT_CODES_T);
  const weight = fitRegion(FIT_WEIGHT);
  const theta = fitRegion(FIT_THETA);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  for (let n = 0; n < N; n++) {
    let right = 0.0;
    let seen = 0.0;
    const row = codes + <usize>n * <usize>J;
    for (let j = 0; j < J; j++) {
      const code = load<u8>(row + <usize>j);
      if (code == 2) continue;
      seen += 1.0;
      right += <f64>code;
    }
    const p = clampUnit(seen > 0.0 ? right / seen : 0.5);
    store<f64>(theta + (<usize>n << 3), Math.log(p / (1.0 - p)));
    store<f64>(fitRegion(FIT_THETA_SD) + (<usize>n << 3), 0.0);
  }
  for (let j = 0; j < J; j++) {
    let right = 0.0;
    let seen = 0.0;
    const row = codesT + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = load<u8>(row + <usize>n);
      if (code == 2) continue;
      const w = load<f64>(weight + (<usize>n << 3));
      seen += w;
      right += w * <f64>code;
    }
    const p = clampUnit(seen > 0.0 ? right / seen : 0.5);
    store<f64>(A + (<usize>j << 3), 1.0);
    store<f64>(B + (<usize>j << 3), -Math.log(p / (1.0 - p)));
    store<f64>(fitRegion(FIT_SE_A) + (<usize>j << 3), 0.0);
    store<f64>(fitRegion(FIT_SE_B) + (<usize>j << 3), 0.0);
  }
  setStat(STAT_MU_THETA, 0.0);
  setStat(STAT_U_THETA, 1.0);
  setStat(STAT_MU_B, 0.0);
  setStat(STAT_U_B, 1.0);
  setStat(STAT_MU_A, 0.0);
  setStat(STAT_U_A, 1.0);
  setStat(STAT_MAX_CHANGE, Infinity);
  sweepsRecorded = 0;
}

/** The closed-form optimum of (μ, u) given Σw, Σw·x and Σw·(x² + v). */
function hyper(count: f64, sum: f64, sumSquares: f64, muSlot: i32, uSlot: i32): void {
  const u0 = stat(uSlot) > 0.0 ? stat(uSlot) : 1.0;
  // μ: normal prior N(0, MU_PRIOR_SD) times the N(μ, 1/u) terms.
  const precision = u0 * u0;
  const mu = (precision * sum) / (precision * count + 1.0 / (MU_PRIOR_SD * MU_PRIOR_SD));
  // u: maximize count·log u − u²·S/2 − u (Gamma(1, 1)), S = Σw((x − μ)² + v): S u² + u − count = 0.
  const S = sumSquares - 2.0 * mu * sum + mu * mu * count;
  const u = S > 0.0 ? (-1.0 + Math.sqrt(1.0 + 4.0 * S * count)) / (2.0 * S) : count;
  setStat(muSlot, mu);
  setStat(uSlot, u);
  clampSlopePrior();
}

/** py-irt's own guard on the slope prior: μa in [−5, 5] and its SD 1/ua at most 2. */
const MU_A_LIMIT: f64 = 5.0;
const SD_A_LIMIT: f64 = 2.0;

function clampSlopePrior(): void {
  const mu = stat(STAT_MU_A);
  if (mu < -MU_A_LIMIT) setStat(STAT_MU_A, -MU_A_LIMIT);
  else if (mu > MU_A_LIMIT) setStat(STAT_MU_A, MU_A_LIMIT);
  if (!(stat(STAT_U_A) >= 1.0 / SD_A_LIMIT)) setStat(STAT_U_A, 1.0 / SD_A_LIMIT);
}

function updateHyperparameters(): void {
  const J = fitItems;
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const seA = fitRegion(FIT_SE_A);
  const seB = fitRegion(FIT_SE_B);
  let sumB = 0.0;
  let squaresB = 0.0;
  let sumA = 0.0;
  let squaresA = 0.0;
  for (let j = 0; j < J; j++) {
    const off = <usize>j << 3;
    const b = load<f64>(B + off);
    const sdB = load<f64>(seB + off);
    const a = load<f64>(A + off);
    const alpha = Math.log(a);
    // The SD of a is stored; the SD of log a is SD(a)/a (delta method, exact for the Laplace form used).
    const sdAlpha = load<f64>(seA + off) / a;
    sumB += b;
    squaresB += b * b + sdB * sdB;
    sumA += alpha;
    squaresA += alpha * alpha + sdAlpha * sdAlpha;
  }
  hyper(<f64>J, sumB, squaresB, STAT_MU_B, STAT_U_B);
  hyper(<f64>J, sumA, squaresA, STAT_MU_A, STAT_U_A);
}

/**
 * `steps` Newton steps on each θ_n's conditional log posterior (warm-started, so one per sweep suffices);
 * the Laplace SD uses the information at the last step's start, saving a pass.
 */
function updateAbilities(steps: i32): void {
  const J = fitItems;
  const N = fitSubjects;
  const codes = fitRegion(FIT_CODES);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const theta = fitRegion(FIT_THETA);
  const thetaSd = fitRegion(FIT_THETA_SD);
  const mu = stat(STAT_MU_THETA);
  const u = stat(STAT_U_THETA);
  const precision = u * u;
  for (let n = 0; n < N; n++) {
    const off = <usize>n << 3;
    let x = load<f64>(theta + off);
    const row = codes + <usize>n * <usize>J;
    let information = precision;
    for (let it = 0; it < steps; it++) {
      let gradient = -precision * (x - mu);
      information = precision;
      for (let j = 0; j < J; j++) {
        const code = load<u8>(row + <usize>j);
        if (code == 2) continue;
        const a = load<f64>(A + (<usize>j << 3));
        const p = logistic(a * (x - load<f64>(B + (<usize>j << 3))));
        gradient += a * (<f64>code - p);
        information += a * a * p * (1.0 - p);
      }
      let step = gradient / information;
      if (step > MAX_STEP) step = MAX_STEP;
      else if (step < -MAX_STEP) step = -MAX_STEP;
      x += step;
    }
    store<f64>(theta + off, x);
    store<f64>(thetaSd + off, 1.0 / Math.sqrt(information));
  }
}

// One item's pass over the subjects (itemPass): its data log-likelihood here, its gradient and information in
// (log a, b) in fit-item-step.ts's gradX … infoYY.
let passLogLik: f64 = 0;

/** Log posterior of item j at (α = log a, b) given the abilities, and its Fisher scoring sums. */
function itemPass(j: i32, alpha: f64, b: f64): f64 {
  const N = fitSubjects;
  const row = fitRegion(FIT_CODES_T) + <usize>j * <usize>N;
  const theta = fitRegion(FIT_THETA);
  const weight = fitRegion(FIT_WEIGHT);
  const a = Math.exp(alpha);
  let logLik = 0.0;
  clearTermSums();
  for (let n = 0; n < N; n++) {
    const code = load<u8>(row + <usize>n);
    if (code == 2) continue;
    const w = load<f64>(weight + (<usize>n << 3));
    const t = load<f64>(theta + (<usize>n << 3)) - b;
    const z = a * t;
    const x = <f64>code;
    const p = logisticTerm(z);
    logLik += w * (x * z - (z > 0.0 ? z : 0.0) - Math.log1p(termExp));
    addTerm(w * (x - p), termInformation(w), t);
  }
  const sE = sumResidual;
  const sEt = sumResidualT;
  const sW = sumInformation;
  const sWt = sumInformationT;
  const sWtt = sumInformationTT;
  const uA = stat(STAT_U_A);
  const uB = stat(STAT_U_B);
  const dA = alpha - stat(STAT_MU_A);
  const dB = b - stat(STAT_MU_B);
  passLogLik = logLik;
  // z = e^α (θ − b): ∂z/∂α = z, ∂z/∂b = −a.
  gradX = a * sEt - uA * uA * dA;
  gradY = -a * sE - uB * uB * dB;
  infoXX = a * a * sWtt + uA * uA;
  infoXY = -a * a * sWt;
  infoYY = a * a * sW + uB * uB;
  return logLik - 0.5 * uA * uA * dA * dA - 0.5 * uB * uB * dB * dB;
}

/** The item itemPassOfCurrent() evaluates (function references cannot carry it). */
let passItem: i32 = 0;

function itemPassOfCurrent(alpha: f64, b: f64): f64 {
  return itemPass(passItem, alpha, b);
}

/** |b| ≤ bLimit whatever the slope. */
function difficultyLimit(_alpha: f64): f64 {
  return bLimit;
}

/** `steps` Fisher scoring steps on each item's (log a, b), each halved until the posterior does not drop. */
function updateItems(steps: i32): void {
  const J = fitItems;
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const seA = fitRegion(FIT_SE_A);
  const seB = fitRegion(FIT_SE_B);
  const flags = fitRegion(FIT_FLAGS);
  const alphaLow = Math.log(aLow > 0.0 ? aLow : 1e-3);
  const alphaHigh = Math.log(aHigh);
  let logLik = 0.0;
  for (let j = 0; j < J; j++) {
    const off = <usize>j << 3;
    let alpha = Math.log(load<f64>(A + off));
    let b = load<f64>(B + off);
    // The pass sums always hold the current point's: a step's last evaluation is the point it accepts, and a
    // step that accepts none evaluates the current point again before the loop ends.
    let value = itemPass(j, alpha, b);
    for (let it = 0; it < steps; it++) {
      const det = infoXX * infoYY - infoXY * infoXY;
      if (!(det > 0.0)) break;
      solve2(infoXX, infoXY, infoYY, gradX, gradY, det);
      let dAlpha = stepDx;
      let dB = stepDy;
      const biggest = Math.max(Math.abs(dAlpha), Math.abs(dB));
      if (biggest > MAX_STEP) {
        dAlpha *= MAX_STEP / biggest;
        dB *= MAX_STEP / biggest;
      }
      // The same box as the MML fit: a in [aLow, aHigh], |b| ≤ bLimit (an item that splits the subjects
      // perfectly would otherwise take a → ∞ given the abilities). The accepted candidate was evaluated last.
      passItem = j;
      if (!halvedStep(alpha, b, dAlpha, dB, value, alphaLow, alphaHigh, difficultyLimit, itemPassOfCurrent)) {
        itemPass(j, alpha, b);
        break;
      }
      alpha = stepX;
      b = stepY;
      value = stepValue;
    }
    logLik += passLogLik;
    const a = Math.exp(alpha);
    store<f64>(A + off, a);
    store<f64>(B + off, b);
    const edge = 1e-6;
    const bounded = alpha <= alphaLow + edge || alpha >= alphaHigh - edge || Math.abs(b) >= bLimit * (1.0 - edge);
    store<i32>(flags + (<usize>j << 2), bounded ? FLAG_AT_BOUND : FLAG_FREE);
    // Mean-field Laplace SDs: 1/sqrt of each diagonal precision; SD(a) = a·SD(log a).
    store<f64>(seA + off, a / Math.sqrt(infoXX));
    store<f64>(seB + off, 1.0 / Math.sqrt(infoYY));
  }
  setStat(STAT_LOG_LIKELIHOOD, logLik);
}

/** Log density of the priors and hyperpriors at the current values (up to constants). */
function logPrior(): f64 {
  const J = fitItems;
  const N = fitSubjects;
  const weight = fitRegion(FIT_WEIGHT);
  const theta = fitRegion(FIT_THETA);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const muT = stat(STAT_MU_THETA);
  const uT = stat(STAT_U_THETA);
  const muB = stat(STAT_MU_B);
  const uB = stat(STAT_U_B);
  const muA = stat(STAT_MU_A);
  const uA = stat(STAT_U_A);
  let value = 0.0;
  for (let n = 0; n < N; n++) {
    const d = load<f64>(theta + (<usize>n << 3)) - muT;
    value += load<f64>(weight + (<usize>n << 3)) * (Math.log(uT) - 0.5 * uT * uT * d * d);
  }
  for (let j = 0; j < J; j++) {
    const dB = load<f64>(B + (<usize>j << 3)) - muB;
    const dA = Math.log(load<f64>(A + (<usize>j << 3))) - muA;
    value += Math.log(uB) - 0.5 * uB * uB * dB * dB + Math.log(uA) - 0.5 * uA * uA * dA * dA;
  }
  const s2 = MU_PRIOR_SD * MU_PRIOR_SD;
  value += -0.5 * (muT * muT + muB * muB + muA * muA) / s2 - uT - uB - uA;
  return value;
}

/**
 * Moves every parameter along the likelihood's invariant direction so that the abilities have weighted mean 0
 * and SD 1.
 */
function standardize(): void {
  const J = fitItems;
  const N = fitSubjects;
  const weight = fitRegion(FIT_WEIGHT);
  const theta = fitRegion(FIT_THETA);
  const thetaSd = fitRegion(FIT_THETA_SD);
  let count = 0.0;
  let sum = 0.0;
  for (let n = 0; n < N; n++) {
    const w = load<f64>(weight + (<usize>n << 3));
    count += w;
    sum += w * load<f64>(theta + (<usize>n << 3));
  }
  if (!(count > 0.0)) return;
  const mean = sum / count;
  let squares = 0.0;
  for (let n = 0; n < N; n++) {
    const d = load<f64>(theta + (<usize>n << 3)) - mean;
    squares += load<f64>(weight + (<usize>n << 3)) * d * d;
  }
  const sd = Math.sqrt(squares / count);
  if (!(sd > 0.0 && isFinite(sd))) return;
  for (let n = 0; n < N; n++) {
    const off = <usize>n << 3;
    const x = load<f64>(theta + off);
    store<f64>(theta + off, (x - mean) / sd);
    store<f64>(thetaSd + off, load<f64>(thetaSd + off) / sd);
  }
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const seA = fitRegion(FIT_SE_A);
  const seB = fitRegion(FIT_SE_B);
  for (let j = 0; j < J; j++) {
    const off = <usize>j << 3;
    const a = load<f64>(A + off);
    const b = load<f64>(B + off);
    store<f64>(A + off, a * sd);
    store<f64>(B + off, (b - mean) / sd);
    store<f64>(seA + off, load<f64>(seA + off) * sd);
    store<f64>(seB + off, load<f64>(seB + off) / sd);
  }
  setStat(STAT_MU_B, (stat(STAT_MU_B) - mean) / sd);
  setStat(STAT_U_B, stat(STAT_U_B) * sd);
  setStat(STAT_MU_A, stat(STAT_MU_A) + Math.log(sd));
}

/** Copies θ, a, b to FIT_PREVIOUS (save) or returns the largest change since the copy (!save). */
function previous(save: bool): f64 {
  const N = <usize>fitSubjects;
  const J = <usize>fitItems;
  const copy = fitRegion(FIT_PREVIOUS);
  const theta = fitRegion(FIT_THETA);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  if (save) {
    memory.copy(copy, theta, N << 3);
    memory.copy(copy + (N << 3), A, J << 3);
    memory.copy(copy + ((N + J) << 3), B, J << 3);
    return 0.0;
  }
  let change = 0.0;
  for (let n: usize = 0; n < N; n++) change = Math.max(change, Math.abs(load<f64>(theta + (n << 3)) - load<f64>(copy + (n << 3))));
  for (let j: usize = 0; j < J; j++) {
    change = Math.max(change, Math.abs(load<f64>(A + (j << 3)) - load<f64>(copy + ((N + j) << 3))));
    change = Math.max(change, Math.abs(load<f64>(B + (j << 3)) - load<f64>(copy + ((N + J + j) << 3))));
  }
  return change;
}

// The item hyperparameters (μb, ub, μa, ua) after each of the last three sweeps, for extrapolation.
const HYPER_SLOTS: i32 = 4;
const hyperHistory = memory.data(3 * HYPER_SLOTS * 8);
let sweepsRecorded: i32 = 0;
/** Extrapolate only sequences that shrink geometrically by at most this ratio per sweep. */
const MAX_RATIO: f64 = 0.95;

@inline function historyAt(sweep: i32, slot: i32): usize {
  return hyperHistory + ((<usize>(sweep * HYPER_SLOTS + slot)) << 3);
}

/**
 * Aitken's Δ² on each item hyperparameter every third sweep. Their closed-form updates form an EM for the
 * prior spreads, which converges linearly and slowly when items carry little information about a (few
 * subjects): most of the sweeps a plain run needs. A component is extrapolated only when its last two
 * steps have the same sign and shrink (ratio in (0, 0.95)), and a spread parameter u only to a positive
 * value; the next sweep's updates correct any overshoot.
 */
function extrapolateHyperparameters(): void {
  const shift = sweepsRecorded < 3 ? sweepsRecorded : 2;
  if (sweepsRecorded >= 3) {
    // Drop the oldest record.
    memory.copy(historyAt(0, 0), historyAt(1, 0), <usize>(2 * HYPER_SLOTS) << 3);
  }
  for (let k = 0; k < HYPER_SLOTS; k++) store<f64>(historyAt(shift, k), stat(STAT_MU_B + k));
  sweepsRecorded++;
  if (sweepsRecorded < 3 || sweepsRecorded % 3 != 0) return;
  for (let k = 0; k < HYPER_SLOTS; k++) {
    const x0 = load<f64>(historyAt(0, k));
    const x1 = load<f64>(historyAt(1, k));
    const x2 = load<f64>(historyAt(2, k));
    const d1 = x1 - x0;
    const d2 = x2 - x1;
    if (d1 == 0.0) continue;
    const ratio = d2 / d1;
    if (!(ratio > 0.0 && ratio < MAX_RATIO)) continue;
    const next = x2 + (d2 * ratio) / (1.0 - ratio);
    // Slots 1 and 3 are the spreads u, which must stay positive.
    if ((k & 1) == 1 && !(next > 0.0)) continue;
    setStat(STAT_MU_B + k, next);
  }
  clampSlopePrior();
}

/**
 * One sweep: abilities, items, gauge, hyperparameters. Returns the largest net change of any θ, a or b; FIT_STATS holds
 * the data log-likelihood, the log prior and the hyperparameters.
 */
export function hierarchicalSweep(abilitySteps: i32, itemStepsPerSweep: i32): f64 {
  previous(true);
  updateAbilities(abilitySteps);
  updateItems(itemStepsPerSweep);
  standardize();
  updateHyperparameters();
  extrapolateHyperparameters();
  const maxChange = previous(false);
  setStat(STAT_MAX_CHANGE, maxChange);
  setStat(STAT_LOG_PRIOR, logPrior());
  return maxChange;
}
