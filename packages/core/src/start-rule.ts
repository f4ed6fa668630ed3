import { InvalidArgumentError } from './errors';
import type { ItemBank } from './item-bank';
import type { SeededRandom } from './random';
import { rowsOf } from './selection';

/**
 * How the first items are chosen: these items first, in this order (`items`); or `random` items drawn
 * uniformly (seeded), only among items with |b − θ₀| < `window` when a window is given (catR's
 * `startSelect`-style random starts). The selector takes over afterwards.
 */
export type StartRule = { items: ArrayLike<number | string> } | { random: number; window?: number };

/** A start rule resolved against a bank. */
export interface StartPlan {
  /** How many items the rule chooses. */
  count: number;
  /** The next start item given the items already used and blocked (−1: none suits). */
  pick: (step: number, unavailable: (row: number) => boolean, rng: SeededRandom) => number;
}

/**
 * Checks a start rule against a bank.
 *
 * @example
 * ```ts
 * resolveStartRule(bank, { items: ['q2'] }, 0).count; // returns 1
 * resolveStartRule(bank, { random: 0 }, 0); // throws InvalidArgumentError: startRule.random: must be a positive integer (got 0)
 * ```
 */
export function resolveStartRule(bank: ItemBank, rule: StartRule, start: number): StartPlan {
  if ('items' in rule) {
    const rows = rowsOf(bank, rule.items, 'startRule.items');
    if (new Set(rows).size !== rows.length) throw new InvalidArgumentError('startRule.items', Array.from(rule.items), 'an item is listed twice');
    return { count: rows.length, pick: (step, unavailable) => (unavailable(rows[step]) ? -1 : rows[step]) };
  }
  const { random, window } = rule as { random: number; window?: number };
  if (!(Number.isInteger(random) && random >= 1)) throw new InvalidArgumentError('startRule.random', random, 'must be a positive integer');
  if (window !== undefined && !(window > 0)) throw new InvalidArgumentError('startRule.window', window, 'must be > 0');
  return {
    count: random,
    pick: (_step, unavailable, rng) => {
      const pool: number[] = [];
      for (let i = 0; i < bank.size; i++) {
        if (unavailable(i)) continue;
        if (window === undefined || Math.abs(bank.b[i] - start) < window) pool.push(i);
      }
      return pool.length ? pool[rng.nextInt(pool.length)] : -1;
    },
  };
}
