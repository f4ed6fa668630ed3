import { InvalidArgumentError } from './errors';
import type { SeededRandom } from './random';

/** Sympson–Hetter exposure control: item j, once selected, is given with probability `parameters[j]`. */
export interface ExposureOptions {
  method: 'sympson-hetter';
  /** One probability in [0, 1] per bank item (1: no control). See `calibrateSympsonHetter`. */
  parameters: ArrayLike<number>;
}

/**
 * Checks exposure options against the bank size.
 *
 * @example
 * ```ts
 * checkExposure({ method: 'sympson-hetter', parameters: [1, 0.5] }, 2).parameters[1]; // returns 0.5
 * ```
 */
export function checkExposure(exposure: ExposureOptions, nItems: number): { parameters: Float64Array } {
  if (exposure?.method !== 'sympson-hetter') throw new InvalidArgumentError('exposure.method', exposure?.method, "must be 'sympson-hetter'");
  const { parameters } = exposure;
  if (!parameters || parameters.length !== nItems) throw new InvalidArgumentError('exposure.parameters', `length ${parameters?.length}`, `need one probability per bank item (${nItems})`);
  const out = Float64Array.from(parameters);
  out.forEach((k, i) => {
    if (!(k >= 0 && k <= 1)) throw new InvalidArgumentError(`exposure.parameters[${i}]`, parameters[i], 'must be in [0, 1]');
  });
  return { parameters: out };
}

/**
 * Randomesque choice: a seeded uniform pick among the `k` best candidates by `values` (largest first, or
 * smallest when `smallest`; exact ties to the lower row). NaN values are not candidates. With k = 1 it is the
 * best item and draws nothing from `rng`. Returns −1 when no value is a number.
 *
 * @example
 * ```ts
 * pickRandomesque(new Float64Array([0.2, 0.9, NaN, 0.5]), 1, false, rng); // returns 1
 * ```
 */
export function pickRandomesque(values: Float64Array, k: number, smallest: boolean, rng: SeededRandom): number {
  const sign = smallest ? -1 : 1;
  const top: number[] = [];
  const better = (i: number, j: number) => sign * values[i] > sign * values[j] || (values[i] === values[j] && i < j);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (top.length === k && !better(i, top[k - 1])) continue;
    let at = top.length === k ? k - 1 : top.length;
    top[at] = i;
    while (at > 0 && better(top[at], top[at - 1])) {
      [top[at], top[at - 1]] = [top[at - 1], top[at]];
      at--;
    }
  }
  if (!top.length) return -1;
  return top.length === 1 || k === 1 ? top[0] : top[rng.nextInt(top.length)];
}
