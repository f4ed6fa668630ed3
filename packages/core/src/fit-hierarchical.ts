// The hierarchical calibration (py-irt's priors), driven over the WASM fitter.
import { type FitProgress, IrtFitter, ItemFlag, ResponseCode } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { integerAtLeast, parameterBox, positive, rowsFlagged } from './fit-shared';
import { checkHierarchicalSubjects } from './fit-subjects';
import type { Fit2PLOptions, Fit2PLResult } from './fit-types';
import { ItemBank } from './item-bank';

const HIERARCHICAL_ABILITY_STEPS = 1;

const HIERARCHICAL_ITEM_STEPS = 1;

export function fitHierarchical(
  fitter: IrtFitter, codes: Uint8Array, weights: Float64Array, nItems: number, nSubjects: number, D: number, options: Fit2PLOptions,
): Fit2PLResult {
  const maxIterations = options.maxIterations ?? 300;
  integerAtLeast('maxIterations', maxIterations, 0);
  const tolerance = options.tolerance ?? 1e-4;
  positive('tolerance', tolerance);
  const { minA, maxA, maxAbsB } = parameterBox(options);
  if (options.allowNegative) throw new InvalidArgumentError('allowNegative', true, 'the hierarchical fit has a log-normal prior on a (a > 0)');
  const warnings = checkHierarchicalSubjects(weights.reduce((sum, w) => sum + w, 0), options.force ?? false);
  // The quadrature is unused here; two nodes keep the arena's per-node rows minimal.
  fitter.load(codes, nItems, nSubjects, weights, Float64Array.of(-1, 1), Float64Array.of(Math.log(0.5), Math.log(0.5)));
  fitter.setItemSettings({
    allowNegative: false, minA: minA * D, maxA: maxA * D, maxAbsB, aPrior: null, bPrior: null,
    itemSteps: HIERARCHICAL_ITEM_STEPS, itemTolerance: 0,
  });
  fitter.hierarchicalStart();
  let progress: FitProgress | undefined;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    progress = fitter.hierarchicalSweep(HIERARCHICAL_ABILITY_STEPS, HIERARCHICAL_ITEM_STEPS);
    iterations++;
    options.onIteration?.({ iteration: iterations, logLikelihood: progress.logLikelihood, maxChange: progress.maxChange });
    if (progress.maxChange < tolerance) {
      converged = true;
      break;
    }
  }
  const { a: fittedA, b } = fitter.items();
  const { theta, sd } = fitter.abilities();
  const atBound = iterations > 0 ? rowsFlagged(fitter.flags(), ItemFlag.atBound) : [];
  const noData = noDataRows(codes, nItems, nSubjects);
  return {
    bank: new ItemBank({ ids: options.ids ?? undefined, a: Float64Array.from(fittedA, (value) => value / D), b }),
    abilities: theta,
    abilitySd: sd,
    diagnostics: {
      method: 'hierarchical',
      iterations,
      logLikelihood: progress?.logLikelihood ?? NaN,
      logPrior: progress?.logPrior ?? NaN,
      maxChange: progress?.maxChange ?? Infinity,
      converged,
      atBound,
      noData,
      warnings,
    },
    hyperparameters: fitter.hyperparameters(),
  };
}

function noDataRows(codes: Uint8Array, nItems: number, nSubjects: number): number[] {
  const rows: number[] = [];
  for (let j = 0; j < nItems; j++) {
    let any = false;
    for (let n = 0; n < nSubjects && !any; n++) any = codes[n * nItems + j] !== ResponseCode.missing;
    if (!any) rows.push(j);
  }
  return rows;
}
