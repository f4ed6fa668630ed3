// Memory layout of the polytomous engine (GRM, GPCM, PCM): its own arena, laid out by polyConfigure() after
// the dichotomous engine's layout (an instance runs one engine or the other; EAP uses that layout's NODES and
// LOG_POST, so the caller configures it first and re-runs polyConfigure when it moves). All reals f64.
//
//   region          element  count                  content
//   POLY_A          f64      nItems                 discrimination a_j (1 for PCM items)
//   POLY_MODEL      i32      nItems                 MODEL_GRM or MODEL_GPCM
//   POLY_STEPS     i32      nItems                 K_j: thresholds of item j (categories 0…K_j)
//   POLY_OFFSET     i32      nItems                 start of item j's thresholds in POLY_THRESHOLDS
//   POLY_THRESHOLDS f64      nThresholds            b_1…b_K (GRM) or d_1…d_K (GPCM), item after item
//   POLY_RESPONSES  f64      nItems × nColumns      column-major categories; NaN = missing
//   POLY_USED       u8       nItems                 1 where the item is administered or unavailable
//   POLY_ORDER      i32      nItems                 a given administration order (selector "sequence")
//   POLY_SUBSET     i32      maxSteps               item indices for estimate-on-subset calls
//   POLY_ADM_ITEM   i32      maxSteps               administered items (bank rows)
//   POLY_ADM_X      i32      maxSteps               their categories
//   POLY_OUT_ITEMS  i32      maxSteps × nColumns    replay output: item per step, run by run
//   POLY_OUT_THETA  f64      maxSteps × nColumns    replay output: ability after each step
//   POLY_OUT_SE     f64      maxSteps × nColumns    replay output: standard error after each step
//   POLY_OUT_STEPS  i32      nColumns               replay output: steps taken per run
//   POLY_OUT_STOP   i32      nColumns               replay output: stop reason per run
//   POLY_INFO       f64      nItems                 output of polyInformationBank()
//   POLY_CATEGORY   f64      maxCategories          output of polyCategoryProbabilities()
//   POLY_SCRATCH    f64      8 × maxCategories      per-item scratch: exponents of the GPCM; blocks of
//                                                   maxCategories for poly-criteria.ts
//   POLY_SEL_ORDER  i32      nItems                 MFI search order: items by peak information descending
//                                                   (sorted by the caller from POLY_ITEM_BOUNDS)
//   POLY_ITEM_BOUNDS f64     3 × nItems             per item: peak information, lowest and highest threshold
//                                                   (written by polyPrepareSelection, see poly-select.ts)
//   POLY_CELL_ITEMS i32      cells × list           per θ cell of the range, the items with the largest
//                                                   information bounds on it, bound descending (poly-select.ts)
//   POLY_CELL_BOUNDS f64     cells × list           those bounds
//   POLY_CELL_REST  f64      cells                  per cell, a bound on every item not in its list
//   POLY_CELL_FILL  i32      cells                  per cell, the entries its list holds (while building)
//   POLY_CENTER     f64      nItems                 per item, the centre m of its thresholds (NaN: no
//                                                   one-exponential pass, see poly-irf.ts)
//   POLY_THRESHOLD_EXP f64   nThresholds            per threshold, e^{a(b_k − m)} (GRM) or
//                                                   e^{−a Σ_{t≤k}(d_t − m)} (GPCM), item after item
import { layoutEnd } from './layout';

export const MODEL_GRM: i32 = 0;
export const MODEL_GPCM: i32 = 1;

export const POLY_A: i32 = 0;
export const POLY_MODEL: i32 = 1;
export const POLY_STEPS: i32 = 2;
export const POLY_OFFSET: i32 = 3;
export const POLY_THRESHOLDS: i32 = 4;
export const POLY_RESPONSES: i32 = 5;
export const POLY_USED: i32 = 6;
export const POLY_ORDER: i32 = 7;
export const POLY_SUBSET: i32 = 8;
export const POLY_ADM_ITEM: i32 = 9;
export const POLY_ADM_X: i32 = 10;
export const POLY_OUT_ITEMS: i32 = 11;
export const POLY_OUT_THETA: i32 = 12;
export const POLY_OUT_SE: i32 = 13;
export const POLY_OUT_STEPS: i32 = 14;
export const POLY_OUT_STOP: i32 = 15;
export const POLY_INFO: i32 = 16;
export const POLY_CATEGORY: i32 = 17;
export const POLY_SCRATCH: i32 = 18;
export const POLY_SEL_ORDER: i32 = 19;
export const POLY_ITEM_BOUNDS: i32 = 20;
export const POLY_CELL_ITEMS: i32 = 21;
export const POLY_CELL_BOUNDS: i32 = 22;
export const POLY_CELL_REST: i32 = 23;
export const POLY_CENTER: i32 = 24;
export const POLY_THRESHOLD_EXP: i32 = 25;
export const POLY_CELL_FILL: i32 = 26;
const POLY_REGION_COUNT: i32 = 27;

/** θ cells of the selection's bound table, equally wide over the ability range. */
export const CELL_COUNT: i32 = 128;
/** Longest item list per cell (the bank size when smaller). */
export const CELL_LIST_LENGTH: i32 = 1024;

const polyRegionTable = memory.data(POLY_REGION_COUNT * 8);
// Where the arena starts; it moves when the dichotomous layout before it grows.
let arenaStart: usize = 0;

/** Items in the loaded polytomous bank (set by polyPrepareBank). */
export let polyBankSize: i32 = 0;

