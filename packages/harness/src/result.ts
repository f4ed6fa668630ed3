import type { StopReason } from '@fluidbench/core';

/** One model's evaluation. */
export interface ModelResult {
  model: string;
  /** 0-based bank rows, in the order asked. */
  items: number[];
  itemIds: string[];
  /** Ability after each answer. */
  abilities: number[];
  se: number[];
  /** Each answer's raw score: 0/1, or in [0, 1] for MC2 masses and k-of-n samples. */
  correct: number[];
  /** Graded banks: the category each answer was recorded as (what the ability estimate used). */
  categories?: number[];
  /** Why the test ended: `max_items`, `min_se`, `exhausted` (core's stop reasons). */
  stopReason: StopReason;
  /** Mean raw score over the asked items (the share answered correctly for 0/1 scores). */
  accuracy: number;
  /**
   * The bank's mean expected raw score at the final ability (for a 1–4PL bank the mean probability of a right
   * answer): an estimate of the full benchmark's accuracy.
   */
  expectedAccuracy: number;
  /** HTTP requests (backend calls) made in this run, retries included; 0 when everything came from the journal. */
  requests: number;
  /** Wall time of this model's evaluation in this run. */
  seconds: number;
}

/**
 * The JSONL record of a result, keys as the CLI contract says.
 *
 * @example
 * ```ts
 * Object.keys(resultRecord(result)); // returns ['model', 'items', 'item_ids', 'abilities', 'se', 'correct', 'stop_reason', 'accuracy', 'expected_accuracy', 'requests', 'seconds']
 * // a graded bank's result has 'categories' after 'correct'
 * ```
 */
export function resultRecord(result: ModelResult) {
  return {
    model: result.model,
    items: result.items,
    item_ids: result.itemIds,
    abilities: result.abilities,
    se: result.se,
    correct: result.correct,
    ...(result.categories ? { categories: result.categories } : {}),
    stop_reason: result.stopReason,
    accuracy: result.accuracy,
    expected_accuracy: result.expectedAccuracy,
    requests: result.requests,
    seconds: result.seconds,
  };
}
