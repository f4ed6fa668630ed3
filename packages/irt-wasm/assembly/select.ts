// Maximum-Fisher-information selection over the unused items; exact ties go to the lowest index.
//
// For 2PL banks the search is pruned but exact: items are grouped into buckets of adjacent b, each bucket
// ordered by α = |D·a| descending. An item whose b lies at least d from θ has information
// α²σ(αd)σ(−αd) at most, and over all α' ≤ α that is at most bound(α, d) (below). Buckets are visited
// outward from θ and each is scanned only while its bound can still reach the best information found, so a
// step touches a few hundred items instead of the whole bank. The winner is the same item a full scan picks.
import { bankItemInformation } from './information';
import { logistic } from './irf';
import { beats } from './math';
import { bankIs2PL, bankSize } from './options';
import {
  region, REGION_ITEM_A2, REGION_ITEM_B, REGION_SEL_ALPHA, REGION_SEL_BMAX, REGION_SEL_BMIN, REGION_SEL_BUCKET,
  REGION_SEL_HEAD, REGION_SEL_ORDER, REGION_USED,
} from './layout';

/** Banks smaller than this are scanned in full (pruning costs more than it saves). */
const PRUNE_MIN_ITEMS: i32 = 256;
/** A bound must clear the best information by this relative margin before items are skipped (rounding). */
const BOUND_MARGIN: f64 = 1e-12;

// u* = argmax of h(u) = u²σ(u)σ(−u) and h* = h(u*), found once by golden-section search.
let peakU: f64 = 0.0;
let peakH: f64 = 0.0;
let bucketCount: i32 = 0;
let alphaMax: f64 = 0.0;

function h(u: f64): f64 {
  const s = logistic(u);
  return u * u * s * (1.0 - s);
}

function findPeak(): void {
  let lo = 1.0;
  let hi = 4.0;
  const ratio = 0.6180339887498949;
  for (let i = 0; i < 200; i++) {
    const m1 = hi - ratio * (hi - lo);
    const m2 = lo + ratio * (hi - lo);
    if (h(m1) < h(m2)) lo = m1;
    else hi = m2;
  }
  peakU = 0.5 * (lo + hi);
  // the search is good to ~1e-16 in h; a tiny inflation keeps the bound an upper bound
  peakH = h(peakU) * (1.0 + 1e-9);
}

/** Largest information any item with |D·a| ≤ alpha can have at distance ≥ d from its b. */
@inline function bound(alpha: f64, d: f64): f64 {
  if (d <= 0.0) return alpha * alpha * 0.25;
  const u = alpha * d;
  if (u <= peakU) {
    const s = logistic(u);
    return alpha * alpha * s * (1.0 - s);
  }
  return peakH / (d * d);
}

@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** Sorts order[from..to) by key(order[i]) ascending, ties by item index (heapsort: no allocation). */
function sortByKey(order: usize, from: i32, to: i32, keys: usize, negateAbs: bool): void {
  const n = to - from;
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(order + (<usize>from << 2), start, n, keys, negateAbs);
  for (let end = n - 1; end > 0; end--) {
    const base = order + (<usize>from << 2);
    const first = i32At(base, 0);
    store<i32>(base, i32At(base, end));
    store<i32>(base + (<usize>end << 2), first);
    siftDown(base, 0, end, keys, negateAbs);
  }
}

@inline function keyOf(keys: usize, item: i32, negateAbs: bool): f64 {
  const v = f64At(keys, item);
  return negateAbs ? -Math.abs(v) : v;
}

@inline function before(keys: usize, x: i32, y: i32, negateAbs: bool): bool {
  const kx = keyOf(keys, x, negateAbs);
  const ky = keyOf(keys, y, negateAbs);
  return kx < ky || (kx == ky && x < y);
}

function siftDown(base: usize, root: i32, n: i32, keys: usize, negateAbs: bool): void {
  let parent = root;
  while (true) {
    let child = 2 * parent + 1;
    if (child >= n) return;
    if (child + 1 < n && before(keys, i32At(base, child), i32At(base, child + 1), negateAbs)) child++;
    const p = i32At(base, parent);
    const c = i32At(base, child);
    if (!before(keys, p, c, negateAbs)) return;
    store<i32>(base + (<usize>parent << 2), c);
    store<i32>(base + (<usize>child << 2), p);
    parent = child;
  }
}

