// The paper's published Table 2 (Hofmann et al., COLM 2025): means over LMs × benchmarks, printed beside
// our numbers when the data is the paper's own dataset.
import type { Budget, Metrics, SummaryMethod } from './analysis';

type Triple = [random: number, randomIrt: number, fluid: number];

const RANK_DISTANCE: Record<Budget, Triple> = { 10: [20.0, 14.1, 10.1], 50: [15.2, 11.1, 8.8], 100: [16.9, 10.6, 8.7], 500: [9.1, 8.4, 8.3] };
const TOTAL_VARIATION: Record<Budget, Triple> = { 10: [29.0, 18.2, 10.7], 50: [19.1, 15.7, 6.5], 100: [19.8, 17.8, 6.1], 500: [10.2, 10.9, 4.9] };
const MONOTONICITY: Record<Budget, Triple> = { 10: [0.47, 0.48, 0.76], 50: [0.62, 0.69, 0.86], 100: [0.64, 0.71, 0.85], 500: [0.79, 0.85, 0.88] };
const FULL_ACCURACY: Metrics = { rank_distance: 9.1, total_variation: 23.8, monotonicity: 0.85 };

/**
 * The paper's Table 2 entry for a method and budget, or null where the paper gives none (full ability).
 *
 * @example
 * ```ts
 * paperMetrics('fluid', 50)?.total_variation; // returns 6.5
 * paperMetrics('full_ability', 50);           // returns null
 * ```
 */
export function paperMetrics(method: SummaryMethod, budget: Budget): Metrics | null {
  if (method === 'full_accuracy') return FULL_ACCURACY;
  const column = { random: 0, random_irt: 1, fluid: 2 }[method as 'random' | 'random_irt' | 'fluid'];
  if (column === undefined) return null;
  return { rank_distance: RANK_DISTANCE[budget][column], total_variation: TOTAL_VARIATION[budget][column], monotonicity: MONOTONICITY[budget][column] };
}
