import { defineCommand } from 'citty';
import { FIT_METHODS, InvalidArgumentError, MIN_HIERARCHICAL_SUBJECTS, POLY_MODELS, fit2PL, initSync, type Fit2PLOptions } from '@fluidbench/core';
import { formatCsv, formatIrtCsv, numberArgument, parsePyIrtJsonl, parseResponsesCsv } from '@fluidbench/data';
import { choiceArg, integerArg, readInputFile } from '../inputs';
import { checkDistinctOutputs, emitAll, log, reportErrors } from '../output';
import { fitSummary, runPolytomousFit } from './fit-polytomous';

/** Input layouts `fluid fit` reads. */
export const FIT_FORMATS = ['wide', 'pyirt'] as const;
/** Prior presets of the MML fit: BILOG-MG's slope prior LogNormal(0, 0.5) with b ~ N(0, 2), or none. */
export const FIT_PRIORS = ['weak', 'none'] as const;

/** Models `fluid fit` calibrates: the 2PL, or a graded bank. */
export const FIT_MODELS = ['2pl', ...POLY_MODELS] as const;

const WEAK_PRIORS = { aPrior: [0, 0.5], bPrior: [0, 2] } as const;

/** `fluid fit`: calibrates a 2PL model from a response matrix and writes it as an IRT CSV. */
export const fitCommand = defineCommand({
  meta: { name: 'fit', description: 'fit a 2PL IRT model (a, b per item), or a graded bank (GRM, GPCM, PCM), to a response matrix' },
  args: {
    responses: { type: 'string', description: 'responses: wide CSV (item id, then one column per subject) or py-irt JSONL', required: true },
    model: { type: 'string', description: '2pl | grm | gpcm | pcm (graded: responses are categories 0…K, or raw scores with --score-values / --metadata)', default: '2pl' },
    'score-values': { type: 'string', description: 'graded: the raw score of each category (e.g. 0,0.25,0.5,0.75,1); responses are raw scores, mapped within 1e-5' },
    metadata: { type: 'string', description: "graded: the fork's {benchmark}_metadata.json holding score_values (instead of --score-values)" },
    categories: { type: 'string', description: 'graded: categories of every item (default: as many as --score-values lists, else each item\'s highest observed + 1)' },
    'input-format': { type: 'string', alias: 'format', description: 'wide | pyirt (--format is the old spelling)', default: 'wide' },
    method: { type: 'string', description: 'mml (marginal ML by EM) | hierarchical (py-irt\'s priors, as in the paper)', default: 'mml' },
    priors: { type: 'string', description: 'mml: weak (a ~ LogNormal(0, 0.5), b ~ N(0, 2)) | none (plain ML, as ltm/mirt)', default: 'weak' },
    nodes: { type: 'string', description: 'mml: quadrature nodes on [-6, 6]', default: '61' },
    'max-iterations': { type: 'string', description: 'iteration limit (default 500 for mml, 300 for hierarchical)' },
    tolerance: { type: 'string', description: 'converged when no parameter moves more than this (default 1e-5 mml, 1e-4 hierarchical)' },
    'allow-negative': { type: 'boolean', description: 'mml with --priors none: let discriminations go negative', default: false },
    force: { type: 'boolean', description: `hierarchical: fit even with fewer than ${MIN_HIERARCHICAL_SUBJECTS} subjects (parameters may collapse)`, default: false },
    'require-binary': { type: 'boolean', alias: 'raw', description: 'do not binarize: every response must already be 0 or 1 (--raw is the old spelling)', default: false },
    out: { type: 'string', description: 'write the IRT CSV to FILE (atomically) instead of stdout' },
    abilities: { type: 'string', description: 'also write the subjects\' abilities (CSV: subject, theta, sd) to FILE' },
    quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
  },
  run: ({ args }) =>
    reportErrors(async () => {
      const model = choiceArg('model', args.model, FIT_MODELS);
      const format = choiceArg('input-format', args['input-format'], FIT_FORMATS);
      const method = choiceArg('method', args.method, FIT_METHODS);
      const priors = choiceArg('priors', args.priors, FIT_PRIORS);
      const nodes = integerArg('nodes', args.nodes, 61, 3);
      const maxIterations = args['max-iterations'] === undefined ? undefined : integerArg('max-iterations', args['max-iterations'], 0, 0);
      const tolerance = args.tolerance === undefined ? undefined : numberArgument('tolerance', args.tolerance, { min: 0, exclusiveMin: true });
      if (args['allow-negative'] && (method !== 'mml' || priors !== 'none')) {
        throw new InvalidArgumentError('--allow-negative', true, 'needs --method mml --priors none (the priors assume a > 0)');
      }
      if (model !== '2pl') {
        // the options of the 2PL's other methods and inputs do not apply to graded banks
        const graded = { 'input-format': format !== 'wide', method: method !== 'mml', 'allow-negative': args['allow-negative'], force: args.force, 'require-binary': args['require-binary'] };
        for (const [flag, given] of Object.entries(graded)) {
          if (given) throw new InvalidArgumentError(`--${flag}`, args[flag as keyof typeof args] as string, `applies to --model 2pl only (a graded fit reads a wide CSV of categories by mml)`);
        }
        initSync();
        await runPolytomousFit({
          model, responses: args.responses, scoreValues: args['score-values'], metadata: args.metadata, priors,
          categories: args.categories === undefined ? undefined : integerArg('categories', args.categories, 0, 2, 255), nodes, maxIterations, tolerance,
          out: args.out, abilities: args.abilities, quiet: args.quiet,
        });
        return;
      }
      for (const flag of ['score-values', 'metadata', 'categories'] as const) {
        if (args[flag] !== undefined) throw new InvalidArgumentError(`--${flag}`, args[flag], 'applies to graded banks: add --model grm, gpcm or pcm');
      }
      checkDistinctOutputs({ out: args.out, abilities: args.abilities }, { responses: args.responses });
      initSync();
      const text = readInputFile('responses', args.responses);
      const strict = args['require-binary'];
      const table = format === 'wide'
        ? parseResponsesCsv(text, { file: args.responses, binarize: !strict, requireBinary: strict })
        : parsePyIrtJsonl(text, { file: args.responses, binarize: !strict, requireBinary: strict });
      if (method === 'hierarchical' && table.checkpoints.length < MIN_HIERARCHICAL_SUBJECTS && !args.force) {
        throw new InvalidArgumentError('--method', method, `needs at least ${MIN_HIERARCHICAL_SUBJECTS} subjects for stable parameters and ${args.responses} has ${table.checkpoints.length}; pass --force to fit anyway, or use --method mml`);
      }
      if (args.force && method !== 'hierarchical') throw new InvalidArgumentError('--force', true, 'applies to --method hierarchical only');
      log(args.quiet, `fluid fit: ${table.ids.length} items × ${table.checkpoints.length} subjects, ${method}${method === 'mml' ? `, priors ${priors}` : ''}`);
      const options: Fit2PLOptions = {
        method,
        ids: table.ids,
        binarize: !strict,
        force: args.force,
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
      log(args.quiet, fitSummary(fit.diagnostics, '(e.g. everybody right or wrong); --priors weak keeps them inside'));
      emitAll([
        { flag: 'out', path: args.out, text: formatIrtCsv({ ids: [...fit.bank.ids], a: Float64Array.from(fit.bank.a), b: Float64Array.from(fit.bank.b) }) },
        ...(args.abilities
          ? [{ flag: 'abilities', path: args.abilities, text: formatCsv(['subject', 'theta', 'sd'], table.checkpoints.map((subject, n) => [subject, fit.abilities[n], fit.abilitySd[n]])) }]
          : []),
      ]);
    }),
});
