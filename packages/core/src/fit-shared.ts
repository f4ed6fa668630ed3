// Helpers both calibration methods use: option checks, the parameter box, flagged rows.
import { InvalidArgumentError } from './errors';
import type { Fit2PLOptions } from './fit-types';

/** Throws InvalidArgumentError unless `value` is a finite positive number. */
export function positive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError(name, value, 'must be a positive number');
}

/** Throws InvalidArgumentError unless `value` is an integer ≥ `least`. */
export function integerAtLeast(name: string, value: number, least: number): void {
  if (!(Number.isInteger(value) && value >= least)) throw new InvalidArgumentError(name, value, `must be an integer ≥ ${least}`);
}

/** The box every item's parameters stay in (checked): a in [minA, maxA], |b| ≤ maxAbsB. */
export function parameterBox(options: Pick<Fit2PLOptions, 'minA' | 'maxA' | 'maxAbsB'>): { minA: number; maxA: number; maxAbsB: number } {
  const minA = options.minA ?? 1e-3;
  const maxA = options.maxA ?? 20;
  const maxAbsB = options.maxAbsB ?? 20;
  positive('minA', minA);
  positive('maxA', maxA);
  positive('maxAbsB', maxAbsB);
  if (minA >= maxA) throw new InvalidArgumentError('minA', minA, `must be below maxA (${maxA})`);
  return { minA, maxA, maxAbsB };
}

/** Rows whose item flag is `flag`. */
export function rowsFlagged(flags: Int32Array, flag: number): number[] {
  const rows: number[] = [];
  flags.forEach((value, row) => {
    if (value === flag) rows.push(row);
  });
  return rows;
}
