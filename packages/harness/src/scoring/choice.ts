import { characterLength } from './continuation';

/** How a multiple-choice item picks the model's answer: raw log-likelihood, or per character (lm-evaluation-harness). */
export type ChoiceMetric = 'acc' | 'acc_norm';
export const CHOICE_METRICS: readonly ChoiceMetric[] = ['acc', 'acc_norm'];

/**
 * The chosen continuation: the largest log-likelihood (`acc`) or log-likelihood per character of the
 * continuation (`acc_norm`, lengths as {@link characterLength}); ties go to the lowest index, as numpy's argmax.
 *
 * @example
 * ```ts
 * chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc');      // returns 0
 * chooseContinuation([-4, -5], [' no', ' yes indeed'], 'acc_norm'); // returns 1 (-5/11 > -4/3)
 * ```
 */
export function chooseContinuation(logLikelihoods: readonly number[], continuations: readonly string[], metric: ChoiceMetric): number {
  let best = 0;
  let bestScore = -Infinity;
  logLikelihoods.forEach((value, k) => {
    const score = metric === 'acc_norm' ? value / Math.max(1, characterLength(continuations[k])) : value;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  });
  return best;
}
