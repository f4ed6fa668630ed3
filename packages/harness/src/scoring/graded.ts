// Graded banks in a live evaluation: every item kind yields a raw score in [0, 1] (a 0/1 verdict, an MC2
// probability mass, the share of k-of-n samples answered right), and the adaptive test of a polytomous bank
// records the category whose score value is nearest to it.
import { nearestCategory } from '@fluidbench/data';

/**
 * The score values of an item with `categories` categories when none are given: equally spaced on [0, 1]
 * (category k scores k/K), so k of K samples right is category k.
 *
 * @example
 * ```ts
 * evenScoreValues(5); // returns [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function evenScoreValues(categories: number): number[] {
  return Array.from({ length: categories }, (_, k) => k / (categories - 1));
}

/**
 * The category of a live raw score: the nearest score value, whatever the distance (a live MC2 mass is
 * continuous, so the fork's exact match within 1e-5 is for given scores only); an exact tie goes to the
 * higher category, so with score values `[0, 1]` this is the paper's binarization at ≥ 0.5.
 *
 * @example
 * ```ts
 * gradedCategory(0.6, [0, 0.25, 0.5, 0.75, 1]);   // returns 2 (0.5 is 0.1 away, 0.75 is 0.15)
 * gradedCategory(0.625, [0, 0.25, 0.5, 0.75, 1]); // returns 3 (a tie goes up)
 * gradedCategory(0.5, [0, 1]);                    // returns 1
 * ```
 */
export function gradedCategory(score: number, scoreValues: readonly number[]): number {
  return nearestCategory(score, scoreValues, Infinity);
}
