import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { FIT_METHODS, InvalidArgumentError, fit2PL, initSync, type Fit2PLOptions, type Fit2PLResult } from '@fluidbench/core';
import { parsePyIrtJsonl, parseResponsesCsv } from '@fluidbench/data';
import { choiceArg, numberArg } from '../inputs';
import { emit, log, reportErrors, writeAtomically } from '../output';

/** Input layouts `fluid fit` reads. */
export const FIT_FORMATS = ['wide', 'pyirt'] as const;
/** Prior presets of the MML fit: BILOG-MG's slope prior LogNormal(0, 0.5) with b ~ N(0, 2), or none. */
export const FIT_PRIORS = ['weak', 'none'] as const;

const WEAK_PRIORS = { aPrior: [0, 0.5], bPrior: [0, 2] } as const;

/**
 * A CSV cell: quoted (RFC 4180) only when it holds a comma, quote or line break.
 *
 * @example
 * ```ts
 * csvCell('mmlu_law_3'); // returns 'mmlu_law_3'
 * csvCell('a,b'); // returns '"a,b"'
 * ```
 */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The IRT CSV `fluid run` reads: an empty first header cell (as pandas writes an index), `a`, `b`; one row per
 * item; numbers with 17 significant digits, so they read back bit for bit.
 *
 * @example
 * ```ts
 * formatIrtCsv(['q1'], Float64Array.of(1.25), Float64Array.of(-0.5));
 * // returns ',a,b\nq1,1.2500000000000000,-0.50000000000000000\n'
 * ```
 */
export function formatIrtCsv(ids: readonly string[], a: ArrayLike<number>, b: ArrayLike<number>): string {
  let text = ',a,b\n';
  ids.forEach((id, j) => {
    text += `${csvCell(id)},${a[j].toPrecision(17)},${b[j].toPrecision(17)}\n`;
  });
  return text;
}

function summary(fit: Fit2PLResult): string {
  const d = fit.diagnostics;
  const state = d.converged ? `converged after ${d.iterations} iterations` : `NOT converged after ${d.iterations} iterations`;
  const parts = [`fluid fit: ${state}, log-likelihood ${d.logLikelihood.toFixed(4)}, max change ${d.maxChange.toExponential(2)}`];
  if (d.atBound.length) parts.push(`${d.atBound.length} item(s) on the parameter box (e.g. everybody right or wrong); --priors weak keeps them inside`);
  if (d.noData.length) parts.push(`${d.noData.length} item(s) without any response kept their start values`);
  return parts.join('\n');
}

/** `fluid fit`: calibrates a 2PL model from a response matrix and writes it as an IRT CSV. */
export const fitCommand = defineCommand({
  meta: { name: 'fit', description: 'fit a 2PL IRT model (a, b per item) to a response matrix' },
  args: {
    responses: { type: 'string', description: 'responses: wide CSV (item id, then one column per subject) or py-irt JSONL', required: true },
    format: { type: 'string', description: 'wide | pyirt', default: 'wide' },
    method: { type: 'string', description: 'mml (marginal ML by EM) | hierarchical (py-irt\'s priors, as in the paper)', default: 'mml' },
    priors: { type: 'string', description: 'mml: weak (a ~ LogNormal(0, 0.5), b ~ N(0, 2)) | none (plain ML, as ltm/mirt)', default: 'weak' },
    nodes: { type: 'string', description: 'mml: quadrature nodes on [-6, 6]', default: '61' },
    'max-iterations': { type: 'string', description: 'iteration limit (default 500 for mml, 300 for hierarchical)' },
    tolerance: { type: 'string', description: 'converged when no parameter moves more than this (default 1e-5 mml, 1e-4 hierarchical)' },
    'allow-negative': { type: 'boolean', description: 'mml with --priors none: let discriminations go negative', default: false },
    raw: { type: 'boolean', description: 'do not binarize: every response must already be 0 or 1', default: false },
    out: { type: 'string', description: 'write the IRT CSV to FILE (atomically) instead of stdout' },
    abilities: { type: 'string', description: 'also write the subjects\' abilities (CSV: subject, theta, sd) to FILE' },
    quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
  },
  run: ({ args }) =>
    reportErrors(async () => {
      const format = choiceArg('format', args.format, FIT_FORMATS);
      const method = choiceArg('method', args.method, FIT_METHODS);
      const priors = choiceArg('priors', args.priors, FIT_PRIORS);
      const nodes = numberArg('nodes', args.nodes, 61)!;
      const maxIterations = numberArg('max-iterations', args['max-iterations']);
      const tolerance = numberArg('tolerance', args.tolerance);
      if (!(Number.isInteger(nodes) && nodes >= 3)) throw new InvalidArgumentError('--nodes', args.nodes, 'must be an integer ≥ 3');
      if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 0)) {
        throw new InvalidArgumentError('--max-iterations', args['max-iterations'], 'must be an integer ≥ 0');
      }
      if (tolerance !== undefined && !(tolerance > 0)) throw new InvalidArgumentError('--tolerance', args.tolerance, 'must be positive');
      if (args['allow-negative'] && (method !== 'mml' || priors !== 'none')) {
        throw new InvalidArgumentError('--allow-negative', true, 'needs --method mml --priors none (the priors assume a > 0)');
      }
      initSync();
      const text = readFileSync(args.responses, 'utf8');
      const table = format === 'wide'
        ? parseResponsesCsv(text, { file: args.responses, binarize: !args.raw })
        : parsePyIrtJsonl(text, { file: args.responses, binarize: !args.raw });
      log(args.quiet, `fluid fit: ${table.ids.length} items × ${table.checkpoints.length} subjects, ${method}${method === 'mml' ? `, priors ${priors}` : ''}`);
      const options: Fit2PLOptions = {
        method,
        ids: table.ids,
        binarize: !args.raw,
        allowNegative: args['allow-negative'],
        onIteration: args.quiet
          ? undefined
          : (step) => log(false, `fluid fit: iteration ${step.iteration}  log-likelihood ${step.logLikelihood.toFixed(4)}  max change ${step.maxChange.toExponential(2)}`),
      };
      if (method === 'mml') {
        options.nodes = nodes;
        if (priors === 'weak') Object.assign(options, WEAK_PRIORS);
      }
      if (maxIterations !== undefined) options.maxIterations = maxIterations;
      if (tolerance !== undefined) options.tolerance = tolerance;
      const fit = fit2PL(table.columns, options);
      log(args.quiet, summary(fit));
      emit(formatIrtCsv(fit.bank.ids, fit.bank.a, fit.bank.b), args.out);
      if (args.abilities) {
        let rows = 'subject,theta,sd\n';
        table.checkpoints.forEach((subject, n) => {
          rows += `${csvCell(subject)},${fit.abilities[n].toPrecision(17)},${fit.abilitySd[n].toPrecision(17)}\n`;
        });
        writeAtomically(args.abilities, rows);
      }
    }),
});
