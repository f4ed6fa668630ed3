import { DimensionError, InvalidArgumentError } from './errors';

/** Accuracy and item usage of simulated adaptive tests (catR's `simulateRespondents` summaries). */
export interface SimulationDiagnostics {
  /** Mean of θ̂ − θ over simulees. */
  bias: number;
  /** √mean (θ̂ − θ)². */
  rmse: number;
  /** RMSE within each tenth of the true abilities (lowest first; NaN for an empty decile). */
  rmseByDecile: number[];
  /** Mean test length. */
  meanItems: number;
  /** Item exposure rates r_j (share of simulees given item j): smallest, largest, share of the bank never given. */
  exposure: { min: number; max: number; neverUsed: number };
  /** Test overlap Σr²/Σr: the expected share of a test's items that another simulee's test shares. */
  overlap: number;
}

const DECILES = 10;

/**
 * Diagnostics of simulated runs: `runs[k]` gave items `runs[k].items` and ended at ability
 * `runs[k].abilities.at(-1)`; `truth[k]` is the simulee's true ability.
 *
 * @example
 * ```ts
 * const d = simulationDiagnostics([{ items: [0, 1], abilities: [0.2, 0.4] }, { items: [1, 2], abilities: [-0.5, -1.2] }], [0, -1], 4);
 * d.bias; // returns 0.1 ((0.4 − 0 + (−1.2 + 1)) / 2, up to rounding)
 * d.exposure; // returns { min: 0, max: 1, neverUsed: 0.25 }
 * d.overlap; // returns 0.75 ((0.25 + 1 + 0.25) / 2)
 * ```
 */
export function simulationDiagnostics(
  runs: readonly { items: ArrayLike<number>; abilities: ArrayLike<number> }[], truth: ArrayLike<number>, nItems: number,
): SimulationDiagnostics {
  if (runs.length !== truth.length) throw new DimensionError('truth', truth.length, runs.length);
  if (runs.length === 0) throw new InvalidArgumentError('runs', 'none', 'need at least one simulated run');
  const n = runs.length;
  const errors = runs.map((run, k) => {
    if (run.abilities.length === 0) throw new InvalidArgumentError(`runs[${k}].abilities`, 'empty', 'a run needs at least one item');
    return run.abilities[run.abilities.length - 1] - truth[k];
  });
  const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => truth[x] - truth[y]);
  const rmseByDecile = Array.from({ length: DECILES }, (_, d) => {
    const members = order.slice(Math.floor((d * n) / DECILES), Math.floor(((d + 1) * n) / DECILES));
    return members.length ? Math.sqrt(mean(members.map((k) => errors[k] ** 2))) : NaN;
  });
  const counts = new Float64Array(nItems);
  for (const run of runs) for (let i = 0; i < run.items.length; i++) counts[run.items[i]]++;
  let min = Infinity;
  let max = 0;
  let never = 0;
  let sum = 0;
  let squares = 0;
  for (const count of counts) {
    const rate = count / n;
    min = Math.min(min, rate);
    max = Math.max(max, rate);
    if (count === 0) never++;
    sum += rate;
    squares += rate * rate;
  }
  return {
    bias: mean(errors),
    rmse: Math.sqrt(mean(errors.map((e) => e * e))),
    rmseByDecile,
    meanItems: mean(runs.map((run) => run.items.length)),
    exposure: { min, max, neverUsed: never / nItems },
    overlap: squares / sum,
  };
}
