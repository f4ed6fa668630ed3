// Repeated timings with medians, and a checksum that consumes every measured result so the JIT cannot drop
// the work and a wrong result cannot pass unnoticed.

/**
 * Median of a non-empty list.
 *
 * @example
 * ```js
 * median([3, 1, 2]); // returns 2
 * median([4, 1, 3, 2]); // returns 2.5
 * ```
 */
export function median(values) {
  if (values.length === 0) throw new RangeError('median: no values');
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/**
 * Calls `work` until both `minRepeats` calls and `budgetMs` are spent (or `maxRepeats` calls are made) and
 * returns the median and the best wall time of one call and the last call's result. A warm-up call (not timed) comes first
 * unless `warmUp` is false.
 *
 * @example
 * ```js
 * const { ms, result } = timeRepeated(() => 6 * 7, { minRepeats: 3 });
 * result; // returns 42
 * ```
 */
export function timeRepeated(work, { minRepeats = 3, maxRepeats = 15, budgetMs = 1500, warmUp = true } = {}) {
  if (warmUp) work();
  const times = [];
  let result;
  let spent = 0;
  while (times.length < maxRepeats && (times.length < minRepeats || spent < budgetMs)) {
    const started = performance.now();
    result = work();
    const elapsed = performance.now() - started;
    times.push(elapsed);
    spent += elapsed;
  }
  return { ms: median(times), bestMs: Math.min(...times), repeats: times.length, result };
}

/**
 * An order-sensitive running checksum of item sequences and abilities.
 *
 * @example
 * ```js
 * const sum = new Checksum();
 * sum.addRun([2, 0], [0.5, -0.25]);
 * sum.runs; // returns 1
 * ```
 */
export class Checksum {
  value = 0;
  runs = 0;

  /** Adds one run: item k weighs k + 1, so a swapped order changes the sum; abilities are added as is. */
  addRun(items, abilities) {
    let total = 0;
    for (let k = 0; k < items.length; k++) total += (k + 1) * items[k];
    for (let k = 0; k < abilities.length; k++) total += abilities[k];
    if (!Number.isFinite(total)) throw new Error(`checksum: run ${this.runs} has a non-finite ability`);
    this.value += total;
    this.runs += 1;
  }

  /** Adds plain numbers (estimates). */
  addValues(values) {
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(values[k])) throw new Error(`checksum: value ${k} is not finite (${values[k]})`);
      this.value += values[k];
    }
    this.runs += 1;
  }
}

/**
 * Throws when two item sequences differ, naming the first differing step.
 *
 * @example
 * ```js
 * assertSameItems([1, 2], [1, 2], 'wasm vs oracle'); // returns undefined
 * ```
 */
export function assertSameItems(actual, expected, what) {
  const n = Math.max(actual.length, expected.length);
  for (let k = 0; k < n; k++) {
    if (actual[k] !== expected[k]) {
      throw new Error(`${what}: item sequences differ at step ${k} (${actual[k]} vs ${expected[k]}; lengths ${actual.length}, ${expected.length})`);
    }
  }
}

/** Largest absolute difference of two equally long number lists. */
export function maxAbsDifference(actual, expected) {
  if (actual.length !== expected.length) throw new RangeError(`maxAbsDifference: lengths ${actual.length} and ${expected.length}`);
  let worst = 0;
  for (let k = 0; k < actual.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  return worst;
}
