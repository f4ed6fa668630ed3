// 2PL calibration: the fit arena (its own regions, laid out after the engine's layout by fitConfigure) and
// marginal maximum likelihood by EM (Bock–Aitkin) over a fixed θ quadrature. P = σ(a·(θ − b)) (D = 1; the
// JS face rescales). One call per EM iteration; every item is visited once per call.
//
//   region           element  count            content
//   FIT_CODES        u8       nSubjects×nItems responses, subject-major: 0 wrong, 1 right, 2 missing (input)
//   FIT_CODES_T      u8       nItems×nSubjects the same, item-major (built by fitPrepare)
//   FIT_WEIGHT       f64      nSubjects        frequency weight of each subject (pattern counts; input)
//   FIT_A, FIT_B     f64      nItems           item parameters (input: start values; output: estimates)
//   FIT_RIGHT_START  i32      nItems + 1       CSR: subjects who answered item j right are
//   FIT_RIGHT        i32      nRight             FIT_RIGHT[FIT_RIGHT_START[j] .. FIT_RIGHT_START[j+1])
//   FIT_MISS_START   i32      nItems + 1       CSR of the subjects with item j missing
//   FIT_MISS         i32      nMissing
//   FIT_NODES        f64      nodes            quadrature nodes θ_q (input)
//   FIT_LOG_WEIGHT   f64      nodes            log quadrature weights log π_q, normalized (input)
//   FIT_POST         f64      nSubjects×stride w_n × posterior of subject n at node q (E-step output)
//   FIT_NODE_MASS    f64      stride           Σ_n FIT_POST[n][q]
//   FIT_SUM_A        f64      nSubjects        Σ a_j over the items n answered right
//   FIT_SUM_AB       f64      nSubjects        Σ a_j·b_j over the same items
//   FIT_SOFTPLUS     f64      stride           Σ_j log(1 + e^{a_j(θ_q − b_j)}) over all items
//   FIT_MISS_SP      f64      nSubjects×stride the same sum over the items subject n has missing
//   FIT_RIGHT_MASS   f64      stride           scratch: expected right answers r_q of one item
//   FIT_ITEM_MASS    f64      stride           scratch: expected answers n_q of one item
//   FIT_ITEM_SP      f64      stride           scratch: one item's softplus per node
//   FIT_THETA        f64      nSubjects        abilities (EAP here, MAP in fit-hierarchical.ts)
//   FIT_THETA_SD     f64      nSubjects        posterior SD of the abilities
//   FIT_SE_A         f64      nItems           standard errors of a (fitStandardErrors)
//   FIT_SE_B         f64      nItems           standard errors of b
//   FIT_FLAGS        i32      nItems           1 where the item ended at a bound, 2 where it has no answers
//   FIT_STATS        f64      16               scalars out: see STAT_* below
//   FIT_PREVIOUS     f64      nSubjects+2·nItems θ, a, b at the start of a hierarchical sweep
//   FIT_WINDOW       i32      2·nSubjects      [first, end) of the nodes where subject n's posterior is
//                                              above WINDOW_CUT of its peak (even-aligned); 0 outside
// `stride` is the node count rounded up to even, so row loops run two lanes at a time (the pad stays 0).
import { layoutEnd } from './layout';

export const FIT_CODES: i32 = 0;
export const FIT_CODES_T: i32 = 1;
export const FIT_WEIGHT: i32 = 2;
export const FIT_A: i32 = 3;
export const FIT_B: i32 = 4;
export const FIT_RIGHT_START: i32 = 5;
export const FIT_RIGHT: i32 = 6;
export const FIT_MISS_START: i32 = 7;
export const FIT_MISS: i32 = 8;
export const FIT_NODES: i32 = 9;
export const FIT_LOG_WEIGHT: i32 = 10;
export const FIT_POST: i32 = 11;
export const FIT_NODE_MASS: i32 = 12;
export const FIT_SUM_A: i32 = 13;
export const FIT_SUM_AB: i32 = 14;
export const FIT_SOFTPLUS: i32 = 15;
export const FIT_MISS_SP: i32 = 16;
export const FIT_RIGHT_MASS: i32 = 17;
export const FIT_ITEM_MASS: i32 = 18;
export const FIT_ITEM_SP: i32 = 19;
export const FIT_THETA: i32 = 20;
export const FIT_THETA_SD: i32 = 21;
export const FIT_SE_A: i32 = 22;
export const FIT_SE_B: i32 = 23;
export const FIT_FLAGS: i32 = 24;
export const FIT_STATS: i32 = 25;
export const FIT_PREVIOUS: i32 = 26;
export const FIT_WINDOW: i32 = 27;
const FIT_REGION_COUNT: i32 = 28;

