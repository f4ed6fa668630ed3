// Batched selection: the top-k unused items by Fisher information at the current estimate, asked together and
// recorded in that order. The live loop (evaluate) and the replay below share it, so the price of batching
// measured on replayed answers is the price paid live.
import { AdaptiveTest, InvalidArgumentError, type AnyItemBank, type EngineOptions, type ItemBank, type RunOptions, type StopReason } from '@fluidbench/core';

/**
 * Writes into `out` the `k` unused items (`used[i]` = 1 marks used) with the most information at `theta`, best
 * first, ties to the lower index; returns how many it found (fewer than `k` when fewer are left).
 * `information` is scratch of at least `bank.size` slots.
 *
 * @example
 * ```ts
 * const out = new Int32Array(2);
 * mostInformative(bank, 0, new Uint8Array(bank.size), 2, new Float64Array(bank.size), out); // returns 2
 * out; // the two most informative items at θ = 0
 * ```
 */
export function mostInformative(bank: AnyItemBank, theta: number, used: Uint8Array, k: number, information: Float64Array, out: Int32Array, engineOptions: EngineOptions = {}): number {
  const engine = bank.engine();
  engine.setOptions(engineOptions);
  engine.informationInto(theta, information);
  let found = 0;
  for (let i = 0; i < bank.size; i++) {
    if (used[i]) continue;
    const value = information[i];
    if (found === k && !(value > information[out[k - 1]])) continue;
    let at = found === k ? k - 1 : found++;
    while (at > 0 && value > information[out[at - 1]]) {
      out[at] = out[at - 1];
      at--;
    }
    out[at] = i;
  }
  return found;
}

/** A batched replay's trajectory (as `fluidBenchmarking` returns, for the same fields). */
export interface BatchedRun {
  items: number[];
  abilities: number[];
  se: number[];
  stopReason: StopReason;
}

/**
 * Fluid Benchmarking on pre-computed responses, asking `batch` items at a time: the top-k items by information
 * at the current estimate, recorded in that order (as `evaluate` does with `batch: k`). With `batch: 1` it is
 * `fluidBenchmarking` itself.
 *
 * @example
 * ```ts
 * const run = fluidBenchmarkingBatched(responses, bank, { batch: 8, nMax: 100 });
 * run.items.length; // returns 100
 * ```
 */
export function fluidBenchmarkingBatched(responses: ArrayLike<number>, bank: ItemBank, options: RunOptions & { batch: number }): BatchedRun {
  const { batch, ...run } = options;
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError('batch', batch, 'must be a positive integer');
  if (responses.length !== bank.size) throw new InvalidArgumentError('responses', `${responses.length} responses`, `need one per bank item (${bank.size})`);
  const test = new AdaptiveTest(bank, run);
  const used = new Uint8Array(bank.size);
  const information = new Float64Array(bank.size);
  const picks = new Int32Array(batch);
  const nMax = run.nMax ?? 500;
  const { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior } = run;
  const engineOptions = { D, priorMean, priorSd, range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps, eapNodes, eapPrior };
  let asked = 0;
  while (!test.done) {
    if (batch === 1) {
      const { index } = test.next();
      test.record(responses[index], index);
      continue;
    }
    const found = mostInformative(bank, test.theta, used, Math.min(batch, nMax - asked), information, picks, engineOptions);
    for (let k = 0; k < found && !test.done; k++) {
      used[picks[k]] = 1;
      asked++;
      test.record(responses[picks[k]], picks[k]);
    }
  }
  const state = test.state;
  return { items: state.items, abilities: state.abilities, se: state.se, stopReason: state.stopReason ?? 'exhausted' };
}
