// Maximum-Fisher-information selection over the unused items of a polytomous bank; exact ties go to the lowest
// index, as a full scan does.
//
// The dichotomous path's pruned search rests on a bound for one logistic curve (information at distance d from
// b); a polytomous item's information spreads over several thresholds, so that search does not carry over.
// This one is exact too, with bounds of its own (a the item's discrimination, δ the distance from θ to the span
// [lo, hi] of its thresholds, K its number of thresholds):
// - the peak: no θ gives item j more than POLY_ITEM_BOUNDS[3j], computed once per bank by polyPrepareSelection
//   (below). Items are scanned by peak descending (POLY_SEL_ORDER, sorted by the caller), so a scan stops at
//   the first peak below the best information found;
// - at distance δ, one exp: GRM has s_0 = −a·P*_1 and every |s_k| ≤ a, so I = Σ P_k s_k² ≤
//   (1 − P*_1)·a²P*_1² + a²·P*_1 ≤ 2a²σ(−aδ) below the first threshold (the same from the top category above
//   the last); GPCM below every step has P_k ≤ q^k, q = e^{−aδ}, so I = a²·Var X ≤ a²·Σ k²q^k =
//   a²q(1 + q)/(1 − q)³ (above every step the same for K − X).
// The peak: I on a grid of step h = 0.1/a over [lo − 4/a, hi + 4/a], then between grid points
// - GRM: |I'| = |Σ P_k (s_k³ + 2 s_k s'_k)| ≤ a³ + 2a·a²/2 = 2a³ (|s'_k| = a²(P*_kQ*_k + P*_{k+1}Q*_{k+1}) ≤ a²/2),
//   so I ≤ grid max + a³h;
// - GPCM: I' = a³·μ₃ and |μ₃| ≤ K·Var X, so |I'| ≤ aK·I and I ≤ grid max · e^{aKh/2};
// and beyond the grid the distance bound at 4/a; the peak is the largest of these (and at most a², a²K²/4).
//
// Those bounds are loose where it matters, inside an item's threshold span: a run on a large bank computed the
// information of hundreds of items per step. So for θ in the ability range the search first uses a table of
// per-cell bounds: the range is cut into CELL_COUNT cells, and for each cell the items with the largest bound
// on it are listed, bound descending (POLY_CELL_*). A step walks the list of θ's cell and stops at the first
// bound below the best information found; when the list runs out first, the largest bound left out of it
// (POLY_CELL_REST) decides whether the peak scan above must finish the search. The cell bounds rest on the
// information's relative slope: |I'| ≤ L·I with
// - GRM: I' = Σ P_k (s_k³ + 2 s_k s'_k), |s_k| ≤ a, s'_k ≤ 0 and Σ P_k s'_k = −I (the information identity),
//   so |I'| ≤ a·I + 2a·I: L = 3a;
// - GPCM: |I'| = a³|μ₃| ≤ aK·I: L = aK.
// Between two points h apart, I ≤ min(I₀e^{Lt}, I₁e^{L(h−t)}) ≤ √(I₀I₁)·e^{Lh/2}; each cell is sampled finely
// enough that Lh/2 ≤ CELL_SLOPE_ALLOWANCE (a bound at most ~10% above the information), and no bound exceeds
// the item's peak.
import { logistic } from './irf';
import { beats } from './math';
import { rangeHi, rangeLo } from './options';
import { polyBankSize } from './poly-layout';
import { polyItemInformation } from './poly-irf';
import {
  CELL_COUNT, CELL_LIST_LENGTH, MODEL_GRM, polyCapItems, polyRegion, POLY_A, POLY_CELL_BOUNDS, POLY_CELL_ITEMS,
  POLY_CELL_FILL, POLY_CELL_REST, POLY_INFO, POLY_ITEM_BOUNDS, POLY_MODEL, POLY_OFFSET, POLY_SEL_ORDER, POLY_STEPS, POLY_THRESHOLDS,
  POLY_USED,
} from './poly-layout';

/** A bound must fall below the best information by this relative margin before an item is skipped (rounding). */
const BOUND_MARGIN: f64 = 1e-12;
/** Grid step of the peak search, in units of 1/a. */
const PEAK_STEP: f64 = 0.1;
/** Half-width beyond the threshold span covered by the grid, in units of 1/a. */
const PEAK_REACH: f64 = 4.0;
/** Relative inflation of every peak and cell bound, so rounding keeps it an upper bound. */
const PEAK_SLACK: f64 = 1e-9;
/** Largest L·h/2 between the samples of a cell (log of the bound's excess over the information). */
const CELL_SLOPE_ALLOWANCE: f64 = 0.1;
/** Cell bounds are never below this, so items whose information underflows are still compared exactly. */
const CELL_FLOOR: f64 = 1e-300;

