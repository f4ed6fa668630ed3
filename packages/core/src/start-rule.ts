import { InvalidArgumentError } from './errors';
import { isPolytomous, type AnyItemBank } from './poly-item-bank';
import type { SeededRandom } from './random';
import { rowsOf } from './selection';

/**
 * How the first items are chosen: these items first, in this order (`items`); or `random` items drawn
 * uniformly (seeded), only among items with |b − θ₀| < `window` when a window is given (catR's
 * `startSelect`-style random starts; b is {@link itemLocation}, the mean threshold of a graded item). The selector
 * takes over afterwards.
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
 * Where an item sits on the ability scale, for start rules: b for a 1–4PL item; for a graded item the mean of
 * its thresholds (catR has no location for polytomous items: its bOpt start is dichotomous-only). For the GPCM
 * and PCM that is the ability at which the lowest and highest categories are equally likely; for the GRM the
 * middle of the cumulative curves.
 *
 * @example
 * ```ts
 * itemLocation(new PolytomousItemBank({ model: 'grm', a: [1], thresholds: [[-1, 0, 2]] }), 0); // returns 1/3
 * itemLocation(new ItemBank({ a: [1], b: [0.4] }), 0); // returns 0.4
 * ```
 */
export function itemLocation(bank: AnyItemBank, row: number): number {
  if (!isPolytomous(bank)) return bank.b[row];
  const thresholds = bank.thresholds[row];
  let sum = 0;
  for (let k = 0; k < thresholds.length; k++) sum += thresholds[k];
  return sum / thresholds.length;
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
export function resolveStartRule(bank: AnyItemBank, rule: StartRule, start: number): StartPlan {
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
        if (window === undefined || Math.abs(itemLocation(bank, i) - start) < window) pool.push(i);
      }
      return pool.length ? pool[rng.nextInt(pool.length)] : -1;
    },
  };
}
