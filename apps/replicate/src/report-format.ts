// The report's metric columns and number format, shared by its sections.
import type { Metrics } from './analysis';

/** The paper's three metrics as report columns, with the digits each is shown with. */
export const METRIC_NAMES: readonly { key: keyof Metrics; label: string; digits: number }[] = [
  { key: 'rank_distance', label: 'Rank distance ↓', digits: 1 },
  { key: 'total_variation', label: 'Total variation ↓', digits: 1 },
  { key: 'monotonicity', label: 'Monotonicity ↑', digits: 2 },
];

/**
 * A number for a report table: fixed digits, '–' where nothing was measured.
 *
 * @example
 * ```ts
 * formatMetric(0.9371, 2); // returns '0.94'
 * formatMetric(null, 1); // returns '–'
 * ```
 */
export function formatMetric(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}