@inline function itemField(j: i32, field: i32): f64 {
  return load<f64>(polyRegion(POLY_ITEM_BOUNDS) + ((<usize>(j * 3 + field)) << 3));
}

@inline function isGrm(j: i32): bool {
  return load<i32>(polyRegion(POLY_MODEL) + (<usize>j << 2)) == MODEL_GRM;
}

@inline function discrimination(j: i32): f64 {
  return load<f64>(polyRegion(POLY_A) + (<usize>j << 3));
}

@inline function thresholdCount(j: i32): i32 {
  return load<i32>(polyRegion(POLY_STEPS) + (<usize>j << 2));
}

/** Bound of item j's information at distance δ > 0 from its threshold span (see the top of this file). */
@inline function distanceBound(j: i32, delta: f64): f64 {
  const a = discrimination(j);
  if (isGrm(j)) return 2.0 * a * a * logistic(-a * delta);
  const q = Math.exp(-a * delta);
  return (a * a * q * (1.0 + q)) / ((1.0 - q) * (1.0 - q) * (1.0 - q));
}

// The range the cell table was built for, and where; a new bank, range or arena makes it stale.
let cellsValid = false;
let cellsLo: f64 = 0.0;
let cellsHi: f64 = 0.0;
let cellsAt: usize = 0;

/**
 * Writes, per item, [peak, lo, hi] to POLY_ITEM_BOUNDS (see the top of this file); the caller then sorts
 * POLY_SEL_ORDER by peak descending. The cell table is built from those at the next selection.
 */
export function polyPrepareSelection(): void {
  for (let j = 0; j < polyBankSize; j++) {
    const a = discrimination(j);
    const K = thresholdCount(j);
    const thresholds = polyRegion(POLY_THRESHOLDS) + (<usize>load<i32>(polyRegion(POLY_OFFSET) + (<usize>j << 2)) << 3);
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < K; t++) {
      const d = load<f64>(thresholds + (<usize>t << 3));
      lo = min<f64>(lo, d);
      hi = max<f64>(hi, d);
    }
    const step = PEAK_STEP / a;
    const reach = PEAK_REACH / a;
    const points = <i32>Math.ceil((hi - lo + 2.0 * reach) / step);
    let gridMax = 0.0;
    for (let g = 0; g <= points; g++) gridMax = max<f64>(gridMax, polyItemInformation(j, lo - reach + <f64>g * step));
    const Kf = <f64>K;
    const between = isGrm(j) ? gridMax + a * a * a * step : gridMax * Math.exp(0.5 * a * Kf * step);
    const cap = isGrm(j) ? a * a : a * a * Kf * Kf * 0.25;
    const peak = min<f64>(cap, max<f64>(between, distanceBound(j, reach))) * (1.0 + PEAK_SLACK);
    const at = polyRegion(POLY_ITEM_BOUNDS) + ((<usize>(j * 3)) << 3);
    store<f64>(at, peak);
    store<f64>(at + 8, lo);
    store<f64>(at + 16, hi);
  }
  cellsValid = false;
}

/** Entries per cell list in the current arena. */
@inline function cellStride(): i32 {
  return min<i32>(polyCapItems, CELL_LIST_LENGTH);
}

/** Entries used per cell list for the loaded bank. */
@inline function cellLength(): i32 {
  return min<i32>(polyBankSize, CELL_LIST_LENGTH);
}

@inline function cellWidth(): f64 {
  return (rangeHi - rangeLo) / <f64>CELL_COUNT;
}

/** Edge `e` (0…CELL_COUNT) of the cells; the last one is exactly rangeHi. */
@inline function cellEdge(e: i32): f64 {
  return e == CELL_COUNT ? rangeHi : rangeLo + <f64>e * cellWidth();
}

// Per-cell lists are kept as min-heaps by bound while the table is built (the smallest listed bound on top),
// then sorted descending. A heap entry `before` another when its bound is smaller (ties: larger item first).
@inline function entryBefore(boundX: f64, itemX: i32, boundY: f64, itemY: i32): bool {
  return boundX < boundY || (boundX == boundY && itemX > itemY);
}

@inline function boundAt(bounds: usize, i: i32): f64 {
  return load<f64>(bounds + (<usize>i << 3));
}

@inline function itemAt(items: usize, i: i32): i32 {
  return load<i32>(items + (<usize>i << 2));
}

