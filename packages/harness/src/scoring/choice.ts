import { characterLength } from './continuation';

/** How a multiple-choice item picks the model's answer: raw log-likelihood, or per character (lm-evaluation-harness). */
export type ChoiceMetric = 'acc' | 'acc_norm';
export const CHOICE_METRICS: readonly ChoiceMetric[] = ['acc', 'acc_norm'];

/** The separator lm-evaluation-harness puts between a context and its answer (`target_delimiter`). */
const TARGET_DELIMITER = ' ';

/**
 * The length `acc_norm` divides by: the choice's characters without the leading target delimiter, as
 * lm-evaluation-harness takes `len(choice)` of the choice text before it prefixes the delimiter.
 *
 * @example
 * ```ts
 * normalizationLength(' yes indeed'); // returns 10
 * normalizationLength('_ was late');  // returns 10 (WinoGrande's shared continuation has no delimiter)
 * ```
 */
export function normalizationLength(continuation: string): number {
  const choice = continuation.startsWith(TARGET_DELIMITER) ? continuation.slice(TARGET_DELIMITER.length) : continuation;
  return Math.max(1, characterLength(choice));
}

/**
 * The chosen continuation: the largest log-likelihood (`acc`) or log-likelihood per character of the
 * choice (`acc_norm`, lengths as {@link normalizationLength}); ties go to the lowest index, as numpy's argmax.
 *
 * @example
 * ```ts
 * chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc');      // returns 0
 * chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc_norm'); // returns 1 (-5/10 > -4/2)
 * ```
 */
export function chooseContinuation(logLikelihoods: readonly number[], continuations: readonly string[], metric: ChoiceMetric): number {
  let best = 0;
  let bestScore = -Infinity;
  logLikelihoods.forEach((value, k) => {
    const score = metric === 'acc_norm' ? value / normalizationLength(continuations[k]) : value;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  });
  return best;
}
