// Polytomous calibration (GRM, GPCM, PCM), its memory: the arena laid out after the engine's layout by
// polyFitConfigure, the model and M-step settings, and the scalar outputs (the 2PL fit's STAT_* slots and
// FLAG_* values). The EM is in poly-fit.ts (driver), poly-fit-estep.ts, poly-fit-mstep.ts and
// poly-fit-standard-errors.ts.
//
//   region            element  count                 content
//   PFIT_CODES        u8       nItems×nSubjects      categories, item-major (CATEGORY_MISSING = missing; input)
//   PFIT_WEIGHT       f64      nSubjects             frequency weight of each subject (input)
//   PFIT_A            f64      nItems                discriminations a_j (1 for PCM; start values in, estimates out)
//   PFIT_STEPS        i32      nItems                K_j: thresholds of item j, categories 0…K_j (input)
//   PFIT_OFFSET       i32      nItems                start of item j's thresholds in PFIT_THRESHOLDS (input)
//   PFIT_THRESHOLDS   f64      nThresholds           b_1…b_K (GRM) or d_1…d_K (GPCM, PCM), item after item
//   PFIT_NODES        f64      stride                quadrature nodes θ_q (input)
//   PFIT_LOG_WEIGHT   f64      stride                log quadrature weights log π_q, normalized (input)
//   PFIT_POST         f64      nSubjects×stride      E-step: log p(x_n, θ_q), then w_n × posterior of subject n
//   PFIT_WINDOW       i32      2·nSubjects           [first, end) of the nodes where subject n's posterior is kept
//   PFIT_LOG_P        f64      maxCategories×stride  one item's log P_k(θ_q), row k
//   PFIT_COUNTS       f64      maxCategories×stride  one item's expected counts r_kq of category k at node q
//   PFIT_SCORES       f64      maxCategories×stride×maxCategories  one item's ∇ log P_k(θ_q) (standard errors)
//   PFIT_THETA        f64      nSubjects             EAP abilities of the last E-step
//   PFIT_THETA_SD     f64      nSubjects             their posterior SDs
//   PFIT_SE_A         f64      nItems                standard errors of a (NaN for PCM)
//   PFIT_SE_T         f64      nThresholds           standard errors of the thresholds
//   PFIT_FLAGS        i32      nItems                FLAG_AT_BOUND, FLAG_NO_DATA or FLAG_FREE (fit-layout.ts)
//   PFIT_STATS        f64      16                    scalars out: the STAT_* slots of fit-layout.ts
//   PFIT_WORK         f64      19·maxCategories²     the M-step's vectors and matrices (poly-fit-mstep.ts)
// `stride` is the node count rounded up to even; the pad column of every row stays 0.
import { align16, layoutEnd } from './layout';
import { MODEL_GRM } from './poly-layout';

export const PFIT_CODES: i32 = 0;
export const PFIT_WEIGHT: i32 = 1;
export const PFIT_A: i32 = 2;
export const PFIT_STEPS: i32 = 3;
export const PFIT_OFFSET: i32 = 4;
export const PFIT_THRESHOLDS: i32 = 5;
export const PFIT_NODES: i32 = 6;
export const PFIT_LOG_WEIGHT: i32 = 7;
export const PFIT_POST: i32 = 8;
export const PFIT_WINDOW: i32 = 9;
export const PFIT_LOG_P: i32 = 10;
export const PFIT_COUNTS: i32 = 11;
export const PFIT_SCORES: i32 = 12;
export const PFIT_THETA: i32 = 13;
export const PFIT_THETA_SD: i32 = 14;
export const PFIT_SE_A: i32 = 15;
export const PFIT_SE_T: i32 = 16;
export const PFIT_FLAGS: i32 = 17;
export const PFIT_STATS: i32 = 18;
export const PFIT_WORK: i32 = 19;
const PFIT_REGION_COUNT: i32 = 20;

/** The code of a missing response in PFIT_CODES (categories are 0…254). */
export const CATEGORY_MISSING: i32 = 255;

const STATS_SLOTS: i32 = 16;

const pfitTable = memory.data(PFIT_REGION_COUNT * 8);

export let pfitItems: i32 = 0;
export let pfitSubjects: i32 = 0;
export let pfitNodeCount: i32 = 0;
export let pfitStride: i32 = 0;
/** Largest K_j + 1 the arena holds. */
export let pfitMaxCategories: i32 = 0;

// ---- model and M-step settings (polyFitSetOptions) ----------------------------------------------------
/** MODEL_GRM or MODEL_GPCM (poly-layout.ts); PCM is the GPCM with the slope fixed at 1. */
export let pfitModel: i32 = MODEL_GRM;
export let pfitFreeSlope: bool = true;
/** Box: a in [aLow, aHigh], every threshold in [−tLimit, tLimit]. */
export let pfitALow: f64 = 1e-3;
export let pfitAHigh: f64 = 20.0;
export let pfitTLimit: f64 = 20.0;
/** Log-normal prior on a and normal prior on every threshold, each when its flag is on. */
export let pfitAPrior: bool = false;
export let pfitAMeanLog: f64 = 0.0;
export let pfitASdLog: f64 = 1.0;
export let pfitTPrior: bool = false;
export let pfitTMean: f64 = 0.0;
export let pfitTSd: f64 = 1.0;
/** Newton iterations per item and M-step, and their step tolerance. */
export let pfitItemSteps: i32 = 10;
export let pfitItemTolerance: f64 = 1e-9;

