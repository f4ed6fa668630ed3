// 2PL calibration, its memory: the fit arena (its own regions, laid out after the engine's layout by
// fitConfigure), the response lists built from it, and the scalar outputs. The EM itself is in fit.ts (driver),
// fit-estep.ts, fit-mstep.ts and fit-standard-errors.ts; fit-hierarchical.ts fits py-irt's model on the same arena.
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
import { align16, layoutEnd } from './layout';

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

/** Start of subject n's row of FIT_POST (w_n × its posterior over the nodes, fitStride entries). */
@inline export function posteriorRow(n: usize): usize {
  return fitRegion(FIT_POST) + ((n * <usize>fitStride) << 3);
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
