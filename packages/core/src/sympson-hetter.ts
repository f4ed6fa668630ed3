import { DEFAULT_ENGINE_OPTIONS } from '@fluidbench/irt-wasm';
import { AdaptiveTest } from './adaptive-test';
import { InvalidArgumentError } from './errors';
import type { AnyItemBank } from './poly-item-bank';
import { simulateAnswer } from './simulate';
import type { RunOptions } from './options';
import { SeededRandom } from './random';

/** Settings of a Sympson–Hetter calibration by simulation. */
export interface SympsonHetterCalibration {
  /** Target largest exposure rate (share of tests an item may appear in), in (0, 1]. */
  rmax: number;
  /** Simulees per round, abilities drawn from N(priorMean, priorSd²). Default 500. */
  examinees?: number;
  /** Most rounds. Default 10; stops early once the largest exposure is within `tolerance` of rmax. */
  rounds?: number;
  /** Default 0.01. */
  tolerance?: number;
  /** Seed of the simulees (the same every round). Default 0. */
  seed?: number;
}

/** The calibrated parameters and the largest exposure rate seen in each round. */
export interface SympsonHetterResult {
  parameters: Float64Array;
  maxExposure: number[];
}

/**
 * Calibrates Sympson–Hetter exposure parameters by simulation (the classic procedure): run the test on
 * simulees with the current parameters K (all 1 at first), take each item's selection rate P(S_j) (selected,
 * whether or not the lottery then let it through), and set K_j = rmax / P(S_j) where P(S_j) > rmax, else 1;
 * repeat until the largest exposure rate is within `tolerance` of rmax. The run's options (selector,
 * nMax, content, ...) are those the parameters will serve. On a graded bank the simulees answer with categories
 * drawn from the model ({@link simulateAnswer}).
 *
 * @example
 * ```ts
 * const { parameters, maxExposure } = calibrateSympsonHetter(bank, { nMax: 10 }, { rmax: 0.25 });
 * fluidBenchmarking(responses, bank, { nMax: 10, exposure: { method: 'sympson-hetter', parameters } });
 * maxExposure.at(-1); // returns about 0.25 (the last round's largest exposure rate)
 * ```
 */
export function calibrateSympsonHetter(bank: AnyItemBank, options: RunOptions, calibration: SympsonHetterCalibration): SympsonHetterResult {
  const { rmax, examinees = 500, rounds = 10, tolerance = 0.01, seed = 0 } = calibration;
  if (!(rmax > 0 && rmax <= 1)) throw new InvalidArgumentError('rmax', rmax, 'must be in (0, 1]');
  if (!(Number.isInteger(examinees) && examinees >= 1)) throw new InvalidArgumentError('examinees', examinees, 'must be a positive integer');
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new InvalidArgumentError('rounds', rounds, 'must be a positive integer');
  const n = bank.size;
  const parameters = new Float64Array(n).fill(1);
  const maxExposure: number[] = [];
  const mean = options.priorMean ?? DEFAULT_ENGINE_OPTIONS.priorMean;
  const sd = options.priorSd ?? DEFAULT_ENGINE_OPTIONS.priorSd;
  for (let round = 0; round < rounds; round++) {
    const selected = new Float64Array(n);
    const given = new Float64Array(n);
    const people = new SeededRandom(seed);
    const used = Float64Array.from(parameters);
    for (let e = 0; e < examinees; e++) {
      const theta = mean + sd * people.nextNormal();
      const answers = new SeededRandom(people.nextUint32());
      const test = new AdaptiveTest(bank, { ...options, seed: seed + e, exposure: { method: 'sympson-hetter', parameters: used } });
      while (!test.done) {
        const { index } = test.next();
        test.record(simulateAnswer(bank, index, theta, answers.next(), options.D));
      }
      const { items, rejected = [] } = test.toJSON();
      for (const item of items) {
        given[item]++;
        selected[item]++;
      }
      for (const item of rejected) selected[item]++;
    }
    maxExposure.push(Math.max(...given) / examinees);
    if (maxExposure[round] <= rmax + tolerance) return { parameters: used, maxExposure };
    for (let j = 0; j < n; j++) {
      const rate = selected[j] / examinees;
      parameters[j] = rate > rmax ? rmax / rate : 1;
    }
  }
  return { parameters, maxExposure };
}
