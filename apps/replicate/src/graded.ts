// Raw graded scores as the categories of a graded bank. The fork's loaders require a raw score to match a
// category's score value within 1e-5 (scores that are categories already, such as rubric grades); TruthfulQA
// MC2's probability mass is continuous, so here, as in live evaluation, every raw score goes to the category
// whose score value is nearest (data's `nearestCategory` without a tolerance; a tie goes up).
import { nearestCategory } from '@fluidbench/data';

/**
 * Category of each raw score: the index of the nearest score value; NaN (missing) stays NaN.
 *
 * @example
 * ```ts
 * Array.from(categoriesOf([0, 0.3, 0.875, 1, NaN], [0, 0.25, 0.5, 0.75, 1])); // returns [0, 1, 4, 4, NaN]
 * ```
 */
export function categoriesOf(raw: ArrayLike<number>, scoreValues: readonly number[]): Float64Array {
  return Float64Array.from({ length: raw.length }, (_, i) => (Number.isNaN(raw[i]) ? NaN : nearestCategory(raw[i], scoreValues, Infinity)));
}