/** Whether entry `x` comes before entry `y` of one list (see entryBefore). */
@inline function before(items: usize, bounds: usize, x: i32, y: i32): bool {
  return entryBefore(boundAt(bounds, x), itemAt(items, x), boundAt(bounds, y), itemAt(items, y));
}

@inline function swap(items: usize, bounds: usize, x: i32, y: i32): void {
  const b = boundAt(bounds, x);
  const i = itemAt(items, x);
  store<f64>(bounds + (<usize>x << 3), boundAt(bounds, y));
  store<i32>(items + (<usize>x << 2), itemAt(items, y));
  store<f64>(bounds + (<usize>y << 3), b);
  store<i32>(items + (<usize>y << 2), i);
}

function siftDown(items: usize, bounds: usize, root: i32, n: i32): void {
  let parent = root;
  while (true) {
    let child = 2 * parent + 1;
    if (child >= n) return;
    if (child + 1 < n && before(items, bounds, child + 1, child)) child++;
    if (!before(items, bounds, child, parent)) return;
    swap(items, bounds, parent, child);
    parent = child;
  }
}

function siftUp(items: usize, bounds: usize, at: i32): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!before(items, bounds, child, parent)) return;
    swap(items, bounds, parent, child);
    child = parent;
  }
}

@inline function cellItems(c: i32): usize {
  return polyRegion(POLY_CELL_ITEMS) + ((<usize>c * <usize>cellStride()) << 2);
}

@inline function cellBounds(c: i32): usize {
  return polyRegion(POLY_CELL_BOUNDS) + ((<usize>c * <usize>cellStride()) << 3);
}

@inline function cellFill(c: i32): i32 {
  return load<i32>(polyRegion(POLY_CELL_FILL) + (<usize>c << 2));
}

/** Raises cell c's bound on the items left out of its list to at least `bound`. */
@inline function leaveOut(c: i32, bound: f64): void {
  const at = polyRegion(POLY_CELL_REST) + (<usize>c << 3);
  store<f64>(at, max<f64>(load<f64>(at), max<f64>(CELL_FLOOR, bound)));
}

/** The smallest bound cell c's list would keep, or −1 while the list is not full. */
@inline function cellEntry(c: i32): f64 {
  return cellFill(c) < cellLength() ? -1.0 : load<f64>(cellBounds(c));
}

/** Offers item j with bound `bound` to cell c's list. */
function offer(c: i32, j: i32, bound: f64): void {
  const items = cellItems(c);
  const bounds = cellBounds(c);
  const filled = cellFill(c);
  if (filled < cellLength()) {
    store<i32>(items + (<usize>filled << 2), j);
    store<f64>(bounds + (<usize>filled << 3), bound);
    siftUp(items, bounds, filled);
    store<i32>(polyRegion(POLY_CELL_FILL) + (<usize>c << 2), filled + 1);
    return;
  }
  const topBound = load<f64>(bounds);
  if (!entryBefore(topBound, load<i32>(items), bound, j)) {
    leaveOut(c, bound);
    return;
  }
  leaveOut(c, topBound);
  store<i32>(items, j);
  store<f64>(bounds, bound);
  siftDown(items, bounds, 0, filled);
}

/** √I of item j at θ (cell bounds multiply the roots of neighbouring samples, which cannot underflow). */
@inline function rootInformation(j: i32, theta: f64): f64 {
  return Math.sqrt(polyItemInformation(j, theta));
}

/**
 * Builds the cell table for the current range (see the top of this file). Items are offered by peak
 * descending (POLY_SEL_ORDER), so the lists fill with the strongest items first and most later (item, cell)
 * pairs are settled by the item's peak or distance bound alone, without sampling its information.
 */