// Response codes of FIT_CODES.
export const RESPONSE_WRONG: i32 = 0;
export const RESPONSE_RIGHT: i32 = 1;
export const RESPONSE_MISSING: i32 = 2;
const STATS_SLOTS: i32 = 16;

/** FIT_STATS slots. */
export const STAT_LOG_LIKELIHOOD: i32 = 0;
export const STAT_MAX_CHANGE: i32 = 1;
export const STAT_LOG_PRIOR: i32 = 2;
export const STAT_AT_BOUND: i32 = 3;
export const STAT_MU_THETA: i32 = 4;
export const STAT_U_THETA: i32 = 5;
export const STAT_MU_B: i32 = 6;
export const STAT_U_B: i32 = 7;
export const STAT_MU_A: i32 = 8;
export const STAT_U_A: i32 = 9;

/** Posterior values below this fraction of a subject's peak are set to 0 (they cannot move a double sum). */
const WINDOW_CUT: f64 = 1e-17;

/** FIT_FLAGS values. */
export const FLAG_FREE: i32 = 0;
export const FLAG_AT_BOUND: i32 = 1;
export const FLAG_NO_DATA: i32 = 2;

const fitTable = memory.data(FIT_REGION_COUNT * 8);

export let fitItems: i32 = 0;
export let fitSubjects: i32 = 0;
export let fitNodeCount: i32 = 0;
/** Row length of the per-node matrices (node count rounded up to even). */
export let fitStride: i32 = 0;

@inline export function fitRegion(which: i32): usize {
  return <usize>load<u64>(fitTable + (<usize>which << 3));
}

@inline export function stat(slot: i32): f64 {
  return load<f64>(fitRegion(FIT_STATS) + (<usize>slot << 3));
}

@inline export function setStat(slot: i32, value: f64): void {
  store<f64>(fitRegion(FIT_STATS) + (<usize>slot << 3), value);
}

let cursor: usize = 0;

function place(which: i32, bytes: usize): void {
  store<u64>(fitTable + (<usize>which << 3), <u64>cursor);
  cursor = align16(cursor + bytes);
}

function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/**
 * Lays out the fit arena after the engine's layout and grows memory. Every region is sized exactly;
 * call again (and rewrite the inputs) for other data. Using the engine's kernels on the same instance
 * afterwards may move its layout over this arena: a fitter owns its instance.
 */
export function fitConfigure(nItems: i32, nSubjects: i32, nNodes: i32, nRight: i32, nMissing: i32): void {
  const items = <usize>max(nItems, 1);
  const subjects = <usize>max(nSubjects, 1);
  const stride = <usize>((max(nNodes, 2) + 1) & ~1);
  const cells = items * subjects;
  // No managed arrays here: the stub runtime would allocate them from the heap base, inside the engine's layout.
  cursor = align16(layoutEnd());
  place(FIT_CODES, cells);
  place(FIT_CODES_T, cells);
  place(FIT_WEIGHT, subjects << 3);
  place(FIT_A, items << 3);
  place(FIT_B, items << 3);
  place(FIT_RIGHT_START, (items + 1) << 2);
  place(FIT_RIGHT, <usize>max(nRight, 1) << 2);
  place(FIT_MISS_START, (items + 1) << 2);
  place(FIT_MISS, <usize>max(nMissing, 1) << 2);
  place(FIT_NODES, stride << 3);
  place(FIT_LOG_WEIGHT, stride << 3);
  place(FIT_POST, (subjects * stride) << 3);
  place(FIT_NODE_MASS, stride << 3);
  place(FIT_SUM_A, subjects << 3);
  place(FIT_SUM_AB, subjects << 3);
  place(FIT_SOFTPLUS, stride << 3);
  place(FIT_MISS_SP, (subjects * stride) << 3);
  place(FIT_RIGHT_MASS, stride << 3);
  place(FIT_ITEM_MASS, stride << 3);
  place(FIT_ITEM_SP, stride << 3);
  place(FIT_THETA, subjects << 3);
  place(FIT_THETA_SD, subjects << 3);
  place(FIT_SE_A, items << 3);
  place(FIT_SE_B, items << 3);
  place(FIT_FLAGS, items << 2);
  place(FIT_STATS, <usize>STATS_SLOTS << 3);
  place(FIT_PREVIOUS, (subjects + 2 * items) << 3);
  place(FIT_WINDOW, (subjects * 2) << 2);
  const at = cursor;
  const start = align16(layoutEnd());
  const have = <usize>memory.size() << 16;
  if (at > have) {
    if (memory.grow(<i32>((at - have + 0xffff) >> 16)) < 0) unreachable();
  }
  fitItems = nItems;
  fitSubjects = nSubjects;
  fitNodeCount = nNodes;
  fitStride = <i32>stride;
  // Zero everything: the two-lane row loops read the pad of each row, which must stay 0.
  memory.fill(start, 0, at - start);
}