/** Builds the bucket index of the loaded bank (called by prepareBank). */
export function buildSelectionIndex(): void {
  if (peakU == 0.0) findPeak();
  const n = bankSize;
  bucketCount = 0;
  if (!bankIs2PL || n < PRUNE_MIN_ITEMS) return;
  const order = region(REGION_SEL_ORDER);
  const starts = region(REGION_SEL_BUCKET);
  const b = region(REGION_ITEM_B);
  // A2 holds (D·a)², so sorting by −|A2| orders by α descending without a square root
  const a2 = region(REGION_ITEM_A2);
  for (let i = 0; i < n; i++) store<i32>(order + (<usize>i << 2), i);
  sortByKey(order, 0, n, b, false);
  const size = max<i32>(16, <i32>Math.sqrt(<f64>n));
  let buckets = 0;
  alphaMax = 0.0;
  for (let from = 0; from < n; from += size) {
    const to = min<i32>(n, from + size);
    store<i32>(starts + (<usize>buckets << 2), from);
    store<f64>(region(REGION_SEL_BMIN) + (<usize>buckets << 3), f64At(b, i32At(order, from)));
    store<f64>(region(REGION_SEL_BMAX) + (<usize>buckets << 3), f64At(b, i32At(order, to - 1)));
    sortByKey(order, from, to, a2, true);
    for (let pos = from; pos < to; pos++) {
      const alpha = Math.sqrt(f64At(a2, i32At(order, pos)));
      store<f64>(region(REGION_SEL_ALPHA) + (<usize>pos << 3), alpha);
      if (alpha > alphaMax) alphaMax = alpha;
    }
    buckets++;
  }
  store<i32>(starts + (<usize>buckets << 2), n);
  bucketCount = buckets;
}

/** Forgets which bucket heads are used (call after USED is rewritten). */
export function resetSelectionHeads(): void {
  const heads = region(REGION_SEL_HEAD);
  const starts = region(REGION_SEL_BUCKET);
  for (let k = 0; k < bucketCount; k++) store<i32>(heads + (<usize>k << 2), i32At(starts, k));
}

let best: f64 = -Infinity;
let bestIndex: i32 = -1;

@inline function consider(item: i32, theta: f64): void {
  const info = bankItemInformation(item, theta);
  if (beats(info, item, best, bestIndex)) {
    best = info;
    bestIndex = item;
  }
}

/** Scans bucket k at distance d while its bound can reach the best so far. */
function scanBucket(k: i32, d: f64, theta: f64): void {
  const used = region(REGION_USED);
  const order = region(REGION_SEL_ORDER);
  const alphas = region(REGION_SEL_ALPHA);
  const headAt = region(REGION_SEL_HEAD) + (<usize>k << 2);
  const end = i32At(region(REGION_SEL_BUCKET), k + 1);
  let pos = load<i32>(headAt);
  // used items at the head of a bucket are skipped for good
  while (pos < end && load<u8>(used + <usize>i32At(order, pos)) != 0) pos++;
  store<i32>(headAt, pos);
  for (; pos < end; pos++) {
    if (bestIndex >= 0 && bound(f64At(alphas, pos), d) * (1.0 + BOUND_MARGIN) < best) return;
    const item = i32At(order, pos);
    if (load<u8>(used + <usize>item) != 0) continue;
    consider(item, theta);
  }
}

function selectPruned(theta: f64): i32 {
  const bmin = region(REGION_SEL_BMIN);
  const bmax = region(REGION_SEL_BMAX);
  best = -Infinity;
  bestIndex = -1;
  // first bucket whose largest b is ≥ θ
  let lo = 0;
  let hi = bucketCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f64At(bmax, mid) < theta) lo = mid + 1;
    else hi = mid;
  }
  let right = lo;
  let left = lo - 1;
  while (left >= 0 || right < bucketCount) {
    const dLeft = left >= 0 ? theta - f64At(bmax, left) : Infinity;
    const dRight = right < bucketCount ? max<f64>(0.0, f64At(bmin, right) - theta) : Infinity;
    const goRight = dRight <= dLeft;
    const d = goRight ? dRight : dLeft;
    // every bucket left on either side is at least d away
    if (bestIndex >= 0 && bound(alphaMax, d) * (1.0 + BOUND_MARGIN) < best) break;
    if (goRight) scanBucket(right++, d, theta);
    else scanBucket(left--, d, theta);
  }
  return bestIndex;
}

function selectFullScan(theta: f64): i32 {
  const used = region(REGION_USED);
  best = -Infinity;
  bestIndex = -1;
  for (let i = 0; i < bankSize; i++) {
    if (load<u8>(used + <usize>i) != 0) continue;
    const info = bankItemInformation(i, theta);
    // strict ">" keeps the first (lowest-index) maximum, as numpy's argmax does
    if (info > best || bestIndex < 0) {
      best = info;
      bestIndex = i;
    }
  }
  return bestIndex;
}

/** Index of the unused item with the largest information at θ, or −1 when every item is used. */
export function selectNextItem(theta: f64): i32 {
  return bucketCount > 0 ? selectPruned(theta) : selectFullScan(theta);
}

/** The same, after USED was rewritten from outside (resets the bucket heads first). */
export function selectMaxInformation(theta: f64): i32 {
  resetSelectionHeads();
  return selectNextItem(theta);
}

/** The unpruned scan, exported so tests can compare it with the pruned search. */
export function selectMaxInformationFullScan(theta: f64): i32 {
  return selectFullScan(theta);
}