function buildCells(): void {
  for (let c = 0; c < CELL_COUNT; c++) {
    store<f64>(polyRegion(POLY_CELL_REST) + (<usize>c << 3), 0.0);
    store<i32>(polyRegion(POLY_CELL_FILL) + (<usize>c << 2), 0);
  }
  const width = cellWidth();
  const order = polyRegion(POLY_SEL_ORDER);
  for (let pos = 0; pos < polyBankSize; pos++) {
    const j = load<i32>(order + (<usize>pos << 2));
    const peak = itemField(j, 0);
    const lo = itemField(j, 1);
    const hi = itemField(j, 2);
    const a = discrimination(j);
    const slope = isGrm(j) ? 3.0 * a : a * <f64>thresholdCount(j);
    // samples per cell so that slope·h/2 ≤ CELL_SLOPE_ALLOWANCE
    const samples = max<i32>(1, <i32>Math.ceil((slope * width) / (2.0 * CELL_SLOPE_ALLOWANCE)));
    const h = width / <f64>samples;
    const excess = Math.exp(0.5 * slope * h) * (1.0 + PEAK_SLACK);
    let right = -1.0; // √I at the cell's left edge when the previous cell was sampled
    for (let c = 0; c < CELL_COUNT; c++) {
      const from = cellEdge(c);
      const to = cellEdge(c + 1);
      const entry = cellEntry(c);
      if (peak <= entry) {
        leaveOut(c, peak);
        right = -1.0;
        continue;
      }
      const delta = to < lo ? lo - to : from > hi ? from - hi : 0.0;
      if (delta > 0.0) {
        const far = distanceBound(j, delta);
        if (far <= entry) {
          leaveOut(c, far);
          right = -1.0;
          continue;
        }
      }
      if (right < 0.0) right = rootInformation(j, from);
      let top = 0.0;
      for (let s = 1; s <= samples; s++) {
        const left = right;
        right = rootInformation(j, s == samples ? to : from + <f64>s * h);
        top = max<f64>(top, left * right);
      }
      offer(c, j, max<f64>(CELL_FLOOR, min<f64>(peak, top * excess)));
    }
  }
  // each heap to a list by bound descending: pop the smallest to the end
  for (let c = 0; c < CELL_COUNT; c++) {
    for (let end = cellFill(c) - 1; end > 0; end--) {
      swap(cellItems(c), cellBounds(c), 0, end);
      siftDown(cellItems(c), cellBounds(c), 0, end);
    }
  }
  cellsValid = true;
  cellsLo = rangeLo;
  cellsHi = rangeHi;
  cellsAt = polyRegion(POLY_CELL_ITEMS);
}

let best: f64 = -Infinity;
let bestIndex: i32 = -1;

@inline function consider(item: i32, theta: f64): void {
  const info = polyItemInformation(item, theta);
  if (beats(info, item, best, bestIndex)) {
    best = info;
    bestIndex = item;
  }
}

/** Walks the list of θ's cell; true when it settled the search (false: the peak scan must finish it). */
function searchCell(theta: f64): bool {
  if (!(cellsValid && cellsLo == rangeLo && cellsHi == rangeHi && cellsAt == polyRegion(POLY_CELL_ITEMS))) buildCells();
  const c = min<i32>(CELL_COUNT - 1, <i32>Math.floor((theta - rangeLo) / cellWidth()));
  const used = polyRegion(POLY_USED);
  const items = cellItems(c);
  const bounds = cellBounds(c);
  const length = cellFill(c);
  for (let pos = 0; pos < length; pos++) {
    if (bestIndex >= 0 && load<f64>(bounds + (<usize>pos << 3)) * (1.0 + BOUND_MARGIN) < best) return true;
    const item = load<i32>(items + (<usize>pos << 2));
    if (load<u8>(used + <usize>item) != 0) continue;
    consider(item, theta);
  }
  return bestIndex >= 0 && load<f64>(polyRegion(POLY_CELL_REST) + (<usize>c << 3)) * (1.0 + BOUND_MARGIN) < best;
}

/** Every unused item by peak descending, skipping those the peak and distance bounds rule out. */
function searchByPeak(theta: f64): void {
  const used = polyRegion(POLY_USED);
  const order = polyRegion(POLY_SEL_ORDER);
  for (let pos = 0; pos < polyBankSize; pos++) {
    const item = load<i32>(order + (<usize>pos << 2));
    if (load<u8>(used + <usize>item) != 0) continue;
    if (bestIndex >= 0) {
      if (itemField(item, 0) * (1.0 + BOUND_MARGIN) < best) break; // every later item peaks lower
      const lo = itemField(item, 1);
      const hi = itemField(item, 2);
      const delta = theta < lo ? lo - theta : theta > hi ? theta - hi : 0.0;
      if (delta > 0.0 && distanceBound(item, delta) * (1.0 + BOUND_MARGIN) < best) continue;
    }
    consider(item, theta);
  }
}

/** The unused item with the most information at θ (lowest index on exact ties), or −1 when none is left. */
export function polySelectMaxInformation(theta: f64): i32 {
  best = -Infinity;
  bestIndex = -1;
  if (theta >= rangeLo && theta <= rangeHi && searchCell(theta)) return bestIndex;
  searchByPeak(theta);
  return bestIndex;
}

/** Writes every item's information at θ to POLY_INFO. */
export function polyInformationBank(theta: f64): void {
  const out = polyRegion(POLY_INFO);
  for (let i = 0; i < polyBankSize; i++) store<f64>(out + (<usize>i << 3), polyItemInformation(i, theta));
}