/** Start address of a fit region (see the table above). */
export function fitPointer(which: i32): usize {
  return fitRegion(which);
}

/** Builds the item-major codes and the right/missing lists from FIT_CODES. Returns the right count. */
export function fitPrepare(): i32 {
  const J = fitItems;
  const N = fitSubjects;
  const codes = fitRegion(FIT_CODES);
  const codesT = fitRegion(FIT_CODES_T);
  const rightStart = fitRegion(FIT_RIGHT_START);
  const right = fitRegion(FIT_RIGHT);
  const missStart = fitRegion(FIT_MISS_START);
  const miss = fitRegion(FIT_MISS);
  let nRight = 0;
  let nMiss = 0;
  for (let j = 0; j < J; j++) {
    store<i32>(rightStart + (<usize>j << 2), nRight);
    store<i32>(missStart + (<usize>j << 2), nMiss);
    const rowT = codesT + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = load<u8>(codes + <usize>n * <usize>J + <usize>j);
      store<u8>(rowT + <usize>n, code);
      if (code == RESPONSE_RIGHT) {
        store<i32>(right + (<usize>nRight << 2), n);
        nRight++;
      } else if (code == RESPONSE_MISSING) {
        store<i32>(miss + (<usize>nMiss << 2), n);
        nMiss++;
      }
    }
  }
  store<i32>(rightStart + (<usize>J << 2), nRight);
  store<i32>(missStart + (<usize>J << 2), nMiss);
  return nRight;
}

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

// ---- numerics ------------------------------------------------------------------------------------------

