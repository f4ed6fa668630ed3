// The paper's evaluation-quality metrics (validity, variance, saturation) and its dynamic-stopping rule,
// as plain functions over numbers so anyone can apply them to their own learning curves.
import { InvalidArgumentError } from './errors';

function checkFinite(name: string, values: ArrayLike<number>, minLength: number): void {
  if (values.length < minLength) throw new InvalidArgumentError(name, `length ${values.length}`, `need at least ${minLength} value${minLength === 1 ? '' : 's'}`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidArgumentError(`${name}[${i}]`, values[i], 'must be a finite number');
  }
}

/**
 * The rank a score would take among a population (1 = best, higher scores rank first). Population values
 * equal to the score share the block's average rank, so a tie with one value gives 1.5 where a strict win
 * gives 1.
 *
 * @example
 * ```ts
 * rankAmong(0.7, [0.9, 0.5, 0.3]); // returns 2
 * rankAmong(0.5, [0.9, 0.5, 0.3]); // returns 2.5 (tied with 0.5: ranks 2 and 3 averaged)
 * ```
 */
export function rankAmong(score: number, population: ArrayLike<number>): number {
  if (!Number.isFinite(score)) throw new InvalidArgumentError('score', score, 'must be a finite number');
  checkFinite('population', population, 1);
  let greater = 0;
  let equal = 0;
  for (let i = 0; i < population.length; i++) {
    if (population[i] > score) greater++;
    else if (population[i] === score) equal++;
  }
  return 1 + greater + equal / 2;
}

/**
 * The paper's validity measure for one checkpoint and one benchmark pair (A, B): rank the checkpoint's score
 * on A among the leaderboard LMs' full scores on A (accuracies for accuracy methods, abilities for IRT
 * methods), rank its full accuracy on B among the leaderboard LMs' accuracies on B, and return the absolute
 * difference of the two ranks. Smaller means the score on A predicts standing on B better.
 *
 * @example
 * ```ts
 * // ranks 2 on A (behind 0.9) and 4 on B (behind 0.8, 0.7, 0.6): distance 2
 * rankDistance(0.7, [0.9, 0.5, 0.3], 0.55, [0.8, 0.7, 0.6, 0.5]); // returns 2
 * ```
 */
export function rankDistance(
  score: number, leaderboard: ArrayLike<number>, referenceAccuracy: number, referenceLeaderboard: ArrayLike<number>,
): number {
  return Math.abs(rankAmong(score, leaderboard) - rankAmong(referenceAccuracy, referenceLeaderboard));
}

/**
 * Normalized total variation of a learning curve `x_1..x_n` (checkpoints in training order):
 * `n/(n−1) · Σ|x_{t+1} − x_t| / |x_n − x_1|`, the mean step size over the mean net change per checkpoint.
 * A curve that moves monotonically from start to end scores `n/(n−1)`; noise raises it. A curve that ends
 * where it started has no net change: Infinity if it moved at all, NaN if it is flat.
 *
 * @example
 * ```ts
 * totalVariation([0, 1, 2, 3]);  // returns 4/3 ≈ 1.333 (monotone)
 * totalVariation([0, 2, 1, 3]);  // returns 4/3 · 5/3 ≈ 2.222
 * ```
 */
export function totalVariation(curve: ArrayLike<number>): number {
  checkFinite('curve', curve, 2);
  const n = curve.length;
  let path = 0;
  for (let t = 0; t + 1 < n; t++) path += Math.abs(curve[t + 1] - curve[t]);
  return (n / (n - 1)) * path / Math.abs(curve[n - 1] - curve[0]);
}

/**
 * Ranks 1..n of the values, ties sharing their average rank (the convention of Spearman's correlation).
 *
 * @example
 * ```ts
 * averageRanks([10, 30, 20, 30]); // returns Float64Array [1, 3.5, 2, 3.5]
 * ```
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Positions start..end−1 hold equal values: each gets the mean of ranks start+1..end.
    const shared = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = shared;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation (Pearson's correlation of average ranks). NaN when either side is constant.
 *
 * @example
 * ```ts
 * spearman([1, 2, 3, 4], [10, 20, 40, 30]); // returns 0.8
 * ```
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkFinite('x', x, 2);
  checkFinite('y', y, 2);
  if (x.length !== y.length) throw new InvalidArgumentError('y', `length ${y.length}`, `need the same length as x (${x.length})`);
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Pearson's correlation. NaN when either side is constant.
 *
 * @example
 * ```ts
 * pearson([1, 2, 3], [2, 4, 7]); // returns 0.9933992677987828
 * ```
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new InvalidArgumentError('y', `length ${y.length}`, `need the same length as x (${x.length})`);
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - meanX) * (y[i] - meanY);
    sxx += (x[i] - meanX) ** 2;
    syy += (y[i] - meanY) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * The paper's saturation measure: |Spearman| between checkpoint order (1..n) and a learning curve. 1 means
 * the curve keeps moving one way; a saturated, noisy plateau drives it toward 0. NaN for a flat curve.
 *
 * @example
 * ```ts
 * monotonicity([0.1, 0.2, 0.4, 0.3]); // returns 0.8
 * monotonicity([3, 2, 1]);           // returns 1
 * ```
 */
export function monotonicity(curve: ArrayLike<number>): number {
  const order = Array.from({ length: curve.length }, (_, i) => i + 1);
  return Math.abs(spearman(order, curve));
}

/**
 * The paper's dynamic-stopping threshold: the mean ability gap between rank-adjacent leaderboard LMs
 * (sort the abilities, average the consecutive differences). Stopping once the SE falls below it means the
 * estimate is about as precise as the spacing between neighbouring LMs.
 *
 * @example
 * ```ts
 * seStoppingThreshold([0.5, -1, 1.5, 0]); // returns 0.8333 (gaps 1, 0.5, 1 after sorting)
 * ```
 */
export function seStoppingThreshold(leaderboardAbilities: ArrayLike<number>): number {
  checkFinite('leaderboardAbilities', leaderboardAbilities, 2);
  const sorted = Float64Array.from(leaderboardAbilities).sort();
  let gaps = 0;
  for (let i = 0; i + 1 < sorted.length; i++) gaps += sorted[i + 1] - sorted[i];
  return gaps / (sorted.length - 1);
}

/**
 * Items an adaptive run uses under dynamic stopping: the first step at which the standard error fell below
 * `threshold` (the engine's rule is strict `se < minSe`, checked after each item), from the SE trace of a
 * run without stopping. Null when the trace never gets there. Running `fluidBenchmarking` with
 * `minSe: threshold` administers exactly this many items, since MFI chooses the same items either way.
 *
 * @example
 * ```ts
 * itemsToReachSe([0.9, 0.6, 0.45, 0.4], 0.5); // returns 3
 * itemsToReachSe([0.9, 0.6], 0.5);            // returns null
 * ```
 */
export function itemsToReachSe(se: ArrayLike<number>, threshold: number): number | null {
  if (!(threshold > 0)) throw new InvalidArgumentError('threshold', threshold, 'must be > 0');
  for (let t = 0; t < se.length; t++) if (se[t] < threshold) return t + 1;
  return null;
}
