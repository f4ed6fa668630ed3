// Pick-only selection by location (bopt: b, thopt: θ*): the unblocked item whose location is nearest θ, found
// from the bank's items sorted once by location, by a binary search for θ and a walk outward past blocked
// items. O(log n + blocked) per step instead of a pass over the bank, and the same item the full scan picks.

/**
 * Bank rows ordered by location ascending (ties by row), or null when a location is NaN (the full scan's
 * pick is then not a nearest-location rule, so callers scan).
 *
 * @example
 * ```ts
 * Array.from(sortedByLocation(new Float64Array([0.5, -1, 0.5]))!); // returns [1, 0, 2]
 * ```
 */
export function sortedByLocation(locations: Float64Array): Int32Array | null {
  for (let i = 0; i < locations.length; i++) if (Number.isNaN(locations[i])) return null;
  const order = Int32Array.from(locations, (_, i) => i);
  order.sort((x, y) => (locations[x] < locations[y] ? -1 : locations[x] > locations[y] ? 1 : x - y));
  return order;
}

/**
 * The unblocked row with the smallest |location − θ|, exact ties (equal computed distances) to the lowest
 * row, as the full scan keeps them; −1 when every row is blocked. `order` is from {@link sortedByLocation}.
 *
 * @example
 * ```ts
 * const locations = new Float64Array([0.5, -1, -0.5]);
 * nearestLocation(locations, sortedByLocation(locations)!, 0, (row) => row === 0); // returns 2 (|−0.5| ties |0.5|, row 0 blocked)
 * ```
 */
export function nearestLocation(locations: Float64Array, order: Int32Array, theta: number, blocked: (row: number) => boolean): number {
  // first position whose location is ≥ θ: distances grow walking right from it and walking left from it − 1
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (locations[order[mid]] < theta) lo = mid + 1;
    else hi = mid;
  }
  const right = nearestOnSide(locations, order, theta, blocked, lo, 1);
  const left = nearestOnSide(locations, order, theta, blocked, lo - 1, -1);
  if (right.row < 0) return left.row;
  if (left.row < 0) return right.row;
  if (left.distance !== right.distance) return left.distance < right.distance ? left.row : right.row;
  return Math.min(left.row, right.row);
}

/** The nearest unblocked row walking from `pos` by `step`, lowest row among equal distances. */
function nearestOnSide(locations: Float64Array, order: Int32Array, theta: number, blocked: (row: number) => boolean, pos: number, step: 1 | -1) {
  let row = -1;
  let distance = Infinity;
  for (; pos >= 0 && pos < order.length; pos += step) {
    const candidate = order[pos];
    if (blocked(candidate)) continue;
    const d = Math.abs(locations[candidate] - theta);
    if (row >= 0 && d !== distance) break; // distances only grow from here on this side
    if (row < 0 || candidate < row) row = candidate;
    distance = d;
  }
  return { row, distance };
}
