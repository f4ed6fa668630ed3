// `fluid fit --model grm|gpcm|pcm`: a graded bank from a matrix of categories (or raw scores with score values).
import { resolve } from 'node:path';
import { InvalidArgumentError, fitPolytomous, type FitPolytomousOptions, type FitPolytomousResult, type PolyModel } from '@fluidbench/core';
import { formatCsv, formatPolyIrtCsv, parseCategoryResponsesCsv, parseScoreValues } from '@fluidbench/data';
import { readInputFile } from '../inputs';
import { checkDistinctOutputs, emitAll, log } from '../output';
import { scoreValuesArg } from '../poly-inputs';

/** What the polytomous fit takes from `fluid fit`'s arguments (already checked there). */
export interface PolytomousFitArgs {
  model: PolyModel;
  responses: string;
  scoreValues: string | undefined;
  metadata: string | undefined;
  /** Categories of every item (checked ≥ 2), or undefined: the score values' count, else the highest observed + 1 per item. */
  categories: number | undefined;
  priors: 'weak' | 'none';
  nodes: number;
  maxIterations: number | undefined;
  tolerance: number | undefined;
  out: string | undefined;
  abilities: string | undefined;
  quiet: boolean;
}

/**
 * The fit's closing lines: the convergence report, items on the box (`boxHint`: why, and what helps) or
 * without answers.
 *
 * @example
 * ```ts
 * fitSummary(fit.diagnostics, '(e.g. everybody right or wrong)');
 * // returns 'fluid fit: converged after 12 iterations, log-likelihood -2658.8053, max change 8.12e-6'
 * ```
 */
export function fitSummary(diagnostics: FitPolytomousResult['diagnostics'], boxHint: string): string {
  const d = diagnostics;
  const state = d.converged ? `converged after ${d.iterations} iterations` : `NOT converged after ${d.iterations} iterations`;
  const parts = [`fluid fit: ${state}, log-likelihood ${d.logLikelihood.toFixed(4)}, max change ${d.maxChange.toExponential(2)}`];
  if (d.atBound.length) parts.push(`${d.atBound.length} item(s) on the parameter box ${boxHint}`);
  if (d.noData.length) parts.push(`${d.noData.length} item(s) without any response kept their start values`);
  for (const warning of d.warnings) parts.push(`warning: ${warning}`);
  return parts.join('\n');
}

/**
 * Fits a graded bank and writes it (`id,a,b1…` / `id,a,d1…` / `id,d1…`) to --out or stdout; with score
 * values and --out, also the fork's `{stem}_metadata.json` beside it, so `fluid run` maps raw scores again.
 *
 * @example
 * ```ts
 * runPolytomousFit({ model: 'grm', responses: 'graded.csv', priors: 'weak', nodes: 61, out: 'grm.csv', quiet: true, ... });
 * // writes grm.csv: id,a,b1,…
 * ```
 */
export async function runPolytomousFit(args: PolytomousFitArgs): Promise<void> {
  if (args.scoreValues !== undefined && args.metadata !== undefined) {
    throw new InvalidArgumentError('--metadata', args.metadata, 'give the score values once: --score-values or --metadata');
  }
  const { metadataPathFor } = await import('@fluidbench/data/node');
  const beside = args.out !== undefined && (args.scoreValues ?? args.metadata) !== undefined ? metadataPathFor(args.out) : undefined;
  // the given metadata file already is the one beside the output: nothing to write
  const metadataOut = beside !== undefined && !(args.metadata !== undefined && resolve(args.metadata) === resolve(beside)) ? beside : undefined;
  checkDistinctOutputs({ out: args.out, abilities: args.abilities, metadata: metadataOut }, { responses: args.responses, metadata: args.metadata });
  const scoreValues = args.metadata !== undefined
    ? parseScoreValues(readInputFile('metadata', args.metadata), args.metadata)
    : scoreValuesArg(args.scoreValues);
  if (scoreValues && args.categories !== undefined && args.categories !== scoreValues.length) {
    throw new InvalidArgumentError('--categories', args.categories, `the score values name ${scoreValues.length} categories`);
  }
  const categories = args.categories ?? scoreValues?.length;
  const text = readInputFile('responses', args.responses);
  let table = parseCategoryResponsesCsv(text, { file: args.responses, scoreValues });
  if (categories !== undefined) {
    // read again against the declared categories: a cell above them is an error naming its row and column
    table = parseCategoryResponsesCsv(text, { file: args.responses, scoreValues, bank: { ids: table.ids, categories: Array<number>(table.ids.length).fill(categories) } });
  }
  log(args.quiet, `fluid fit: ${table.ids.length} items × ${table.checkpoints.length} subjects, ${args.model} by mml, priors ${args.priors}`);
  const options: FitPolytomousOptions = {
    model: args.model,
    ids: table.ids,
    nodes: args.nodes,
    onIteration: args.quiet
      ? undefined
      : (step) => log(false, `fluid fit: iteration ${step.iteration}  log-likelihood ${step.logLikelihood.toFixed(4)}  max change ${step.maxChange.toExponential(2)}`),
  };
  if (categories !== undefined) options.categories = categories;
  if (args.priors === 'weak') Object.assign(options, { aPrior: [0, 0.5], bPrior: [0, 2] });
  if (args.maxIterations !== undefined) options.maxIterations = args.maxIterations;
  if (args.tolerance !== undefined) options.tolerance = args.tolerance;
  const fit = fitPolytomous(table.columns, options);
  log(args.quiet, fitSummary(fit.diagnostics, '(e.g. a category nobody chose: its two GRM thresholds meet 1e-4 apart, its GPCM step runs to the limit)'));
  emitAll([
    { flag: 'out', path: args.out, text: formatPolyIrtCsv(fit.table) },
    ...(metadataOut ? [{ flag: 'metadata', path: metadataOut, text: `${JSON.stringify({ score_values: scoreValues })}\n` }] : []),
    ...(args.abilities
      ? [{ flag: 'abilities', path: args.abilities, text: formatCsv(['subject', 'theta', 'sd'], table.checkpoints.map((subject, n) => [subject, fit.abilities[n], fit.abilitySd[n]])) }]
      : []),
  ]);
}
