// Derived seeds: every random stream of a run comes from the user's seed and a label, so streams stay the
// same when the selection of benchmarks or LMs changes.

/**
 * A 32-bit seed from a base seed and labels (FNV-1a over the labels, then an avalanche mix).
 *
 * @example
 * ```ts
 * deriveSeed(0, 'bank', 'mmlu') === deriveSeed(0, 'bank', 'mmlu'); // returns true
 * deriveSeed(0, 'bank', 'mmlu') === deriveSeed(1, 'bank', 'mmlu'); // returns false
 * ```
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (const char of labels.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}
