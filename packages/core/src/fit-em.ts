// The EM loop both MML fitters (2PL and polytomous) run over their WASM fitter, with SQUAREM acceleration.
import type { FitProgress } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import type { FitIteration } from './fit-types';

/** What the loop needs of a fitter: its EM steps and its parameters as one flat vector. */
export interface EmTarget {
  emStart(): FitProgress;
  emIteration(): FitProgress;
  /** The current parameters, flattened (a copy). */
  point(): Float64Array;
  /** Sets the parameters from a flat vector, moving them into the fitter's box. */
  setPoint(x: Float64Array): void;
}

/** Settings of {@link runEm}. */
export interface EmSettings {
  maxIterations: number;
  tolerance: number;
  acceleration?: 'squarem' | 'none';
  onIteration?: (progress: FitIteration) => void;
}

/**
 * Runs EM from the fitter's current parameters until no parameter moves more than `tolerance` in an
 * iteration or `maxIterations` is reached. With 'squarem' (default), every two EM steps x0 → x1 → x2 are
 * extrapolated (Varadhan & Roland 2008, scheme S3: x0 − 2α·r + α²·v, r = x1 − x0, v = x2 − 2x1 + x0,
 * α = −‖r‖/‖v‖ ≤ −1) and the point is kept only when its objective is at least x2's; the next EM step
 * stabilizes it. EM alone crawls when the posterior is wide (few items per subject).
 *
 * @example
 * ```ts
 * const run = runEm(target, { maxIterations: 500, tolerance: 1e-5 });
 * run.converged; // returns true once an iteration moved no parameter by 1e-5 or more
 * ```
 */
export function runEm(target: EmTarget, settings: EmSettings): { progress: FitProgress; iterations: number; converged: boolean } {
  const acceleration = settings.acceleration ?? 'squarem';
  if (acceleration !== 'squarem' && acceleration !== 'none') throw new InvalidArgumentError('acceleration', acceleration, "must be 'squarem' or 'none'");
  const { maxIterations, tolerance } = settings;
  let progress = target.emStart();
  let iterations = 0;
  let converged = false;
  const step = (): boolean => {
    progress = target.emIteration();
    iterations++;
    settings.onIteration?.({ iteration: iterations, logLikelihood: progress.logLikelihood, maxChange: progress.maxChange });
    converged = progress.maxChange < tolerance;
    return converged;
  };
  while (iterations < maxIterations) {
    if (acceleration === 'none' || iterations + 2 > maxIterations) {
      if (step()) break;
      continue;
    }
    const x0 = target.point();
    if (step()) break;
    const x1 = target.point();
    if (step()) break;
    const x2 = target.point();
    const objective2 = progress.logLikelihood + progress.logPrior;
    const extrapolated = squaremPoint(x0, x1, x2);
    if (!extrapolated) continue;
    target.setPoint(extrapolated);
    const lastChange = progress.maxChange;
    const trial = target.emStart();
    if (trial.logLikelihood + trial.logPrior >= objective2) {
      progress = { ...trial, maxChange: lastChange };
    } else {
      target.setPoint(x2);
      progress = { ...target.emStart(), maxChange: lastChange };
    }
  }
  return { progress, iterations, converged };
}

/** The SQUAREM point from three successive EM iterates; null when it is x2 itself (α = −1). */
function squaremPoint(x0: Float64Array, x1: Float64Array, x2: Float64Array): Float64Array | null {
  let rr = 0;
  let vv = 0;
  for (let i = 0; i < x0.length; i++) {
    const r = x1[i] - x0[i];
    const v = x2[i] - 2 * x1[i] + x0[i];
    rr += r * r;
    vv += v * v;
  }
  if (!(vv > 0)) return null;
  const alpha = -Math.sqrt(rr / vv);
  if (!(alpha < -1) || !Number.isFinite(alpha)) return null;
  return Float64Array.from(x0, (value, i) => {
    const r = x1[i] - value;
    const v = x2[i] - 2 * x1[i] + value;
    return value - 2 * alpha * r + alpha * alpha * v;
  });
}