/** Sets the model and the M-step's box, priors and iteration limits (see the settings above). */
export function polyFitSetOptions(
  model: i32, freeSlope: i32, minA: f64, maxA: f64, maxAbsThreshold: f64,
  priorA: i32, meanLogA: f64, sdLogA: f64, priorT: i32, meanT: f64, sdT: f64, steps: i32, tolerance: f64,
): void {
  pfitModel = model;
  pfitFreeSlope = freeSlope != 0;
  pfitALow = minA;
  pfitAHigh = maxA;
  pfitTLimit = maxAbsThreshold;
  pfitAPrior = priorA != 0;
  pfitAMeanLog = meanLogA;
  pfitASdLog = sdLogA;
  pfitTPrior = priorT != 0;
  pfitTMean = meanT;
  pfitTSd = sdT;
  pfitItemSteps = steps;
  pfitItemTolerance = tolerance;
}

@inline export function pfitRegion(which: i32): usize {
  return <usize>load<u64>(pfitTable + (<usize>which << 3));
}

@inline export function pfitSetStat(slot: i32, value: f64): void {
  store<f64>(pfitRegion(PFIT_STATS) + (<usize>slot << 3), value);
}

/** K_j of item j. */
@inline export function pfitSteps(j: i32): i32 {
  return load<i32>(pfitRegion(PFIT_STEPS) + (<usize>j << 2));
}

/** Index of item j's first threshold in PFIT_THRESHOLDS (and PFIT_SE_T). */
@inline export function pfitOffset(j: i32): i32 {
  return load<i32>(pfitRegion(PFIT_OFFSET) + (<usize>j << 2));
}

/** Address of item j's first threshold. */
@inline export function pfitThresholds(j: i32): usize {
  return pfitRegion(PFIT_THRESHOLDS) + (<usize>pfitOffset(j) << 3);
}

let cursor: usize = 0;

function place(which: i32, bytes: usize): void {
  store<u64>(pfitTable + (<usize>which << 3), <u64>cursor);
  cursor = align16(cursor + bytes);
}

/**
 * Lays out the polytomous fit arena after the engine's layout, grows memory and zeroes it. A fitter owns its
 * instance (the engine's kernels would move their layout over this arena).
 */
export function polyFitConfigure(nItems: i32, nSubjects: i32, nNodes: i32, nThresholds: i32, maxCategories: i32): void {
  const items = <usize>max(nItems, 1);
  const subjects = <usize>max(nSubjects, 1);
  const stride = <usize>((max(nNodes, 2) + 1) & ~1);
  const thresholds = <usize>max(nThresholds, 1);
  const categories = <usize>max(maxCategories, 2);
  cursor = align16(layoutEnd());
  const start = cursor;
  place(PFIT_CODES, items * subjects);
  place(PFIT_WEIGHT, subjects << 3);
  place(PFIT_A, items << 3);
  place(PFIT_STEPS, items << 2);
  place(PFIT_OFFSET, items << 2);
  place(PFIT_THRESHOLDS, thresholds << 3);
  place(PFIT_NODES, stride << 3);
  place(PFIT_LOG_WEIGHT, stride << 3);
  place(PFIT_POST, (subjects * stride) << 3);
  place(PFIT_WINDOW, subjects << 3);
  place(PFIT_LOG_P, (categories * stride) << 3);
  place(PFIT_COUNTS, (categories * stride) << 3);
  place(PFIT_SCORES, (categories * stride * categories) << 3);
  place(PFIT_THETA, subjects << 3);
  place(PFIT_THETA_SD, subjects << 3);
  place(PFIT_SE_A, items << 3);
  place(PFIT_SE_T, thresholds << 3);
  place(PFIT_FLAGS, items << 2);
  place(PFIT_STATS, <usize>STATS_SLOTS << 3);
  place(PFIT_WORK, (19 * categories * categories) << 3);
  const have = <usize>memory.size() << 16;
  if (cursor > have && memory.grow(<i32>((cursor - have + 0xffff) >> 16)) < 0) unreachable();
  memory.fill(start, 0, cursor - start);
  pfitItems = nItems;
  pfitSubjects = nSubjects;
  pfitNodeCount = nNodes;
  pfitStride = <i32>stride;
  pfitMaxCategories = <i32>categories;
}

/** Start address of a polytomous fit region (see the table above). */
export function polyFitPointer(which: i32): usize {
  return pfitRegion(which);
}