/** log(1 + e^z) without overflow. */
@inline export function softplus(z: f64): f64 {
  return z > 0.0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
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

// Gradient (gA, gD) and information (negative Hessian: iAA, iAD, iDD) of the last itemEvaluate(), in the
// slope–intercept form z = a·θ + d (d = −a·b), and the Gauss–Newton form of the same information
// (nAA, nAD, nDD; positive semi-definite also where a prior makes the exact one indefinite).
let gA: f64 = 0;
let gD: f64 = 0;
let iAA: f64 = 0;
let iAD: f64 = 0;
let iDD: f64 = 0;
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
  let sE = 0.0;
  let sEx = 0.0;
  let sW = 0.0;
  let sWx = 0.0;
  let sWxx = 0.0;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const n = load<f64>(itemMass + off);
    // Nodes outside every answering subject's window carry no mass (common when posteriors are sharp).
    if (n == 0.0) continue;
    const r = load<f64>(rightMass + off);
    const x = load<f64>(nodes + off);
    const z = a * x + d;
    const e = Math.exp(-Math.abs(z));
    const inv = 1.0 / (1.0 + e);
    value += r * z - n * ((z > 0.0 ? z : 0.0) + Math.log1p(e));
    const p = z >= 0.0 ? inv : e * inv;
    const residual = r - n * p;
    const w = n * e * inv * inv;
    sE += residual;
    sEx += residual * x;
    sW += w;
    sWx += w * x;
    sWxx += w * x * x;
  }
  gA = sEx;
  gD = sE;
  iAA = sWxx;
  iAD = sWx;
  iDD = sW;
  nAA = sWxx;
  nAD = sWx;
  nDD = sW;
  if (aPriorOn) {
    if (a <= 0.0) return -Infinity;
    const s2 = aSdLog * aSdLog;
    const u = Math.log(a) - aMeanLog;
    value += -Math.log(a) - 0.5 * u * u / s2;
    gA += -(1.0 + u / s2) / a;
    iAA += -(1.0 + u / s2 - 1.0 / s2) / (a * a);
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
    gA += slope * (-b / a);
    gD += slope * (-1.0 / a);
    iAA += (b * b / s2 - 2.0 * b * slope) / a2;
    iAD += (b / s2 - slope) / a2;
    iDD += 1.0 / (s2 * a2);
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
const MAX_HALVINGS: i32 = 30;

@inline function clampTo(x: f64, lo: f64, hi: f64): f64 {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The box in (a, d): a in [aLow, aHigh]; |d| ≤ bLimit·a (that is |b| ≤ bLimit) for positive slopes, and
 * |d| ≤ bLimit·max(|a|, 1) when negative slopes are allowed, so that a can cross 0.
 */
@inline function dLimit(a: f64): f64 {
  return allowNegative ? bLimit * Math.max(Math.abs(a), 1.0) : bLimit * a;
}

// Outcome of itemMaximize, as (a, b).
let newA: f64 = 0;
let newB: f64 = 0;

/**
 * Maximizes itemEvaluate from (a, b): Newton in (a, d) with the exact information when it is positive
 * definite and its Gauss–Newton form otherwise, the step capped, projected onto the box and halved until the
 * objective does not drop, so every M-step is monotone. Leaves the result in newA, newB.
 */
export function itemMaximize(a0: f64, b0: f64): void {
  let a = a0;
  let d = -a0 * b0;
  let f = itemEvaluate(a, d);
  // Derivatives at (a, d), saved because evaluating a rejected candidate overwrites them.
  let ga = gA;
  let gd = gD;
  let haa = iAA;
  let had = iAD;
  let hdd = iDD;
  let kaa = nAA;
  let kad = nAD;
  let kdd = nDD;
  for (let it = 0; it < itemSteps; it++) {
    let xaa = haa;
    let xad = had;
    let xdd = hdd;
    let det = xaa * xdd - xad * xad;
    if (!(xaa > 0.0 && det > 1e-14 * xaa * xdd)) {
      xaa = kaa;
      xad = kad;
      xdd = kdd;
      det = xaa * xdd - xad * xad;
    }
    let da: f64;
    let dd: f64;
    if (xaa > 0.0 && det > 1e-14 * xaa * xdd) {
      da = (xdd * ga - xad * gd) / det;
      dd = (xaa * gd - xad * ga) / det;
    } else {
      // Singular (e.g. every answer on one side of every node): a gradient step of fixed size.
      da = ga != 0.0 ? (ga > 0.0 ? 0.1 : -0.1) : 0.0;
      dd = gd != 0.0 ? (gd > 0.0 ? 0.1 : -0.1) : 0.0;
    }
    if (!(isFinite(da) && isFinite(dd))) break;
    const capD = MAX_STEP_D * Math.max(1.0, Math.abs(a));
    const scaleA = Math.abs(da) > MAX_STEP_A ? MAX_STEP_A / Math.abs(da) : 1.0;
    const scaleD = Math.abs(dd) > capD ? capD / Math.abs(dd) : 1.0;
    const scale = scaleA < scaleD ? scaleA : scaleD;
    da *= scale;
    dd *= scale;
    let accepted = false;
    let na = a;
    let nd = d;
    let nf = f;
    for (let h = 0; h <= MAX_HALVINGS; h++) {
      na = clampTo(a + da, aLow, aHigh);
      const limit = dLimit(na);
      nd = clampTo(d + dd, -limit, limit);
      nf = itemEvaluate(na, nd);
      if (nf >= f) {
        accepted = true;
        break;
      }
      da *= 0.5;
      dd *= 0.5;
    }
    if (!accepted) break;
    const moved = Math.max(Math.abs(na - a), Math.abs(nd - d));
    a = na;
    d = nd;
    f = nf;
    ga = gA;
    gd = gD;
    haa = iAA;
    had = iAD;
    hdd = iDD;
    kaa = nAA;
    kad = nAD;
    kdd = nDD;
    if (moved < itemTolerance) break;
  }
  newA = a;
  newB = a != 0.0 ? -d / a : (d > 0.0 ? -bLimit : bLimit);
}

/**
 * Whether (a, b) sits on the box, within a relative 1e-6: an item that runs to a corner creeps toward it
 * by ever smaller steps, so at convergence it can stop a hair inside.
 */
function atBound(a: f64, b: f64): bool {
  const eps = 1e-6;
  if (a <= aLow + eps * Math.abs(aLow) || a >= aHigh * (1.0 - eps)) return true;
  return Math.abs(a * b) >= dLimit(a) * (1.0 - eps);
}

// Information of the last itemInformationAB() in (a, b), for the standard errors.
let hAA: f64 = 0;
let hAB: f64 = 0;
let hBB: f64 = 0;

/**
 * The exact complete-data information of one item in (a, b), z = a·(θ − b), with the priors' curvature;
 * reads the masses of itemMasses().
 */
function itemInformationAB(a: f64, b: f64): void {
  const nodes = fitRegion(FIT_NODES);
  const rightMass = fitRegion(FIT_RIGHT_MASS);
  const itemMass = fitRegion(FIT_ITEM_MASS);
  let sE = 0.0;
  let sW = 0.0;
  let sWt = 0.0;
  let sWtt = 0.0;
  for (let q = 0; q < fitNodeCount; q++) {
    const off = <usize>q << 3;
    const n = load<f64>(itemMass + off);
    const t = load<f64>(nodes + off) - b;
    const z = a * t;
    const e = Math.exp(-Math.abs(z));
    const inv = 1.0 / (1.0 + e);
    const p = z >= 0.0 ? inv : e * inv;
    const w = n * e * inv * inv;
    sE += load<f64>(rightMass + off) - n * p;
    sW += w;
    sWt += w * t;
    sWtt += w * t * t;
  }
  hAA = sWtt;
  hAB = sE - a * sWt;
  hBB = a * a * sW;
  if (aPriorOn && a > 0.0) {
    const s2 = aSdLog * aSdLog;
    const u = Math.log(a) - aMeanLog;
    hAA += -(1.0 + u / s2 - 1.0 / s2) / (a * a);
  }
  if (bPriorOn) hBB += 1.0 / (bSd * bSd);
}

// ---- EM ------------------------------------------------------------------------------------------------

/** Zeroes the sufficient sums that items add to (FIT_SUM_A, FIT_SUM_AB, FIT_SOFTPLUS, FIT_MISS_SP). */
function clearSums(): void {
  const N = <usize>fitSubjects;
  const stride = <usize>fitStride;
  memory.fill(fitRegion(FIT_SUM_A), 0, N << 3);
  memory.fill(fitRegion(FIT_SUM_AB), 0, N << 3);
  memory.fill(fitRegion(FIT_SOFTPLUS), 0, stride << 3);
  memory.fill(fitRegion(FIT_MISS_SP), 0, (N * stride) << 3);
}

/** Adds item j (at its current a, b) to the sums the E-step reads. */
function addItem(j: i32): void {
  const a = load<f64>(fitRegion(FIT_A) + (<usize>j << 3));
  const b = load<f64>(fitRegion(FIT_B) + (<usize>j << 3));
  const nodes = fitRegion(FIT_NODES);
  const itemSp = fitRegion(FIT_ITEM_SP);
  const total = fitRegion(FIT_SOFTPLUS);
  const Q = fitNodeCount;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const sp = softplus(a * (load<f64>(nodes + off) - b));
    store<f64>(itemSp + off, sp);
    store<f64>(total + off, load<f64>(total + off) + sp);
  }
  const stride = <usize>fitStride;
  const missStart = fitRegion(FIT_MISS_START);
  const miss = fitRegion(FIT_MISS);
  const missSp = fitRegion(FIT_MISS_SP);
  const m1 = load<i32>(missStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(missStart + (<usize>j << 2)); k < m1; k++) {
    const row = missSp + ((<usize>load<i32>(miss + (<usize>k << 2)) * stride) << 3);
    for (let q: usize = 0; q < stride; q += 2) {
      const at = row + (q << 3);
      store<f64>(at, load<f64>(at) + load<f64>(itemSp + (q << 3)));
      store<f64>(at, load<f64>(at, 8) + load<f64>(itemSp + (q << 3), 8), 8);
    }
  }
  const rightStart = fitRegion(FIT_RIGHT_START);
  const right = fitRegion(FIT_RIGHT);
  const sumA = fitRegion(FIT_SUM_A);
  const sumAB = fitRegion(FIT_SUM_AB);
  const ab = a * b;
  const r1 = load<i32>(rightStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(rightStart + (<usize>j << 2)); k < r1; k++) {
    const off = <usize>load<i32>(right + (<usize>k << 2)) << 3;
    store<f64>(sumA + off, load<f64>(sumA + off) + a);
    store<f64>(sumAB + off, load<f64>(sumAB + off) + ab);
  }
}

/**
 * E-step from the sums: log p(x_n | θ_q) = θ_q·Σa − Σab − Σ_observed softplus; writes w_n × posterior to
 * FIT_POST, the node masses, and returns the marginal log-likelihood Σ_n w_n log Σ_q π_q p(x_n | θ_q).
 */
function expectation(): f64 {
  const N = fitSubjects;
  const Q = fitNodeCount;
  const stride = <usize>fitStride;
  const nodes = fitRegion(FIT_NODES);
  const logWeight = fitRegion(FIT_LOG_WEIGHT);
  const post = fitRegion(FIT_POST);
  const total = fitRegion(FIT_SOFTPLUS);
  const missSp = fitRegion(FIT_MISS_SP);
  const sumA = fitRegion(FIT_SUM_A);
  const sumAB = fitRegion(FIT_SUM_AB);
  const weight = fitRegion(FIT_WEIGHT);
  const mass = fitRegion(FIT_NODE_MASS);
  const window = fitRegion(FIT_WINDOW);
  memory.fill(mass, 0, stride << 3);
  let logLik = 0.0;
  for (let n = 0; n < N; n++) {
    const s = load<f64>(sumA + (<usize>n << 3));
    const c = load<f64>(sumAB + (<usize>n << 3));
    const w = load<f64>(weight + (<usize>n << 3));
    const row = post + ((<usize>n * stride) << 3);
    const missRow = missSp + ((<usize>n * stride) << 3);
    let top = -Infinity;
    for (let q = 0; q < Q; q++) {
      const off = <usize>q << 3;
      const v = load<f64>(logWeight + off) + load<f64>(nodes + off) * s - c - load<f64>(total + off) + load<f64>(missRow + off);
      store<f64>(row + off, v);
      if (v > top) top = v;
    }
    let sum = 0.0;
    let first = Q;
    let last = 0;
    for (let q = 0; q < Q; q++) {
      const off = <usize>q << 3;
      let e = Math.exp(load<f64>(row + off) - top);
      if (e < WINDOW_CUT) {
        e = 0.0;
      } else {
        if (q < first) first = q;
        last = q;
      }
      store<f64>(row + off, e);
      sum += e;
    }
    logLik += w * (top + Math.log(sum));
    const scale = w / sum;
    // The window, widened to whole lane pairs (the pad node at stride − 1 is 0).
    const lo = first & ~1;
    const hi = (last + 2) & ~1;
    store<i32>(window + (<usize>n << 3), lo);
    store<i32>(window + (<usize>n << 3) + 4, hi);
    for (let q = lo; q < hi; q++) {
      const off = <usize>q << 3;
      const v = load<f64>(row + off) * scale;
      store<f64>(row + off, v);
      store<f64>(mass + off, load<f64>(mass + off) + v);
    }
  }
  return logLik;
}

/** Expected right answers r_q and answers n_q of item j under the current posterior (FIT_*_MASS). */
function itemMasses(j: i32): f64 {
  const stride = <usize>fitStride;
  const post = fitRegion(FIT_POST);
  const rightMass = fitRegion(FIT_RIGHT_MASS);
  const itemMass = fitRegion(FIT_ITEM_MASS);
  const mass = fitRegion(FIT_NODE_MASS);
  memory.fill(rightMass, 0, stride << 3);
  memory.copy(itemMass, mass, stride << 3);
  const rightStart = fitRegion(FIT_RIGHT_START);
  const right = fitRegion(FIT_RIGHT);
  const r1 = load<i32>(rightStart + (<usize>(j + 1) << 2));
  const window = fitRegion(FIT_WINDOW);
  for (let k = load<i32>(rightStart + (<usize>j << 2)); k < r1; k++) {
    const n = <usize>load<i32>(right + (<usize>k << 2));
    const row = post + ((n * stride) << 3);
    const hi = <usize>load<i32>(window + (n << 3) + 4);
    for (let q = <usize>load<i32>(window + (n << 3)); q < hi; q += 2) {
      const at = rightMass + (q << 3);
      store<f64>(at, load<f64>(at) + load<f64>(row + (q << 3)));
      store<f64>(at, load<f64>(at, 8) + load<f64>(row + (q << 3), 8), 8);
    }
  }
  const missStart = fitRegion(FIT_MISS_START);
  const miss = fitRegion(FIT_MISS);
  const m1 = load<i32>(missStart + (<usize>(j + 1) << 2));
  for (let k = load<i32>(missStart + (<usize>j << 2)); k < m1; k++) {
    const n = <usize>load<i32>(miss + (<usize>k << 2));
    const row = post + ((n * stride) << 3);
    const hi = <usize>load<i32>(window + (n << 3) + 4);
    for (let q = <usize>load<i32>(window + (n << 3)); q < hi; q += 2) {
      const at = itemMass + (q << 3);
      store<f64>(at, load<f64>(at) - load<f64>(row + (q << 3)));
      store<f64>(at, load<f64>(at, 8) - load<f64>(row + (q << 3), 8), 8);
    }
  }
  let answered = 0.0;
  for (let q = 0; q < fitNodeCount; q++) answered += load<f64>(itemMass + (<usize>q << 3));
  return answered;
}

/** Sum of the item log priors at the current parameters. */
function totalLogPrior(): f64 {
  let value = 0.0;
  if (!aPriorOn && !bPriorOn) return value;
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  for (let j = 0; j < fitItems; j++) value += itemLogPrior(load<f64>(A + (<usize>j << 3)), load<f64>(B + (<usize>j << 3)));
  return value;
}

/** Starts EM from the parameters in FIT_A/FIT_B: the first E-step. Returns the marginal log-likelihood. */
export function emStart(): f64 {
  clearSums();
  for (let j = 0; j < fitItems; j++) addItem(j);
  const logLik = expectation();
  setStat(STAT_LOG_LIKELIHOOD, logLik);
  setStat(STAT_LOG_PRIOR, totalLogPrior());
  setStat(STAT_MAX_CHANGE, Infinity);
  return logLik;
}

/**
 * One EM iteration: the M-step of every item (from the posterior of the last E-step), then the E-step at the
 * new parameters. Returns the largest parameter change; FIT_STATS holds the log-likelihood and prior.
 */
export function emIteration(): f64 {
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const flags = fitRegion(FIT_FLAGS);
  let maxChange = 0.0;
  let bounded = 0;
  clearSums();
  for (let j = 0; j < fitItems; j++) {
    const off = <usize>j << 3;
    const a = load<f64>(A + off);
    const b = load<f64>(B + off);
    let flag = FLAG_FREE;
    if (itemMasses(j) > 0.0) {
      itemMaximize(a, b);
      const change = Math.max(Math.abs(newA - a), Math.abs(newB - b));
      if (change > maxChange) maxChange = change;
      store<f64>(A + off, newA);
      store<f64>(B + off, newB);
      if (atBound(newA, newB)) {
        flag = FLAG_AT_BOUND;
        bounded++;
      }
    } else {
      flag = FLAG_NO_DATA;
    }
    store<i32>(flags + (<usize>j << 2), flag);
    addItem(j);
  }
  const logLik = expectation();
  setStat(STAT_LOG_LIKELIHOOD, logLik);
  setStat(STAT_LOG_PRIOR, totalLogPrior());
  setStat(STAT_MAX_CHANGE, maxChange);
  setStat(STAT_AT_BOUND, <f64>bounded);
  return maxChange;
}

/** EAP abilities and posterior SDs of the calibration sample from the last E-step (FIT_THETA, FIT_THETA_SD). */
export function emAbilities(): void {
  const N = fitSubjects;
  const Q = fitNodeCount;
  const stride = <usize>fitStride;
  const nodes = fitRegion(FIT_NODES);
  const post = fitRegion(FIT_POST);
  const theta = fitRegion(FIT_THETA);
  const thetaSd = fitRegion(FIT_THETA_SD);
  for (let n = 0; n < N; n++) {
    const row = post + ((<usize>n * stride) << 3);
    let m0 = 0.0;
    let m1 = 0.0;
    for (let q = 0; q < Q; q++) {
      const p = load<f64>(row + (<usize>q << 3));
      m0 += p;
      m1 += p * load<f64>(nodes + (<usize>q << 3));
    }
    // A zero-weight subject has a zero row: recompute its posterior unweighted.
    if (!(m0 > 0.0)) {
      eapUnweighted(n);
      continue;
    }
    const mean = m1 / m0;
    let m2 = 0.0;
    for (let q = 0; q < Q; q++) {
      const d = load<f64>(nodes + (<usize>q << 3)) - mean;
      m2 += load<f64>(row + (<usize>q << 3)) * d * d;
    }
    store<f64>(theta + (<usize>n << 3), mean);
    store<f64>(thetaSd + (<usize>n << 3), Math.sqrt(m2 / m0));
  }
}

function eapUnweighted(n: i32): void {
  const Q = fitNodeCount;
  const nodes = fitRegion(FIT_NODES);
  const logWeight = fitRegion(FIT_LOG_WEIGHT);
  const total = fitRegion(FIT_SOFTPLUS);
  const missRow = fitRegion(FIT_MISS_SP) + ((<usize>n * <usize>fitStride) << 3);
  const s = load<f64>(fitRegion(FIT_SUM_A) + (<usize>n << 3));
  const c = load<f64>(fitRegion(FIT_SUM_AB) + (<usize>n << 3));
  let top = -Infinity;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const v = load<f64>(logWeight + off) + load<f64>(nodes + off) * s - c - load<f64>(total + off) + load<f64>(missRow + off);
    if (v > top) top = v;
  }
  let m0 = 0.0;
  let m1 = 0.0;
  let m2 = 0.0;
  for (let q = 0; q < Q; q++) {
    const off = <usize>q << 3;
    const x = load<f64>(nodes + off);
    const p = Math.exp(load<f64>(logWeight + off) + x * s - c - load<f64>(total + off) + load<f64>(missRow + off) - top);
    m0 += p;
    m1 += p * x;
    m2 += p * x * x;
  }
  const mean = m1 / m0;
  store<f64>(fitRegion(FIT_THETA) + (<usize>n << 3), mean);
  store<f64>(fitRegion(FIT_THETA_SD) + (<usize>n << 3), Math.sqrt(Math.max(m2 / m0 - mean * mean, 0.0)));
}

