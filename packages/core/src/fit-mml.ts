// The MML calibration: EM (Bock–Aitkin) with SQUAREM acceleration (fit-em.ts), driven over the WASM fitter.
import { IrtFitter, ResponseCode } from '@fluidbench/irt-wasm';
import { runEm } from './fit-em';
import { DimensionError, InvalidArgumentError } from './errors';
import type { Fit2PLOptions, Fit2PLResult } from './fit-types';
import { ItemBank } from './item-bank';
import { ITEM_NEWTON_STEPS, ITEM_TOLERANCE_FRACTION, mmlDiagnostics, mmlSettings } from './mml-settings';

/** b from each item's weighted proportion right, on the scale of a unit-slope 2PL with θ ~ N(0, 1). */
function startDifficulties(codes: Uint8Array, weights: Float64Array, nItems: number, limit: number): Float64Array {
  const right = new Float64Array(nItems);
  const seen = new Float64Array(nItems);
  for (let n = 0; n < weights.length; n++) {
    const w = weights[n];
    const base = n * nItems;
    for (let j = 0; j < nItems; j++) {
      const code = codes[base + j];
      if (code === ResponseCode.missing) continue;
      seen[j] += w;
      if (code === ResponseCode.right) right[j] += w;
    }
  }
  // The marginal P of a unit-slope item is about σ(−b / √(1 + π²/8)) under N(0, 1) abilities.
  const inflate = Math.sqrt(1 + (Math.PI * Math.PI) / 8);
  return Float64Array.from(right, (r, j) => {
    const p = (r + 0.5) / (seen[j] + 1);
    return Math.max(-limit / 2, Math.min(limit / 2, -Math.log(p / (1 - p)) * inflate));
  });
}

export function fitMml(
  fitter: IrtFitter, codes: Uint8Array, weights: Float64Array, nItems: number, nSubjects: number, D: number, options: Fit2PLOptions,
): Fit2PLResult {
  const { maxIterations, tolerance, minA, maxA, maxAbsB, aPrior, bPrior, nodes, logWeights } = mmlSettings(options);
  if (aPrior && options.allowNegative) throw new InvalidArgumentError('aPrior', aPrior, 'a log-normal prior needs a > 0: drop allowNegative');
  if (bPrior && options.allowNegative) throw new InvalidArgumentError('bPrior', bPrior, 'the prior on b = −d/a needs a > 0: drop allowNegative');
  fitter.load(codes, nItems, nSubjects, weights, nodes, logWeights);
  // The engine fits α = D·a: the box and the prior on a are rescaled to it.
  fitter.setItemSettings({
    allowNegative: options.allowNegative ?? false,
    minA: minA * D,
    maxA: maxA * D,
    maxAbsB,
    aPrior: aPrior ? [aPrior[0] + Math.log(D), aPrior[1]] : null,
    bPrior,
    itemSteps: ITEM_NEWTON_STEPS,
    itemTolerance: tolerance * ITEM_TOLERANCE_FRACTION,
  });
  let startA: Float64Array;
  let startB: Float64Array;
  if (options.start) {
    if (options.start.a.length !== nItems) throw new DimensionError('start.a', options.start.a.length, nItems);
    if (options.start.b.length !== nItems) throw new DimensionError('start.b', options.start.b.length, nItems);
    startA = Float64Array.from(options.start.a, (a) => a * D);
    startB = Float64Array.from(options.start.b);
    startA.forEach((a, j) => {
      if (!Number.isFinite(a) || (!options.allowNegative && a <= 0)) throw new InvalidArgumentError(`start.a[${j}]`, a / D, 'must be finite (and positive unless allowNegative)');
    });
    startB.forEach((b, j) => {
      if (!Number.isFinite(b)) throw new InvalidArgumentError(`start.b[${j}]`, b, 'must be finite');
    });
  } else {
    startA = new Float64Array(nItems).fill(1);
    startB = startDifficulties(codes, weights, nItems, maxAbsB);
  }
  fitter.setStart(startA, startB);

  const box = {
    aLow: options.allowNegative ? -maxA * D : minA * D, aHigh: maxA * D, maxAbsB, allowNegative: options.allowNegative ?? false,
  };
  const { progress, iterations, converged } = runEm({
    emStart: () => fitter.emStart(),
    emIteration: () => fitter.emIteration(),
    point: () => {
      const { a, b } = fitter.items();
      const x = new Float64Array(2 * nItems);
      x.set(a);
      x.set(b, nItems);
      return x;
    },
    setPoint: (x) => {
      const current = fitter.items().a;
      const a = new Float64Array(nItems);
      const b = new Float64Array(nItems);
      for (let j = 0; j < nItems; j++) {
        a[j] = Math.min(box.aHigh, Math.max(box.aLow, x[j]));
        if (a[j] === 0) a[j] = current[j];
        // The engine's box: |b| ≤ maxAbsB, or |a·b| ≤ maxAbsB·max(|a|, 1) with negative slopes allowed.
        const limit = box.allowNegative ? (box.maxAbsB * Math.max(Math.abs(a[j]), 1)) / Math.abs(a[j]) : box.maxAbsB;
        b[j] = Math.min(limit, Math.max(-limit, x[nItems + j]));
      }
      fitter.setStart(a, b);
    },
  }, { maxIterations, tolerance, acceleration: options.acceleration, onIteration: options.onIteration });
  const flags = iterations > 0 ? fitter.flags() : new Int32Array(nItems);
  const { a: fittedA, b } = fitter.items();
  const a = Float64Array.from(fittedA, (value) => value / D);
  const { theta, sd } = fitter.emAbilities();
  const result: Fit2PLResult = {
    bank: new ItemBank({ ids: options.ids ?? undefined, a, b }),
    abilities: theta,
    abilitySd: sd,
    diagnostics: mmlDiagnostics(progress, iterations, converged, flags),
  };
  if (options.standardErrors ?? true) {
    const se = fitter.standardErrors();
    result.se = { a: Float64Array.from(se.a, (value) => value / D), b: se.b };
  }
  return result;
}