/** Records the number of items the caller wrote to POLY_A … POLY_THRESHOLDS. */
@inline export function setPolyBankSize(nItems: i32): void {
  polyBankSize = nItems;
}

export let polyCapItems: i32 = 0;
export let polyCapThresholds: i32 = 0;
export let polyCapSteps: i32 = 0;
export let polyCapColumns: i32 = 0;
export let polyCapCategories: i32 = 0;

@inline export function polyRegion(which: i32): usize {
  return <usize>load<u64>(polyRegionTable + (<usize>which << 3));
}

function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/**
 * Lays out the arena for the given capacities (each at least its current value), growing memory as needed.
 * Returns 1 when the layout moved (also when the dichotomous layout before it grew) (callers rewrite the bank and responses), 0 when it already fits.
 */
export function polyConfigure(nItems: i32, nThresholds: i32, maxSteps: i32, nColumns: i32, maxCategories: i32): i32 {
  if (
    nItems <= polyCapItems && nThresholds <= polyCapThresholds && maxSteps <= polyCapSteps &&
    nColumns <= polyCapColumns && maxCategories <= polyCapCategories && arenaStart == align16(layoutEnd())
  ) return 0;
  const items = <usize>max<i32>(1, max<i32>(nItems, polyCapItems));
  const thresholds = <usize>max<i32>(1, max<i32>(nThresholds, polyCapThresholds));
  const steps = <usize>max<i32>(1, max<i32>(maxSteps, polyCapSteps));
  const cols = <usize>max<i32>(1, max<i32>(nColumns, polyCapColumns));
  const categories = <usize>max<i32>(2, max<i32>(maxCategories, polyCapCategories));
  arenaStart = align16(layoutEnd());
  let at = arenaStart;
  for (let r = 0; r < POLY_REGION_COUNT; r++) {
    store<u64>(polyRegionTable + (<usize>r << 3), <u64>at);
    at = align16(at + regionBytes(r, items, thresholds, steps, cols, categories));
  }
  const have = <usize>memory.size() << 16;
  if (at > have && memory.grow(<i32>((at - have + 0xffff) >> 16)) < 0) unreachable();
  polyCapItems = <i32>items;
  polyCapThresholds = <i32>thresholds;
  polyCapSteps = <i32>steps;
  polyCapColumns = <i32>cols;
  polyCapCategories = <i32>categories;
  return 1;
}

// Bytes of region r (no arrays: the stub runtime's allocator would hand out the arena's own memory).
function regionBytes(r: i32, items: usize, thresholds: usize, steps: usize, cols: usize, categories: usize): usize {
  switch (r) {
    case POLY_A: case POLY_INFO: case POLY_CENTER: return items << 3;
    case POLY_MODEL: case POLY_STEPS: case POLY_OFFSET: case POLY_ORDER: case POLY_SEL_ORDER: return items << 2;
    case POLY_ITEM_BOUNDS: return (items * 3) << 3;
    case POLY_CELL_ITEMS: return (<usize>CELL_COUNT * min<usize>(items, <usize>CELL_LIST_LENGTH)) << 2;
    case POLY_CELL_BOUNDS: return (<usize>CELL_COUNT * min<usize>(items, <usize>CELL_LIST_LENGTH)) << 3;
    case POLY_CELL_REST: return <usize>CELL_COUNT << 3;
    case POLY_CELL_FILL: return <usize>CELL_COUNT << 2;
    case POLY_THRESHOLDS: case POLY_THRESHOLD_EXP: return thresholds << 3;
    case POLY_RESPONSES: return (items * cols) << 3;
    case POLY_USED: return items;
    case POLY_SUBSET: case POLY_ADM_ITEM: case POLY_ADM_X: return steps << 2;
    case POLY_OUT_ITEMS: return (steps * cols) << 2;
    case POLY_OUT_THETA: case POLY_OUT_SE: return (steps * cols) << 3;
    case POLY_OUT_STEPS: case POLY_OUT_STOP: return cols << 2;
    case POLY_CATEGORY: return categories << 3;
    case POLY_SCRATCH: return categories << 6;
    default: return 0;
  }
}

/** Start address of a polytomous region (see the table above). */
export function polyPointer(which: i32): usize {
  return polyRegion(which);
}

/** Bank row of administered slot i. */
@inline export function polyAdmItem(i: i32): i32 {
  return load<i32>(polyRegion(POLY_ADM_ITEM) + (<usize>i << 2));
}

/** Category answered in administered slot i. */
@inline export function polyAdmX(i: i32): i32 {
  return load<i32>(polyRegion(POLY_ADM_X) + (<usize>i << 2));
}

/** Copies bank item `item` with category x into administered slot k. */
@inline export function polyAdmit(k: i32, item: i32, x: i32): void {
  store<i32>(polyRegion(POLY_ADM_ITEM) + (<usize>k << 2), item);
  store<i32>(polyRegion(POLY_ADM_X) + (<usize>k << 2), x);
}

export const CAPACITY_ITEMS: i32 = 0;
export const CAPACITY_THRESHOLDS: i32 = 1;
export const CAPACITY_STEPS: i32 = 2;
export const CAPACITY_COLUMNS: i32 = 3;
export const CAPACITY_CATEGORIES: i32 = 4;

/** A current capacity (CAPACITY_*, in polyConfigure's argument order). */
export function polyCapacity(which: i32): i32 {
  if (which == CAPACITY_ITEMS) return polyCapItems;
  if (which == CAPACITY_THRESHOLDS) return polyCapThresholds;
  if (which == CAPACITY_STEPS) return polyCapSteps;
  if (which == CAPACITY_COLUMNS) return polyCapColumns;
  return polyCapCategories;
}
