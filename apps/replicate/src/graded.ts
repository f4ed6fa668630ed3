// Raw graded scores as the categories of a graded bank. The fork's loaders require a raw score to match a
// category's score value within 1e-5 (scores that are categories already, such as rubric grades); TruthfulQA
// MC2's probability mass is continuous, so here every raw score goes to the category whose score value is
// nearest (ties to the lower category).

/**
 * Category of each raw score: the index of the nearest score value; NaN (missing) stays NaN.
 *
 * @example
 * ```ts
 * Array.from(categoriesOf([0, 0.3, 0.875, 1, NaN], [0, 0.25, 0.5, 0.75, 1])); // returns [0, 1, 3, 4, NaN]
 * ```
 */
export function categoriesOf(raw: ArrayLike<number>, scoreValues: readonly number[]): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i];
    if (Number.isNaN(x)) {
      out[i] = NaN;
      continue;
    }
    let best = 0;
    for (let k = 1; k < scoreValues.length; k++) if (Math.abs(x - scoreValues[k]) < Math.abs(x - scoreValues[best])) best = k;
    out[i] = best;
  }
  return out;
}
