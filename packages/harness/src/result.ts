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
  /** Each answer's correctness (0/1; fractional for kinds that score in [0, 1]). */
  correct: number[];
  /** Why the test ended: `max_items`, `min_se`, `exhausted` (core's stop reasons). */
  stopReason: StopReason;
  /** Share of the asked items answered correctly. */
  accuracy: number;
  /** The bank's mean probability of a correct answer at the final ability: an estimate of full-benchmark accuracy. */
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
    stop_reason: result.stopReason,
    accuracy: result.accuracy,
    expected_accuracy: result.expectedAccuracy,
    requests: result.requests,
    seconds: result.seconds,
  };
}