/**
 * Standard errors of a and b from each item's 2×2 block of the observed information of the marginal
 * log-likelihood (Louis: complete-data information minus Σ_n w_n·Var_posterior(score of item j)), with
 * the priors' curvature added; cross-item covariances are ignored. Needs a finished E-step.
 */
export function fitStandardErrors(): void {
  const J = fitItems;
  const N = fitSubjects;
  const Q = fitNodeCount;
  const stride = <usize>fitStride;
  const nodes = fitRegion(FIT_NODES);
  const post = fitRegion(FIT_POST);
  const codesT = fitRegion(FIT_CODES_T);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const seA = fitRegion(FIT_SE_A);
  const seB = fitRegion(FIT_SE_B);
  const itemSp = fitRegion(FIT_ITEM_SP);
  const window = fitRegion(FIT_WINDOW);
  for (let j = 0; j < J; j++) {
    const off = <usize>j << 3;
    const a = load<f64>(A + off);
    const b = load<f64>(B + off);
    itemMasses(j);
    itemInformationAB(a, b);
    let iaa = hAA;
    let iab = hAB;
    let ibb = hBB;
    // P_q per node, kept in the scratch row.
    for (let q = 0; q < Q; q++) {
      const z = a * (load<f64>(nodes + (<usize>q << 3)) - b);
      store<f64>(itemSp + (<usize>q << 3), z >= 0.0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z)));
    }
    const rowT = codesT + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = load<u8>(rowT + <usize>n);
      if (code == RESPONSE_MISSING) continue;
      const x = <f64>code;
      const row = post + ((<usize>n * stride) << 3);
      // The posterior row carries w_n: Σ_q w·p_q s s^T − (Σ_q w·p_q s)(Σ_q w·p_q s)^T / w, over the
      // subject's window (the row is 0 elsewhere; the window's pad node has weight 0).
      let m0 = 0.0;
      let ma = 0.0;
      let mb = 0.0;
      let maa = 0.0;
      let mab = 0.0;
      let mbb = 0.0;
      const hi = min(load<i32>(window + (<usize>n << 3) + 4), Q);
      for (let q = load<i32>(window + (<usize>n << 3)); q < hi; q++) {
        const wp = load<f64>(row + (<usize>q << 3));
        const residual = x - load<f64>(itemSp + (<usize>q << 3));
        const sa = residual * (load<f64>(nodes + (<usize>q << 3)) - b);
        const sb = -a * residual;
        m0 += wp;
        ma += wp * sa;
        mb += wp * sb;
        maa += wp * sa * sa;
        mab += wp * sa * sb;
        mbb += wp * sb * sb;
      }
      if (m0 > 0.0) {
        iaa -= maa - ma * ma / m0;
        iab -= mab - ma * mb / m0;
        ibb -= mbb - mb * mb / m0;
      }
    }
    const det = iaa * ibb - iab * iab;
    const ok = iaa > 0.0 && ibb > 0.0 && det > 0.0;
    store<f64>(seA + off, ok ? Math.sqrt(ibb / det) : NaN);
    store<f64>(seB + off, ok ? Math.sqrt(iaa / det) : NaN);
  }
}
